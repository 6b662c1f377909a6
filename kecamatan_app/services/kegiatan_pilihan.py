"""What the activity form and list need beyond the record itself: the partner choices (PSKS of
the registry and the agency list), the names of linked beneficiaries, the beneficiary search,
and the list's Excel export. No Qt.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..models import Desa, InstansiRujukan, Keluarga, Warga
from ..models.base import fk, now
from ..reports import xlsx
from . import audit, formatting, kantor, lingkup, psks, registri_cari
from .context import Actor
from .ekspor import PERSONAL_DATA_NOTE, ExportFileError
from .kegiatan_daftar import KegiatanFilter, KegiatanRow, period, search
from .nik import mask_nik
from .pencarian import contains
from .permissions import Aksi, allowed, require

Progress = Callable[[int, int, str], None]

PSKS, INSTANSI = "psks", "instansi"


@dataclass(frozen=True)
class MitraChoice:
    jenis: str  # psks | instansi
    id: int
    nama: str
    label: str  # shown in the form: the name with its kind and place


def mitra_choices(actor: Actor) -> list[MitraChoice]:
    """Active agencies, then the active PSKS of the registry (when the role may see it)."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    out = [MitraChoice(INSTANSI, i.id, i.nama, f"{i.nama} (instansi)")
           for i in InstansiRujukan.select().where(InstansiRujukan.aktif)
           .order_by(InstansiRujukan.urutan, InstansiRujukan.nama)]
    if allowed(actor, Aksi.REGISTRI_LIHAT):
        for p in psks.search(actor, psks.PsksFilter(status="aktif")):
            out.append(MitraChoice(PSKS, p.id, p.nama,
                                   f"{p.nama} (PSKS {p.kategori}, {p.desa})"))
    return out


@dataclass(frozen=True)
class SasaranPilihan:
    """A beneficiary found by the picker: a person (``warga``) or a household (``keluarga``)."""

    jenis: str  # warga | keluarga
    id: int
    label: str


def _warga_label(w: Warga, desa: dict[int, str]) -> str:
    nik = mask_nik(w.nik) if w.nik else "tanpa NIK"
    return f"{w.nama} ({nik}, {desa.get(fk(w, 'desa'), '?')})"


def _keluarga_label(k: Keluarga, desa: dict[int, str]) -> str:
    kk = mask_nik(k.no_kk) if k.no_kk else "tanpa No. KK"
    return f"Keluarga {k.kepala} (KK {kk}, {desa.get(fk(k, 'desa'), '?')})"


def _desa_names() -> dict[int, str]:
    return {d.id: d.nama for d in Desa.select(Desa.id, Desa.nama)}


