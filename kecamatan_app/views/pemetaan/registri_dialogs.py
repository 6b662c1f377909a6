"""Forms of the registry: add a person or a household, change a PPKS status, add a category and
add aid (a duplicate program/period warns and asks before saving)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ...services import desa as desa_service
from ...services import registri as reg
from ...services import registri_ppks as ppks
from ...services.errors import AppError, ValidationError
from ...services.registri_cari import STATUS_PPKS, kategori_choices, program_choices
from ...services.registri_detail import PPKSRow
from .. import messages
from ..pengaturan.common import OptionalDate
from ..pengaturan.form_dialog import FormDialog


def _combo(items: list[tuple[Any, str]], blank: str = "") -> QComboBox:
    box = QComboBox()
    if blank:
        box.addItem(blank, None)
    for value, label in items:
        box.addItem(label, value)
    return box


def desa_combo(blank: str = "") -> QComboBox:
    return _combo([(d.id, d.nama) for d in desa_service.all_desa()], blank)


def _show_warnings(parent: QWidget, warnings: list[str]) -> None:
    if warnings:
        messages.warning(parent, "Tersimpan dengan catatan", "\n\n".join(warnings))


class WargaDialog(FormDialog):
    """Add a person. A NIK that already belongs to someone offers to open that person
    (``open_existing`` then holds their id)."""

    def __init__(
        self, actor: Any, parent: QWidget | None = None, keluarga_id: int | None = None
    ) -> None:
        super().__init__(
            "Tambah Warga",
            "Data per nama dan alamat. NIK boleh kosong bila belum diketahui.",
            parent,
        )
        self.actor, self.keluarga_id = actor, keluarga_id
        self.open_existing: int | None = None
        self.nik, self.nama, self.tempat = QLineEdit(), QLineEdit(), QLineEdit()
        self.nik.setMaxLength(20)
        self.jk = _combo([("L", "Laki-laki"), ("P", "Perempuan")], "- pilih -")
        self.lahir = OptionalDate("Diketahui")
        self.no_kk = QLineEdit()
        self.hubungan = _combo([(h, h) for h in reg.HUBUNGAN], "-")
        self.desa = desa_combo("- pilih -")
        self.alamat, self.rt, self.rw = QLineEdit(), QLineEdit(), QLineEdit()
        self.meninggal = QCheckBox("Sudah meninggal")
        for text, widget, name in (
            ("&NIK", self.nik, "nik"),
            ("Na&ma", self.nama, "nama"),
            ("&Jenis kelamin", self.jk, "jenis_kelamin"),
            ("&Tempat lahir", self.tempat, ""),
            ("Tanggal &lahir", self.lahir, "tanggal_lahir"),
            ("No. &KK", self.no_kk, "keluarga"),
            ("&Hubungan", self.hubungan, "hubungan"),
            ("&Desa/kelurahan", self.desa, "desa"),
            ("&Alamat", self.alamat, ""),
            ("RT", self.rt, "rt"),
            ("RW", self.rw, "rw"),
            ("", self.meninggal, ""),
        ):
            self.add_row(text, widget, name)
        self.add_note(
            "No. KK: keluarga yang sudah tercatat. Tambahkan keluarganya dulu bila belum ada."
        )

    def save(self) -> Any:
        kk_id = self.keluarga_id
        if self.no_kk.text().strip():
            kk_id = reg.find_keluarga_by_kk(self.no_kk.text())
            if kk_id is None:
                raise ValidationError.single(
                    "keluarga", "No. KK itu belum tercatat. Tambahkan keluarganya dulu."
                )
        data = reg.WargaData(
            nik=self.nik.text(),
            nama=self.nama.text(),
            jenis_kelamin=self.jk.currentData() or "",
            tempat_lahir=self.tempat.text(),
            tanggal_lahir=self.lahir.value(),
            keluarga_id=kk_id,
            hubungan=self.hubungan.currentData() or "",
            alamat=self.alamat.text(),
            desa_id=self.desa.currentData(),
            rt=self.rt.text(),
            rw=self.rw.text(),
            meninggal=self.meninggal.isChecked(),
        )
        saved = reg.create_warga(self.actor, data)
        _show_warnings(self, saved.warnings)
        return saved.id

    def accept(self) -> None:
        """Like FormDialog.accept, but a duplicate NIK offers to open that person."""
        self.errors.clear()
        try:
            self.result_value = self.save()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except reg.DuplicateNik as exc:
            if messages.confirm(self, "NIK sudah tercatat", f"{exc}\n\nBuka data orang itu?"):
                self.open_existing = exc.warga_id
            self.reject()
            return
        except AppError as exc:
            messages.show_error(self, exc)
            self.reject()
            return
        QDialog.accept(self)


class KeluargaDialog(FormDialog):
    def __init__(self, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(
            "Tambah Keluarga", "Satu Kartu Keluarga. Anggota ditambahkan sesudahnya.", parent
        )
        self.actor = actor
        self.no_kk, self.kepala = QLineEdit(), QLineEdit()
        self.desa = desa_combo("- pilih -")
        self.alamat, self.rt, self.rw = QLineEdit(), QLineEdit(), QLineEdit()
        for text, widget, name in (
            ("No. &KK", self.no_kk, "no_kk"),
            ("&Kepala keluarga", self.kepala, "kepala"),
            ("&Desa/kelurahan", self.desa, "desa"),
            ("&Alamat", self.alamat, ""),
            ("RT", self.rt, "rt"),
            ("RW", self.rw, "rw"),
        ):
            self.add_row(text, widget, name)

    def save(self) -> Any:
        saved = reg.create_keluarga(
            self.actor,
            reg.KeluargaData(
                self.no_kk.text(),
                self.kepala.text(),
                self.alamat.text(),
                self.desa.currentData(),
                None,
                self.rt.text(),
                self.rw.text(),
            ),
        )
        _show_warnings(self, saved.warnings)
        return saved.id


class StatusDialog(FormDialog):
    def __init__(self, actor: Any, row: PPKSRow, parent: QWidget | None = None) -> None:
        super().__init__(
            "Ubah Status PPKS", f"{row.kategori}: sekarang {row.status_label}.", parent
        )
        self.actor, self.row = actor, row
        self.status = _combo([(k, v) for k, v in STATUS_PPKS.items() if k != row.status])
        self.tanggal = OptionalDate("Tanggal", dt.date.today())
        self.catatan = QPlainTextEdit()
        self.catatan.setMaximumHeight(70)
        self.add_row("&Status baru", self.status, "status")
        self.add_row("&Tanggal", self.tanggal, "tanggal")
        self.add_row("&Catatan", self.catatan)

    def save(self) -> Any:
        ppks.change_status(
            self.actor,
            self.row.id,
            self.status.currentData(),
            self.row.versi,
            self.tanggal.value(),
            self.catatan.toPlainText(),
        )
        return True


class PPKSDialog(FormDialog):
    def __init__(self, actor: Any, warga_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Tambah Kategori PPKS", "", parent)
        self.actor, self.warga_id = actor, warga_id
        self.kategori = _combo(kategori_choices(actor), "- pilih -")
        self.status = _combo(list(STATUS_PPKS.items()))
        self.rincian, self.catatan = QLineEdit(), QPlainTextEdit()
        self.catatan.setMaximumHeight(70)
        self.add_row("&Kategori", self.kategori, "kategori")
        self.add_row("&Status", self.status, "status")
        self.add_row("&Rincian", self.rincian, "rincian")
        self.add_row("&Catatan", self.catatan)

    def save(self) -> Any:
        return ppks.add_ppks(
            self.actor,
            ppks.PPKSData(
                self.kategori.currentData(),
                self.warga_id,
                status=self.status.currentData(),
                rincian=self.rincian.text(),
                catatan=self.catatan.toPlainText(),
            ),
        ).id


class BantuanDialog(FormDialog):
    """Aid for a person; the same program and period already recorded for the person or the
    household is shown as a warning, and the clerk decides whether to save anyway."""

    def __init__(self, actor: Any, warga_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Tambah Bantuan", "", parent)
        self.actor, self.warga_id = actor, warga_id
        self.program = _combo(program_choices(), "- pilih -")
        self.periode, self.sumber = QLineEdit(str(dt.date.today().year)), QLineEdit()
        self.status = _combo([(s, s.capitalize()) for s in ppks.STATUS_BANTUAN])
        self.add_row("&Program", self.program, "program")
        self.add_row("P&eriode/tahap", self.periode, "periode")
        self.add_row("&Status", self.status, "status")
        self.add_row("S&umber", self.sumber)

    def data(self) -> ppks.BantuanData:
        return ppks.BantuanData(
            self.program.currentData(),
            self.periode.text(),
            self.warga_id,
            None,
            self.status.currentData(),
            self.sumber.text(),
        )

    def save(self) -> Any:
        warnings = ppks.check_bantuan(self.data())
        if warnings and not messages.confirm(
            self, "Bantuan mungkin ganda", "\n\n".join(warnings) + "\n\nTetap simpan?"
        ):
            return None
        return ppks.add_bantuan(self.actor, self.data()).id
