"""Pemetaan > Ringkasan numbers: persons/households recorded by name with an active PPKS
category (per category and per desa, one query), the specific-data rule, the status as of a
date, and the rekap counts beside them in one set of labelled rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kecamatan_app.models import DataPPKS, Keluarga, RiwayatDataPPKS, Warga
from kecamatan_app.services import permissions, rekap, ringkasan, settings
from kecamatan_app.services.context import Actor
from kecamatan_app.services.errors import PermissionDenied, ValidationError
from kecamatan_app.services.permissions import Aksi
from kecamatan_app.services.rekap import CellChange, Periode
from kecamatan_app.services.ringkasan import SPESIFIK_LABEL, BarisGabungan

NOW = Periode(dt.date.today().year)  # a period not over yet: the registry as it is now


def _ids(actor: Actor) -> tuple[list[int], dict[str, int], dict[str, str]]:
    g = rekap.grid(actor, NOW, "PPKS")
    return (
        [d.id for d in g.desa],
        {k.kode: k.id for k in g.kategori},
        {k.kode: k.label for k in g.kategori},
    )


def _person(desa: int, nama: str, **extra: Any) -> Warga:
    return Warga.create(nama=nama, jenis_kelamin="P", desa=desa, **extra)


def _registry(admin: Actor) -> dict[str, Any]:
    """desa0: Ani (08 + 09 + 24 ended), Budi (08); desa1: Citra (09 ended), household Dedi (24)
    and Eko (08, deceased)."""
    desa, kat, _ = _ids(admin)
    ani = _person(desa[0], "Ani")
    budi = _person(desa[0], "Budi")
    citra = _person(desa[1], "Citra")
    eko = _person(desa[1], "Eko", meninggal=True)
    dedi = Keluarga.create(kepala="Dedi", desa=desa[1])
    rows = [
        (ani, None, "08", "teridentifikasi"),
        (ani, None, "09", "ditangani"),
        (ani, None, "24", "tidak_lagi"),
        (budi, None, "08", "terverifikasi"),
        (citra, None, "09", "tidak_lagi"),
        (eko, None, "08", "terverifikasi"),
        (None, dedi, "24", "teridentifikasi"),
    ]
    for w, k, kode, status in rows:
        DataPPKS.create(warga=w, keluarga=k, kategori=kat[kode], status=status)
    return {"desa": desa, "kat": kat, "ani": ani}


def _by_id(rows: list[ringkasan.BarisNama]) -> dict[int | None, tuple[int, int]]:
    return {r.id: (r.orang, r.keluarga) for r in rows}


def test_counts_per_category_and_desa(admin: Actor) -> None:
    reg = _registry(admin)
    desa, kat = reg["desa"], reg["kat"]
    r = ringkasan.tercatat_per_nama(admin)
    per_kat = _by_id(r.per_kategori)
    assert per_kat[kat["08"]] == (2, 0)  # Ani, Budi; deceased Eko not counted
    assert per_kat[kat["09"]] == (1, 0)  # Ani; Citra "tidak lagi"
    assert per_kat[kat["24"]] == (0, 1)  # household Dedi; Ani's ended
    assert per_kat[kat["01"]] == (0, 0) and len(r.per_kategori) == 26
    assert not r.spesifik_digabung
    per_desa = _by_id(r.per_desa)
    assert per_desa[desa[0]] == (3, 0)  # Ani counts once in 08 and once in 09
    assert per_desa[desa[1]] == (0, 1)
    assert sum(b.jumlah for b in r.per_desa) == sum(b.jumlah for b in r.per_kategori) == 4
    assert r.total == 4


def test_person_counts_once_per_category(admin: Actor) -> None:
    desa, kat, _ = _ids(admin)
    ani = _person(desa[0], "Ani")
    for _ in range(2):  # a duplicate written around the service still counts once
        DataPPKS.create(warga=ani, kategori=kat["08"], status="teridentifikasi")
    r = ringkasan.tercatat_per_nama(admin)
    assert _by_id(r.per_kategori)[kat["08"]] == (1, 0) and r.total == 1


def test_specific_categories_joined_for_camat(admin: Actor, make_actor: Any) -> None:
    reg = _registry(admin)
    kat = reg["kat"]
    camat = make_actor("camat")
    r = ringkasan.tercatat_per_nama(camat)
    assert r.spesifik_digabung
    labels = [b.label for b in r.per_kategori]
    assert not any(b.id == kat["09"] for b in r.per_kategori)
    assert not any("Disabilitas" in label or "Anak" in label for label in labels)
    assert labels[-1] == SPESIFIK_LABEL
    assert _by_id(r.per_kategori)[None] == (1, 0)  # Ani's 09
    assert _by_id(r.per_kategori)[kat["08"]] == (2, 0)
    assert r.total == 4  # the same total, only the lines differ
    settings.set_value(admin, "data.peran_data_spesifik", "admin,operator,tksk,camat")
    r = ringkasan.tercatat_per_nama(camat)
    assert not r.spesifik_digabung and _by_id(r.per_kategori)[kat["09"]] == (1, 0)


def test_status_as_of_a_date(admin: Actor) -> None:
    desa, kat, _ = _ids(admin)
    ani = _person(desa[0], "Ani")
    row = DataPPKS.create(warga=ani, kategori=kat["08"], status="tidak_lagi")
    for when, status in (
        (dt.date(2026, 2, 1), "teridentifikasi"),
        (dt.date(2026, 8, 1), "tidak_lagi"),
        (dt.date(2026, 5, 1), "terverifikasi"),  # written later, dated earlier
    ):
        RiwayatDataPPKS.create(data=row, status=status, tanggal=when)
    assert ringkasan.tercatat_per_nama(admin, sampai=dt.date(2026, 1, 31)).total == 0
    assert ringkasan.tercatat_per_nama(admin, sampai=dt.date(2026, 6, 30)).total == 1
    assert ringkasan.tercatat_per_nama(admin, sampai=dt.date(2026, 8, 1)).total == 0
    assert ringkasan.tercatat_per_nama(admin).total == 0  # now: tidak lagi


def test_only_ppks_and_needs_registry_right(admin: Actor, monkeypatch: Any) -> None:
    with pytest.raises(ValidationError):
        ringkasan.tercatat_per_nama(admin, "PSKS")
    camat_rights = permissions.MATRIX["camat"] - {Aksi.REGISTRI_LIHAT}
    monkeypatch.setitem(permissions.MATRIX, "camat", camat_rights)
    users_camat = Actor(None, "x", "X", "camat")
    with pytest.raises(PermissionDenied):
        ringkasan.tercatat_per_nama(users_camat)


def test_akhir_periode() -> None:
    assert ringkasan.akhir(Periode(2026)) == dt.date(2026, 12, 31)
    assert ringkasan.akhir(Periode(2026, semester=1)) == dt.date(2026, 6, 30)
    assert ringkasan.akhir(Periode(2024, bulan=2)) == dt.date(2024, 2, 29)


def test_gabungan_rows(admin: Actor) -> None:
    reg = _registry(admin)
    desa, kat = reg["desa"], reg["kat"]
    _, _, label = _ids(admin)
    rekap.save_cells(
        admin,
        NOW,
        [
            CellChange(desa[0], kat["08"], "desa", 4),
            CellChange(desa[0], kat["08"], "temuan", 3),
            CellChange(desa[1], kat["12"], "desa", 2),
        ],
    )
    g = ringkasan.gabungan(admin, NOW)
    assert g.per_nama_boleh and g.sampai is None and g.ada_per_nama
    assert g.per_kategori == [  # counted or recorded by name, in code order
        BarisGabungan(label["08"], 4, 3, 2),
        BarisGabungan(label["09"], 0, 0, 1),
        BarisGabungan(label["12"], 2, 0, 0),
        BarisGabungan(label["24"], 0, 0, 1),
    ]
    assert g.per_desa[0] == BarisGabungan(g.per_desa[0].label, 4, 3, 3)
    assert g.per_desa[1] == BarisGabungan(g.per_desa[1].label, 2, 0, 1)
    assert g.total == BarisGabungan("Jumlah", 6, 3, 4)
    s = rekap.summary(admin, NOW)  # the counts are the rekap's
    assert [(r.dilaporkan_desa, r.temuan_tksk) for r in g.per_desa] == [
        (t.desa, t.temuan) for _, t in s.per_desa
    ]


def test_gabungan_joins_specific_for_camat(admin: Actor, make_actor: Any) -> None:
    reg = _registry(admin)
    desa, kat = reg["desa"], reg["kat"]
    rekap.save_cells(
        admin,
        NOW,
        [
            CellChange(desa[0], kat["09"], "desa", 5),
            CellChange(desa[0], kat["09"], "temuan", 7),
            CellChange(desa[1], kat["01"], "desa", 1),
        ],
    )
    g = ringkasan.gabungan(make_actor("camat"), NOW)
    assert g.spesifik_digabung
    assert [r.label for r in g.per_kategori][-1] == SPESIFIK_LABEL
    assert g.per_kategori[-1] == BarisGabungan(SPESIFIK_LABEL, 6, 7, 1)
    assert all("Disabilitas" not in r.label for r in g.per_kategori)
    assert all("Disabilitas" not in x.kategori for x in g.selisih_terbesar)
    assert g.selisih_terbesar[0].kategori == ringkasan.SPESIFIK
    assert g.total == BarisGabungan("Jumlah", 6, 7, 4)


def test_gabungan_without_registry_right(admin: Actor, make_actor: Any, monkeypatch: Any) -> None:
    _registry(admin)
    camat = make_actor("camat")
    monkeypatch.setitem(
        permissions.MATRIX, "camat", permissions.MATRIX["camat"] - {Aksi.REGISTRI_LIHAT}
    )
    g = ringkasan.gabungan(camat, NOW)
    assert not g.per_nama_boleh and not g.ada_per_nama
    assert g.total.tercatat_per_nama is None
    assert all(r.tercatat_per_nama is None for r in g.per_kategori + g.per_desa)
    assert g.per_kategori == []  # nothing counted; by-name rows are not shown at all
    monkeypatch.setitem(permissions.MATRIX, "camat", frozenset())
    with pytest.raises(PermissionDenied):
        ringkasan.gabungan(camat, NOW)


def test_gabungan_past_period_uses_its_end(admin: Actor) -> None:
    desa, kat, _ = _ids(admin)
    ani = _person(desa[0], "Ani")
    row = DataPPKS.create(warga=ani, kategori=kat["08"], status="tidak_lagi")
    RiwayatDataPPKS.create(data=row, status="teridentifikasi", tanggal=dt.date(2020, 3, 1))
    RiwayatDataPPKS.create(data=row, status="tidak_lagi", tanggal=dt.date(2021, 3, 1))
    g = ringkasan.gabungan(admin, Periode(2020, semester=2))
    assert g.sampai == dt.date(2020, 12, 31) and g.total.tercatat_per_nama == 1
    assert ringkasan.gabungan(admin, Periode(2021)).total.tercatat_per_nama == 0
