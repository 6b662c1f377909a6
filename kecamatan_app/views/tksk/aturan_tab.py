"""TKSK > Aturan Pasal 9: the office's rules for the check (settings of group "tksk"): age
limits, the reference date of the age, whether PPPK counts as ASN, which education levels pass,
and which criteria need a verified document. Only roles with ATURAN_TKSK_UBAH may change them;
others read them. Simpan writes only the changed settings; each is an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services import eligibility as el
from ...services import settings
from ...services.context import Actor
from ...services.errors import AppError, ValidationError
from ...services.permissions import Aksi, allowed
from .. import messages
from ..pengaturan.common import FieldErrors, error_label, from_qdate, to_qdate
from .widgets import date_edit, note_label

USIA_MIN, USIA_MAKS = "tksk.usia_min", "tksk.usia_maks"
ACUAN, PPPK = "tksk.tanggal_acuan", "tksk.pppk_asn"
PENDIDIKAN, WAJIB = "tksk.pendidikan_lulus", "tksk.berkas_wajib"
KEYS = (USIA_MIN, USIA_MAKS, ACUAN, PPPK, PENDIDIKAN, WAJIB)


def _ordered(text: str, order: tuple[str, ...]) -> str:
    chosen = {x.strip() for x in str(text).split(",") if x.strip()}
    return ",".join(x for x in order if x in chosen)


def _spin(key: str) -> QSpinBox:
    s = settings.SETTINGS[key]
    box = QSpinBox()
    box.setRange(s.minimum or 0, s.maximum or 200)
    box.setSuffix(" tahun")
    return box


class AturanTab(QWidget):
    saved = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.can_edit = allowed(actor, Aksi.ATURAN_TKSK_UBAH)
        self.loaded: dict[str, Any] = {}
        self.usia_min, self.usia_maks = _spin(USIA_MIN), _spin(USIA_MAKS)
        self.acuan_daftar = QCheckBox("Pakai tanggal pendaftaran masing-masing calon")
        self.acuan = date_edit()
        self.acuan_daftar.toggled.connect(lambda on: self.acuan.setEnabled(not on))
        self.pppk = QCheckBox(settings.SETTINGS[PPPK].label)
        self.pendidikan = {p: QCheckBox(p) for p in el.PENDIDIKAN}
        self.wajib = {k.kode: QCheckBox(f"{k.huruf}. {k.judul}") for k in el.KRITERIA}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for key, box in ((USIA_MIN, self.usia_min), (USIA_MAKS, self.usia_maks)):
            label = QLabel(settings.SETTINGS[key].label + ":")
            label.setBuddy(box)
            form.addRow(label, box)
        acuan_row = QWidget()
        acuan_box = QHBoxLayout(acuan_row)
        acuan_box.setContentsMargins(0, 0, 0, 0)
        acuan_box.addWidget(self.acuan_daftar)
        acuan_box.addWidget(QLabel("atau tanggal tetap:"))
        acuan_box.addWidget(self.acuan)
        acuan_box.addStretch(1)
        form.addRow("Tanggal acuan usia (huruf b):", acuan_row)
        form.addRow("Status kepegawaian (huruf c):", self.pppk)

        education = QGroupBox("Pendidikan yang dihitung SMA sederajat atau lebih tinggi (huruf e)")
        grid = QGridLayout(education)
        for i, check in enumerate(self.pendidikan.values()):
            grid.addWidget(check, i // 8, i % 8)
        documents = QGroupBox("Persyaratan yang wajib didukung berkas terverifikasi")
        doc_grid = QGridLayout(documents)
        for i, check in enumerate(self.wajib.values()):
            doc_grid.addWidget(check, i % 5, i // 5)
        doc_note = note_label(
            "Persyaratan yang dicentang baru dinyatakan memenuhi bila berkas buktinya sudah "
            "diverifikasi; sebelum itu hasilnya \u201cBelum ada bukti\u201d."
        )

        self.error = error_label()
        self.errors = FieldErrors(
            self.error,
            {
                USIA_MIN: self.usia_min,
                USIA_MAKS: self.usia_maks,
                ACUAN: self.acuan,
                PENDIDIKAN: education,
                WAJIB: documents,
            },
        )
        self.save_button = QPushButton("&Simpan")
        self.reload_button = QPushButton("&Muat ulang")
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.refresh)
        self.inputs: list[QWidget] = [
            self.usia_min,
            self.usia_maks,
            self.acuan_daftar,
            self.pppk,
            *self.pendidikan.values(),
            *self.wajib.values(),
        ]
        for box in (self.usia_min, self.usia_maks):
            box.valueChanged.connect(self._changed)
        self.acuan.dateChanged.connect(self._changed)
        for check in (
            self.acuan_daftar,
            self.pppk,
            *self.pendidikan.values(),
            *self.wajib.values(),
        ):
            check.toggled.connect(self._changed)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        intro = note_label(
            "Aturan pemeriksaan persyaratan calon TKSK (Permensos 28/2018 Pasal 9) yang berlaku "
            "di kantor ini. Hasil di daftar pendaftar dan di panel Pasal 9 langsung mengikuti "
            "aturan yang disimpan. Setiap perubahan tercatat di jejak audit."
            if self.can_edit
            else "Aturan pemeriksaan persyaratan calon TKSK yang berlaku di kantor ini. Hanya "
            "administrator yang dapat mengubahnya."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(education)
        layout.addWidget(documents)
        layout.addWidget(doc_note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for widget in self.inputs:
            widget.setEnabled(self.can_edit)
        self.save_button.setVisible(self.can_edit)
        self.reload_button.setVisible(self.can_edit)
        self.refresh()

    # -- values -----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {
            USIA_MIN: self.usia_min.value(),
            USIA_MAKS: self.usia_maks.value(),
            ACUAN: ""
            if self.acuan_daftar.isChecked()
            else from_qdate(self.acuan.date()).isoformat(),
            PPPK: self.pppk.isChecked(),
            PENDIDIKAN: ",".join(p for p, box in self.pendidikan.items() if box.isChecked()),
            WAJIB: ",".join(k for k, box in self.wajib.items() if box.isChecked()),
        }

    def changed_keys(self) -> list[str]:
        now = self.values()
        return [k for k in KEYS if now[k] != self.loaded.get(k)]

    def _changed(self) -> None:
        self.save_button.setEnabled(bool(self.changed_keys()))

    def refresh(self) -> None:
        raw = {k: settings.get(k) for k in KEYS}
        self.loaded = {
            USIA_MIN: int(raw[USIA_MIN]),
            USIA_MAKS: int(raw[USIA_MAKS]),
            ACUAN: str(raw[ACUAN]),
            PPPK: bool(raw[PPPK]),
            PENDIDIKAN: _ordered(raw[PENDIDIKAN], el.PENDIDIKAN),
            WAJIB: _ordered(raw[WAJIB], tuple(k.kode for k in el.KRITERIA)),
        }
        self.usia_min.setValue(self.loaded[USIA_MIN])
        self.usia_maks.setValue(self.loaded[USIA_MAKS])
        acuan = self.loaded[ACUAN]
        self.acuan_daftar.setChecked(not acuan)
        self.acuan.setDate(to_qdate(dt.date.fromisoformat(acuan) if acuan else dt.date.today()))
        self.acuan.setEnabled(self.can_edit and bool(acuan))
        self.pppk.setChecked(self.loaded[PPPK])
        lulus = set(self.loaded[PENDIDIKAN].split(","))
        for p, box in self.pendidikan.items():
            box.setChecked(p in lulus)
        wajib = set(self.loaded[WAJIB].split(","))
        for k, box in self.wajib.items():
            box.setChecked(k in wajib)
        self.errors.clear()
        self._changed()

    def save(self) -> bool:
        self.errors.clear()
        changed = self.changed_keys()
        if not changed:
            return False
        values = self.values()
        if values[USIA_MIN] > values[USIA_MAKS]:
            self.errors.show(
                ValidationError.single(
                    USIA_MIN, "Usia paling rendah tidak boleh lebih besar dari usia paling tinggi."
                )
            )
            return False
        for done, key in enumerate(changed):
            try:
                settings.set_value(self.actor, key, values[key])
            except AppError as exc:
                if isinstance(exc, ValidationError):
                    self.errors.show(exc)
                else:
                    messages.show_error(self, exc)
                if done:  # the earlier ones are stored: the list must follow them
                    self.saved.emit()
                return False
            self.loaded[key] = values[key]
        self.refresh()
        self.saved.emit()
        messages.info(
            self,
            "Aturan Pasal 9",
            f"{len(changed)} aturan disimpan. Hasil pemeriksaan pendaftar mengikuti aturan baru.",
        )
        return True
