"""The Pasal 9 panel: the candidate's overall result in a coloured banner, then one card per
criterion (huruf a-i): the requirement, the verdict with its marker, the value it was judged on,
the evidence, the explanation and the article. It only shows a :class:`Kelayakan`; the candidate
dialog recomputes it (``pendaftar.evaluate_data``) as the clerk types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services import eligibility as el
from ...services import formatting
from .widgets import banner_style, colors, hasil_icon, note_label

NO_DATES = "Isi tanggal lahir dan tanggal pendaftaran untuk memeriksa persyaratan Pasal 9."


def _wrapping(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CriterionCard(QFrame):
    """One criterion: huruf, persyaratan, hasil (marker + text), nilai, bukti, keterangan."""

    def __init__(self, kriteria: el.Kriteria, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kode = kriteria.kode
        self.setObjectName("kriteria")
        self.huruf = QLabel(f"{kriteria.huruf}.")
        self.huruf.setStyleSheet("font-weight: bold;")
        self.judul = _wrapping(kriteria.judul)
        self.judul.setStyleSheet("font-weight: bold;")
        self.pasal = QLabel(kriteria.pasal)
        self.pasal.setStyleSheet("color: palette(placeholder-text);")
        self.pasal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.marker = QLabel()
        self.hasil = QLabel("")
        self.hasil.setObjectName("hasilKriteria")
        self.nilai = _wrapping()
        self.bukti = _wrapping()
        self.keterangan = _wrapping()
        self.keterangan.setStyleSheet("color: palette(placeholder-text);")

        verdict = QHBoxLayout()
        verdict.setSpacing(6)
        verdict.addWidget(self.marker)
        verdict.addWidget(self.hasil)
        verdict.addWidget(self.nilai, 1)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.huruf, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.judul, 0, 1)
        grid.addWidget(self.pasal, 0, 2)
        grid.addLayout(verdict, 1, 1, 1, 2)
        grid.addWidget(self.bukti, 2, 1, 1, 2)
        grid.addWidget(self.keterangan, 3, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.clear()

    def clear(self) -> None:
        self._paint(el.BELUM)
        self.marker.clear()
        self.hasil.setText("-")
        for label in (self.nilai, self.bukti, self.keterangan):
            label.setText("")

    def show_result(self, k: el.HasilKriteria) -> None:
        self._paint(k.hasil)
        self.marker.setPixmap(hasil_icon(k.hasil).pixmap(16, 16))
        self.hasil.setText(k.hasil_label)
        self.nilai.setText(f"\u2014 {k.nilai}" if k.nilai else "")
        self.bukti.setText(f"Bukti: {k.bukti or 'belum ada'}")
        self.keterangan.setText(k.keterangan)
        self.keterangan.setVisible(bool(k.keterangan))
        self.setToolTip(f"{k.pasal}: {k.judul}\n{k.hasil_label}")

    def _paint(self, hasil: str) -> None:
        fg = colors(hasil)[0]
        self.setStyleSheet(
            f"QFrame#kriteria {{ background: palette(base); border: 1px solid #d5dbe1; "
            f"border-left: 5px solid {fg}; border-radius: 3px; }}"
        )
        self.hasil.setStyleSheet(f"color: {fg}; font-weight: bold;")


class Pasal9Panel(QWidget):
    """The banner and the nine criterion cards; :meth:`show_result` refreshes them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panelPasal9")
        self.result: el.Kelayakan | None = None
        title = QLabel("Pemeriksaan persyaratan (Permensos 28/2018 Pasal 9)")
        title.setStyleSheet("font-weight: bold;")
        title.setWordWrap(True)
        self.banner = QLabel("")
        self.banner.setObjectName("bannerHasil")
        self.banner.setWordWrap(True)
        font = self.banner.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.banner.setFont(font)
        self.acuan = note_label()
        self.cards: dict[str, CriterionCard] = {}
        holder = QWidget()
        cards = QVBoxLayout(holder)
        cards.setContentsMargins(0, 0, 4, 0)
        cards.setSpacing(6)
        for k in el.KRITERIA:
            card = CriterionCard(k)
            self.cards[k.kode] = card
            cards.addWidget(card)
        cards.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        self.cards_area = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(self.acuan)
        layout.addWidget(scroll, 1)
        self.show_result(None)

    def overall_text(self) -> str:
        return self.banner.text()

    def show_result(self, result: el.Kelayakan | None) -> None:
        self.result = result
        if result is None:
            self.banner.setText("Belum dapat diperiksa")
            self.banner.setStyleSheet(banner_style(el.BELUM_LENGKAP))
            self.acuan.setText(NO_DATES)
            for card in self.cards.values():
                card.clear()
            return
        self.banner.setText(result.hasil_label)
        self.banner.setStyleSheet(banner_style(result.hasil))
        counts = {h: sum(1 for k in result.kriteria if k.hasil == h) for h in el.HASIL_LABEL}
        parts = [f"{n} {el.HASIL_LABEL[h].lower()}" for h, n in counts.items() if n]
        self.acuan.setText(
            f"Usia dihitung pada {formatting.tanggal(result.tanggal_acuan)}. "
            f"Dari 9 persyaratan: {', '.join(parts)}."
        )
        for k in result.kriteria:
            self.cards[k.kode].show_result(k)
