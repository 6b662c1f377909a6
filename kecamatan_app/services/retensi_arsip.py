"""Retention (:mod:`retensi`): the archive. :func:`arsipkan` writes the plan's records with
their child rows, as stored, into one zip (a workbook and the attachment files the purge will
delete); :func:`_periksa_arsip` checks such a zip against the plan before the purge. No Qt.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from peewee import ForeignKeyField

from ..models import JejakAudit, Lampiran
from ..models.base import now
from ..reports import xlsx
from . import audit, kantor, lampiran
from .context import Actor
from .ekspor import PERSONAL_DATA_NOTE, ExportFileError
from .errors import Conflict, NotFound
from .formatting import angka, tanggal, waktu
from .permissions import Aksi, require
from .retensi_baris import _dipakai, _lampiran_ids, _milik, _sidik, _yang_hilang
from .retensi_jenis import (
    AKSI_ARSIP,
    JENIS,
    JENIS_BY_KODE,
    RAHASIA,
    Progress,
    RencanaRetensi,
    _Model,
)
from .tx import write

# -- the archive ----------------------------------------------------------------------------------

_EXT = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_LABEL_FIELDS = ("nama", "nama_lengkap", "kepala", "nama_asli")
_BOLD = Font(bold=True)
#: Header of the manifest table (read back by :func:`musnahkan`).
MANIFEST_HEADERS = ["Bagian", "Jenis", "ID", "Sidik", "Keterangan"]
TETAP = "tetap disimpan di aplikasi (masih dipakai data lain)"
HILANG = "tidak ada atau rusak di folder lampiran"


class _Tabel:
    """The rows of one table in the archive, each with the records it belongs to."""

    def __init__(self, model: _Model) -> None:
        self.model = model
        self.rows: dict[int, tuple[dict[str, Any], list[str]]] = {}

    def add(self, row: dict[str, Any], induk: str) -> None:
        if row["id"] in self.rows:
            self.rows[row["id"]][1].append(induk)
        else:
            self.rows[row["id"]] = (row, [induk])


def _cell(ws: Any, value: Any, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, bytes):
        value = f"<{len(value)} bita>"
    elif isinstance(value, decimal.Decimal):
        value = float(value)
    elif value is not None and not isinstance(value, (bool, int, float, dt.date, dt.time)):
        value = xlsx.clean_text(str(value))
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # stored text stays text, even "=..." (no formula injection)
    elif isinstance(value, dt.datetime):
        cell.number_format = xlsx.DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = xlsx.DATE_FORMAT
    if bold:
        cell.font = _BOLD
    return cell


def _sheet(wb: Workbook, name: str, lines: Sequence[str], headers: Sequence[str],
           rows: Sequence[Sequence[Any]]) -> None:
    ws: Any = wb.create_sheet(xlsx.sheet_title(name))
    for i, width in enumerate(xlsx.column_widths(list(headers), rows[:200]), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.oddHeader.center.text = RAHASIA
    ws.oddFooter.left.text = "Arsip retensi data"
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.page_setup.orientation = "landscape"
    ws.append([_cell(ws, PERSONAL_DATA_NOTE, bold=True)])
    for line in lines:
        ws.append([_cell(ws, line)])
    if headers:
        ws.append([])
        ws.append([_cell(ws, h, bold=True) for h in headers])
        for row in rows:
            ws.append([_cell(ws, v) for v in row])


def _label_of(model: _Model, rid: Any, cache: dict[tuple[Any, Any], str]) -> str:
    key = (model, rid)
    if key not in cache:
        name = next((n for n in _LABEL_FIELDS if n in model._meta.fields), None)
        value = ""
        if name is not None and rid is not None:
            found = model.select(model._meta.fields[name]).where(model.id == rid).tuples()
            value = next((str(v[0]) for v in found), "")
        cache[key] = value
    return cache[key]


def _tabel_rows(tabel: _Tabel, cache: dict[tuple[Any, Any], str],
                status: dict[int, str]) -> tuple[list[str], list[list[Any]]]:
    fields = tabel.model._meta.sorted_fields
    labelled = [f for f in fields if isinstance(f, ForeignKeyField)
                and any(n in f.rel_model._meta.fields for n in _LABEL_FIELDS)]
    headers = ["Jenis retensi", "Rekaman induk", *(f.name for f in fields),
               *(f"{f.name} (nama)" for f in labelled)]
    if tabel.model is Lampiran:
        headers.append("Berkas dalam arsip")
    out = []
    for rid, (row, induk) in sorted(tabel.rows.items()):
        jenis = sorted({i.split(":")[0] for i in induk})
        line = [", ".join(jenis), ", ".join(induk), *(row.get(f.name) for f in fields),
                *(_label_of(f.rel_model, row.get(f.name), cache) for f in labelled)]
        if tabel.model is Lampiran:
            line.append(status.get(rid, ""))
        out.append(line)
    return headers, out


def _petunjuk(actor: Actor, rencana: RencanaRetensi, berkas: int) -> list[str]:
    judul = kantor.judul_lingkup(actor)
    lines = [
        "Arsip data yang melewati masa simpan (retensi), dibuat sebelum data itu dimusnahkan",
        *([judul] if judul else []),
        f"Tanggal acuan {tanggal(rencana.pada)}; dibuat {waktu(now())} oleh {actor.audit_name}.",
        f"Kode rencana: {rencana.kode}",
        "",
        "Isi arsip:",
    ]
    for j in JENIS:
        m = rencana.jumlah()[j.kode][0]
        if m:
            lines.append(f"- {j.label}: {angka(m)} rekaman, {j.tindakan} dari aplikasi (disimpan "
                         f"{rencana.tahun[j.kode]} tahun sejak {j.jam}).")
    lines += [
        f"- Berkas lampiran yang dihapus dari aplikasi: {angka(berkas)}, dalam folder "
        "'lampiran' arsip zip ini (nama berkas = SHA-256 isinya).",
        "",
        "Setiap lembar lain memuat satu tabel basis data apa adanya (termasuk NIK lengkap): kolom "
        "'Jenis retensi' dan 'Rekaman induk' (jenis:nomor) menunjukkan rekaman mana yang "
        "memilikinya; kolom '(nama)' menjelaskan nomor rujukan ke daftar lain.",
        "Lembar 'Manifest' dipakai aplikasi untuk memeriksa arsip ini sebelum pemusnahan; jangan "
        "diubah.",
        "Simpan arsip ini terenkripsi dan di luar jaringan (offline), hanya untuk petugas yang "
        "berwenang, selama masa simpan arsip yang ditetapkan jadwal retensi arsip instansi; "
        "sesudah itu musnahkan arsip ini dengan berita acara.",
    ]
    return lines


def _buku(actor: Actor, rencana: RencanaRetensi, tabel: dict[_Model, _Tabel],
          manifest: list[list[Any]], status: dict[int, str]) -> bytes:
    wb = Workbook(write_only=True)
    wb.properties.title = "Arsip retensi data"
    wb.properties.creator = "Kecamatan TKSK"
    berkas = sum(1 for s in status.values() if s.startswith("lampiran/"))
    _sheet(wb, "Petunjuk", _petunjuk(actor, rencana, berkas), [], [])
    _sheet(wb, "Manifest", [f"Rencana {rencana.kode}", f"Tanggal acuan {rencana.pada}"],
           MANIFEST_HEADERS, manifest)
    cache: dict[tuple[Any, Any], str] = {}
    for model, t in tabel.items():
        headers, rows = _tabel_rows(t, cache, status)
        _sheet(wb, model._meta.table_name,
               [f"Tabel {model._meta.table_name}: {angka(len(rows))} baris"], headers, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sha_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def nama_bawaan(pada: dt.date | None = None) -> str:
    return f"arsip-retensi-{(pada or dt.date.today()).isoformat()}.zip"


def arsipkan(actor: Actor, rencana: RencanaRetensi, dest: str | os.PathLike[str],
             progress: Progress | None = None) -> Path:
    """Write the archive of exactly the plan's records (and their child rows) as one zip: the
    workbook ``arsip-retensi-<date>.xlsx`` and, under ``lampiran/``, the attachment files the
    purge will delete. Never overwrites a file; audited as ``ekspor_arsip_retensi``."""
    require(actor, Aksi.RETENSI_KELOLA)
    musnah = rencana.musnah
    if not musnah:
        raise Conflict("Tidak ada data yang melewati masa simpan; tidak ada yang perlu "
                       "diarsipkan.")
    out = Path(dest)
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    if out.exists():
        raise Conflict(f"Berkas {out} sudah ada. Arsip lama tidak ditimpa; pilih nama lain.")
    tabel: dict[_Model, _Tabel] = {}
    manifest: list[list[Any]] = [["rencana", "", "", rencana.kode, ""],
                                 ["pada", "", "", rencana.pada.isoformat(), ""]]
    removed: set[tuple[_Model, int]] = set()
    lamp: dict[int, list[str]] = {}  # attachment id -> the records that use it
    total = len(musnah)
    for i, c in enumerate(musnah, 1):
        rows = _milik(c.jenis, c.id)
        manifest.append(["rekaman", c.jenis, c.id, c.sidik, _sidik(rows) if rows else ""])
        for model, row in rows:
            tabel.setdefault(model, _Tabel(model)).add(row, f"{c.jenis}:{c.id}")
        removed |= {(m, r["id"]) for m, r in _yang_hilang(c.jenis, rows)}
        for lid in _lampiran_ids(rows):
            lamp.setdefault(lid, []).append(f"{c.jenis}:{c.id}")
        if progress is not None and (i % 20 == 0 or i == total):
            progress(i, total, f"Mengumpulkan data ({angka(i)} dari {angka(total)})...")
    status: dict[int, str] = {}
    files: dict[str, int] = {}  # name in the zip -> attachment id (read again when zipped)
    for lid in sorted(lamp):
        row = Lampiran.select().where(Lampiran.id == lid).dicts().first()
        if row is None:
            continue
        for induk in lamp[lid]:
            tabel.setdefault(Lampiran, _Tabel(Lampiran)).add(row, induk)
        if _dipakai(lid, removed):
            status[lid] = TETAP
            continue
        try:
            lampiran.read(lid)  # present and intact (its hash checked)
        except NotFound:
            status[lid] = HILANG
        else:
            status[lid] = f"lampiran/{row['sha256']}{_EXT.get(row['jenis_mime'], '')}"
            files[status[lid]] = lid
        manifest.append(["lampiran", "", lid, row["sha256"], status[lid]])
    if progress is not None:
        progress(total, total, "Menulis buku kerja arsip...")
    book = _buku(actor, rencana, tabel, manifest, status)
    tmp = out.with_name(out.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(nama_bawaan(rencana.pada).replace(".zip", ".xlsx"), book,
                        compress_type=zipfile.ZIP_STORED)
            zf.writestr("BACA-SAYA.txt", "\n".join([PERSONAL_DATA_NOTE,
                                                    *_petunjuk(actor, rencana, len(files))]))
            for i, (name, lid) in enumerate(sorted(files.items()), 1):
                zf.writestr(name, lampiran.read(lid), compress_type=zipfile.ZIP_STORED)
                if progress is not None:
                    progress(i, len(files), f"Menyalin berkas lampiran {i} dari {len(files)}...")
        with tmp.open("r+b") as fh:
            os.fsync(fh.fileno())
        sha = _sha_file(tmp)
        jumlah = {k: v[0] for k, v in rencana.jumlah().items() if v[0]}
        with write():
            audit.record(actor, AKSI_ARSIP, "retensi", rencana.kode[:16],
                         f"Arsip retensi {out.name}: "
                         + "; ".join(f"{JENIS_BY_KODE[k].label} {angka(n)}"
                                     for k, n in jumlah.items())
                         + f"; {angka(len(files))} berkas lampiran; SHA-256 {sha}",
                         baru={"berkas": out.name, "sha256": sha, "rencana": rencana.kode,
                               "pada": rencana.pada.isoformat(), "jumlah": jumlah,
                               "lampiran": len(files)})
            os.replace(tmp, out)
    except OSError as exc:
        raise ExportFileError(
            f"Arsip tidak dapat ditulis: {out}. Pastikan foldernya ada, Anda berhak menulis di "
            f"sana dan ruang disk cukup, lalu ulangi. (Keterangan sistem: {exc.strerror or exc})"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return out


# -- checking the archive ---------------------------------------------------------------------


@dataclass
class _Arsip:
    sha256: str
    sidik: dict[tuple[str, int], str]  # as archived
    lampiran: dict[int, str]  # attachment id -> sha256, the files the purge may delete


def _tolak(path: Path, why: str) -> Conflict:
    return Conflict(f"Arsip {path.name} tidak dapat dipakai untuk pemusnahan: {why} Tidak ada "
                    "data yang dimusnahkan. Buat arsip baru dari rencana ini lalu ulangi.")


def _periksa_arsip(rencana: RencanaRetensi, path: Path) -> _Arsip:
    if not path.is_file():
        raise Conflict(f"Berkas arsip {path} tidak ditemukan. Pemusnahan hanya dilakukan sesudah "
                       "arsipnya tersimpan; buat arsipnya dulu.")
    try:
        sha = _sha_file(path)
        dicatat = JejakAudit.select().where((JejakAudit.aksi == AKSI_ARSIP)
                                            & JejakAudit.data_baru.contains(sha)).exists()
        if not dicatat:
            raise _tolak(path, "isinya tidak sama dengan arsip yang dibuat aplikasi (berkas "
                               "diubah atau bukan arsip retensi).")
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            book = next((n for n in names if n.startswith("arsip-retensi")
                         and n.endswith(".xlsx")), None)
            if book is None:
                raise _tolak(path, "buku kerja arsip tidak ada di dalamnya.")
            wb = load_workbook(io.BytesIO(zf.read(book)), read_only=True)
            rows = list(wb["Manifest"].iter_rows(values_only=True))
            wb.close()
            start = next(i for i, r in enumerate(rows) if list(r[:5]) == MANIFEST_HEADERS)
            info = {str(r[0]): r for r in rows[start + 1:] if r and r[0] in ("rencana", "pada")}
            recs = [r for r in rows[start + 1:] if r and r[0] == "rekaman"]
            lamps = [r for r in rows[start + 1:] if r and r[0] == "lampiran"]
            if info.get("rencana", (None,) * 4)[3] != rencana.kode:
                raise _tolak(path, "arsip ini dibuat dari rencana lain (datanya sudah berubah "
                                   "atau tanggal acuannya berbeda).")
            plan = {(c.jenis, c.id): c.sidik for c in rencana.musnah}
            if {(str(r[1]), int(r[2])): str(r[3]) for r in recs} != plan:
                raise _tolak(path, "daftar rekaman di manifest tidak sama dengan rencana.")
            files: dict[int, str] = {}
            for r in lamps:
                lid, lsha, where = int(r[2]), str(r[3]), str(r[4] or "")
                if where.startswith("lampiran/") and (
                        where not in names or hashlib.sha256(zf.read(where)).hexdigest() != lsha):
                    raise _tolak(path, f"berkas lampiran {where} hilang atau rusak.")
                files[lid] = lsha
    except (zipfile.BadZipFile, KeyError, StopIteration, ValueError, TypeError) as exc:
        raise _tolak(path, "berkasnya rusak atau bukan arsip retensi.") from exc
    except OSError as exc:
        raise _tolak(path, f"berkasnya tidak dapat dibaca ({exc.strerror or exc}).") from exc
    return _Arsip(sha, {(str(r[1]), int(r[2])): str(r[4] or "") for r in recs}, files)
