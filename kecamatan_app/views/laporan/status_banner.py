"""The report's status banner and the month-lock line: what state the report is in, who acts
next, the camat's reason when it was returned, and who approved it with the archive's hash.

The texts are built by plain functions (tested without widgets); :func:`show` puts them on a
label in the state's colours. The state reads by its words too, not by colour alone.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ...services import beranda_laporan
from ...services.context import Actor
from ...services.formatting import bulan_tahun, tanggal, waktu
from ...services.kunci_bulan import KunciInfo
from ...services.laporan import Langkah, LaporanInfo
from ...services.permissions import Aksi
from ..kecamatan_pilih import boleh_ubah

#: (text colour, background, border) per banner kind.
WARNA: dict[str, tuple[str, str, str]] = {
    "kosong": ("#37474f", "#eef1f4", "#b0bec5"),
    "draf": ("#1f4e79", "#e6eef7", "#8fb0d3"),
    "diajukan": ("#6b4500", "#fff2d1", "#d9b45a"),
    "dikembalikan": ("#8a0018", "#fde6e9", "#d9808f"),
    "disetujui": ("#17693a", "#e2f3e7", "#7fbf95"),
    "galat": ("#8a0018", "#fde6e9", "#d9808f"),
}
HASH_PENDEK = 16


@dataclass(frozen=True)
class Banner:
    kind: str
    html: str


def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def last_step(info: LaporanInfo, status: str) -> Langkah | None:
    for step in reversed(info.riwayat):
        if step.status == status:
            return step
    return None


def _batas(info: LaporanInfo, today: dt.date) -> str:
    """The deadline (the Beranda's rule: day ``laporan.batas_hari`` of the next month)."""
    batas = beranda_laporan.batas(info.tahun, info.bulan)
    late = " (sudah lewat)" if today > batas else ""
    return f"Batas pengajuan: {tanggal(batas)}{late}."


def short_hash(sha256: str) -> str:
    return f"{sha256[:HASH_PENDEK]}\u2026" if len(sha256) > HASH_PENDEK else sha256


def banner_for(info: LaporanInfo | None, actor: Actor, tahun: int, bulan: int,
               today: dt.date | None = None) -> Banner:
    """The banner of the month's report (``info`` None or with id 0: not started yet)."""
    today = today or dt.date.today()
    label = bulan_tahun(tahun, bulan)
    may_write = boleh_ubah(actor, Aksi.LAPORAN_SUSUN)
    is_tksk = boleh_ubah(actor, Aksi.LAPORAN_AJUKAN)
    is_camat = boleh_ubah(actor, Aksi.LAPORAN_SETUJUI)
    if info is None or info.id == 0:
        what = ("Tekan <b>Mulai susun laporan</b> untuk membuat drafnya (naskah bawaan dan "
                "BAB III diisi dari catatan kegiatan)." if may_write
                else "Laporan disusun oleh TKSK; tab Pratinjau memperlihatkan isinya bila "
                     "disusun sekarang.")
        return Banner("kosong", f"<b>Laporan {_e(label)} belum disusun.</b> {what}")
    if info.status == "draf":
        nxt = ("Lengkapi naskah, lalu tekan <b>Ajukan ke Camat</b>." if is_tksk
               else "TKSK mengajukannya ke Camat setelah naskah lengkap.")
        return Banner("draf", f"<b>Draf</b> \u2014 laporan {_e(label)} masih disusun dan belum "
                              f"diajukan. {nxt} {_batas(info, today)}")
    if info.status == "diajukan":
        pada = waktu(info.diajukan_pada) if info.diajukan_pada else ""
        step = last_step(info, "diajukan")
        oleh = f" oleh {_e(step.oleh)}" if step else ""
        nxt = ("Periksa pratinjaunya, lalu <b>Setujui</b> atau <b>Kembalikan</b> dengan alasan."
               if is_camat else "Naskah dan data kegiatan bulan ini terkunci sampai Camat "
                                "memeriksanya.")
        return Banner("diajukan", f"<b>Diajukan \u2014 menunggu pemeriksaan Camat.</b> "
                                  f"Diajukan{oleh} pada {_e(pada)}. {nxt}")
    if info.status == "dikembalikan":
        step = last_step(info, "dikembalikan")
        siapa = f" oleh {_e(step.oleh)} pada {_e(waktu(step.pada))}" if step else ""
        alasan = info.alasan_terakhir or "(tanpa alasan)"
        nxt = ("Perbaiki naskah atau data kegiatannya, lalu ajukan lagi." if is_tksk or may_write
               else "TKSK memperbaikinya lalu mengajukan lagi.")
        return Banner("dikembalikan",
                      f"<b>Dikembalikan{siapa}.</b><br>Alasan Camat: "
                      f"<b>\u201c{_e(alasan)}\u201d</b><br>{nxt} {_batas(info, today)}")
    if info.status == "disetujui":
        step = last_step(info, "disetujui")
        oleh = f" oleh {_e(step.oleh)}" if step else ""
        pada = waktu(info.disetujui_pada) if info.disetujui_pada else ""
        return Banner("disetujui",
                      f"<b>Disetujui{oleh} pada {_e(pada)}.</b> PDF laporan diarsipkan; setiap "
                      f"cetak ulang sama persis dengan arsipnya. Sidik arsip (SHA-256): "
                      f"<code>{_e(short_hash(info.arsip_sha256))}</code>")
    return Banner("kosong", _e(f"Laporan {label}: {info.status_label}."))


def error_banner(message: str) -> Banner:
    return Banner("galat", _e(message))


def lock_text(kunci: KunciInfo | None, tahun: int, bulan: int) -> str:
    if kunci is not None:
        return kunci.alasan
    return (f"Data kegiatan dan rujukan {bulan_tahun(tahun, bulan)} terbuka: masih dapat "
            "diubah. Bulan itu terkunci begitu laporannya diajukan ke Camat.")


def show(label: QLabel, banner: Banner) -> None:
    fg, bg, border = WARNA.get(banner.kind, WARNA["kosong"])
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(banner.html)
    label.setProperty("jenis", banner.kind)
    label.setStyleSheet(f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {border}; "
                        "border-radius: 4px; padding: 8px 10px; }")
