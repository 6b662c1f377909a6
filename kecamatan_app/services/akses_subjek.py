"""Subject access (UU 27/2022 Pasal 32): everything the database holds about one NIK, with the
processing history of each record, for the person to receive within 3 x 24 hours. No Qt.

What is gathered: the registry person with that NIK (identity, household with the members'
names and relation only, PPKS categories with their status history and photo metadata, register
status and aid, household-level rows included), PSKS records with that NIK, TKSK candidate
records with that NIK (identity, documents, Pasal 9 checks, selection decisions, SK and
termination), activities where the person or their household is a beneficiary, referrals where
they are the client, and every audit entry of those records or mentioning the NIK (in the
summary or the stored old/new values), oldest first. User accounts hold no NIK, so none is
searched.

Specific-data PPKS categories (UU PDP Pasal 4) stay hidden for roles not named in
``data.peran_data_spesifik``; the report then says it is incomplete and who can print it
whole. Each collection is recorded in the audit trail as ``akses_subjek`` with the masked NIK
(never the full one) and the records it covered.

The records themselves are read by :mod:`akses_subjek_isi`; this module adds the processing
history, assembles the report, audits it and writes the PDF (:mod:`reports.akses_subjek_pdf`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import DataPPKS, JejakAudit, Keluarga, Warga
from ..models.base import now
from ..reports import akses_subjek_pdf as pdf
from ..reports.akses_subjek_data import DataSubjek, JejakSubjek
from . import audit, audit_query, lingkup, privasi, settings
from .akses_subjek_isi import (
    Keys,
    _Hidden,
    _kegiatan,
    _key,
    _Names,
    _pendaftar,
    _psks,
    _rujukan,
    _warga,
)
from .cetak_tksk import _check_paper, _kop, _printer_name, _written
from .context import ROLE_LABELS, Actor
from .errors import ValidationError
from .kantor import get_office
from .nik import _format_error, mask_nik
from .permissions import Aksi, require
from .registri_cari import HIDDEN, can_see_specific

__all__ = ["DataSubjek", "Laporan", "bersihkan_nik", "buat_laporan", "kumpulkan", "tulis_pdf"]

AKSI = "akses_subjek"
#: How the processing history names the kind of record an entry is about.
TABEL: dict[str, str] = {
    "warga": "Data warga", "keluarga": "Keluarga", "data_ppks": "PPKS",
    "status_register": "Register", "bantuan_diterima": "Bantuan", "data_psks": "PSKS",
    "pendaftar": "Calon TKSK", "berkas": "Berkas calon", "pemeriksaan_syarat": "Syarat Pasal 9",
    "keputusan_seleksi": "Seleksi", "penugasan": "SK penugasan",
    "pemberhentian": "Pemberhentian", "kegiatan": "Kegiatan", "rujukan": "Rujukan",
}
AKSI_LABELS = {**audit.AKSI_LABELS, AKSI: "Akses subjek data"}


def bersihkan_nik(text: str) -> str:
    """The NIK without spaces; refused unless it is 16 digits (no other check: a stored NIK
    may predate a region split, and the request must still be answered)."""
    cleaned = "".join((text or "").split())
    problem = _format_error("NIK", cleaned) if cleaned else "Isi NIK (16 angka) pemohon."
    if problem:
        raise ValidationError.single("nik", problem)
    return cleaned


# -- the processing history -----------------------------------------------------------------


def _jejak(nik: str, keys: Keys, hidden_ppks: set[int], scope: int | None = None
           ) -> list[JejakSubjek]:
    cond = (JejakAudit.ringkasan.contains(nik) | JejakAudit.data_lama.contains(nik)
            | JejakAudit.data_baru.contains(nik))
    if scope is not None:  # entries that only mention the NIK: those of the kecamatan's users
        cond = cond & audit_query.oleh_kecamatan(scope)
    for tabel, ids in keys.items():
        if ids:
            cond = cond | ((JejakAudit.tabel == tabel)
                           & JejakAudit.rekaman_id.in_([str(i) for i in sorted(ids)]))
    rows = {j.id: j for j in JejakAudit.select().where(cond)}
    # earlier subject-access requests: same masked NIK and at least one of the same records
    ours = {f"{t}:{i}" for t, ids in keys.items() for i in ids}
    earlier = (JejakAudit.aksi == AKSI) & JejakAudit.ringkasan.contains(mask_nik(nik))
    if scope is not None:
        earlier = earlier & audit_query.oleh_kecamatan(scope)
    for j in JejakAudit.select().where(earlier):
        try:
            covered = set(json.loads(j.data_baru or "{}").get("rekaman", []))
        except (ValueError, AttributeError):
            covered = set()
        if covered & ours:
            rows[j.id] = j
    out = []
    for j in sorted(rows.values(), key=lambda e: (e.waktu, e.id)):
        secret = j.tabel == _key(DataPPKS) and j.rekaman_id.isdigit() \
            and int(j.rekaman_id) in hidden_ppks
        out.append(JejakSubjek(j.waktu, j.pelaku, AKSI_LABELS.get(j.aksi, j.aksi),
                               TABEL.get(j.tabel, j.tabel or "-"),
                               HIDDEN if secret else j.ringkasan))
    return out


# -- the collection -------------------------------------------------------------------------


def _collect(actor: Actor, nik: str, when: dt.datetime | None = None
             ) -> tuple[DataSubjek, list[str]]:
    """The report's data and the ``tabel:id`` keys of the records found (for the audit). In a
    Dinas database only the records of the actor's kecamatan (a kabupaten-wide user: all)."""
    scope = lingkup.batas(actor)
    info = get_office(lingkup.kecamatan_scope(actor))
    kecamatan = info.kecamatan if info is not None else ""
    see = can_see_specific(actor)
    names = _Names()
    keys: Keys = defaultdict(set)
    hidden = _Hidden()
    warga = _warga(nik, kecamatan, see, names, keys, hidden, scope)
    psks = _psks(nik, keys, scope)
    pendaftar = _pendaftar(nik, names, keys, scope)
    warga_ids = set(keys.get(_key(Warga), set()))
    kk_ids = set(keys.get(_key(Keluarga), set()))
    kegiatan = _kegiatan(warga_ids, kk_ids, keys, scope)
    rujukan = _rujukan(warga_ids, kk_ids, names, keys, scope)
    jejak = _jejak(nik, keys, hidden.ppks_ids, scope)
    officer = privasi.dpo()
    spesifik = [ROLE_LABELS.get(r.strip(), r.strip())
                for r in str(settings.get("data.peran_data_spesifik")).split(",") if r.strip()]
    data = DataSubjek(
        nik=nik, dibuat_pada=when or now(), oleh=_printer_name(actor),
        pemberitahuan=pdf.Pemberitahuan(privasi.tujuan(), tuple(officer.baris())),
        kop=_kop(info) if info is not None else None, kecamatan=kecamatan,
        tempat=(info.kantor.tempat_surat or info.kecamatan) if info is not None else "",
        warga=tuple(warga), psks=tuple(psks), pendaftar=tuple(pendaftar),
        kegiatan=tuple(kegiatan), rujukan=tuple(rujukan), jejak=tuple(jejak),
        disembunyikan=hidden.count, peran_data_spesifik=tuple(spesifik))
    covered = sorted(f"{t}:{i}" for t, ids in keys.items() for i in ids)
    return data, covered


