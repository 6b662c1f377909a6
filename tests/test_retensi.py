"""Retention (services.retensi): per record type inside and outside its retention and on the
boundary day, records held by the month lock or by records that stay, the archive read back,
the purge (exactly the planned records, one transaction, attachment files, audit), and refusals.

Records are made through the services; "time passing" is simulated by moving a row's own dates
back with a plain UPDATE (as if it had been saved years ago), or by asking for the plan of a day
in the future (the plan may look ahead; the purge may not)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kecamatan_app.models import (
    Berkas,
    DataPPKS,
    DataPSKS,
    JejakAudit,
    Kategori,
    Kegiatan,
    KegiatanFoto,
    KegiatanSasaran,
    Keluarga,
    Pendaftar,
    RiwayatDataPPKS,
    RiwayatRujukan,
    Rujukan,
    Warga,
)
from kecamatan_app.services import (
    audit,
    berkas,
    kegiatan,
    lampiran,
    pendaftar,
    psks,
    registri,
    registri_ppks,
    retensi,
    retensi_musnah,
    rujukan,
    settings,
)
from kecamatan_app.services.context import Actor
from kecamatan_app.services.ekspor import ExportFileError
from kecamatan_app.services.errors import Conflict, PermissionDenied, ValidationError
from kecamatan_app.services.kegiatan_periksa import FotoData, MitraData
from kecamatan_app.services.retensi import RencanaRetensi, tambah_tahun
from tests.db_bantu import damage_content, is_postgres, stored_contents
from tests.kegiatan_bantu import (
    HARI,
    TODAY,
    data,
    desa_id,
    jpeg,
    kunci,
    rujukan_data,
)

DAY = dt.timedelta(days=1)


# -- helpers ----------------------------------------------------------------------------------


def kat(jenis: str, kode: str = "01") -> int:
    return int(Kategori.get((Kategori.jenis == jenis) & (Kategori.kode == kode)).id)


def nik(serial: int, born: dt.date = dt.date(1990, 5, 4)) -> str:
    return f"160306{born.day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def ids(rencana: RencanaRetensi, jenis: str, held: bool = False) -> set[int]:
    return {c.id for c in rencana.baris if c.jenis == jenis and c.ditahan == held}


def kapan(rencana: RencanaRetensi, jenis: str, rid: int) -> retensi.Calon:
    return next(c for c in rencana.baris if (c.jenis, c.id) == (jenis, rid))


def lalu(years: int, days: int = 0) -> dt.datetime:
    """A moment ``years`` years (and ``days`` days) before today, 10:00."""
    return dt.datetime.combine(tambah_tahun(TODAY, -years) - dt.timedelta(days=days),
                               dt.time(10, 0))


def mundur(model: Any, rid: int, when: dt.datetime, owner: str = "id") -> None:
    """The row(s) were last changed at ``when`` (a plain UPDATE, which keeps the date)."""
    model.update(diubah_pada=when).where(getattr(model, owner) == rid).execute()


def pdf_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n")
    return path


def foto_file(tmp_path: Path, name: str, shade: int) -> str:
    from PIL import Image

    path = tmp_path / name
    path.write_bytes(jpeg(Image.new("RGB", (320, 240), (shade, 90, 60))))
    return str(path)


def calon_tksk(admin: Actor, nama: str, serial: int, daftar: dt.date) -> int:
    born = dt.date(1996, 5, 4)
    pid, _ = pendaftar.create(admin, pendaftar.PendaftarData(
        nik=nik(serial, born), nama=nama, jenis_kelamin="L", tanggal_lahir=born,
        tanggal_daftar=daftar))
    return pid


def orang(admin: Actor, nama: str, serial: int, status: str | None = "tidak_lagi",
          foto: str | None = None, keluarga_id: int | None = None) -> int:
    wid = registri.create_warga(admin, registri.WargaData(
        nik=nik(serial), nama=nama, jenis_kelamin="L", tanggal_lahir=dt.date(1990, 5, 4),
        desa_id=desa_id("Sigam"), keluarga_id=keluarga_id)).id
    if status is not None:
        saved = registri_ppks.add_ppks(admin, registri_ppks.PPKSData(
            kategori_id=kat("PPKS", "24"), warga_id=wid, foto_path=foto))
        if status != "teridentifikasi":
            registri_ppks.change_status(admin, saved.id, status, 1)
    return wid


def file_of(lampiran_id: int) -> Path:
    """The attachment as a file on this PC (PostgreSQL: the print copy from the database)."""
    return lampiran.local_path(lampiran_id)


def tutup(admin: Actor, rid: int, day: dt.date, bukti: Path | None = None) -> None:
    versi = rujukan.ubah_status(admin, rid, "diterima", day)
    rujukan.ubah_status(admin, rid, "selesai", day, alasan="Klien dilayani poli lansia",
                        hasil="berhasil", balasan="Sudah ditangani",
                        bukti_path=str(bukti) if bukti else None, versi=versi)


# -- each record type: inside, outside, on the boundary ---------------------------------------


def test_a_candidate_never_appointed_ends_two_years_after_registering(
        admin: Actor, tksk_aktif: int) -> None:
    daftar = TODAY - dt.timedelta(days=30)
    pid = calon_tksk(admin, "Rudi Hartono (contoh)", 21, daftar)
    end = tambah_tahun(daftar, 2)
    assert ids(retensi.calon(admin, end - DAY), "pendaftar") == set()
    plan = retensi.calon(admin, end)
    assert ids(plan, "pendaftar") == {pid}  # the appointed TKSK is never a candidate for this
    c = kapan(plan, "pendaftar", pid)
    assert (c.mulai, c.berakhir) == (daftar, end)
    assert "Rudi Hartono (contoh)" in c.uraian and "160306********21" in c.uraian
    assert nik(21, dt.date(1996, 5, 4)) not in c.uraian + c.identitas
    assert c.identitas.startswith("R*** H***")
    assert ids(retensi.calon(admin, tambah_tahun(TODAY, 40)), "pendaftar") == {pid}
    settings.set_value(admin, "retensi.pendaftar_tahun", 3)
    assert ids(retensi.calon(admin, end), "pendaftar") == set()


def test_registry_persons_without_active_ppks_end_five_years_after_the_last_change(
        admin: Actor) -> None:
    lepas = orang(admin, "Budi Lepas (contoh)", 31)  # PPKS no longer
    aktif = orang(admin, "Siti Aktif (contoh)", 32, status="ditangani")
    tanpa = orang(admin, "Tono Tanpa (contoh)", 33, status=None)  # in the registry, no PPKS
    kk = registri.create_keluarga(admin, registri.KeluargaData(
        kepala="Rahmat (contoh)", desa_id=desa_id("Mililian"))).id
    registri_ppks.add_ppks(admin, registri_ppks.PPKSData(
        kategori_id=kat("PPKS", "24"), keluarga_id=kk, status="terverifikasi"))
    anggota = orang(admin, "Ani Anggota (contoh)", 34, status=None, keluarga_id=kk)
    end = tambah_tahun(TODAY, 5)
    assert ids(retensi.calon(admin, end - DAY), "warga") == set()
    plan = retensi.calon(admin, end)
    # a household member stays while the household is a PPKS; a person with an active one too
    assert ids(plan, "warga") == {lepas, tanpa}
    assert aktif not in ids(plan, "warga") and anggota not in ids(plan, "warga")
    assert ids(plan, "keluarga") == set()  # still a PPKS household, with a member kept
    assert "1 catatan PPKS tidak aktif" in kapan(plan, "warga", lepas).uraian

    # the household's PPKS ends: the household and its member go together, counted from then
    (hh,) = DataPPKS.select().where(DataPPKS.keluarga == kk)
    registri_ppks.change_status(admin, hh.id, "tidak_lagi", hh.versi)
    plan = retensi.calon(admin, end)
    assert ids(plan, "warga") == {lepas, tanpa, anggota}
    assert ids(plan, "keluarga") == {kk}
    # one change of the person moves the clock: the last change counts
    mundur(Warga, lepas, lalu(6))
    mundur(DataPPKS, lepas, lalu(6), owner="warga")
    assert lepas in ids(retensi.calon(admin, TODAY), "warga")
    mundur(DataPPKS, lepas, lalu(5, -1), owner="warga")  # 5 years minus one day ago
    assert lepas not in ids(retensi.calon(admin, TODAY), "warga")


def test_inactive_psks_ends_after_the_last_change_and_a_partner_of_a_kept_activity_stays(
        admin: Actor, tksk_aktif: int) -> None:
    kader = psks.create(admin, psks.PsksData(
        kategori_id=kat("PSKS", "02"), nama="Joko Kader (contoh)", desa_id=desa_id("Sigam"),
        status="tidak_aktif")).row.id
    aktif = psks.create(admin, psks.PsksData(
        kategori_id=kat("PSKS", "02"), nama="Rina Kader (contoh)", desa_id=desa_id("Sigam"),
        status="aktif")).row.id
    end = tambah_tahun(TODAY, 5)
    assert ids(retensi.calon(admin, end - DAY), "psks") == set()
    plan = retensi.calon(admin, end)
    assert ids(plan, "psks") == {kader} and aktif not in ids(plan, "psks", held=True)
    kegiatan.create(admin, data(mitra=[MitraData(psks_id=kader)]))
    held = kapan(retensi.calon(admin, end), "psks", kader)
    assert held.ditahan and "mitra kegiatan" in held.alasan_tahan


def test_a_closed_referral_ends_five_years_after_closing(admin: Actor, tksk_aktif: int) -> None:
    w = orang(admin, "Budi Klien (contoh)", 41, status="ditangani")
    buka = rujukan.create(admin, rujukan_data(w)).id
    tutup_id = rujukan.create(admin, rujukan_data(w, tanggal=HARI - 5 * DAY)).id
    closed = HARI + 3 * DAY
    tutup(admin, tutup_id, closed)
    end = tambah_tahun(closed, 5)
    assert ids(retensi.calon(admin, end - DAY), "rujukan") == set()
    plan = retensi.calon(admin, end)
    assert ids(plan, "rujukan") == {tutup_id}  # an open referral has no end
    c = kapan(plan, "rujukan", tutup_id)
    assert c.mulai == closed and "160306********41" in c.uraian and "Budi Klien" in c.uraian
    assert "Budi" not in c.identitas
    # when its activity's own retention ends, the whole referral goes with the activity
    later = retensi.calon(admin, tambah_tahun(HARI, 10))
    assert tutup_id not in ids(later, "rujukan")
    kid = Rujukan.get_by_id(tutup_id).kegiatan_id
    assert kid in ids(later, "kegiatan")
    open_kid = Rujukan.get_by_id(buka).kegiatan_id
    held = kapan(later, "kegiatan", open_kid)
    assert held.ditahan and "masih diajukan" in held.alasan_tahan


def test_activities_end_ten_years_after_their_date_and_the_month_lock_holds_some(
        admin: Actor, tksk_aktif: int, tmp_path: Path) -> None:
    k = kegiatan.create(admin, data()).id
    end = tambah_tahun(HARI, 10)
    assert ids(retensi.calon(admin, end - DAY), "kegiatan") == set()
    assert ids(retensi.calon(admin, end), "kegiatan") == {k}

    lap = kunci(HARI, "diajukan")  # submitted, waiting for the camat: held
    held = kapan(retensi.calon(admin, end), "kegiatan", k)
    assert held.ditahan and "menunggu pemeriksaan Camat" in held.alasan_tahan
    # approved with its archived PDF intact: the PDF stays the record, the activity may go
    pdf = lampiran.store_bytes(b"%PDF-1.4 laporan disetujui", "laporan.pdf")
    lap.status, lap.arsip_pdf, lap.arsip_sha256 = "disetujui", pdf.id, pdf.sha256
    lap.save()
    assert ids(retensi.calon(admin, end), "kegiatan") == {k}
    damage_content(pdf.id)  # the archived PDF is damaged: held again
    held = kapan(retensi.calon(admin, end), "kegiatan", k)
    assert held.ditahan and "arsip PDF-nya tidak ada atau rusak" in held.alasan_tahan


def test_a_leap_day_start_ends_on_28_february() -> None:
    assert tambah_tahun(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)
    assert tambah_tahun(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


# -- a world with one record of each type past its retention -----------------------------------


@dataclass
class Dunia:
    calon_lama: int
    calon_lama2: int
    calon_baru: int
    warga_lama: int
    warga_sasaran: int
    warga_aktif: int
    keluarga: int
    anggota: int
    psks: int
    kegiatan_lama: int
    kegiatan_baru: int
    rujukan: int
    rujukan_kegiatan: int
    pdf_bersama: Path
    pdf_sendiri: Path
    pdf_bukti: Path
    file_foto_ppks: Path
    file_foto_kegiatan: list[Path]


@pytest.fixture
def dunia(admin: Actor, tksk_aktif: int, tmp_path: Path) -> Dunia:
    jenis = berkas.types()[1].id
    shared = pdf_file(tmp_path, "ktp-bersama.pdf", "sama")
    own = pdf_file(tmp_path, "ktp-sendiri.pdf", "sendiri")
    daftar = tambah_tahun(TODAY, -3)
    calon_lama = calon_tksk(admin, "Agus Lama (contoh)", 51, daftar)
    calon_lama2 = calon_tksk(admin, "Bayu Lama (contoh)", 52, daftar)
    calon_baru = calon_tksk(admin, "Citra Baru (contoh)", 53, TODAY - 10 * DAY)
    berkas.attach(admin, calon_lama, jenis, shared)
    berkas.attach(admin, calon_baru, jenis, shared)  # the same file: stored once, kept
    berkas.attach(admin, calon_lama2, jenis, own)

    warga_lama = orang(admin, "Dedi Lama (contoh)", 61,
                       foto=foto_file(tmp_path, "ppks.jpg", 30))
    warga_sasaran = orang(admin, "Eko Sasaran (contoh)", 62)
    warga_aktif = orang(admin, "Fitri Aktif (contoh)", 63, status="ditangani")
    kk = registri.create_keluarga(admin, registri.KeluargaData(
        kepala="Gani Kepala (contoh)", desa_id=desa_id("Mililian"))).id
    hh = registri_ppks.add_ppks(admin, registri_ppks.PPKSData(
        kategori_id=kat("PPKS", "24"), keluarga_id=kk, status="tidak_lagi")).id
    anggota = orang(admin, "Hana Anggota (contoh)", 64, status=None, keluarga_id=kk)
    kader = psks.create(admin, psks.PsksData(
        kategori_id=kat("PSKS", "02"), nama="Iwan Kader (contoh)", desa_id=desa_id("Sigam"),
        status="tidak_aktif")).row.id

    lama = kegiatan.create(admin, data(
        judul="Kunjungan rumah lama", warga_ids=[warga_sasaran],
        foto=[FotoData(None, foto_file(tmp_path, "kegiatan.jpg", 120), "Kunjungan")])).id
    baru = kegiatan.create(admin, data(judul="Rapat baru")).id
    bukti = pdf_file(tmp_path, "balasan.pdf", "balasan puskesmas")
    rj = rujukan.create(admin, rujukan_data(warga_aktif))
    tutup(admin, rj.id, HARI, bukti)

    # time passes: these were last changed years ago
    for model, rid, owner in ((Warga, warga_lama, "id"), (DataPPKS, warga_lama, "warga"),
                              (Warga, warga_sasaran, "id"), (DataPPKS, warga_sasaran, "warga"),
                              (Keluarga, kk, "id"), (DataPPKS, hh, "id"), (Warga, anggota, "id"),
                              (DataPSKS, kader, "id")):
        mundur(model, rid, lalu(6), owner)
    Kegiatan.update(tanggal=lalu(11).date()).where(Kegiatan.id == lama).execute()
    RiwayatRujukan.update(tanggal=lalu(6).date()).where(
        (RiwayatRujukan.rujukan == rj.id) & (RiwayatRujukan.status == "selesai")).execute()
    foto_ppks = file_of(DataPPKS.get(DataPPKS.warga == warga_lama).foto_id)
    (kf,) = KegiatanFoto.select().where(KegiatanFoto.kegiatan == lama)
    return Dunia(calon_lama, calon_lama2, calon_baru, warga_lama, warga_sasaran, warga_aktif, kk,
                 anggota, kader, lama, baru, rj.id, rj.kegiatan_id, shared, own, bukti,
                 foto_ppks, [file_of(kf.lampiran_id), file_of(kf.thumbnail_id)])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected(d: Dunia) -> dict[str, set[int]]:
    return {"kegiatan": {d.kegiatan_lama}, "rujukan": {d.rujukan},
            "warga": {d.warga_lama, d.warga_sasaran, d.anggota}, "keluarga": {d.keluarga},
            "psks": {d.psks}, "pendaftar": {d.calon_lama, d.calon_lama2}}


def test_the_plan_of_today(admin: Actor, dunia: Dunia) -> None:
    plan = retensi.calon(admin)
    assert {j.kode: ids(plan, j.kode) for j in retensi.JENIS} == expected(dunia)
    assert plan.ditahan == []  # the beneficiary is freed by the activity that goes with it
    assert plan.jumlah()["warga"] == (3, 0)
    text = "\n".join(plan.ringkasan())
    assert "Calon TKSK yang tidak diangkat (disimpan 2 tahun sejak tanggal pendaftaran): 2 " \
           "akan dihapus" in text
    assert "Rujukan yang sudah ditutup (disimpan 5 tahun sejak rujukan ditutup): 1 akan " \
           "dianonimkan" in text
    # without the activity, the person is held: still a beneficiary of a kept record
    settings.set_value(admin, "retensi.kegiatan_tahun", 20)
    plan = retensi.calon(admin)
    held = kapan(plan, "warga", dunia.warga_sasaran)
    assert held.ditahan and f"sasaran kegiatan (nomor kegiatan {dunia.kegiatan_lama})" in \
        held.alasan_tahan


def read_zip(path: Path) -> tuple[zipfile.ZipFile, Any]:
    zf = zipfile.ZipFile(path)
    book = next(n for n in zf.namelist() if n.endswith(".xlsx"))
    return zf, openpyxl.load_workbook(io.BytesIO(zf.read(book)))


def table(wb: Any, name: str) -> list[dict[str, Any]]:
    rows = list(wb[name].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Jenis retensi")
    return [dict(zip(rows[start], r, strict=False)) for r in rows[start + 1:]]


def test_the_archive_holds_exactly_the_planned_records_with_their_children(
        admin: Actor, dunia: Dunia, tmp_path: Path) -> None:
    plan = retensi.calon(admin)
    with pytest.raises(ExportFileError, match="tidak dapat ditulis"):
        retensi.arsipkan(admin, plan, tmp_path / "tidak-ada" / "arsip.zip")
    assert JejakAudit.select().where(JejakAudit.aksi == "ekspor_arsip_retensi").count() == 0
    out = retensi.arsipkan(admin, plan, tmp_path / "arsip-uji")
    assert out.name == "arsip-uji.zip" and out.exists()
    assert not list(tmp_path.glob("*.tmp"))
    zf, wb = read_zip(out)
    for ws in wb.worksheets:
        assert str(ws.cell(1, 1).value).startswith("RAHASIA - berisi data pribadi"), ws.title
        assert ws.oddHeader.center.text == "RAHASIA - berisi data pribadi"
    assert {r["id"] for r in table(wb, "pendaftar")} == {dunia.calon_lama, dunia.calon_lama2}
    full = {r["nik"] for r in table(wb, "pendaftar")}
    assert nik(51, dt.date(1996, 5, 4)) in full  # the archive keeps the full NIK
    assert {r["pendaftar"] for r in table(wb, "berkas")} == {dunia.calon_lama, dunia.calon_lama2}
    assert {r["id"] for r in table(wb, "warga")} == expected(dunia)["warga"]
    assert {r["warga"] for r in table(wb, "data_ppks") if r["warga"]} == {
        dunia.warga_lama, dunia.warga_sasaran}
    assert len(table(wb, "riwayat_data_ppks")) == RiwayatDataPPKS.select().join(DataPPKS).where(
        DataPPKS.warga.in_([dunia.warga_lama, dunia.warga_sasaran])
        | (DataPPKS.keluarga == dunia.keluarga)).count()
    assert {r["id"] for r in table(wb, "kegiatan")} == {dunia.kegiatan_lama,
                                                        dunia.rujukan_kegiatan}
    assert [r["warga"] for r in table(wb, "kegiatan_sasaran")] == [dunia.warga_sasaran,
                                                                    dunia.warga_aktif]
    assert {r["kegiatan"] for r in table(wb, "kegiatan_foto")} == {dunia.kegiatan_lama}
    assert [r["status"] for r in table(wb, "riwayat_rujukan")] == ["diajukan", "diterima",
                                                                   "selesai"]
    assert table(wb, "rujukan")[0]["kebutuhan"] == "Pemeriksaan kesehatan lansia"
    assert {r["id"] for r in table(wb, "data_psks")} == {dunia.psks}
    assert table(wb, "data_ppks")[0]["kategori (nama)"]  # readable without the database
    # attachments: the files the purge deletes are in the zip; the shared one stays home
    names = set(zf.namelist())
    for path in (dunia.pdf_sendiri, dunia.pdf_bukti):
        assert f"lampiran/{sha(path)}.pdf" in names
    assert f"lampiran/{sha(dunia.pdf_bersama)}.pdf" not in names
    for path in (dunia.file_foto_ppks, *dunia.file_foto_kegiatan):
        assert f"lampiran/{path.name}.jpg" in names
        assert zf.read(f"lampiran/{path.name}.jpg") == path.read_bytes()
    kept = [r for r in table(wb, "lampiran") if r["sha256"] == sha(dunia.pdf_bersama)]
    assert kept[0]["Berkas dalam arsip"] == retensi.TETAP
    (entry,) = JejakAudit.select().where(JejakAudit.aksi == "ekspor_arsip_retensi")
    assert json.loads(entry.data_baru)["sha256"] == sha(out)
    with pytest.raises(Conflict, match="sudah ada"):
        retensi.arsipkan(admin, plan, out)


def all_counts() -> dict[str, int]:
    from kecamatan_app.models import ALL_MODELS

    return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


def test_the_purge_removes_exactly_the_planned_records(
        admin: Actor, dunia: Dunia, tmp_path: Path) -> None:
    plan = retensi.calon(admin)
    out = retensi.arsipkan(admin, plan, tmp_path / "arsip.zip")
    before = all_counts()
    hasil = retensi.musnahkan(admin, plan, out)
    assert hasil.jumlah == {k: len(v) for k, v in expected(dunia).items()}
    assert hasil.dilewati == () and hasil.berkas_gagal == ()
    assert hasil.berkas_dihapus == 5 and hasil.berkas_tetap == 0
    after = all_counts()
    assert before["pendaftar"] - after["pendaftar"] == 2
    assert before["warga"] - after["warga"] == 3 and before["keluarga"] - after["keluarga"] == 1
    assert before["kegiatan"] - after["kegiatan"] == 1
    assert before["rujukan"] == after["rujukan"]  # anonymised, the letter number stays
    assert before["lampiran"] - after["lampiran"] == 5
    assert Pendaftar.get_or_none(Pendaftar.id == dunia.calon_baru) is not None
    assert Berkas.select().where(Berkas.pendaftar == dunia.calon_baru).count() == 1
    assert Warga.get_or_none(Warga.id == dunia.warga_aktif) is not None
    assert Kegiatan.get_or_none(Kegiatan.id == dunia.kegiatan_baru) is not None
    assert DataPPKS.select().where(DataPPKS.warga.in_(list(expected(dunia)["warga"]))
                                   | (DataPPKS.keluarga == dunia.keluarga)).count() == 0
    assert KegiatanFoto.select().where(KegiatanFoto.kegiatan == dunia.kegiatan_lama).count() == 0
    r = Rujukan.get_by_id(dunia.rujukan)
    assert (r.warga_id, r.keluarga_id, r.kebutuhan, r.balasan) == (
        None, None, retensi.TANDA_ANONIM, "")
    assert (r.status, r.hasil, r.nomor_surat) != ("", "", "")
    assert all((h.alasan, h.lampiran_id) == ("", None) for h in r.riwayat)
    k = Kegiatan.get_by_id(dunia.rujukan_kegiatan)
    assert k.judul == "Rujukan ke Puskesmas" and "Fitri" not in k.uraian
    assert KegiatanSasaran.select().where(KegiatanSasaran.kegiatan == k.id).count() == 0
    # files: the deleted records' contents are gone (PostgreSQL: the content rows, in the
    # purge's transaction, and this PC's print copies), the shared one stays
    stored = stored_contents()
    assert sha(dunia.pdf_bersama) in stored
    for gone in (dunia.file_foto_ppks, *dunia.file_foto_kegiatan):
        assert gone.name not in stored and not gone.exists()
    assert sha(dunia.pdf_sendiri) not in stored and sha(dunia.pdf_bukti) not in stored
    assert before["lampiran_isi"] - after["lampiran_isi"] == (5 if is_postgres() else 0)
    # the audit trail: one entry per record type, ids and masked identities, no personal data
    entries = list(JejakAudit.select().where(JejakAudit.aksi == "musnah_retensi"))
    assert sorted(e.tabel for e in entries) == sorted(
        ["kegiatan", "rujukan", "warga", "keluarga", "data_psks", "pendaftar", "lampiran"])
    text = " ".join(f"{e.ringkasan} {e.data_lama} {e.data_baru}" for e in entries)
    for secret in ("Agus", "Dedi", "Eko", "Hana", "Gani", "Iwan", "Lama (contoh)",
                   nik(51, dt.date(1996, 5, 4)), nik(61), nik(62)):
        assert secret not in text
    assert "160306********61" in text and out.name in text and hasil.arsip_sha256 in text
    warga_entry = next(e for e in entries if e.tabel == "warga")
    assert sorted(json.loads(warga_entry.data_lama)["id"]) == sorted(expected(dunia)["warga"])
    assert audit.verify_chain().ok
    assert "Pemusnahan selesai" in hasil.ringkasan()[0]
    # nothing is left to purge
    assert retensi.calon(admin).musnah == []


def test_a_failure_in_the_middle_deletes_nothing(
        admin: Actor, dunia: Dunia, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = retensi.calon(admin)
    out = retensi.arsipkan(admin, plan, tmp_path / "arsip.zip")
    before, files = all_counts(), stored_contents()
    real = audit.record

    def failing(actor: Actor, aksi: str, tabel: str = "", *args: Any, **kw: Any) -> Any:
        if aksi == "musnah_retensi" and tabel == "warga":  # after activities and referrals
            raise RuntimeError("disk penuh")
        return real(actor, aksi, tabel, *args, **kw)

    monkeypatch.setattr(retensi_musnah.audit, "record", failing)
    with pytest.raises(RuntimeError):
        retensi.musnahkan(admin, plan, out)
    assert all_counts() == before
    assert stored_contents() == files
    assert Rujukan.get_by_id(dunia.rujukan).kebutuhan == "Pemeriksaan kesehatan lansia"
    monkeypatch.setattr(retensi_musnah.audit, "record", real)
    assert retensi.musnahkan(admin, plan, out).jumlah["warga"] == 3  # the archive still serves


def test_a_record_changed_after_the_plan_is_skipped_and_its_file_kept(
        admin: Actor, dunia: Dunia, tmp_path: Path) -> None:
    plan = retensi.calon(admin)
    out = retensi.arsipkan(admin, plan, tmp_path / "arsip.zip")
    Warga.update(versi=Warga.versi + 1).where(Warga.id == dunia.warga_lama).execute()
    Pendaftar.update(diubah_pada=lalu(0, 1)).where(Pendaftar.id == dunia.calon_lama2).execute()
    hasil = retensi.musnahkan(admin, plan, out)
    skipped = {(d.jenis, d.id): d.alasan for d in hasil.dilewati}
    assert set(skipped) == {("warga", dunia.warga_lama), ("pendaftar", dunia.calon_lama2)}
    assert all("berubah sejak rencana dibuat" in a for a in skipped.values())
    assert hasil.jumlah["warga"] == 2 and hasil.jumlah["pendaftar"] == 1
    assert Warga.get_or_none(Warga.id == dunia.warga_lama) is not None
    assert dunia.file_foto_ppks.name in stored_contents()  # still used by the kept record
    assert hasil.berkas_tetap == 2  # that photo and the kept candidate's own PDF
    entry = JejakAudit.get((JejakAudit.aksi == "musnah_retensi") & (JejakAudit.tabel == "warga"))
    assert str(dunia.warga_lama) in json.loads(entry.data_baru)["dilewati"]


def test_a_missing_or_altered_archive_refuses_the_purge(
        admin: Actor, dunia: Dunia, tmp_path: Path) -> None:
    plan = retensi.calon(admin)
    before = all_counts()
    with pytest.raises(Conflict, match="tidak ditemukan"):
        retensi.musnahkan(admin, plan, tmp_path / "tidak-ada.zip")
    out = retensi.arsipkan(admin, plan, tmp_path / "arsip.zip")
    altered = tmp_path / "diubah.zip"
    shutil.copy(out, altered)
    with altered.open("ab") as fh:
        fh.write(b"x")
    with pytest.raises(Conflict, match="tidak sama dengan arsip yang dibuat aplikasi"):
        retensi.musnahkan(admin, plan, altered)
    # an archive of another plan (the data changed in between) does not serve this one
    settings.set_value(admin, "retensi.pendaftar_tahun", 5)
    other = retensi.calon(admin)
    with pytest.raises(Conflict, match="rencana lain"):
        retensi.musnahkan(admin, other, out)
    # a rebuilt zip that the app did not write (a file removed) is refused too
    rebuilt = tmp_path / "tanpa-berkas.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for name in src.namelist():
            if not name.startswith("lampiran/"):
                dst.writestr(name, src.read(name))
    with pytest.raises(Conflict):
        retensi.musnahkan(admin, plan, rebuilt)
    after = all_counts()
    data_only = {"jejak_audit", "pengaturan"}  # the archive's entry and the changed setting
    assert {k: v for k, v in after.items() if k not in data_only} == {
        k: v for k, v in before.items() if k not in data_only}
    assert not JejakAudit.select().where(JejakAudit.aksi == "musnah_retensi").exists()
    with pytest.raises(ValidationError, match="belum tiba"):
        retensi.musnahkan(admin, retensi.calon(admin, tambah_tahun(TODAY, 30)), out)


@pytest.mark.parametrize("role", ["operator", "tksk", "camat"])
def test_only_the_administrator(role: str, admin: Actor, make_actor: Any, dunia: Dunia,
                                tmp_path: Path) -> None:
    someone = make_actor(role)
    plan = retensi.calon(admin)
    out = retensi.arsipkan(admin, plan, tmp_path / "arsip.zip")
    for call in (lambda: retensi.calon(someone),
                 lambda: retensi.arsipkan(someone, plan, tmp_path / "lain.zip"),
                 lambda: retensi.musnahkan(someone, plan, out)):
        with pytest.raises(PermissionDenied, match="tidak berhak memusnahkan"):
            call()
    assert not (tmp_path / "lain.zip").exists()
    assert Warga.get_or_none(Warga.id == dunia.warga_lama) is not None
