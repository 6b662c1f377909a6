"""Version 1: the whole domain's tables and the reference lists of resources/referensi/v1.json.

This step only ever runs on a new database (there is no version 0 to upgrade from), so using the
model classes here is safe. Later steps must write with explicit columns.
"""

from __future__ import annotations

import json
from typing import Any

from peewee import Database

from ..models import (
    AlasanPemberhentian,
    BentukKegiatan,
    FungsiKegiatan,
    InstansiRujukan,
    JenisBerkas,
    Kategori,
    KategoriAlias,
    ProgramBantuan,
)
from ..paths import resource

VERSION = 1
NAME = "skema awal dan data referensi"


def load_reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource("referensi", "v1.json").read_text("utf-8"))
    return data


def data(db: Database) -> None:
    ref = load_reference()
    for urutan, row in enumerate(ref["kategori"], 1):
        kat = Kategori.create(
            jenis=row["jenis"],
            kode=row["kode"],
            nama=row["nama"],
            satuan=row["satuan"],
            data_spesifik=row["data_spesifik"],
            urutan=urutan,
            bawaan=True,
        )
        for alias in row["alias"]:
            KategoriAlias.create(kategori=kat, alias=alias["alias"], rincian=alias["rincian"])
    for urutan, f in enumerate(ref["fungsi"], 1):
        fungsi = FungsiKegiatan.create(
            kode=f["kode"], nama=f["nama"], pasal=f["pasal"], urutan=urutan, bawaan=True
        )
        for u, b in enumerate(f["bentuk"], 1):
            BentukKegiatan.create(
                kode=b["kode"], nama=b["nama"], fungsi=fungsi, pasal=f["pasal"], urutan=u,
                bawaan=True,
            )
    simple: list[tuple[Any, str]] = [
        (ProgramBantuan, "program_bantuan"),
        (AlasanPemberhentian, "alasan_pemberhentian"),
        (InstansiRujukan, "instansi_rujukan"),
        (JenisBerkas, "jenis_berkas"),
    ]
    for model, key in simple:
        for urutan, row in enumerate(ref[key], 1):
            model.create(urutan=urutan, bawaan=True, **row)
