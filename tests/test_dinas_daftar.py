"""The lists and reports a page reads in a Dinas database, with the kecamatan a user of the whole
kabupaten chose (``kecamatan_id``): activities, referrals, monthly reports, the yearly recap,
the Beranda's numbers; refused for a kecamatan user asking for another kecamatan; and the
export headings that say whose data they hold."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest

from kecamatan_app.services import (
    beranda,
    beranda_laporan,
    ekspor,
    ekspor_kegiatan,
    kegiatan_daftar,
    kegiatan_pilihan,
    laporan,
    laporan_cetak,
    laporan_isi,
    rekap_tahunan,
    rujukan_daftar,
    settings,
)
from kecamatan_app.services.errors import NotFound, PermissionDenied, ValidationError
from kecamatan_app.services.kegiatan_daftar import KegiatanFilter
from kecamatan_app.services.rujukan_daftar import RujukanFilter
from tests import dinas_bantu as bantu

HARI = bantu.HARI


def _judul(rows: list[Any]) -> set[str]:
    return {r.judul for r in rows}


def test_a_kabupaten_user_reads_the_chosen_kecamatan(dunia, tmp_path):
    c, a, b = dunia.cast, dunia.a, dunia.b
    dinas = c["dinas"]
    bulan = KegiatanFilter(HARI.year, HARI.month)
    in_b = kegiatan_daftar.search(dinas, KegiatanFilter(kecamatan_id=b.kecamatan_id))
    assert len(in_b) == 2 and "Rapat koordinasi B" in _judul(in_b)
    assert not any(" A" in j for j in _judul(in_b))
    assert kegiatan_daftar.count(dinas, KegiatanFilter(kecamatan_id=a.kecamatan_id)) == 2
    assert kegiatan_daftar.per_hari(dinas, HARI.year, HARI.month,
                                    KegiatanFilter(kecamatan_id=b.kecamatan_id)) == {HARI: 2}
    assert HARI.year in kegiatan_daftar.years(dinas, b.kecamatan_id)
    assert [t.label.split(" (")[0] for t in kegiatan_daftar.tksk_choices(
        dinas, b.kecamatan_id)] == ["Calon B"]
    # without a choice the Dinas Sosial is asked to choose, never shown everything
    with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
        kegiatan_daftar.search(dinas, bulan)
    assert [r.id for r in rujukan_daftar.search(
        dinas, RujukanFilter(kecamatan_id=b.kecamatan_id))] == [b.rujukan_id]
    assert rujukan_daftar.detail(dinas, b.rujukan_id).row.id == b.rujukan_id
    assert rujukan_daftar.detail(dinas, a.rujukan_id, kecamatan_id=a.kecamatan_id).row.id \
        == a.rujukan_id
    with pytest.raises(NotFound):  # asked as a referral of A, the one of B is not found
        rujukan_daftar.detail(dinas, b.rujukan_id, kecamatan_id=a.kecamatan_id)
    per = rujukan_daftar.rekap_per_instansi(dinas, None, None, kecamatan_id=b.kecamatan_id)
    assert per[-1].jumlah == 1
    # the monthly report, its print and the yearly recap of B
    info = laporan_cetak.info_for(dinas, HARI.year, HARI.month, b.kecamatan_id)
    assert info.id == b.laporan_id
    of_a = laporan.get(dinas, HARI.year, HARI.month, a.kecamatan_id)
    assert of_a is not None and of_a.id == a.laporan_id
    assert laporan.by_id(dinas, b.laporan_id).id == b.laporan_id
    isi = laporan_isi.compile_month(dinas, info, kecamatan_id=b.kecamatan_id)
    assert any("TANJUNG AGUNG" in line for line in isi.judul)
    assert [k.uraian for k in isi.kegiatan if "Rapat" in k.uraian] == [
        "Rapat koordinasi B. Uraian kegiatan B"]
    pdf = laporan_cetak.write_pdf(dinas, HARI.year, HARI.month, tmp_path / "b.pdf",
                                  kecamatan_id=b.kecamatan_id)
    assert pdf.read_bytes().startswith(b"%PDF")
    rekap = rekap_tahunan.compile_year(dinas, HARI.year, kecamatan_id=b.kecamatan_id)
    assert any("TANJUNG AGUNG" in line for line in rekap.judul)
    assert rekap.kegiatan[-1].bulan[HARI.month - 1] == 2  # the meeting and the referral
    assert rekap.rujukan[0].bulan[HARI.month - 1] == 1


def test_the_beranda_of_a_chosen_kecamatan(dunia):
    c, a, b = dunia.cast, dunia.a, dunia.b
    data = beranda.muat(c["dinas"], HARI.year, kecamatan_id=b.kecamatan_id)
    assert data.tksk is not None and data.tksk.nama == "Calon B"
    assert data.rujukan is not None
    assert data.rujukan.filter_terbuka.kecamatan_id == b.kecamatan_id
    assert data.kegiatan is not None and data.kegiatan.filter_ini.kecamatan_id == b.kecamatan_id
    assert data.laporan is not None
    month = data.laporan.bulan[HARI.month - 1]
    assert month.laporan_id == b.laporan_id and month.status == "draf"
    assert data.ppks is not None and data.ppks.total is not None
    assert data.ppks.total.dilaporkan_desa == 11  # B's count (A's is 7)
    own = beranda.muat(c["camat_a"], HARI.year)
    assert own.tksk is not None and own.tksk.nama == "Calon A"
    assert own.ppks is not None and own.ppks.total is not None
    assert own.ppks.total.dilaporkan_desa == 7
    cal = beranda_laporan.kalender_laporan(c["dinas"], HARI.year, kecamatan_id=a.kecamatan_id)
    assert cal.bulan[HARI.month - 1].laporan_id == a.laporan_id
    with pytest.raises(ValidationError, match="Pilih dahulu kecamatan"):
        beranda.muat(c["dinas"], HARI.year)


def _calls_for_b(actor: Any, b: bantu.Isi, tmp_path: Any) -> list[Any]:
    """Every read of the pages with ``kecamatan_id`` of kecamatan B."""
    kec_b = b.kecamatan_id
    return [
        lambda: kegiatan_daftar.search(actor, KegiatanFilter(kecamatan_id=kec_b)),
        lambda: kegiatan_daftar.count(actor, KegiatanFilter(kecamatan_id=kec_b)),
        lambda: kegiatan_daftar.years(actor, kec_b),
        lambda: kegiatan_daftar.tksk_choices(actor, kec_b),
        lambda: rujukan_daftar.search(actor, RujukanFilter(kecamatan_id=kec_b)),
        lambda: rujukan_daftar.detail(actor, b.rujukan_id, kecamatan_id=kec_b),
        lambda: rujukan_daftar.rekap_per_instansi(actor, None, None, kecamatan_id=kec_b),
        lambda: laporan.get(actor, HARI.year, HARI.month, kec_b),
        lambda: laporan.by_id(actor, b.laporan_id, kec_b),
        lambda: laporan.archived_pdf(actor, b.laporan_id, kec_b),
        lambda: laporan_cetak.info_for(actor, HARI.year, HARI.month, kec_b),
        lambda: laporan_cetak.write_pdf(actor, HARI.year, HARI.month, tmp_path / "x.pdf",
                                        kecamatan_id=kec_b),
        lambda: laporan_cetak.write_xlsx(actor, HARI.year, HARI.month, tmp_path / "x.xlsx",
                                         kecamatan_id=kec_b),
        lambda: laporan_isi.prefill_obstacles(actor, HARI.year, HARI.month, kec_b),
        lambda: rekap_tahunan.compile_year(actor, HARI.year, kec_b),
        lambda: rekap_tahunan.write(actor, HARI.year, pdf=tmp_path / "r.pdf",
                                    kecamatan_id=kec_b),
        lambda: beranda.muat(actor, HARI.year, kecamatan_id=kec_b),
        lambda: beranda.tksk_aktif(actor, kec_b),
        lambda: beranda.kegiatan_banding(actor, kecamatan_id=kec_b),
        lambda: beranda.angka_rujukan(actor, kecamatan_id=kec_b),
        lambda: beranda.ppks(actor, kecamatan_id=kec_b),
        lambda: beranda_laporan.kalender_laporan(actor, HARI.year, kecamatan_id=kec_b),
    ]


@pytest.mark.parametrize("who", ["operator_a", "camat_a", "tksk_a", "admin_a"])
def test_a_kecamatan_user_asking_for_another_kecamatan_is_refused(dunia, tmp_path, who):
    actor, b = dunia.cast[who], dunia.b
    for call in _calls_for_b(actor, b, tmp_path):
        with pytest.raises(PermissionDenied, match="milik kecamatan Tanjung Agung"):
            call()
    # another kecamatan's report or referral asked for by its id stays "not found"
    with pytest.raises(NotFound):
        laporan.by_id(actor, b.laporan_id)
    with pytest.raises(NotFound):
        rujukan_daftar.detail(actor, b.rujukan_id)
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "r.pdf").exists()
    assert not (tmp_path / "x.xlsx").exists()


def _subtitle(path: Any) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    return [str(r[0]) for r in ws.iter_rows(min_row=1, max_row=6, max_col=1, values_only=True)
            if r[0]]


def test_export_headings_name_the_kecamatan_of_the_data(dunia, tmp_path):
    c, a, b = dunia.cast, dunia.a, dunia.b
    out = tmp_path / "kegiatan.xlsx"
    kegiatan_pilihan.export_list(c["dinas"], KegiatanFilter(kecamatan_id=b.kecamatan_id), out)
    lines = _subtitle(out)
    assert any(line.startswith("Kecamatan Tanjung Agung") for line in lines), lines
    assert not any("semua kecamatan" in line for line in lines)
    kegiatan_pilihan.export_list(c["operator_a"], KegiatanFilter(), out)
    assert any(line.startswith("Kecamatan Gelumbang") for line in _subtitle(out))
    ekspor_kegiatan.export_kegiatan(c["dinas"], out, f=KegiatanFilter(kecamatan_id=a.kecamatan_id))
    assert any(line.startswith("Kecamatan Gelumbang") for line in _subtitle(out))
    ekspor_kegiatan.export_rujukan(c["camat_b"], out)
    assert any(line.startswith("Kecamatan Tanjung Agung") for line in _subtitle(out))
    # a list of the whole kabupaten says so
    ekspor.export_users(c["admin"], out)
    assert any("Dinas Sosial" in line and "semua kecamatan" in line for line in _subtitle(out))
    ekspor.export_users(c["admin_a"], out)
    assert any(line.startswith("Kecamatan Gelumbang") for line in _subtitle(out))


def test_household_search_of_an_activity_stays_in_the_kecamatan(dunia):
    c = dunia.cast
    found = kegiatan_pilihan.cari_sasaran(c["operator_a"], "keluarga", "Kepala")
    assert [s.label.split(" (")[0] for s in found] == ["Keluarga Kepala A"]
    assert {s.label.split(" (")[0] for s in kegiatan_pilihan.cari_sasaran(
        c["admin"], "keluarga", "Kepala")} == {"Keluarga Kepala A", "Keluarga Kepala B"}


def test_role_dinas_may_be_given_the_specific_data_categories(dunia):
    admin = dunia.cast["admin"]
    settings.set_value(admin, "data.peran_data_spesifik", "admin,operator,tksk,dinas")
    assert settings.get("data.peran_data_spesifik") == "admin,operator,tksk,dinas"
    with pytest.raises(ValidationError, match="Peran tidak dikenal: lurah"):
        settings.set_value(admin, "data.peran_data_spesifik", "admin,lurah")


def test_referral_client_search_stays_in_the_kecamatan(dunia):
    from kecamatan_app.services import rujukan_pilihan

    c, a, b = dunia.cast, dunia.a, dunia.b
    op_a = c["operator_a"]
    assert {k.label for k in rujukan_pilihan.cari_klien(op_a, "Kepala")} == {
        rujukan_pilihan.klien(op_a, None, a.keluarga_id).label}
    assert rujukan_pilihan.cari_klien(op_a, "Kepala B") == []
    assert rujukan_pilihan.cari_klien(op_a, "Warga B") == []
    assert rujukan_pilihan.klien(op_a, a.warga_id, None).nama == a.warga_nama
    with pytest.raises(PermissionDenied):
        rujukan_pilihan.klien(op_a, None, b.keluarga_id)
    with pytest.raises(PermissionDenied):
        rujukan_pilihan.klien(op_a, b.warga_id, None)
