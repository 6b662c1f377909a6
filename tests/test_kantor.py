"""Office set-up from the Kemendagri list, and edits of office and camat."""

from __future__ import annotations

import pytest

from kecamatan_app.models import Desa, Kantor, Kecamatan, Pejabat, Pengguna
from kecamatan_app.services import kantor
from kecamatan_app.services.errors import Conflict, NotFound, ValidationError
from tests.conftest import CAMAT_NIP, gelumbang_setup

GELUMBANG = [
    ("16.03.06.1010", "Gelumbang", "kelurahan"), ("16.03.06.2004", "Gaung Telang", "desa"),
    ("16.03.06.2006", "Pinang Banjar", "desa"), ("16.03.06.2008", "Segayam", "desa"),
    ("16.03.06.2009", "Tambangan Kelekar", "desa"), ("16.03.06.2011", "Suka Menang", "desa"),
    ("16.03.06.2013", "Karang Endah", "desa"), ("16.03.06.2014", "Jambu", "desa"),
    ("16.03.06.2015", "Midar", "desa"), ("16.03.06.2016", "Mililian", "desa"),
    ("16.03.06.2017", "Pedataran", "desa"), ("16.03.06.2018", "Teluk Limau", "desa"),
    ("16.03.06.2019", "Kerta Mulya", "desa"), ("16.03.06.2020", "Sebau", "desa"),
    ("16.03.06.2021", "Sigam", "desa"), ("16.03.06.2022", "Payabakal", "desa"),
    ("16.03.06.2023", "Bitis", "desa"), ("16.03.06.2024", "Gumai", "desa"),
    ("16.03.06.2025", "Putak", "desa"), ("16.03.06.2026", "Talang Taling", "desa"),
    ("16.03.06.2030", "Suka Jaya", "desa"), ("16.03.06.2031", "Karang Endah Selatan", "desa"),
    ("16.03.06.2032", "Betung", "desa"),
]


def test_gelumbang_setup_creates_exactly_its_23_desa(office):
    assert office.kecamatan == "Gelumbang"
    assert office.kabupaten == "Kabupaten Muara Enim"
    assert office.provinsi == "Sumatera Selatan"
    assert (office.jumlah_kelurahan, office.jumlah_desa) == (1, 22)
    assert [(d.kode, d.nama, d.jenis) for d in kantor.desa_list()] == GELUMBANG
    assert office.camat.nip == CAMAT_NIP
    assert office.kantor.kop_baris_1 == "PEMERINTAH KABUPATEN MUARA ENIM"
    assert office.kantor.kop_baris_2 == "KECAMATAN GELUMBANG"


def test_setup_twice_is_refused(office):
    with pytest.raises(Conflict, match="sudah disiapkan"):
        gelumbang_setup(with_admin=False)


def test_unknown_kecamatan_code_writes_nothing(db):
    data = kantor.KantorData(alamat="Jl. X", kop_baris_1="PEMERINTAH")
    camat = kantor.CamatData(nama="A", nip=CAMAT_NIP)
    with pytest.raises(NotFound, match=r"16\.03\.99"):
        kantor.setup_office("16.03.99", data, camat)
    assert Kecamatan.select().count() == 0


def test_wrong_nip_and_missing_fields_write_nothing(db):
    data = kantor.default_kop("16.03.06")  # no address
    camat = kantor.CamatData(nama="", nip="1970010120000310")  # 16 digits
    admin = kantor.AdminData("admin", "Admin", "Rahasia123", "Rahasia123")
    with pytest.raises(ValidationError) as err:
        kantor.setup_office("16.03.06", data, camat, admin)
    fields = {p.field for p in err.value.problems}
    assert {"alamat", "camat_nama", "camat_nip"} <= fields
    assert Kecamatan.select().count() == Desa.select().count() == Pengguna.select().count() == 0


def test_bad_admin_rolls_back_the_whole_setup(db):
    data = kantor.default_kop("16.03.06", alamat="Jl. Merdeka")
    camat = kantor.CamatData(nama="Camat", nip=CAMAT_NIP)
    admin = kantor.AdminData("admin", "Admin", "lemah", "lemah")
    with pytest.raises(ValidationError, match="minimal"):
        kantor.setup_office("16.03.06", data, camat, admin)
    assert Kecamatan.select().count() == 0 and Kantor.select().count() == 0


def test_plt_camat_needs_a_description_not_a_nip(db):
    data = kantor.default_kop("16.03.06", alamat="Jl. Merdeka")
    with pytest.raises(ValidationError, match="keterangan jabatan"):
        kantor.setup_office("16.03.06", data, kantor.CamatData(nama="Sekcam", plt=True))
    info = kantor.setup_office("16.03.06", data, kantor.CamatData(
        nama="Sekcam", plt=True, keterangan_jabatan="Plt. Camat Gelumbang"))
    assert info.camat.plt and info.camat.nip == ""


def test_nip_with_spaces_is_accepted(db):
    data = kantor.default_kop("160306", alamat="Jl. Merdeka")
    info = kantor.setup_office("160306", data, kantor.CamatData(
        nama="Camat", nip="19700101 200003 1 001"))
    assert info.camat.nip == CAMAT_NIP


def test_update_office_with_stale_version_is_refused(admin):
    info = kantor.get_office()
    data = info.kantor
    data.alamat = "Jl. Baru No. 2"
    kantor.update_office(admin, data, info.kantor_versi)
    with pytest.raises(Conflict, match="diubah orang lain"):
        kantor.update_office(admin, data, info.kantor_versi)
    data.alamat = " "
    with pytest.raises(ValidationError, match="Alamat kantor wajib"):
        kantor.update_office(admin, data, info.kantor_versi + 1)


def test_camat_replacement_keeps_history(admin):
    import datetime as dt

    new = kantor.CamatData(nama="Hj. Nurlela, S.Sos", nip="198002022005012002")
    info = kantor.set_camat(admin, new, pergantian=True, tanggal=dt.date(2026, 11, 1))
    assert info.camat.nama == "Hj. Nurlela, S.Sos"
    history = kantor.camat_history()
    assert [h.aktif for h in history] == [True, False]
    assert history[1].selesai == dt.date(2026, 11, 1)
    assert Pejabat.select().where(Pejabat.aktif).count() == 1




def test_saving_an_unchanged_office_is_not_an_edit(admin):
    from kecamatan_app.models import JejakAudit

    info = kantor.get_office()
    n = JejakAudit.select().count()
    again = kantor.update_office(admin, info.kantor, info.kantor_versi)
    assert again.kantor_versi == info.kantor_versi
    assert JejakAudit.select().count() == n
