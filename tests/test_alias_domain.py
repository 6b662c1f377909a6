"""Every older or local name listed in shared/domain/ppks-psks.md maps to the right category
when counts are imported (through the alias list and the spelling rules)."""

from __future__ import annotations

import pytest

from kecamatan_app.services.impor_rekap import _known, resolve_kategori

#: (name found in older or desa data, jenis, code today) — the doc's table and spelling list.
DOMAIN_ALIASES = [
    ("Anak Cacat", "PPKS", "05"),
    ("Penyandang Cacat Fisik", "PPKS", "09"),
    ("Penyandang Cacat Daksa", "PPKS", "09"),
    ("Penyandang Cacat Fisik/Daksa", "PPKS", "09"),
    ("Penyandang Cacat Mata/Netra", "PPKS", "09"),
    ("Penyandang Cacat Rungu/Wicara", "PPKS", "09"),
    ("Penyandang Cacat Mental", "PPKS", "09"),
    ("Penyandang Cacat Fisik dan Mental", "PPKS", "09"),
    ("ODK", "PPKS", "09"),
    ("ODK Berat", "PPKS", "09"),
    ("Lanjut Usia Terlantar", "PPKS", "08"),
    ("Lansia Terlantar", "PPKS", "08"),
    ("Keluarga Miskin", "PPKS", "24"),
    ("Fakir Miskin", "PPKS", "24"),
    ("Bekas Narapidana", "PPKS", "15"),
    ("Korban Penyalahguna Napza", "PPKS", "17"),
    ("Korban Penyalahgunaan Napza", "PPKS", "17"),
    ("KAT", "PPKS", "26"),
    ("Wanita Rawan Sosial", "PPKS", "23"),
    ("Wanita Rawan Sosial Ekonomi", "PPKS", "23"),
    ("Anak Terlantar", "PPKS", "02"),
    ("Anak Balita Terlantar", "PPKS", "01"),
    ("Korban Perdagangan Orang", "PPKS", "18"),
    ("Korban Trafficking", "PPKS", "18"),
    ("PSM", "PSKS", "02"),
    ("Tagana", "PSKS", "03"),
]


@pytest.mark.parametrize("name,jenis,kode", DOMAIN_ALIASES)
def test_domain_alias_maps_to_category(office, name, jenis, kode):
    hit = resolve_kategori(name, _known())
    assert (hit.jenis, hit.kode) == (jenis, kode)
