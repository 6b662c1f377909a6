"""Template, import and export of referrals (JENIS rujukan): letter numbers in date order, status
steps through the referral service, all or nothing, NIK masked in the export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import appoint_tksk
from test_cli import run

from kecamatan_app.models import (
    InstansiRujukan,
    JejakAudit,
    Kegiatan,
    LaporanBulanan,
    RiwayatRujukan,
    Rujukan,
)
from kecamatan_app.services import desa, impor_rujukan, kegiatan, rujukan, rujukan_daftar
from kecamatan_app.services import registri as reg
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import Conflict, PermissionDenied
from tests.impor_bantu import write_rows

HEADERS = [c.header for c in impor_rujukan.columns()]
Y = dt.date.today().year - 1
BUDI, SITI, KK = "1603061203990001", "1603065507010003", "1603061501100004"


@pytest.fixture
def klien(admin: Actor) -> dict[str, int]:
    """A TKSK appointed the year before last, a household and two registry persons (ids)."""
    tksk = appoint_tksk(admin, dt.date(Y - 1, 1, 1))
    sigam = desa.resolve("Sigam").id
    kk = reg.create_keluarga(admin, reg.KeluargaData(KK, "Budi Santoso", desa_id=sigam)).id
    budi = reg.create_warga(admin, reg.WargaData(
        nik=BUDI, nama="Budi Santoso", jenis_kelamin="L", tanggal_lahir=dt.date(1999, 3, 12),
        desa_id=sigam, keluarga_id=kk, hubungan="Kepala Keluarga")).id
    siti = reg.create_warga(admin, reg.WargaData(
        nik=SITI, nama="Siti Aminah", jenis_kelamin="P", tanggal_lahir=dt.date(2001, 7, 15),
        desa_id=desa.resolve("Mililian").id)).id
    return {"tksk": tksk, "kk": kk, "budi": budi, "siti": siti}


def ref(**over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "Tanggal": f"10-05-{Y}",
        "NIK Klien": BUDI,
        "Kebutuhan": "Pemeriksaan kesehatan",
        "Instansi": "puskesmas",
        "Persetujuan": "Ada",
    }
    row.update(over)
    return row


def workbook(path: Path, rows: list[dict[str, Any]]) -> Path:
    return write_rows(path, "Rujukan", HEADERS, rows)


def counts() -> tuple[int, int, int, int]:
    return (Rujukan.select().count(), Kegiatan.select().count(),
            RiwayatRujukan.select().count(), JejakAudit.select().count())


def test_template_filled_imports_with_numbers_in_date_order_and_status_history(
    admin: Actor, klien: dict[str, int], tmp_path: Path
) -> None:
    earlier = rujukan.create(admin, rujukan.RujukanData(
        dt.date(Y, 6, 1), InstansiRujukan.get(InstansiRujukan.kode == "disdik").id,
        "Beasiswa", warga_id=klien["siti"]))
    assert earlier.nomor_surat.startswith("001/")
    out = impor_rujukan.write_template(tmp_path / "templat.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Rujukan"]
    assert [c.value for c in ws[1]] == HEADERS
    petunjuk = [r[0] for r in wb["Petunjuk"].iter_rows(values_only=True)]
    assert all(h in petunjuk for h in HEADERS)
    assert {str(dv.sqref)[0] for dv in ws.data_validations.dataValidation} >= {"E", "F", "I", "L"}
    rows = [
        ref(Status="Selesai", **{"Tanggal Status": f"20-05-{Y}", "Hasil": "Berhasil",
                                 "Keterangan Status": "Sudah diperiksa dan mendapat obat",
                                 "Balasan Instansi": "Surat balasan No. 12/PKM"}),
        ref(Tanggal=dt.datetime(Y, 5, 2), **{"NIK Klien": None, "No. KK Klien": KK,
            "Kebutuhan": "Kartu KIS", "Instansi": "BPJS Kesehatan",
            "Persetujuan": "dikecualikan", "Alasan Tanpa Persetujuan": "Keadaan darurat",
            "Status": "ditolak", "Tanggal Status": f"{Y}-05-03",
            "Keterangan Status": "Bukan wilayah kerja"}),
        ref(Tanggal=f"03-05-{Y}", Kebutuhan="Akta kelahiran", Instansi="Dukcapil",
            Status="Diterima", **{"Tanggal Status": f"04-05-{Y}", "Jatuh Tempo": f"31-05-{Y}"}),
        ref(Tanggal=f"01-05-{Y}", Kebutuhan="Bantuan pangan", Instansi="BAZNAS",
            Status="Dibatalkan", **{"Tanggal Diterima": f"02-05-{Y}",
                                    "Tanggal Status": f"06-05-{Y}",
                                    "Keterangan Status": "Klien pindah"}),
        ref(Tanggal=f"01-07-{Y}", **{"NIK Klien": SITI}, Kebutuhan="Kursi roda",
            Persetujuan="Ya"),
    ]
    for r in rows:
        ws.append([r.get(h) for h in HEADERS])
    wb.save(out)
    result = impor_rujukan.import_file(admin, out)
    assert (result.problems, result.created) == ([], 5)

    found = {r.kebutuhan: r for r in rujukan_daftar.search(admin)}
    numbers = {k: r.nomor_surat.split("/")[0] for k, r in found.items()}
    assert numbers == {"Beasiswa": "001", "Bantuan pangan": "002", "Kartu KIS": "003",
                       "Akta kelahiran": "004", "Pemeriksaan kesehatan": "005",
                       "Kursi roda": "006"}
    assert [(r.status, r.hasil) for r in (found["Pemeriksaan kesehatan"], found["Kartu KIS"])] \
        == [("selesai", "Berhasil"), ("ditolak", "")]
    assert found["Kartu KIS"].klien == "Keluarga Budi Santoso"
    assert found["Akta kelahiran"].jatuh_tempo == dt.date(Y, 5, 31)

    def steps(kebutuhan: str) -> list[tuple[str, dt.date, str]]:
        detail = rujukan_daftar.detail(admin, found[kebutuhan].id)
        return [(s.status, s.tanggal, s.alasan) for s in detail.riwayat]

    assert steps("Pemeriksaan kesehatan") == [
        ("diajukan", dt.date(Y, 5, 10), ""), ("diterima", dt.date(Y, 5, 20), ""),
        ("selesai", dt.date(Y, 5, 20), "Sudah diperiksa dan mendapat obat")]
    assert steps("Bantuan pangan") == [
        ("diajukan", dt.date(Y, 5, 1), ""), ("diterima", dt.date(Y, 5, 2), ""),
        ("dibatalkan", dt.date(Y, 5, 6), "Klien pindah")]
    assert [s[0] for s in steps("Kartu KIS")] == ["diajukan", "ditolak"]
    assert [s[0] for s in steps("Kursi roda")] == ["diajukan"]
    pk = Rujukan.get_by_id(found["Pemeriksaan kesehatan"].id)
    assert pk.balasan == "Surat balasan No. 12/PKM"
    assert Kegiatan.get_by_id(pk.kegiatan_id).bentuk.kode == "rujukan"
    entries = JejakAudit.select().where(JejakAudit.aksi == "impor")
    assert [e.ringkasan for e in entries] == ["Impor rujukan dari templat.xlsx: 5 baru"]


def test_bad_rows_are_named_and_nothing_is_written(
    admin: Actor, klien: dict[str, int], tmp_path: Path
) -> None:
    LaporanBulanan.create(kecamatan=kegiatan.kecamatan_of(admin), penugasan=klien["tksk"],
                          tahun=Y, bulan=8, status="diajukan")
    before = counts()
    src = workbook(tmp_path / "salah.xlsx", [
        ref(),  # good, but the file is refused as a whole
        ref(**{"NIK Klien": "1603060101900009"}),
        ref(Instansi="Puskesmaz", Tanggal="01-01-2099"),
        ref(Status="Ditolak", **{"Tanggal Status": f"12-05-{Y}"}),
        ref(Status="Selesai", **{"Tanggal Status": f"01-05-{Y}", "Keterangan Status": "x"}),
        ref(**{"No. KK Klien": KK, "Persetujuan": "dikecualikan"}),
        ref(Persetujuan=None, Kebutuhan=None, Hasil="Berhasil"),
        ref(Tanggal=f"01-08-{Y}"),
        ref(Status="Diterima", **{"Tanggal Status": f"02-08-{Y}"}),
        ref(Status="Dibatalkan", **{"Tanggal Status": "2099-01-01",
                                    "Keterangan Status": "Klien menolak"}),
    ])
    result = impor_rujukan.import_file(admin, src)
    where = {(p.row, p.column): p.message for p in result.problems}
    assert "tidak ada di registri" in where[(3, "NIK Klien")]
    assert "Mungkin maksud Anda: Puskesmas?" in where[(4, "Instansi")]
    assert "belum terjadi" in where[(4, "Tanggal")]
    assert "alasan penolakan" in where[(5, "Keterangan Status")]
    assert "Pilih hasil" in where[(6, "Hasil")]
    assert "sebelum Tanggal" in where[(6, "Tanggal Status")]
    assert "tidak keduanya" in where[(7, "No. KK Klien")]
    assert "alasan" in where[(7, "Alasan Tanpa Persetujuan")]
    assert "persetujuan" in where[(8, "Persetujuan")]
    assert "kebutuhan" in where[(8, "Kebutuhan")]
    assert "Kosongkan" in where[(8, "Hasil")]
    assert "terkunci" in where[(9, "Tanggal")]
    assert "terkunci" in where[(10, "Tanggal Status")]
    assert "belum terjadi" in where[(11, "Tanggal Status")]
    assert not any(p.row == 2 for p in result.problems)
    assert counts() == before


def test_dry_run_writes_nothing_and_re_import_is_refused_as_duplicate(
    admin: Actor, klien: dict[str, int], tmp_path: Path
) -> None:
    src = workbook(tmp_path / "a.xlsx", [ref(), ref(Kebutuhan="Obat rutin")])
    before = counts()
    dry = impor_rujukan.import_file(admin, src, dry_run=True)
    assert (dry.created, dry.problems) == (2, [])
    assert counts() == before
    assert impor_rujukan.import_file(admin, src).created == 2
    after = counts()
    again = impor_rujukan.import_file(admin, src)
    assert [(p.row, p.column) for p in again.problems] == [(2, "Kebutuhan"), (3, "Kebutuhan")]
    assert "001/" in again.problems[0].message
    assert counts() == after
    twice = impor_rujukan.import_file(admin, workbook(tmp_path / "b.xlsx", [
        ref(Kebutuhan="Kacamata"), ref(Kebutuhan="kacamata ")]))
    assert [(p.row, p.column) for p in twice.problems] == [(3, "Kebutuhan")]


def test_a_step_the_service_refuses_while_saving_rolls_back_every_row(
    admin: Actor, klien: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = rujukan.ubah_status

    def refuse_second(actor: Actor, rid: int, ke: str, *args: Any, **kw: Any) -> int:
        if Rujukan.get_by_id(rid).kebutuhan == "Kedua":
            raise Conflict("Ditolak layanan (uji).")
        return real(actor, rid, ke, *args, **kw)

    monkeypatch.setattr(rujukan, "ubah_status", refuse_second)
    before = counts()
    accepted = {"Status": "Diterima", "Tanggal Status": f"12-05-{Y}"}
    src = workbook(tmp_path / "a.xlsx", [ref(Kebutuhan="Pertama", **accepted),
                                         ref(Kebutuhan="Kedua", **accepted)])
    result = impor_rujukan.import_file(admin, src)
    assert [(p.row, p.message) for p in result.problems] == [(3, "Ditolak layanan (uji).")]
    assert counts() == before


def test_export_masks_nik_unless_asked_and_is_audited(
    admin: Actor, klien: dict[str, int], make_actor: Any, tmp_path: Path
) -> None:
    impor_rujukan.import_file(admin, workbook(tmp_path / "a.xlsx", [
        ref(Status="Selesai", Hasil="Tidak berhasil", **{
            "Tanggal Diterima": f"12-05-{Y}", "Tanggal Status": f"20-05-{Y}",
            "Keterangan Status": "Obat tidak tersedia"}),
        ref(Tanggal=f"11-05-{Y}", **{"NIK Klien": None, "No. KK Klien": KK})]))

    def table(path: Path) -> list[dict[str, Any]]:
        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
        assert any("RAHASIA" in str(r[0]) for r in rows[:6])
        head = next(i for i, r in enumerate(rows) if r and r[0] == "No. Surat")
        return [dict(zip(rows[head], r, strict=True)) for r in rows[head + 1:]]

    assert impor_rujukan.export(admin, tmp_path / "m.xlsx", today=dt.date(Y, 5, 30)) == 2
    first, second = table(tmp_path / "m.xlsx")
    assert first["NIK Klien"] == "160306********01" and first["Nama Klien"] == "Budi Santoso"
    assert (first["Status"], first["Hasil"]) == ("Selesai", "Tidak berhasil")
    assert first["Tanggal Diterima"].date() == dt.date(Y, 5, 12)
    assert first["Tanggal Status"].date() == dt.date(Y, 5, 20)
    assert first["Keterangan Status"] == "Obat tidak tersedia"
    assert first["No. Surat"].startswith("001/") and first["TKSK"] == "Siti Aminah (contoh)"
    assert second["No. KK Klien"] == "160306********04" and second["Status"] == "Diajukan"
    assert second["Tanggal Status"] is None
    assert second["Terlambat (hari)"] == 5  # due 25 May (14 days), open on 30 May
    assert impor_rujukan.export(admin, tmp_path / "f.xlsx", with_nik=True) == 2
    assert table(tmp_path / "f.xlsx")[0]["NIK Klien"] == BUDI
    texts = [j.ringkasan for j in JejakAudit.select().where(JejakAudit.aksi == "ekspor")]
    assert any("NIK lengkap" in t for t in texts) and any("disamarkan" in t for t in texts)
    camat = make_actor("camat")
    with pytest.raises(PermissionDenied):
        impor_rujukan.export(camat, tmp_path / "c.xlsx", with_nik=True)
    assert not (tmp_path / "c.xlsx").exists()
    assert impor_rujukan.export(camat, tmp_path / "c.xlsx") == 2
    with pytest.raises(PermissionDenied):
        impor_rujukan.import_file(camat, tmp_path / "a.xlsx")


@pytest.mark.slow
def test_command_line_import_with_errors_then_good_file_and_export(
    admin: Actor, klien: dict[str, int], data_dir: Path, tmp_path: Path
) -> None:
    tpl = tmp_path / "templat.xlsx"
    assert run(["template", "rujukan", str(tpl)], data_dir).returncode == 0
    bad = workbook(tmp_path / "salah.xlsx", [ref(Instansi="Tidak Ada")])
    errors = tmp_path / "masalah.xlsx"
    proc = run(["import", "rujukan", str(bad), "--errors", str(errors)], data_dir)
    assert proc.returncode == 1 and "Baris 2, kolom Instansi: " in proc.stderr
    rows = list(openpyxl.load_workbook(errors).active.iter_rows(values_only=True))
    assert any(r[:2] == (2, "Instansi") for r in rows)
    assert Rujukan.select().count() == 0
    wb = openpyxl.load_workbook(tpl)
    wb["Rujukan"].append([ref().get(h) for h in HEADERS])
    wb.save(tpl)
    proc = run(["import", "rujukan", str(tpl)], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert Rujukan.select().count() == 1
    out = tmp_path / "ekspor.xlsx"
    proc = run(["export", "rujukan", str(out)], data_dir)
    assert proc.returncode == 0 and "(NIK disamarkan)" in proc.stdout
    values = [v for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
              for v in r]
    assert "160306********01" in values and BUDI not in values


@pytest.mark.slow
def test_future_dates_are_refused_with_advice_for_referrals(
    admin: Actor, klien: dict[str, int], data_dir: Path, tmp_path: Path
) -> None:
    """A referral and its steps have no draft: neither the import nor the command line tells
    the user to save a future-dated one as a draft."""
    before = counts()
    future = (dt.date.today() + dt.timedelta(days=2)).strftime("%d-%m-%Y")
    src = workbook(tmp_path / "depan.xlsx", [
        ref(Tanggal=future),
        ref(Status="Diterima", **{"Tanggal Status": future}),
    ])
    result = impor_rujukan.import_file(admin, src)
    where = {(p.row, p.column): p.message for p in result.problems}
    assert "belum terjadi" in where[(2, "Tanggal")]
    assert rujukan.SARAN_RUJUKAN in where[(2, "Tanggal")]
    assert "belum terjadi" in where[(3, "Tanggal Status")]
    assert not any("sebagai draf" in m or "Kegiatan final" in m for m in where.values()), where
    assert counts() == before
    proc = run(["import", "rujukan", str(src)], data_dir)
    assert proc.returncode == 1
    assert "Baris 2, kolom Tanggal: Tanggal " in proc.stderr
    assert rujukan.SARAN_RUJUKAN in proc.stderr and "Baris 3, kolom Tanggal Status" in proc.stderr
    assert "sebagai draf" not in proc.stderr and "Kegiatan final" not in proc.stderr
    assert counts() == before