def sasaran_labels(actor: Actor, warga_ids: Sequence[int], keluarga_ids: Sequence[int]
                   ) -> list[SasaranPilihan]:
    """Names (with masked NIK / No. KK) of the beneficiaries an activity links, in order."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    desa = _desa_names()
    people = {w.id: w for w in Warga.select().where(Warga.id.in_(list(warga_ids)))} \
        if warga_ids else {}
    homes = {k.id: k for k in Keluarga.select().where(Keluarga.id.in_(list(keluarga_ids)))} \
        if keluarga_ids else {}
    out = [SasaranPilihan("warga", i, _warga_label(people[i], desa) if i in people
                          else "(orang sudah dihapus dari registri)") for i in warga_ids]
    out += [SasaranPilihan("keluarga", i, _keluarga_label(homes[i], desa) if i in homes
                           else "(keluarga sudah dihapus dari registri)") for i in keluarga_ids]
    return out


def cari_sasaran(actor: Actor, jenis: str, teks: str, limit: int = 50) -> list[SasaranPilihan]:
    """Persons (by NIK prefix, No. KK or a name fragment) or households (by No. KK prefix or
    the head's name) for the beneficiary picker."""
    require(actor, Aksi.REGISTRI_LIHAT)
    teks = " ".join(teks.split())
    if not teks:
        return []
    if jenis == "warga":
        found = registri_cari.search(actor, registri_cari.SearchFilter(teks), 0, limit)
        return [SasaranPilihan("warga", w.id, f"{w.nama} ({w.nik or 'tanpa NIK'}, {w.desa})")
                for w in found]
    desa = _desa_names()
    q2 = lingkup.limit(Keluarga.select(), lingkup.where_desa(Keluarga.desa, actor))
    q2 = q2.order_by(Keluarga.kepala, Keluarga.id).limit(limit)
    compact = "".join(teks.split())
    if compact.isdigit():
        q2 = q2.where(Keluarga.no_kk.startswith(compact))
    else:
        q2 = q2.where(contains(Keluarga.kepala, teks))
    return [SasaranPilihan("keluarga", k.id, _keluarga_label(k, desa)) for k in q2]


EXPORT_HEADERS = [
    "No", "Tanggal", "Jam", "Nama kegiatan", "Fungsi", "Bentuk", "Program", "Lokasi",
    "Peserta L", "Peserta P", "Jumlah peserta", "Penerima manfaat", "Mitra", "Uraian", "Hasil",
    "Hambatan", "Tindak lanjut", "Status", "Foto", "No. surat rujukan", "TKSK", "Bulan terkunci",
]


def _export_row(i: int, r: KegiatanRow) -> list[object]:
    return [i, r.tanggal, r.jam, r.judul, r.fungsi, r.bentuk, r.program, r.lokasi, r.peserta_l,
            r.peserta_p, r.peserta, r.jumlah_sasaran, r.mitra, r.uraian, r.hasil, r.hambatan,
            r.tindak_lanjut, r.status, r.jumlah_foto, r.nomor_rujukan, r.tksk,
            "Ya" if r.terkunci else "Tidak"]


def describe(f: KegiatanFilter) -> str:
    """The list's period in words, printed under the export's title."""
    start, end = period(f)
    if f.tahun and f.bulan:
        return f"Bulan {formatting.bulan_tahun(f.tahun, f.bulan)}"
    if f.tahun:
        return f"Tahun {f.tahun}"
    if start and end:
        if start == end:
            return f"Tanggal {formatting.tanggal(start)}"
        return f"{formatting.tanggal(start)} s.d. {formatting.tanggal(end)}"
    return "Semua tanggal"


def export_list(actor: Actor, f: KegiatanFilter, path: str | os.PathLike[str],
                progress: Progress | None = None, saringan: str = "") -> int:
    """The activities of the list under ``f`` to a workbook; returns the number of rows.
    ``saringan`` describes the other filters in words (desa, function, ...)."""
    require(actor, Aksi.KEGIATAN_LIHAT)
    rows = search(actor, f)
    judul = kantor.judul_lingkup(actor, f.kecamatan_id)
    lines = [judul] if judul else []
    lines += [describe(f) + (f"; {saringan}" if saringan else ""), PERSONAL_DATA_NOTE,
              f"Diekspor oleh {actor.audit_name} pada {formatting.waktu(now())}"]

    def stream() -> Iterator[Sequence[object]]:
        for i, r in enumerate(rows, 1):
            yield _export_row(i, r)

    dest = Path(path)
    try:
        xlsx.write_table(dest, "Daftar Kegiatan TKSK", EXPORT_HEADERS, stream(),
                         subtitle_lines=lines, progress=progress, total=len(rows),
                         sheet_name="Kegiatan")
    except OSError as exc:
        raise ExportFileError(
            f"Berkas tidak dapat ditulis: {dest}. Pastikan foldernya ada dan Anda berhak menulis "
            "di sana; tutup berkas di Excel bila sedang terbuka, lalu ulangi. "
            f"(Keterangan sistem: {exc.strerror or exc})") from exc
    audit.record(actor, "ekspor", "kegiatan", "",
                 f"Ekspor daftar kegiatan: {len(rows)} baris ke {dest.name}")
    return len(rows)
