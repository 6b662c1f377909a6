"""The Pasal 9 check: every criterion and every edge the issue names (pure function)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kecamatan_app.services import eligibility as el

REF = dt.date(2026, 10, 1)


def fakta(**kw) -> el.Fakta:
    base = dict(
        tanggal_lahir=dt.date(1999, 3, 12), tanggal_daftar=REF, kewarganegaraan="WNI",
        domisili_di_kecamatan=True, domisili_teks="Desa Sigam", ktp_di_kecamatan=None,
        pendidikan="SMA", status_kepegawaian="Bukan ASN/TNI/Polri/Legislatif",
        surat_sehat="Ada", skck="Ada", pilar_sosial="PSM", dapat_komputer=True)
    base.update(kw)
    return el.Fakta(**base)


def hasil(f: el.Fakta, kode: str, rules: el.Rules = el.Rules()) -> str:  # noqa: B008
    return el.evaluate(f, rules).by_kode(kode).hasil


def test_complete_candidate_meets_all_in_pasal_order():
    r = el.evaluate(fakta(), el.Rules())
    assert r.hasil == el.MEMENUHI_SYARAT
    assert [k.kode for k in r.kriteria] == ["wni", "usia", "bukan_asn", "domisili",
                                            "pendidikan", "sehat", "kelakuan_baik",
                                            "pilar_sosial", "komputer"]
    assert [k.pasal for k in r.kriteria] == [f"Pasal 9 huruf {h}" for h in "abcdefghi"]
    assert r.by_kode("usia").nilai == "27 tahun pada 1 Oktober 2026"


@pytest.mark.parametrize("lahir,expected", [
    (dt.date(2006, 10, 1), el.MEMENUHI),      # exactly 20 on the reference date
    (dt.date(2006, 10, 2), el.TIDAK),         # a day younger
    (dt.date(1990, 10, 2), el.MEMENUHI),      # 35 years and 364 days
    (dt.date(1990, 10, 1), el.TIDAK),         # the 36th birthday
])
def test_age_bounds(lahir, expected):
    assert hasil(fakta(tanggal_lahir=lahir), "usia") == expected


def test_29_february_birthdays():
    # born 29 Feb 2004: on 28 Feb 2026 not yet 22, on 1 Mar 2026 22
    assert el.usia_pada(dt.date(2004, 2, 29), dt.date(2026, 2, 28)) == 21
    assert el.usia_pada(dt.date(2004, 2, 29), dt.date(2026, 3, 1)) == 22
    assert el.usia_pada(dt.date(2004, 2, 29), dt.date(2028, 2, 29)) == 24
    # turns 20 on 29 February 2024 (a leap year): the day before still fails
    f = fakta(tanggal_lahir=dt.date(2006, 2, 28))
    assert hasil(replace(f, tanggal_lahir=dt.date(2004, 2, 29)), "usia",
                 el.Rules(tanggal_acuan=dt.date(2024, 2, 28))) == el.TIDAK
    assert hasil(replace(f, tanggal_lahir=dt.date(2004, 2, 29)), "usia",
                 el.Rules(tanggal_acuan=dt.date(2024, 2, 29))) == el.MEMENUHI


def test_reference_date_setting_overrides_registration_date():
    f = fakta(tanggal_lahir=dt.date(2006, 12, 1))  # 19 on 1 Oct 2026, 20 on 1 Dec 2026
    assert hasil(f, "usia") == el.TIDAK
    r = el.evaluate(f, el.Rules(tanggal_acuan=dt.date(2026, 12, 1)))
    assert r.by_kode("usia").hasil == el.MEMENUHI
    assert r.by_kode("usia").nilai == "20 tahun pada 1 Desember 2026"


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2020, 12, 31)),
       st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_age_matches_calendar_counting(lahir, pada):
    years = el.usia_pada(lahir, pada)
    if years >= 0:
        # the age is the number of birthdays passed: one more year is not yet reached
        assert (pada.month, pada.day) >= (lahir.month, lahir.day) or years == (
            pada.year - lahir.year - 1)
        assert 0 <= pada.year - lahir.year - years <= 1


@pytest.mark.parametrize("status,pppk_asn,expected", [
    ("Bukan ASN/TNI/Polri/Legislatif", True, el.MEMENUHI),
    ("PNS", True, el.TIDAK), ("TNI", True, el.TIDAK), ("Polri", True, el.TIDAK),
    ("Anggota Legislatif", True, el.TIDAK),
    ("PPPK", True, el.TIDAK), ("PPPK", False, el.MEMENUHI),
    (None, True, el.BELUM),
])
def test_not_civil_servant(status, pppk_asn, expected):
    assert hasil(fakta(status_kepegawaian=status), "bukan_asn",
                 el.Rules(pppk_asn=pppk_asn)) == expected


@pytest.mark.parametrize("dom,ktp,expected", [
    (True, None, el.MEMENUHI), (None, True, el.MEMENUHI), (False, True, el.MEMENUHI),
    (True, False, el.MEMENUHI), (None, None, el.BELUM), (False, None, el.BELUM),
    (None, False, el.BELUM), (False, False, el.TIDAK),
])
def test_domicile_and_or(dom, ktp, expected):
    assert hasil(fakta(domisili_di_kecamatan=dom, ktp_di_kecamatan=ktp), "domisili") == expected


@pytest.mark.parametrize("level", ["SMA", "SMK", "MA", "MAK", "Paket C", "D1", "D3", "S1", "S3"])
def test_education_that_passes(level):
    assert hasil(fakta(pendidikan=level), "pendidikan") == el.MEMENUHI


@pytest.mark.parametrize("level", ["SD", "SMP", "Paket A", "Paket B"])
def test_education_that_fails(level):
    assert hasil(fakta(pendidikan=level), "pendidikan") == el.TIDAK


@pytest.mark.parametrize("kode,field,good,bad", [
    ("wni", "kewarganegaraan", "WNI", "WNA"),
    ("sehat", "surat_sehat", "Ada", "Tidak Sehat"),
    ("kelakuan_baik", "skck", "Ada", "Ada Catatan"),
    ("pilar_sosial", "pilar_sosial", "Karang Taruna", "Tidak Ada"),
    ("komputer", "dapat_komputer", True, False),
])
def test_declared_criteria(kode, field, good, bad):
    assert hasil(fakta(**{field: good}), kode) == el.MEMENUHI
    assert hasil(fakta(**{field: bad}), kode) == el.TIDAK
    assert hasil(fakta(**{field: None}), kode) == el.BELUM


def test_unknown_is_never_failure_and_failure_wins():
    unknown = fakta(kewarganegaraan=None, pendidikan=None, skck=None)
    r = el.evaluate(unknown, el.Rules())
    assert r.hasil == el.BELUM_LENGKAP
    assert {k.kode for k in r.kriteria if k.hasil == el.BELUM} == {"wni", "pendidikan",
                                                                   "kelakuan_baik"}
    failing = replace(unknown, pendidikan="SMP")
    assert el.evaluate(failing, el.Rules()).hasil == el.TIDAK_MEMENUHI_SYARAT


def test_required_document_turns_declared_pass_into_waiting():
    rules = el.Rules(berkas_wajib=frozenset({"pendidikan"}))
    assert hasil(fakta(), "pendidikan", rules) == el.BELUM
    unverified = el.Dokumen("Ijazah terakhir", "pendidikan", None, None)
    assert hasil(fakta(dokumen=(unverified,)), "pendidikan", rules) == el.BELUM
    verified = el.Dokumen("Ijazah terakhir", "pendidikan", "Siti",
                          dt.datetime(2026, 10, 2, 9, 0))
    r = el.evaluate(fakta(dokumen=(verified,)), rules).by_kode("pendidikan")
    assert r.hasil == el.MEMENUHI
    assert r.bukti == "Ijazah terakhir (diverifikasi Siti, 2 Oktober 2026)"
    # a document never turns a declared failure into a pass
    assert hasil(fakta(pendidikan="SMP", dokumen=(verified,)), "pendidikan", rules) == el.TIDAK


def test_education_levels_are_a_rule():
    rules = el.Rules(pendidikan_lulus=frozenset({"S1"}))
    assert hasil(fakta(pendidikan="SMA"), "pendidikan", rules) == el.TIDAK


def test_evidence_text_without_a_known_verifier():
    doc = el.Dokumen("KTP-el", "wni", None, dt.datetime(2026, 10, 5, 8, 0))
    r = el.evaluate(fakta(dokumen=(doc,)), el.Rules()).by_kode("wni")
    assert r.bukti == "KTP-el (diverifikasi 5 Oktober 2026)"
