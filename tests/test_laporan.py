"""The monthly report's workflow (services/laporan.py): who may take each step, the reasons the
camat must give, the month lock it sets and lifts, and the narrative's edit rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kecamatan_app.services import kegiatan, kunci_bulan, laporan, laporan_cetak
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError
from kecamatan_app.services.formatting import bulan_tahun, tanggal
from kecamatan_app.services.kunci_bulan import BulanTerkunci
from tests.laporan_bantu import (
    BULAN,
    TAHUN,
    Orang,
    catat,
    diajukan,
    hari,
    kecamatan_id,
    orang,
)

BULAN_LABEL = bulan_tahun(TAHUN, BULAN)


@pytest.fixture
def o(make_actor: Any, admin: Actor, tksk_aktif: int) -> Orang:
    return orang(make_actor, admin)


def _actor(o: Orang, role: str) -> Actor:
    return Actor.cli() if role == "sistem" else getattr(o, role)


# -- opening the month -------------------------------------------------------------------------


def test_open_month_creates_a_draft_with_default_texts_and_prefilled_obstacles(o: Orang) -> None:
    catat(o.tksk, hari(4), hambatan_kategori="transportasi", hambatan="Jalan ke Dusun III rusak",
          tindak_lanjut="Mengusulkan kendaraan operasional")
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    assert (info.status, info.status_label, info.versi) == ("draf", "Draf", 1)
    assert info.judul_bulan == BULAN_LABEL
    assert "Undang-Undang Nomor 11 Tahun 2009" in info.pendahuluan
    assert "Permensos" not in info.tembusan and info.tembusan.splitlines()[-1] == "Arsip"
    assert info.kendala == (f"- Transportasi: Jalan ke Dusun III rusak (Rapat koordinasi "
                            f"penyaluran BPNT, {hari(4):%d-%m-%Y})")
    assert info.tindak_lanjut == "- Mengusulkan kendaraan operasional (Rapat koordinasi " \
                                 "penyaluran BPNT)"
    assert [(s.status, s.oleh, s.alasan) for s in info.riwayat] == [
        ("draf", "Pengguna Tksk", "Laporan disusun")]
    # opening again returns the same report, not a second one
    again = laporan.open_month(o.operator, TAHUN, BULAN)
    assert again.id == info.id and again.versi == info.versi


def test_open_month_refusals(o: Orang) -> None:
    with pytest.raises(PermissionDenied, match="Peran Camat tidak berhak menyusun"):
        laporan.open_month(o.camat, TAHUN, BULAN)
    nxt = (dt.date.today().replace(day=28) + dt.timedelta(days=7))
    with pytest.raises(ValidationError, match="belum berjalan"):
        laporan.open_month(o.tksk, nxt.year, nxt.month)
    with pytest.raises(ValidationError, match="TTTT-BB"):
        laporan.open_month(o.tksk, TAHUN, 13)
    with pytest.raises(Conflict, match="Tidak ada TKSK yang bertugas pada Januari 2020"):
        laporan.open_month(o.tksk, 2020, 1)


# -- who may take which step -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["operator", "admin", "camat", "sistem"])
def test_only_the_tksk_submits(o: Orang, role: str) -> None:
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    with pytest.raises(PermissionDenied, match="hanya TKSK"):
        laporan.move(_actor(o, role), info.id, "diajukan")
    assert laporan.get(o.admin, TAHUN, BULAN).status == "draf"
    done = laporan.move(o.tksk, info.id, "diajukan")
    assert done.status == "diajukan" and done.diajukan_pada is not None


@pytest.mark.parametrize("role", ["tksk", "operator", "admin", "sistem"])
def test_only_the_camat_returns_approves_and_reopens(o: Orang, role: str) -> None:
    info = diajukan(o)
    who = _actor(o, role)
    with pytest.raises(PermissionDenied, match="hanya Camat"):
        laporan.move(who, info.id, "dikembalikan", "Lengkapi foto")
    with pytest.raises(PermissionDenied, match="hanya Camat"):
        laporan_cetak.setujui(who, info.id, info.versi)
    assert laporan.get(o.admin, TAHUN, BULAN).status == "diajukan"
    approved = laporan_cetak.setujui(o.camat, info.id, info.versi)
    assert approved.status == "disetujui" and approved.arsip_sha256
    with pytest.raises(PermissionDenied, match="hanya Camat"):
        laporan.move(who, info.id, "dikembalikan", "Ada salah hitung")
    reopened = laporan.move(o.camat, info.id, "dikembalikan", "Ada salah hitung")
    assert reopened.status == "dikembalikan"


def test_the_camat_cannot_submit_for_the_tksk_nor_approve_without_the_pdf(o: Orang) -> None:
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    with pytest.raises(PermissionDenied):
        laporan.move(o.camat, info.id, "diajukan")
    info = laporan.move(o.tksk, info.id, "diajukan")
    with pytest.raises(ValueError, match="rendered PDF"):
        laporan.move(o.camat, info.id, "disetujui")
    assert laporan.get(o.camat, TAHUN, BULAN).status == "diajukan"  # nothing half-done


def test_steps_outside_the_workflow_are_refused(o: Orang) -> None:
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    with pytest.raises(Conflict, match="Draf tidak dapat menjadi Dikembalikan"):
        laporan.move(o.camat, info.id, "dikembalikan", "alasan")
    with pytest.raises(Conflict, match="Hanya laporan berstatus Diajukan"):
        laporan_cetak.setujui(o.camat, info.id, None)
    info = laporan.move(o.tksk, info.id, "diajukan")
    with pytest.raises(Conflict, match="Langkah yang mungkin: Dikembalikan, Disetujui"):
        laporan.move(o.tksk, info.id, "diajukan")
    info = laporan_cetak.setujui(o.camat, info.id, info.versi)
    with pytest.raises(Conflict, match="Disetujui tidak dapat menjadi Diajukan"):
        laporan.move(o.tksk, info.id, "diajukan")
    with pytest.raises(Conflict, match="Hanya laporan berstatus Diajukan"):
        laporan_cetak.setujui(o.camat, info.id, None)


def test_return_needs_a_reason_the_tksk_can_read(o: Orang) -> None:
    info = diajukan(o)
    with pytest.raises(ValidationError, match="Tuliskan alasan mengembalikan laporan") as exc:
        laporan.move(o.camat, info.id, "dikembalikan", "   ")
    assert [p.field for p in exc.value.problems] == ["alasan"]
    back = laporan.move(o.camat, info.id, "dikembalikan", "  Foto kegiatan tanggal 5 belum ada ")
    seen = laporan.get(o.tksk, TAHUN, BULAN)
    assert seen is not None and seen.status_label == "Dikembalikan"
    assert back.alasan_terakhir == seen.alasan_terakhir == "Foto kegiatan tanggal 5 belum ada"
    again = laporan.move(o.tksk, info.id, "diajukan")
    assert again.alasan_terakhir == ""  # only a returned report shows the reason
    assert [(s.status, s.oleh, s.alasan) for s in again.riwayat] == [
        ("draf", "Pengguna Tksk", "Laporan disusun"),
        ("diajukan", "Pengguna Tksk", ""),
        ("dikembalikan", "Pengguna Camat", "Foto kegiatan tanggal 5 belum ada"),
        ("diajukan", "Pengguna Tksk", "")]


def test_reopening_an_approved_report_needs_a_reason(o: Orang) -> None:
    info = laporan_cetak.setujui(o.camat, diajukan(o).id, None)
    with pytest.raises(ValidationError, match="membuka kembali laporan yang sudah disetujui"):
        laporan.move(o.camat, info.id, "dikembalikan", "")
    assert laporan.get(o.camat, TAHUN, BULAN).status == "disetujui"
    info = laporan.move(o.camat, info.id, "dikembalikan", "Jumlah peserta keliru")
    assert info.alasan_terakhir == "Jumlah peserta keliru"
    assert (info.arsip_sha256, info.disetujui_pada) == ("", None)
    assert [s.label for s in info.riwayat] == ["Draf", "Diajukan", "Disetujui", "Dikembalikan"]


def test_submitting_with_draft_activities_in_the_month_is_refused(o: Orang) -> None:
    catat(o.tksk, hari(2))
    draft = catat(o.tksk, hari(9), status="draf", judul="Rencana bimbingan sosial")
    other = hari(9).replace(day=1) - dt.timedelta(days=40)
    catat(o.tksk, other, status="draf")  # a draft in another month does not count
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    with pytest.raises(Conflict, match=f"Masih ada 1 kegiatan berstatus draf pada {BULAN_LABEL}"):
        laporan.move(o.tksk, info.id, "diajukan")
    assert kunci_bulan.status(kecamatan_id(), TAHUN, BULAN) is None
    kegiatan.delete(o.tksk, draft, None)
    assert laporan.move(o.tksk, info.id, "diajukan").status == "diajukan"


# -- the month lock ----------------------------------------------------------------------------


def test_lock_reasons_follow_the_report(o: Orang) -> None:
    kec = kecamatan_id()
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    assert kunci_bulan.status(kec, TAHUN, BULAN) is None  # a draft does not lock
    info = laporan.move(o.tksk, info.id, "diajukan")
    lock = kunci_bulan.status(kec, TAHUN, BULAN)
    assert lock is not None and lock.status == "diajukan" and lock.laporan_id == info.id
    assert lock.alasan == (
        f"Bulan {BULAN_LABEL} terkunci: laporan bulanan bulan itu sudah Diajukan pada "
        f"{tanggal(dt.date.today())} dan sedang menunggu pemeriksaan Camat. Data bulan itu "
        "dapat diubah lagi bila Camat mengembalikan laporan tersebut.")
    with pytest.raises(BulanTerkunci) as exc:
        catat(o.tksk, hari(10))
    assert str(exc.value) == lock.alasan

    laporan.move(o.camat, info.id, "dikembalikan", "Tambahkan kegiatan tanggal 10")
    assert kunci_bulan.status(kec, TAHUN, BULAN) is None  # returned: open again
    catat(o.tksk, hari(10))

    info = laporan.move(o.tksk, info.id, "diajukan")
    laporan_cetak.setujui(o.camat, info.id, info.versi)
    lock = kunci_bulan.status(kec, TAHUN, BULAN)
    assert lock is not None and lock.status == "disetujui"
    assert lock.alasan == (
        f"Bulan {BULAN_LABEL} terkunci: laporan bulanan bulan itu sudah Disetujui oleh Pengguna "
        f"Camat pada {tanggal(dt.date.today())}. Hanya Camat yang dapat membukanya kembali, "
        "dengan alasan, di halaman Laporan.")
    with pytest.raises(BulanTerkunci, match="Hanya Camat yang dapat membukanya kembali"):
        catat(o.operator, hari(11))
    assert kunci_bulan.locked_months(kec, TAHUN)[BULAN].alasan == lock.alasan

    laporan.move(o.camat, info.id, "dikembalikan", "Dibuka untuk koreksi")
    assert kunci_bulan.status(kec, TAHUN, BULAN) is None
    catat(o.operator, hari(11))


# -- the narrative -----------------------------------------------------------------------------


def test_narrative_saved_in_draft_and_returned_but_not_once_submitted(o: Orang) -> None:
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    info = laporan.save_text(o.tksk, info.id, {"kendala": "Hujan deras  \n", "nomor": " 460/7 "},
                             info.versi)
    assert (info.kendala, info.nomor, info.versi) == ("Hujan deras", "460/7", 2)
    same = laporan.save_text(o.operator, info.id, {"kendala": "Hujan deras"}, info.versi)
    assert same.versi == 2  # nothing changed: no new version
    with pytest.raises(ValueError, match="unknown fields"):
        laporan.save_text(o.tksk, info.id, {"status": "disetujui"}, info.versi)
    with pytest.raises(ValidationError, match="Nomor laporan terlalu panjang"):
        laporan.save_text(o.tksk, info.id, {"nomor": "9" * 101}, info.versi)
    with pytest.raises(PermissionDenied):
        laporan.save_text(o.camat, info.id, {"kendala": "x"}, info.versi)

    info = laporan.move(o.tksk, info.id, "diajukan")
    with pytest.raises(Conflict, match=r"berstatus Diajukan dan tidak dapat diubah\. Camat dapat "
                                       "mengembalikannya"):
        laporan.save_text(o.tksk, info.id, {"kendala": "Ubah"}, info.versi)
    info = laporan.move(o.camat, info.id, "dikembalikan", "Perjelas kendala")
    info = laporan.save_text(o.tksk, info.id, {"kendala": "Hujan deras 3 hari"}, info.versi)
    assert info.kendala == "Hujan deras 3 hari"
    info = laporan_cetak.setujui(o.camat, laporan.move(o.tksk, info.id, "diajukan").id, None)
    with pytest.raises(Conflict, match=r"berstatus Disetujui dan tidak dapat diubah\. Hanya Camat"):
        laporan.save_text(o.operator, info.id, {"penutup": "Ubah"}, info.versi)
    assert laporan.get(o.camat, TAHUN, BULAN).kendala == "Hujan deras 3 hari"


def test_version_conflicts(o: Orang) -> None:
    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    stale = info.versi
    laporan.save_text(o.operator, info.id, {"kendala": "Versi operator"}, stale)
    with pytest.raises(Conflict, match="baru saja diubah orang lain"):
        laporan.save_text(o.tksk, info.id, {"kendala": "Versi TKSK"}, stale)
    assert laporan.get(o.tksk, TAHUN, BULAN).kendala == "Versi operator"
    with pytest.raises(Conflict, match="baru saja diubah orang lain"):
        laporan.move(o.tksk, info.id, "diajukan", versi=stale)
    fresh = laporan.get(o.tksk, TAHUN, BULAN)
    info = laporan.move(o.tksk, info.id, "diajukan", versi=fresh.versi)
    with pytest.raises(Conflict, match="baru saja diubah orang lain"):
        laporan_cetak.setujui(o.camat, info.id, fresh.versi)
    assert laporan.get(o.camat, TAHUN, BULAN).status == "diajukan"


def test_a_disabled_tksk_account_can_no_longer_submit(o: Orang) -> None:
    from kecamatan_app.models import Pengguna

    info = laporan.open_month(o.tksk, TAHUN, BULAN)
    Pengguna.update(aktif=False).where(Pengguna.id == o.tksk.user_id).execute()
    with pytest.raises(PermissionDenied, match="dinonaktifkan"):
        laporan.move(o.tksk, info.id, "diajukan")


def test_the_approval_moment_can_be_given_for_past_months(o: Orang) -> None:
    """The demo backdates approvals; the history, the report and the lock reason agree."""
    when = dt.datetime(TAHUN, BULAN, 28, 11, 0)
    info = laporan_cetak.setujui(o.camat, diajukan(o).id, None, pada=when)
    assert info.disetujui_pada == when and info.riwayat[-1].pada == when
    lock = kunci_bulan.status(kecamatan_id(), TAHUN, BULAN)
    assert lock is not None and f"pada {tanggal(when.date())}." in lock.alasan
