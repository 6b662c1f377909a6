"""The referral lifecycle: every transition, allowed and refused, dated and audited.

    diajukan -> diterima | ditolak (reason) | dibatalkan (reason)
    diterima -> selesai (berhasil | tidak_berhasil, with reason) | dibatalkan (reason)
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kecamatan_app.models import RiwayatRujukan, Rujukan
from kecamatan_app.services import audit, rujukan, rujukan_daftar, rujukan_pilihan
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, ValidationError
from tests.kegiatan_bantu import TODAY, audit_rows, counts, fields, rujukan_data, warga, write

D0 = TODAY - dt.timedelta(days=30)
D1 = D0 + dt.timedelta(days=3)
D2 = D0 + dt.timedelta(days=10)
ALL = ("diajukan", "diterima", "ditolak", "selesai", "dibatalkan")


@pytest.fixture
def ruj(admin: Actor, tksk_aktif: int) -> int:
    return rujukan.create(admin, rujukan_data(warga(admin), tanggal=D0)).id


def _steps(rid: int) -> list[tuple[str, dt.date, str]]:
    q = RiwayatRujukan.select().where(RiwayatRujukan.rujukan == rid).order_by(RiwayatRujukan.id)
    return [(h.status, h.tanggal, h.alasan) for h in q]


def _to(admin: Actor, rid: int, path: list[str]) -> None:
    """Walk ``rid`` along ``path`` with valid reasons, one day apart from D1."""
    for i, ke in enumerate(path):
        rujukan.ubah_status(admin, rid, ke, D1 + dt.timedelta(days=i), alasan="Alasan contoh",
                            hasil="berhasil" if ke == "selesai" else "")


ALLOWED: list[tuple[list[str], str, dict[str, str], str]] = [
    ([], "diterima", {}, ""),
    ([], "ditolak", {"alasan": "Bukan wilayah layanan"}, ""),
    ([], "dibatalkan", {"alasan": "Klien pindah domisili"}, ""),
    (["diterima"], "selesai", {"alasan": "Klien sudah dirawat", "hasil": "berhasil"},
     "berhasil"),
    (["diterima"], "selesai", {"alasan": "Kuota habis", "hasil": "tidak_berhasil"},
     "tidak_berhasil"),
    (["diterima"], "dibatalkan", {"alasan": "Klien meninggal dunia"}, ""),
]


@pytest.mark.parametrize("before, ke, kw, hasil", ALLOWED,
                         ids=[f"{'-'.join(b) or 'diajukan'}->{k}:{h or '-'}"
                              for b, k, _kw, h in ALLOWED])
def test_allowed_transition_is_dated_and_audited(
        admin: Actor, ruj: int, before: list[str], ke: str, kw: dict[str, str],
        hasil: str) -> None:
    _to(admin, ruj, before)
    versi = Rujukan.get_by_id(ruj).versi
    new_versi = rujukan.ubah_status(admin, ruj, ke, D2, balasan=" Surat balasan no. 12 ",
                                    versi=versi, **kw)
    r = Rujukan.get_by_id(ruj)
    assert (r.status, r.hasil, r.versi, new_versi) == (ke, hasil, versi + 1, versi + 1)
    assert r.balasan == "Surat balasan no. 12"
    assert _steps(ruj)[-1] == (ke, D2, kw.get("alasan", ""))
    assert len(_steps(ruj)) == len(before) + 2
    assert RiwayatRujukan.select().order_by(RiwayatRujukan.id.desc()).first().oleh_id == \
        admin.user_id
    row = audit_rows("rujukan", "ubah", ruj)[-1]
    assert json.loads(row.data_lama)["status"] == (before[-1] if before else "diajukan")
    baru = json.loads(row.data_baru)
    assert baru["status"] == ke
    assert baru["langkah"] == {"status": ke, "tanggal": D2.isoformat(),
                               "alasan": kw.get("alasan", ""), "lampiran": None}
    assert audit.verify_chain().ok


REFUSED_BY_RULE: list[tuple[list[str], str]] = [
    ([], "diajukan"), ([], "selesai"),
    (["diterima"], "diterima"), (["diterima"], "ditolak"), (["diterima"], "diajukan"),
] + [(path, ke) for path in (["ditolak"], ["dibatalkan"], ["diterima", "selesai"],
                             ["diterima", "dibatalkan"]) for ke in ALL]


@pytest.mark.parametrize("before, ke", REFUSED_BY_RULE,
                         ids=[f"{'-'.join(b) or 'diajukan'}->{k}" for b, k in REFUSED_BY_RULE])
def test_refused_transition_changes_nothing(admin: Actor, ruj: int, before: list[str],
                                            ke: str) -> None:
    _to(admin, ruj, before)
    stored = Rujukan.get_by_id(ruj)
    snapshot = counts()
    with pytest.raises(Conflict, match=f"tidak dapat menjadi {rujukan.STATUS[ke]}") as err:
        rujukan.ubah_status(admin, ruj, ke, TODAY, alasan="Alasan contoh", hasil="berhasil")
    if before and before[-1] in ("ditolak", "selesai", "dibatalkan"):
        assert "rujukan sudah ditutup" in str(err.value)
    assert counts() == snapshot
    after = Rujukan.get_by_id(ruj)
    assert (after.status, after.versi, after.hasil) == (stored.status, stored.versi,
                                                        stored.hasil)


MISSING: list[tuple[list[str], str, dict[str, Any], str, str]] = [
    ([], "ditolak", {}, "alasan", "alasan penolakan"),
    ([], "dibatalkan", {"alasan": "   "}, "alasan", "alasan pembatalan"),
    (["diterima"], "dibatalkan", {}, "alasan", "alasan pembatalan"),
    (["diterima"], "selesai", {"hasil": "berhasil"}, "alasan", "keterangan hasil"),
    (["diterima"], "selesai", {"alasan": "Sudah ditangani"}, "hasil", "berhasil atau tidak"),
    (["diterima"], "selesai", {"alasan": "Sudah", "hasil": "lumayan"}, "hasil",
     "berhasil atau tidak"),
    ([], "hilang", {}, "status", "tidak dikenal"),
]


@pytest.mark.parametrize("before, ke, kw, field, text", MISSING,
                         ids=[f"{k}-{f}-{i}" for i, (_b, k, _kw, f, _t) in enumerate(MISSING)])
def test_missing_reason_or_outcome_is_refused(admin: Actor, ruj: int, before: list[str],
                                             ke: str, kw: dict[str, Any], field: str,
                                             text: str) -> None:
    _to(admin, ruj, before)
    status = Rujukan.get_by_id(ruj).status
    snapshot = counts()
    with pytest.raises(ValidationError) as err:
        rujukan.ubah_status(admin, ruj, ke, D2, **kw)
    assert field in fields(err.value) and text in str(err.value)
    assert counts() == snapshot and Rujukan.get_by_id(ruj).status == status


@pytest.mark.parametrize("day, text", [
    (D0 - dt.timedelta(days=1), "sebelum langkah sebelumnya"),  # before the referral itself
    (TODAY + dt.timedelta(days=1), "belum terjadi"),
    (None, "wajib"),
])
def test_bad_date_of_a_step_is_refused(admin: Actor, ruj: int, day: dt.date | None,
                                       text: str) -> None:
    snapshot = counts()
    with pytest.raises(ValidationError, match=text) as err:
        rujukan.ubah_status(admin, ruj, "diterima", day)
    assert fields(err.value) == {"tanggal"}
    assert counts() == snapshot and Rujukan.get_by_id(ruj).status == "diajukan"


def test_step_dated_before_the_previous_step_is_refused(admin: Actor, ruj: int) -> None:
    rujukan.ubah_status(admin, ruj, "diterima", D2)
    snapshot = counts()
    with pytest.raises(ValidationError, match="sebelum langkah sebelumnya"):
        rujukan.ubah_status(admin, ruj, "selesai", D1, alasan="Sudah", hasil="berhasil")
    assert counts() == snapshot and Rujukan.get_by_id(ruj).status == "diterima"
    rujukan.ubah_status(admin, ruj, "selesai", D2, alasan="Sudah", hasil="berhasil")  # same day
    assert [s[0] for s in _steps(ruj)] == ["diajukan", "diterima", "selesai"]


def test_reply_with_evidence_is_kept_in_the_history(admin: Actor, ruj: int,
                                                   tmp_path: Path) -> None:
    bukti = write(tmp_path, "balasan-puskesmas.pdf", b"%PDF-1.4\nsurat balasan\n%%EOF\n")
    rujukan.ubah_status(admin, ruj, "diterima", D1, balasan="Diterima poli umum",
                        bukti_path=bukti)
    detail = rujukan_daftar.detail(admin, ruj)
    assert detail.balasan == "Diterima poli umum"
    assert detail.riwayat[-1].bukti_nama == "balasan-puskesmas.pdf"
    assert detail.riwayat[-1].bukti_id is not None
    assert detail.riwayat[0].bukti_id is None
    langkah = json.loads(audit_rows("rujukan", "ubah", ruj)[-1].data_baru)["langkah"]
    assert langkah["lampiran"] == detail.riwayat[-1].bukti_id
    bid = detail.riwayat[-1].bukti_id
    assert bid is not None and rujukan_pilihan.bukti(admin, ruj, bid).nama == (
        "balasan-puskesmas.pdf")
    assert [r.ringkasan for r in audit_rows("rujukan", "lihat_rinci", ruj)] == [
        "Membuka bukti balasan-puskesmas.pdf"]  # opening the evidence is audited


def test_bad_evidence_file_is_refused_and_nothing_written(admin: Actor, ruj: int,
                                                         tmp_path: Path) -> None:
    bukti = write(tmp_path, "balasan.docx", b"PK\x03\x04 bukan pdf")
    snapshot = counts()
    with pytest.raises(ValidationError, match=r"balasan\.docx bukan PDF"):
        rujukan.ubah_status(admin, ruj, "diterima", D1, bukti_path=bukti)
    assert counts() == snapshot and Rujukan.get_by_id(ruj).status == "diajukan"


def test_detail_shows_the_dated_history_and_next_steps(admin: Actor, ruj: int,
                                                       make_actor: Any) -> None:
    tksk = make_actor("tksk")
    d = rujukan_daftar.detail(admin, ruj)
    assert d.langkah_berikut == ("diterima", "ditolak", "dibatalkan")
    rujukan.ubah_status(tksk, ruj, "diterima", D1)
    rujukan.ubah_status(admin, ruj, "selesai", D2, alasan="Klien mendapat kursi roda",
                        hasil="berhasil")
    d = rujukan_daftar.detail(admin, ruj)
    assert [(s.status_label, s.tanggal, s.alasan, s.oleh) for s in d.riwayat] == [
        ("Diajukan", D0, "", "Admin Kecamatan"),
        ("Diterima", D1, "", "Pengguna Tksk"),
        ("Selesai", D2, "Klien mendapat kursi roda", "Admin Kecamatan"),
    ]
    assert d.langkah_berikut == ()
    assert (d.row.status, d.row.hasil, d.row.terlambat_hari) == ("selesai", "Berhasil", 0)
    assert d.persetujuan.startswith("Klien")


def test_future_step_is_refused_with_advice_for_referrals(admin: Actor, ruj: int) -> None:
    """A step has no draft either: the message says to record it once it has happened."""
    snapshot = counts()
    with pytest.raises(ValidationError) as err:
        rujukan.ubah_status(admin, ruj, "diterima", TODAY + dt.timedelta(days=1))
    assert rujukan.SARAN_LANGKAH in str(err.value) and "belum terjadi" in str(err.value)
    assert "draf" not in str(err.value) and "Kegiatan final" not in str(err.value)
    assert counts() == snapshot and Rujukan.get_by_id(ruj).status == "diajukan"
