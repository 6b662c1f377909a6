"""The exchange package dialog (views/paket_dialog.py), driven as a user would: on a kecamatan
database save an approved month's package; on a Dinas Sosial database pick several files and
read each one's result; Batal keeps what was received; who sees which entry."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.models import PaketBulanan
from kecamatan_app.services import paket_impor
from kecamatan_app.services.context import Actor
from kecamatan_app.views import paket_dialog
from kecamatan_app.views.paket_dialog import PaketDialog
from tests import dinas_bantu
from tests.paket_bantu import Contoh, buat_contoh, siapkan_dinas, siapkan_kecamatan


@pytest.fixture(scope="module")
def contoh(tmp_path_factory: pytest.TempPathFactory) -> Contoh:
    return buat_contoh(tmp_path_factory.mktemp("paket"))


def make(qtbot: Any, actor: Actor) -> PaketDialog:
    dialog = PaketDialog(actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog: PaketDialog) -> list[tuple[str, str]]:
    t = dialog.table
    return [(t.item(r, 0).text(), t.item(r, 1).text()) for r in range(t.rowCount())]


def test_send_an_approved_month(qtbot: Any, admin: Actor, tmp_path: Path, msgbox: Any,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    k = siapkan_kecamatan(admin, tmp_path)
    dialog = make(qtbot, k.tksk)
    assert dialog.windowTitle() == "Kirim paket ke Dinas Sosial"
    assert dialog.bulan.count() == 1 and dialog.bulan.currentText() == "Maret 2025"
    starts: list[str] = []

    def fake(parent: Any, title: str, start: str, filt: str) -> tuple[str, str]:
        starts.append(start)
        return str(tmp_path / "kiriman"), filt

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(msgbox.calls) >= 1, timeout=20000)
    kind, title, text = msgbox.calls[-1]
    assert (kind, title) == ("information", "Paket tersimpan")
    written = tmp_path / "kiriman.zip"  # the extension is added
    assert str(written) in text and "Sidik paket: " in text
    assert starts[0].endswith("paket-16.03.06-gelumbang-2025-03.zip")
    with zipfile.ZipFile(written) as zf:
        assert zf.namelist() == ["manifest.json", "laporan.pdf", "ringkasan.json"]
    assert dialog.ekspor_hasil is not None and dialog.ekspor_hasil.path == written
    assert "tersimpan di" in dialog.status.text() and dialog.save_button.isEnabled()


def test_send_with_no_approved_month(qtbot: Any, admin: Actor, msgbox: Any) -> None:
    dialog = make(qtbot, admin)
    assert dialog.bulan.count() == 0 and not dialog.save_button.isEnabled()
    assert "Belum ada laporan bulanan yang disetujui Camat" in dialog.status.text()
    assert dialog.simpan() is None and msgbox.calls == []


def test_receive_several_files(qtbot: Any, db: Any, contoh: Contoh, tmp_path: Path,
                               msgbox: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = siapkan_dinas()
    bad = tmp_path / "rusak.zip"
    bad.write_bytes(b"bukan zip")
    dialog = make(qtbot, admin)
    assert dialog.windowTitle() == "Terima paket dari kecamatan"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(contoh.v1), str(bad), str(contoh.v1)], ""))
    received: list[int] = []
    dialog.diterima.connect(received.append)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3 and dialog.task is None, timeout=20000)
    assert rows(dialog) == [("paket-v1.zip", "diterima"), ("rusak.zip", "ditolak"),
                            ("paket-v1.zip", "tidak berubah")]
    assert "bukan berkas zip paket" in dialog.table.item(1, 2).text()
    assert dialog.status.text() == "1 diterima, 0 diganti, 1 tidak berubah, 1 ditolak."
    assert received == [1] and PaketBulanan.select().count() == 1 and msgbox.calls == []
    assert dialog.choose_button.isEnabled() and dialog.close_button.isEnabled()


def test_batal_keeps_what_was_received(qtbot: Any, db: Any, contoh: Contoh, msgbox: Any,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    admin = siapkan_dinas()
    dialog = make(qtbot, admin)
    real = paket_impor.impor_banyak

    def then_cancel(actor: Actor, paths: Any, progress: Any = None) -> Any:
        out = real(actor, paths)
        assert dialog.task is not None
        dialog.task.cancel()  # as if Batal was pressed while the first file was received
        return out

    monkeypatch.setattr(paket_impor, "impor_banyak", then_cancel)
    dialog.terima([contoh.v1, contoh.v2])
    qtbot.waitUntil(lambda: dialog.task is None and dialog.table.rowCount() == 1, timeout=20000)
    assert rows(dialog) == [("paket-v1.zip", "diterima")]
    assert "Dibatalkan: berkas sesudahnya belum diperiksa" in dialog.status.text()
    assert PaketBulanan.select().count() == 1


def test_who_sees_which_entry(db: Any, make_actor: Any, admin: Actor) -> None:
    for role in ("admin", "operator", "tksk", "camat"):
        actor = admin if role == "admin" else make_actor(role)
        assert paket_dialog.boleh_kirim(actor) and not paket_dialog.boleh_terima(actor)


def test_who_sees_which_entry_in_a_dinas_database(db: Any) -> None:
    cast = dinas_bantu.actors(siapkan_dinas())
    assert paket_dialog.boleh_terima(cast["dinas"]) and paket_dialog.boleh_terima(cast["admin"])
    assert paket_dialog.boleh_terima(cast["admin_a"])
    for name in ("operator_a", "tksk_a", "camat_a"):
        assert not paket_dialog.boleh_terima(cast[name])
    assert not any(paket_dialog.boleh_kirim(a) for a in cast.values())


def test_menu_entry_runs_the_dialog_modally(qtbot: Any, db: Any, contoh: Contoh, msgbox: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """What the main window's menu entry calls: the dialog runs modally, the user receives a
    package and closes it; the caller learns how many were received."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    admin = siapkan_dinas()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(contoh.v1)], ""))
    steps: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PaketDialog)
        dialog.pilih()
        assert dialog.task is not None
        dialog.reject()  # Esc while the job runs: ignored
        steps.append("busy-ignored" if dialog.isVisible() else "closed-too-early")
        qtbot.waitUntil(lambda: dialog.task is None and dialog.table.rowCount() == 1,
                        timeout=20000)
        dialog.reject()

    QTimer.singleShot(0, drive)
    assert PaketDialog.tampilkan(admin) == 1
    assert steps == ["busy-ignored"] and PaketBulanan.select().count() == 1
