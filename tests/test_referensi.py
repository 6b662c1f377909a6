"""Reference lists seeded by migration and editable in the app."""

from __future__ import annotations

import json

import pytest

from kecamatan_app.models import BentukKegiatan, FungsiKegiatan, Kategori, KategoriAlias
from kecamatan_app.paths import resource
from kecamatan_app.services import referensi
from kecamatan_app.services.errors import Conflict, ValidationError


def test_seeded_lists_match_the_domain(db):
    ppks = referensi.rows("ppks")
    psks = referensi.rows("psks")
    assert [r.kode for r in ppks] == [f"{i:02d}" for i in range(1, 27)]
    assert [r.kode for r in psks] == [f"{i:02d}" for i in range(1, 13)]
    assert ppks[0].nama == "Anak Balita Telantar"
    assert ppks[25].nama == "Komunitas Adat Terpencil"
    assert psks[1].nama == "Pekerja Sosial Masyarakat (PSM)"
    pairs = {(b.fungsi.kode, b.kode) for b in BentukKegiatan.select().join(FungsiKegiatan)}
    assert ("fasilitasi", "rujukan") in pairs and ("administrasi", "pemetaan") in pairs
    assert len(pairs) == 10
    assert {r.kode for r in referensi.rows("instansi")} >= {"dinsos_kab", "puskesmas", "baznas"}


@pytest.mark.parametrize("alias,kode", [
    ("Anak Cacat", "05"), ("penyandang cacat mata/netra", "09"), ("Bekas Narapidana", "15"),
    ("KAT", "26"), ("Wanita Rawan Sosial Ekonomi", "23"), ("Keluarga Miskin", "24"),
    ("Lanjut Usia Terlantar", "08"),
])
def test_older_names_map_through_aliases(db, alias, kode):
    hit = KategoriAlias.get(KategoriAlias.alias == alias)  # NOCASE column
    assert hit.kategori.kode == kode and hit.kategori.jenis == "PPKS"


def test_reference_file_is_consistent():
    data = json.loads(resource("referensi", "v1.json").read_text("utf-8"))
    aliases = [a["alias"].lower() for k in data["kategori"] for a in k["alias"]]
    assert len(aliases) == len(set(aliases))
    criteria = {b["kriteria"] for b in data["jenis_berkas"]} - {""}
    assert criteria == {"wni", "usia", "bukan_asn", "domisili", "pendidikan", "sehat",
                        "kelakuan_baik", "pilar_sosial", "komputer"}


def test_rename_hide_and_alias_a_builtin_row(admin):
    row = referensi.rows("ppks")[4]
    saved = referensi.save(admin, "ppks", row.id, row.kode, "Anak Penyandang Disabilitas",
                           aktif=True, extra={"satuan": "jiwa"},
                           alias=[*row.alias, "Anak Difabel"], versi=row.versi)
    assert saved.nama == "Anak Penyandang Disabilitas" and "Anak Difabel" in saved.alias
    with pytest.raises(Conflict, match="tidak dapat diubah"):
        referensi.save(admin, "ppks", row.id, "99", "X", extra={"satuan": "jiwa"})
    with pytest.raises(Conflict, match="tidak dapat dihapus"):
        referensi.delete(admin, "ppks", row.id)
    with pytest.raises(Conflict, match="sudah dipakai"):
        referensi.save(admin, "ppks", referensi.rows("ppks")[0].id, "01", "Anak Balita Telantar",
                       extra={"satuan": "jiwa"}, alias=["Anak Difabel"])


def test_add_and_delete_custom_rows(admin):
    row = referensi.save(admin, "instansi", None, "uptd_ppa", "UPTD PPA Kabupaten",
                         extra={"jenis_layanan": "perlindungan", "alamat": "", "kontak": ""})
    assert row.urutan == len(referensi.rows("instansi"))
    with pytest.raises(Conflict, match="sudah dipakai"):
        referensi.save(admin, "instansi", None, "uptd_ppa", "Lain")
    referensi.delete(admin, "instansi", row.id)
    assert all(r.kode != "uptd_ppa" for r in referensi.rows("instansi"))
    kat = referensi.save(admin, "ppks", None, "27", "Kategori Lokal", extra={"satuan": "KK"})
    assert Kategori.get_by_id(kat.id).jenis == "PPKS"


def test_bad_input_is_explained(admin):
    with pytest.raises(ValidationError) as err:
        referensi.save(admin, "program", None, "Kode Spasi", "")
    assert {p.field for p in err.value.problems} == {"kode", "nama"}
    with pytest.raises(ValidationError, match="Pilih fungsi"):
        referensi.save(admin, "bentuk", None, "baru", "Bentuk Baru")


def test_official_name_of_another_category_is_not_an_alias(admin):
    row = referensi.rows("ppks")[0]
    with pytest.raises(Conflict, match="nama resmi"):
        referensi.save(admin, "ppks", row.id, row.kode, row.nama, extra={"satuan": "jiwa"},
                       alias=["Anak Telantar"])
