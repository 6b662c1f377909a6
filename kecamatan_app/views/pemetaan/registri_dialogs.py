"""Forms of the registry: add or change a person or a household, change a PPKS status, add a
category and add aid (a duplicate program/period warns and asks before saving)."""

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
from ...services import registri_detail as det
from ...services import registri_ppks as ppks
from ...services.errors import AppError, Conflict, DatabaseError, ValidationError
from ...services.nik import mask_nik
from ...services.registri_cari import STATUS_PPKS, kategori_choices, program_choices
from ...services.registri_detail import PPKSRow
from .. import messages
from ..kecamatan_pilih import kecamatan_tampil
from ..pengaturan.common import OptionalDate
from ..pengaturan.form_dialog import FormDialog


def _combo(items: list[tuple[Any, str]], blank: str = "") -> QComboBox:
    box = QComboBox()
    if blank:
        box.addItem(blank, None)
    for value, label in items:
        box.addItem(label, value)
    return box


def desa_combo(blank: str = "", kecamatan_id: int | None = None) -> QComboBox:
    """The active desa of ``kecamatan_id`` (None: every desa of the database, the only
    office's in a kecamatan database)."""
    return _combo([(d.id, d.nama) for d in desa_service.all_desa(kecamatan_id)], blank)


def _show_warnings(parent: QWidget, warnings: list[str]) -> None:
    if warnings:
        messages.warning(parent, "Tersimpan dengan catatan", "\n\n".join(warnings))


