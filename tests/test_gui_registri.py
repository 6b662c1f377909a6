"""The registry tab: lazy model, search, detail with the audited NIK reveal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex

from kecamatan_app.models import JejakAudit
from kecamatan_app.services import desa
from kecamatan_app.services import registri as reg
from kecamatan_app.services.context import Actor
from kecamatan_app.services.registri import SearchFilter, WargaData
from kecamatan_app.views.pemetaan.registri_detail import WargaDetailDialog
from kecamatan_app.views.pemetaan.registri_model import RegistriModel
from kecamatan_app.views.pemetaan.registri_tab import RegistriTab


def _fill(n: int) -> None:
    hit = desa.resolve("Mililian")
    assert hit is not None
    rows = [
        WargaData(
            nik=f"160306120399{i:04d}",
            nama=f"Warga {i:04d}",
            jenis_kelamin="L",
            tanggal_lahir=dt.date(1999, 3, 12),
            desa_id=hit.id,
            alamat=f"Lorong {i}",
        )
        for i in range(1, n + 1)
    ]
    reg.bulk_insert_persons(rows)


def test_lazy_model_passes_modeltester(qtmodeltester: Any, admin: Actor) -> None:
    _fill(30)
    model = RegistriModel(admin)
    model.set_filter(SearchFilter())
    qtmodeltester.check(model)
    assert model.rowCount() == 30 and not model.canFetchMore(QModelIndex())


def test_model_fetches_100_then_500_at_a_time_and_search_narrows(qtbot: Any, admin: Actor
                                                                  ) -> None:
    _fill(2000)
    tab = RegistriTab(admin)
    qtbot.addWidget(tab)
    tab.refresh()
    model = tab.model
    assert model.total == 2000
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 600
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 1100
    assert len({model.row_at(i).id for i in range(1100)}) == 1100  # no row twice, none skipped
    assert model.index(0, 0).data() == "160306********01"
    tab.search.setText("Warga 123")  # debounced
    qtbot.waitUntil(lambda: model.total == 10, timeout=3000)  # Warga 1230 to Warga 1239
    assert all("Warga 123" in model.row_at(i).nama for i in range(model.rowCount()))
    tab.search.setText("1603061203991999")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=3000)
    assert tab.count.text() == "1 orang"


def test_reveal_button_shows_full_nik_and_audits(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    _fill(3)
    wid = reg.search(admin, SearchFilter(teks="Warga 0002"))[0].id
    dialog = WargaDetailDialog(admin, wid)
    qtbot.addWidget(dialog)
    assert dialog.nik.text() == "160306********02"
    before = JejakAudit.select().where(JejakAudit.aksi == "lihat_rinci").count()
    dialog.reveal.click()
    assert dialog.nik.text() == "1603061203990002"
    assert JejakAudit.select().where(JejakAudit.aksi == "lihat_rinci").count() == before + 1


def test_reveal_button_hidden_for_camat(qtbot: Any, admin: Actor, make_actor: Any) -> None:
    _fill(1)
    camat = make_actor("camat")
    dialog = WargaDetailDialog(camat, reg.search(camat)[0].id)
    qtbot.addWidget(dialog)
    assert dialog.reveal.isHidden()
    assert dialog.nik.text() == "160306********01"


def test_duplicate_aid_warns_and_asks(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    from kecamatan_app.models import BantuanDiterima
    from kecamatan_app.views.pemetaan.registri_dialogs import BantuanDialog

    _fill(1)
    wid = reg.search(admin)[0].id

    def add() -> None:
        dialog = BantuanDialog(admin, wid)
        qtbot.addWidget(dialog)
        dialog.program.setCurrentIndex(1)
        dialog.periode.setText("2026 Tahap 1")
        dialog.accept()

    add()
    assert BantuanDiterima.select().count() == 1 and not msgbox.calls
    msgbox.answer_yes = False
    add()
    assert "sudah tercatat" in msgbox.texts()[-1]
    assert BantuanDiterima.select().count() == 1
    msgbox.answer_yes = True
    add()
    assert BantuanDiterima.select().count() == 2
