"""The plain data of a month-grid recap (the kecamatan's yearly recap, the kabupaten's
consolidated one): its row and the month names. No report writer is loaded here, so the
services and pages that build the data start without reportlab and openpyxl."""

from __future__ import annotations

from dataclasses import dataclass

BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                 "Des")


@dataclass(frozen=True)
class Baris:
    """One row of a month grid: a label (and the group it belongs to) and 12 monthly counts."""

    kelompok: str
    label: str
    bulan: tuple[int, ...]  # 12 values

    @property
    def jumlah(self) -> int:
        return sum(self.bulan)