def _set_combo(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


def _masked_or_new(field: QLineEdit, masked: str) -> str | None:
    """None while ``field`` still shows the masked value (keep what is stored); otherwise what
    the user typed. A partly edited masked value is refused: type the full number."""
    text = "".join(field.text().split())
    if masked and text == masked:
        return None
    if "*" in text:
        raise ValidationError.single(
            field.objectName(),
            "Ketik nomor lengkap 16 angka, atau kembalikan isian tersamar seperti semula.",
        )
    return text


class WargaDialog(FormDialog):
    """Add a person, or change one (``warga_id``). A NIK that already belongs to someone offers
    to open that person (``open_existing`` then holds their id).

    In edit mode the NIK and No. KK fields show the masked numbers: left as they are, the stored
    values stay; a full new number replaces them; an empty field removes them. A stale version
    (someone else saved in between) shows the message and reloads the form (``reloaded``)."""

    def __init__(
        self,
        actor: Any,
        parent: QWidget | None = None,
        keluarga_id: int | None = None,
        warga_id: int | None = None,
    ) -> None:
        editing = warga_id is not None
        super().__init__(
            "Ubah Data Warga" if editing else "Tambah Warga",
            "NIK dan No. KK tampil tersamar. Biarkan bila tidak berubah; ketik nomor lengkap "
            "untuk menggantinya, atau kosongkan untuk menghapusnya."
            if editing
            else "Data per nama dan alamat. NIK boleh kosong bila belum diketahui.",
            parent,
        )
        self.actor, self.keluarga_id, self.warga_id = actor, keluarga_id, warga_id
        self.open_existing: int | None = None
        self.reloaded = False
        self.versi = 0
        self.masked_nik = self.masked_kk = ""
        self.dusun_id: int | None = None
        self.loaded_desa: int | None = None
        self.nik, self.nama, self.tempat = QLineEdit(), QLineEdit(), QLineEdit()
        self.nik.setMaxLength(20)
        self.nik.setObjectName("nik")
        self.jk = _combo([("L", "Laki-laki"), ("P", "Perempuan")], "- pilih -")
        self.lahir = OptionalDate("Diketahui")
        self.no_kk = QLineEdit()
        self.no_kk.setMaxLength(20)
        self.no_kk.setObjectName("keluarga")
        self.hubungan = _combo([(h, h) for h in reg.HUBUNGAN], "-")
        self.desa = desa_combo("- pilih -", kecamatan_tampil(actor))
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
        if warga_id is not None:
            self.load()

    def load(self) -> None:
        """Fill the form from the stored person (edit mode)."""
        assert self.warga_id is not None
        data, self.versi = reg.warga_of(self.warga_id, self.actor)
        shown = det.detail(self.actor, self.warga_id)
        self.masked_nik, self.masked_kk = shown.nik, shown.no_kk
        self.keluarga_id, self.dusun_id = data.keluarga_id, data.dusun_id
        self.loaded_desa = data.desa_id
        self.nik.setText(self.masked_nik)
        self.nama.setText(data.nama)
        _set_combo(self.jk, data.jenis_kelamin or None)
        self.tempat.setText(data.tempat_lahir)
        self.lahir.set_value(data.tanggal_lahir)
        self.no_kk.setText(self.masked_kk)
        _set_combo(self.hubungan, data.hubungan or None)
        _set_combo(self.desa, data.desa_id)
        self.alamat.setText(data.alamat)
        self.rt.setText(data.rt)
        self.rw.setText(data.rw)
        self.meninggal.setChecked(data.meninggal)

    def _keluarga(self) -> int | None:
        typed = _masked_or_new(self.no_kk, self.masked_kk)
        if typed is None:
            return self.keluarga_id
        if not typed:
            # a shown No. KK the user cleared: leave that household; a household without a
            # No. KK (nothing shown) or a new person added from a household: keep it
            return None if self.masked_kk else self.keluarga_id
        kk_id = reg.find_keluarga_by_kk(typed)
        if kk_id is None:
            raise ValidationError.single(
                "keluarga", "No. KK itu belum tercatat. Tambahkan keluarganya dulu."
            )
        return kk_id

    def data(self) -> reg.WargaData:
        desa_id = self.desa.currentData()
        return reg.WargaData(
            nik=_masked_or_new(self.nik, self.masked_nik),
            nama=self.nama.text(),
            jenis_kelamin=self.jk.currentData() or "",
            tempat_lahir=self.tempat.text(),
            tanggal_lahir=self.lahir.value(),
            keluarga_id=self._keluarga(),
            hubungan=self.hubungan.currentData() or "",
            alamat=self.alamat.text(),
            desa_id=desa_id,
            # the form has no dusun: keep the stored one while the desa stays the same
            dusun_id=self.dusun_id if desa_id == self.loaded_desa else None,
            rt=self.rt.text(),
            rw=self.rw.text(),
            meninggal=self.meninggal.isChecked(),
        )

    def save(self) -> Any:
        data = self.data()
        if self.warga_id is not None:
            warnings = reg.update_warga(self.actor, self.warga_id, data, self.versi)
            _show_warnings(self, warnings)
            return self.warga_id
        saved = reg.create_warga(self.actor, data)
        _show_warnings(self, saved.warnings)
        return saved.id

    def accept(self) -> None:
        """Like FormDialog.accept, but a duplicate NIK offers to open that person, and a stale
        version reloads the form so the user can repeat the change."""
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
        except Conflict as exc:
            if self.warga_id is None:
                messages.show_error(self, exc)
                self.reject()
                return
            _reload_after_conflict(self, exc)
            return
        except DatabaseError as exc:  # locked or read-only for now: keep the input
            messages.show_error(self, exc)
            return
        except AppError as exc:
            messages.show_error(self, exc)
            self.reject()
            return
        QDialog.accept(self)


def _reload_after_conflict(dialog: WargaDialog | KeluargaDialog, exc: Conflict) -> None:
    messages.warning(
        dialog,
        "Data sudah diubah orang lain",
        f"{exc}\n\nIsian dimuat ulang dengan data terbaru.",
    )
    try:
        dialog.load()
    except AppError as again:  # deleted in the meantime
        messages.show_error(dialog, again, "Data tidak dapat dimuat ulang")
        dialog.reject()
        return
    dialog.reloaded = True


class KeluargaDialog(FormDialog):
    """Add a household, or change one (``keluarga_id``); No. KK as in :class:`WargaDialog`."""

    def __init__(
        self, actor: Any, parent: QWidget | None = None, keluarga_id: int | None = None
    ) -> None:
        editing = keluarga_id is not None
        super().__init__(
            "Ubah Data Keluarga" if editing else "Tambah Keluarga",
            "No. KK tampil tersamar. Biarkan bila tidak berubah; ketik nomor lengkap untuk "
            "menggantinya, atau kosongkan untuk menghapusnya."
            if editing
            else "Satu Kartu Keluarga. Anggota ditambahkan sesudahnya.",
            parent,
        )
        self.actor, self.keluarga_id = actor, keluarga_id
        self.reloaded = False
        self.versi = 0
        self.stored_kk = self.masked_kk = ""
        self.dusun_id: int | None = None
        self.loaded_desa: int | None = None
        self.no_kk, self.kepala = QLineEdit(), QLineEdit()
        self.no_kk.setMaxLength(20)
        self.no_kk.setObjectName("no_kk")
        self.desa = desa_combo("- pilih -", kecamatan_tampil(actor))
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
        if keluarga_id is not None:
            self.load()

    def load(self) -> None:
        assert self.keluarga_id is not None
        data, self.versi = reg.keluarga_of(self.keluarga_id, self.actor)
        self.stored_kk = data.no_kk
        self.masked_kk = mask_nik(data.no_kk) if data.no_kk else ""
        self.dusun_id, self.loaded_desa = data.dusun_id, data.desa_id
        self.no_kk.setText(self.masked_kk)
        self.kepala.setText(data.kepala)
        _set_combo(self.desa, data.desa_id)
        self.alamat.setText(data.alamat)
        self.rt.setText(data.rt)
        self.rw.setText(data.rw)

    def data(self) -> reg.KeluargaData:
        typed = _masked_or_new(self.no_kk, self.masked_kk)
        desa_id = self.desa.currentData()
        return reg.KeluargaData(
            self.stored_kk if typed is None else typed,
            self.kepala.text(),
            self.alamat.text(),
            desa_id,
            self.dusun_id if desa_id == self.loaded_desa else None,
            self.rt.text(),
            self.rw.text(),
        )

    def save(self) -> Any:
        if self.keluarga_id is not None:
            warnings = reg.update_keluarga(self.actor, self.keluarga_id, self.data(), self.versi)
            _show_warnings(self, warnings)
            return self.keluarga_id
        saved = reg.create_keluarga(self.actor, self.data())
        _show_warnings(self, saved.warnings)
        return saved.id

    def accept(self) -> None:
        if self.keluarga_id is None:
            super().accept()
            return
        self.errors.clear()
        try:
            self.result_value = self.save()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except Conflict as exc:
            _reload_after_conflict(self, exc)
            return
        except DatabaseError as exc:  # locked or read-only for now: keep the input
            messages.show_error(self, exc)
            return
        except AppError as exc:
            messages.show_error(self, exc)
            self.reject()
            return
        QDialog.accept(self)


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
