"""Exports of the Pengaturan lists to Excel: the audit trail, the users, the reference lists.

Each export checks the right, writes the workbook atomically (``reports.xlsx``) and records an
``ekspor`` entry in the audit trail (UU 27/2022 Pasal 31: exports of personal data are logged).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..models.base import now
from ..reports import xlsx
from . import audit, audit_query, formatting, kantor, referensi, users
from .audit import AuditFilter
from .context import Actor
from .errors import AppError
from .permissions import Aksi, allowed, require

Progress = Callable[[int, int, str], None]

#: The marking every export of personal data carries (UU 27/2022 Pasal 35-39).
PERSONAL_DATA_NOTE = (
    "RAHASIA - berisi data pribadi. Simpan dengan aman dan jangan "
    "disebarluaskan (UU 27/2022 tentang Pelindungan Data Pribadi)."
)

AUDIT_HEADERS = [
    "No",
    "Waktu",
    "Pelaku",
    "Aksi",
    "Tabel",
    "ID rekaman",
    "Ringkasan",
    "Data lama",
    "Data baru",
]
USER_HEADERS = [
    "No",
    "Nama pengguna",
    "Nama lengkap",
    "Peran",
    "Aktif",
    "Terkunci sampai",
    "Login terakhir",
    "Harus ganti kata sandi",
]


class ExportFileError(AppError):
    """The export file cannot be written (folder missing or read-only, file open in Excel)."""


def _ya(value: bool) -> str:
    return "Ya" if value else "Tidak"


def _header_lines(actor: Actor, *extra: str, kecamatan_id: int | None = None) -> list[str]:
    """The lines under an export's title: whose data (the actor's kecamatan, the chosen
    ``kecamatan_id`` of a user of the whole kabupaten, or the whole kabupaten), ``extra``,
    and who exported it when."""
    judul = kantor.judul_lingkup(actor, kecamatan_id)
    lines = [judul] if judul else []
    lines += [line for line in extra if line]
    lines.append(f"Diekspor oleh {actor.audit_name} pada {formatting.waktu(now())}")
    return lines


def _write(
    path: str | os.PathLike[str],
    title: str,
    headers: list[str],
    rows: Iterator[Sequence[object]],
    lines: list[str],
    progress: Progress | None,
    total: int | None,
    sheet: str,
) -> Path:
    """Write through reports.xlsx; a file-system failure becomes an Indonesian message."""
    dest = Path(path)
    try:
        return xlsx.write_table(
            dest,
            title,
            headers,
            rows,
            subtitle_lines=lines,
            progress=progress,
            total=total,
            sheet_name=sheet,
        )
    except OSError as exc:
        raise ExportFileError(
            f"Berkas tidak dapat ditulis: {dest}. Pastikan foldernya ada dan Anda berhak menulis "
            "di sana; tutup berkas di Excel bila sedang terbuka, lalu ulangi. "
            f"(Keterangan sistem: {exc.strerror or exc})"
        ) from exc


def describe_filter(f: AuditFilter) -> str:
    """The filter in words, printed under the title of the audit export."""
    parts: list[str] = []
    if f.dari and f.sampai:
        parts.append(f"tanggal {formatting.tanggal(f.dari)} s.d. {formatting.tanggal(f.sampai)}")
    elif f.dari:
        parts.append(f"sejak {formatting.tanggal(f.dari)}")
    elif f.sampai:
        parts.append(f"sampai {formatting.tanggal(f.sampai)}")
    if f.aksi:
        parts.append(f"aksi {audit.AKSI_LABELS.get(f.aksi, f.aksi)}")
    if f.tabel:
        parts.append(f"tabel {f.tabel}")
    if f.pengguna_id is not None:
        parts.append(f"pengguna {audit_query.user_label(f.pengguna_id)}")
    if f.teks:
        parts.append(f"memuat teks '{f.teks}'")
    return "Saringan: " + ("; ".join(parts) if parts else "semua entri")


def export_audit(
    actor: Actor, f: AuditFilter, path: str | os.PathLike[str], progress: Progress | None = None
) -> int:
    """All entries matching ``f``, oldest first; returns the number of rows written."""
    require(actor, Aksi.AUDIT_EKSPOR)
    total = audit.count(actor, f) if allowed(actor, Aksi.AUDIT_LIHAT) else None
    written = 0

    def rows() -> Iterator[Sequence[object]]:
        nonlocal written
        for r in audit.rows_for_export(actor, f):
            written += 1
            yield (
                written,
                r.waktu,
                r.pelaku,
                r.aksi_label,
                r.tabel,
                r.rekaman_id,
                r.ringkasan,
                r.data_lama,
                r.data_baru,
            )

    dest = _write(
        path,
        "Jejak Audit",
        AUDIT_HEADERS,
        rows(),
        _header_lines(actor, describe_filter(f), PERSONAL_DATA_NOTE),
        progress,
        total,
        "Jejak Audit",
    )
    audit.record(
        actor, "ekspor", "jejak_audit", "", f"Ekspor jejak audit: {written} baris ke {dest.name}"
    )
    return written


def export_users(
    actor: Actor, path: str | os.PathLike[str], progress: Progress | None = None
) -> int:
    """The user accounts (never their password hashes); returns the number of rows."""
    require(actor, Aksi.PENGGUNA_KELOLA)
    infos = users.list_users(actor)
    rows = (
        (
            i,
            u.nama_pengguna,
            u.nama_lengkap,
            u.peran_label,
            _ya(u.aktif),
            u.terkunci_sampai,
            u.login_terakhir,
            _ya(u.harus_ganti_sandi),
        )
        for i, u in enumerate(infos, 1)
    )
    dest = _write(
        path,
        "Daftar Pengguna",
        USER_HEADERS,
        rows,
        _header_lines(actor, PERSONAL_DATA_NOTE),
        progress,
        len(infos),
        "Pengguna",
    )
    audit.record(
        actor,
        "ekspor",
        "pengguna",
        "",
        f"Ekspor daftar pengguna: {len(infos)} baris ke {dest.name}",
    )
    return len(infos)


def reference_headers(key: str) -> list[str]:
    d = referensi.LISTS[key]
    headers = ["No", "Kode", "Nama"]
    if key == "bentuk":
        headers.append("Fungsi")
    headers += [label for _, label in d.extra]
    headers += ["Keterangan", "Aktif", "Bawaan aplikasi"]
    if key in ("ppks", "psks"):
        headers.append("Alias")
    return headers


def export_reference(
    actor: Actor, key: str, path: str | os.PathLike[str], progress: Progress | None = None
) -> int:
    """One reference list (any role may export it: it holds no personal data)."""
    d = referensi.LISTS[key]
    data = referensi.rows(key)

    def rows() -> Iterator[Sequence[object]]:
        for i, r in enumerate(data, 1):
            row: list[object] = [i, r.kode, r.nama]
            if key == "bentuk":
                row.append(r.induk)
            row += [r.extra.get(f, "") for f, _ in d.extra]
            row += [r.keterangan, _ya(r.aktif), _ya(r.bawaan)]
            if key in ("ppks", "psks"):
                row.append("; ".join(r.alias))
            yield row

    dest = _write(
        path,
        d.label,
        reference_headers(key),
        rows(),
        _header_lines(actor),
        progress,
        len(data),
        d.label,
    )
    audit.record(
        actor,
        "ekspor",
        d.model._meta.table_name,
        "",
        f"Ekspor {d.label}: {len(data)} baris ke {dest.name}",
    )
    return len(data)
