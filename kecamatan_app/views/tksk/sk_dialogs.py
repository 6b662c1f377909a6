"""Appointment (SK), replacement (pergantian) and termination (pemberhentian) dialogs.

The services decide: an ineligible candidate or a second active TKSK is refused there, and the
refusal (naming the active TKSK) is shown through :func:`messages.show_error`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ...services import formatting, penugasan
from ...services.context import Actor
from ...services.errors import AppError, DatabaseError, ValidationError
from ...services.nik import mask_nik
from ...services.penugasan import PemberhentianData, PenugasanInfo, SkData
from .. import messages
from ..kecamatan_pilih import kantor_tampil
from ..pengaturan.common import OptionalDate, from_qdate
from ..pengaturan.form_dialog import FormDialog
from ..pengaturan.referensi_dialog import text_box
from .berkas_tab import FILE_FILTER
from .widgets import ChoiceCombo, date_edit


class _ConfirmingDialog(FormDialog):
    """A FormDialog that may ask before saving and names the refusal in its message title."""

    refusal_title = "Tidak dapat disimpan"

    def question(self) -> str:
        return ""

    def accept(self) -> None:
        self.errors.clear()
        question = self.question()
        if question and not messages.confirm(self, self.windowTitle(), question, destructive=True):
            return
        try:
            self.result_value = self.save()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except DatabaseError as exc:  # locked or read-only for now: keep the input
            messages.show_error(self, exc, self.refusal_title)
            return
        except AppError as exc:
            messages.show_error(self, exc, self.refusal_title)
            self.reject()
            return
        QDialog.accept(self)


class SkDialog(_ConfirmingDialog):
    """ "Angkat sebagai TKSK" or, with ``replacing``, "Pergantian TKSK"."""

    def __init__(
        self,
        actor: Actor,
        pendaftar_id: int,
        nama: str,
        replacing: PenugasanInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        if replacing is None:
            title = f"Angkat sebagai TKSK: {nama}"
            intro = (
                f"Catat SK pengangkatan {nama}. Pengangkatan hanya dapat dilakukan bila calon "
                "memenuhi semua persyaratan Pasal 9 dan tidak ada TKSK lain yang aktif."
            )
            self.refusal_title = "Pengangkatan ditolak"
        else:
            title = f"Pergantian TKSK: {replacing.nama} diganti {nama}"
            intro = (
                f"{replacing.nama} (SK {replacing.sk_nomor}) diberhentikan dengan alasan "
                f"pergantian pada tanggal berhenti di bawah, lalu {nama} diangkat "
                "menggantikannya. Keduanya tercatat dalam satu langkah."
            )
            self.refusal_title = "Pergantian ditolak"
        super().__init__(title, intro, parent)
        self.actor, self.pendaftar_id, self.nama = actor, pendaftar_id, nama
        self.replacing = replacing
        office = kantor_tampil(actor)  # the kabupaten named as the SK's issuer
        self.sk_nomor = QLineEdit()
        self.sk_nomor.setPlaceholderText("contoh: 460/123/SK/Dinsos/2026")
        self.sk_tanggal = date_edit()
        self.sk_penerbit = QLineEdit(f"Kepala Dinas Sosial {office.kabupaten}" if office else "")
        self.mulai = date_edit()
        self.selesai = OptionalDate("Ada tanggal akhir tugas")
        self.niat = QLineEdit()
        self.niat.setPlaceholderText("00.00.00-0000 (bila ada)")
        self.add_row("&Nomor SK:", self.sk_nomor, "sk_nomor")
        self.add_row("&Tanggal SK:", self.sk_tanggal, "sk_tanggal")
        self.add_row("&Penerbit SK:", self.sk_penerbit, "sk_penerbit")
        self.add_row("TM&T (mulai tugas):", self.mulai, "mulai")
        self.add_row("&Selesai tugas:", self.selesai, "selesai")
        self.add_row("N&IAT:", self.niat, "niat")
        self.berhenti = date_edit()
        self.catatan = text_box("", 50)
        if replacing is not None:
            self.add_row("Tanggal &berhenti TKSK lama:", self.berhenti, "tanggal")
            self.add_row("&Catatan pergantian:", self.catatan, "catatan")
        self.setMinimumWidth(560)

    def sk(self) -> SkData:
        return SkData(
            sk_nomor=self.sk_nomor.text(),
            sk_tanggal=from_qdate(self.sk_tanggal.date()),
            sk_penerbit=self.sk_penerbit.text(),
            mulai=from_qdate(self.mulai.date()),
            selesai=self.selesai.value(),
            niat=self.niat.text(),
        )

    def question(self) -> str:
        if self.replacing is None:
            return ""
        return (
            f"Berhentikan {self.replacing.nama} per "
            f"{formatting.tanggal(from_qdate(self.berhenti.date()))} dan angkat {self.nama} "
            "sebagai TKSK?"
        )

    def save(self) -> PenugasanInfo:
        if self.replacing is None:
            return penugasan.appoint(self.actor, self.pendaftar_id, self.sk())
        return penugasan.replace(
            self.actor,
            self.pendaftar_id,
            self.sk(),
            from_qdate(self.berhenti.date()),
            self.catatan.toPlainText(),
        )


class PemberhentianDialog(_ConfirmingDialog):
    refusal_title = "Pemberhentian tidak dapat dicatat"

    def __init__(self, actor: Actor, info: PenugasanInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Pemberhentian TKSK: {info.nama}",
            f"Akhiri penugasan {info.nama} (NIK {mask_nik(info.nik)}, SK {info.sk_nomor}, "
            f"TMT {formatting.tanggal(info.mulai)}). Riwayat penugasannya tetap tersimpan.",
            parent,
        )
        self.actor, self.info = actor, info
        self.tanggal = date_edit()
        self.alasan = ChoiceCombo(penugasan_grounds(), unknown="(pilih alasan)")
        self.catatan = text_box("", 60)
        self.bukti = QLineEdit()
        self.bukti.setPlaceholderText("opsional: surat pengunduran diri, SK pemberhentian, ...")
        browse = QPushButton("Pi&lih berkas...")
        browse.clicked.connect(self.browse)
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.bukti, 1)
        box.addWidget(browse)
        self.add_row("&Tanggal berhenti:", self.tanggal, "tanggal")
        self.add_row("&Alasan:", self.alasan, "alasan")
        self.add_row("&Catatan:", self.catatan, "catatan")
        self.add_row("&Bukti:", row, "berkas")
        self.errors.widgets["berkas"] = self.bukti
        self.setMinimumWidth(600)

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Pilih berkas bukti", "", FILE_FILTER)
        if chosen:
            self.bukti.setText(chosen)

    def question(self) -> str:
        when = formatting.tanggal(from_qdate(self.tanggal.date()))
        if self.alasan.value() is None:
            return ""  # the service names the missing reason under the form
        return (
            f"Akhiri penugasan {self.info.nama} sebagai TKSK per {when} dengan alasan "
            f'"{self.alasan.currentText()}"? Tindakan ini tidak dapat dibatalkan.'
        )

    def save(self) -> PenugasanInfo:
        return penugasan.terminate(
            self.actor,
            self.info.id,
            PemberhentianData(
                tanggal=from_qdate(self.tanggal.date()),
                alasan_id=self.alasan.value(),
                catatan=self.catatan.toPlainText(),
                bukti=self.bukti.text().strip() or None,
            ),
        )


def penugasan_grounds() -> list[tuple[str, Any]]:
    return [(nama, alasan_id) for alasan_id, nama in penugasan.grounds()]


def days_left_text(info: PenugasanInfo, today: dt.date | None = None) -> str:
    left = info.sisa_hari(today)
    if left is None:
        return "tanpa tanggal akhir"
    return (
        f"{formatting.tanggal(info.selesai)} ({left} hari lagi)"
        if left >= 0
        else (f"{formatting.tanggal(info.selesai)} (lewat {-left} hari)")
    )