def _record(actor: Actor, nik: str, data: DataSubjek, covered: list[str], what: str,
            extra: dict[str, Any] | None = None) -> None:
    found = (f"{data.jumlah_catatan} catatan, {len(data.jejak)} riwayat" if not data.kosong
             else "tidak ada data")
    audit.record(actor, AKSI, "", "", f"Akses subjek data NIK {mask_nik(nik)}: {what} ({found})",
                 baru={"nik": mask_nik(nik), "rekaman": covered,
                       "disembunyikan": data.disembunyikan, **(extra or {})})


def kumpulkan(actor: Actor, nik: str) -> DataSubjek:
    """Everything held about ``nik`` (see the module doc); the collection is audited."""
    require(actor, Aksi.AKSES_SUBJEK)
    cleaned = bersihkan_nik(nik)
    data, covered = _collect(actor, cleaned)
    _record(actor, cleaned, data, covered, "data dikumpulkan")
    return data


@dataclass(frozen=True)
class Laporan:
    path: Path
    data: DataSubjek


def buat_laporan(actor: Actor, nik: str, dest: str | os.PathLike[str], *,
                 kertas: str = "A4") -> Laporan:
    """Write the subject-access report of ``nik`` to ``dest`` (PDF, A4 or F4) through a
    temporary file; the print is audited once the file is complete (a failure to record
    removes the file again). A file-system failure raises ``cetak_tksk.PrintFileError``."""
    require(actor, Aksi.AKSES_SUBJEK)
    cleaned = bersihkan_nik(nik)
    _check_paper(kertas)
    data, covered = _collect(actor, cleaned)
    target = Path(dest)
    out = _written(
        target,
        lambda: pdf.render(target, data, kertas),
        lambda written: _record(actor, cleaned, data, covered, f"laporan PDF {written.name}",
                                {"berkas": written.name, "kertas": kertas}),
    )
    return Laporan(out, data)


def tulis_pdf(actor: Actor, nik: str, dest: str | os.PathLike[str], *,
              kertas: str = "A4") -> Path:
    """:func:`buat_laporan`, returning only the written file."""
    return buat_laporan(actor, nik, dest, kertas=kertas).path
