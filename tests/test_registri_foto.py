"""A photo on a PPKS record: images only, hidden with specific data, shown in the detail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from kecamatan_app.models import JejakAudit, Kategori
from kecamatan_app.services import desa, registri, settings
from kecamatan_app.services import registri_ppks as ppks
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import PermissionDenied, ValidationError
from kecamatan_app.views.pemetaan.registri_detail import WargaDetailDialog


def _record(admin: Actor, kode: str) -> tuple[int, int]:
    wid = registri.create_warga(admin, registri.WargaData(
        nik="1603061203990001", nama="Budi (contoh)", jenis_kelamin="L",
        desa_id=desa.resolve("Sigam").id)).id
    kat = Kategori.get((Kategori.jenis == "PPKS") & (Kategori.kode == kode))
    return wid, ppks.add_ppks(admin, ppks.PPKSData(warga_id=wid, kategori_id=kat.id)).id


def _png(tmp_path: Path) -> Path:
    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(0x336699)
    path = tmp_path / "rumah.png"
    assert img.save(str(path))
    return path


def test_photo_is_stored_and_hidden_with_specific_data(
    qapp: Any, admin: Actor, make_actor: Any, tmp_path: Path
) -> None:
    _wid, pid = _record(admin, "16")  # Orang dengan HIV/AIDS: specific data
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(b"%PDF-1.4 contoh")
    with pytest.raises(ValidationError, match="bukan JPG, PNG"):
        ppks.set_foto(admin, pid, pdf, 1)
    ppks.set_foto(admin, pid, _png(tmp_path), 1)
    data, mime = ppks.foto(admin, pid)
    # stored re-encoded as JPEG, without any camera metadata (GPS stripped)
    assert mime == "image/jpeg" and data.startswith(b"\xff\xd8\xff")
    seen = JejakAudit.get_or_none((JejakAudit.aksi == "lihat_rinci")
                                  & (JejakAudit.tabel == "data_ppks"))
    assert seen is not None and seen.rekaman_id == str(pid)  # viewing the photo is audited
    settings.set_value(admin, "data.peran_data_spesifik", "admin,operator,tksk")
    with pytest.raises(PermissionDenied, match="data spesifik"):
        ppks.foto(make_actor("camat"), pid)


def test_attach_and_view_photo_in_the_detail(
    qtbot: Any, admin: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, msgbox: Any
) -> None:
    wid, _pid = _record(admin, "24")
    dialog = WargaDetailDialog(admin, wid)
    qtbot.addWidget(dialog)
    dialog.ppks.setCurrentItem(dialog.ppks.topLevelItem(0))
    photo = _png(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    dialog.attach_photo()
    assert dialog.detail.ppks[0].foto_id is not None
    dialog.ppks.setCurrentItem(dialog.ppks.topLevelItem(0))
    dialog.show_photo()
    label = dialog.photo_view.findChild(type(dialog.fields["Nama"]))
    assert label is not None and not label.pixmap().isNull()
