"""Retention per record type (UU 27/2022 Pasal 16 and 42-44): which records have passed their
retention, an archive of exactly those records, and their audited purge. No Qt.

:func:`calon` lists per record type the records whose retention ended on a date; :func:`arsipkan`
writes them with their child rows, as stored, into one zip (a workbook and the attachment files
the purge will delete); :func:`musnahkan` checks that zip against the plan and removes the records
in one transaction, with one audit entry per record type. The schedule, the reasons behind it and
what the archive holds: ``docs/retensi-data.md``.

Record types, in the order they are purged (an earlier one may free a later one: an activity that
goes no longer holds its beneficiary):

* ``kegiatan``: activities, ``retensi.kegiatan_tahun`` after the activity date; removed with their
  desa, partners, beneficiaries and photos. An activity that is a referral goes with the referral
  and its history; an open referral is held.
* ``rujukan``: closed referrals, ``retensi.rujukan_tahun`` after the closing step. Anonymised, not
  deleted: the numbered letter (numbers stay gap-free) and its activity stay for the activity
  retention, without client, need, reasons, reply, evidence files, beneficiaries or photos.
* ``warga``: registry persons without an active PPKS record (their own or their household's),
  ``retensi.warga_tahun`` after the last change of the person or of their rows.
* ``keluarga``: households without an active PPKS record whose members are all gone or purged.
* ``psks``: PSKS persons and institutions marked "tidak aktif", the same setting, since the change.
* ``pendaftar``: TKSK candidates never appointed, ``retensi.pendaftar_tahun`` after registration.

Month lock: an activity-module record of a month whose report is "diajukan" is held; of a month
whose report is "disetujui" it is purged only when the report's archived PDF is intact, because
that PDF stays the accountability record (reports and their PDFs are never touched here). A record
still used by a record that is kept (a beneficiary of a kept activity, a partner) is held too.

The code: :mod:`retensi_jenis` (the shared types), :mod:`retensi_daftar` (the plan),
:mod:`retensi_baris` (the rows of a record), :mod:`retensi_arsip` (the archive and its check)
and :mod:`retensi_musnah` (the purge). Callers use this module.
"""

from __future__ import annotations

from .retensi_arsip import HILANG, MANIFEST_HEADERS, TETAP, arsipkan, nama_bawaan
from .retensi_daftar import calon
from .retensi_jenis import (
    AKSI_ARSIP,
    AKSI_MUSNAH,
    DITUTUP,
    JENIS,
    JENIS_BY_KODE,
    RAHASIA,
    TANDA_ANONIM,
    Calon,
    Dilewati,
    HasilMusnah,
    Jenis,
    Progress,
    RencanaRetensi,
    tambah_tahun,
)
from .retensi_musnah import musnahkan

__all__ = [
    "AKSI_ARSIP",
    "AKSI_MUSNAH",
    "DITUTUP",
    "HILANG",
    "JENIS",
    "JENIS_BY_KODE",
    "MANIFEST_HEADERS",
    "RAHASIA",
    "TANDA_ANONIM",
    "TETAP",
    "Calon",
    "Dilewati",
    "HasilMusnah",
    "Jenis",
    "Progress",
    "RencanaRetensi",
    "arsipkan",
    "calon",
    "musnahkan",
    "nama_bawaan",
    "tambah_tahun",
]
