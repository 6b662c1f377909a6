"""Screenshots of Pemetaan Sosial for the user guide: Rekap, Ringkasan, the registry list and
the detail of a person, PSKS, Wilayah, register matching after a check and the poverty
assessment form.

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_pemetaan.py docs/img

Works in a temporary data folder filled by the demo (``services.demo.run()``) plus fictitious
counts, households, persons, PSKS and a register workbook made up here with a fixed seed and
saved through the services; the user's own data are never touched.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1240, 760)

#: Fictitious names (no real person): first names by sex, family names.
NAMA_L = ("Ahmad", "Budi", "Darmawan", "Hendra", "Joko", "Rudi", "Slamet", "Yusuf", "Fajar")
NAMA_P = ("Aminah", "Dewi", "Fitri", "Lestari", "Nurhayati", "Rina", "Siti", "Wati", "Yanti")
MARGA = ("Saputra", "Hidayat", "Purnama", "Wijaya", "Susanto", "Rahman", "Kurniawan", "Lubis")
DESA = ("Gelumbang", "Mililian", "Sigam", "Karang Endah", "Talang Taling")
#: PPKS codes given to some persons: Fakir Miskin, lansia, disabilitas, ODHA, bencana alam.
PPKS = ("24", "24", "24", "08", "09", "16", "21")


def _fill(actor: object, periode: object) -> None:
    """Fictitious counts: most PPKS cells known, some TKSK numbers differ, some unknown."""
    from kecamatan_app.services import rekap

    rng = random.Random(7)
    changes = []
    for jenis, scale in (("PPKS", 1.0), ("PSKS", 0.3)):
        g = rekap.grid(actor, periode, jenis)  # type: ignore[arg-type]
        for d in g.desa:
            for k in g.kategori:
                if rng.random() < 0.35:
                    continue
                base = int(rng.choice((0, 1, 2, 3, 5, 8, 12, 20, 35)) * scale)
                if k.kode == "24" and jenis == "PPKS":
                    base = rng.randint(60, 180)
                found = base + rng.choice((0, 0, 0, 1, 2, -1, 4)) if rng.random() < 0.8 else None
                changes.append(rekap.CellChange(d.id, k.id, rekap.DESA, base))
                if found is not None:
                    changes.append(rekap.CellChange(d.id, k.id, rekap.TEMUAN, max(found, 0)))
    rekap.save_cells(actor, periode, changes)  # type: ignore[arg-type]


def _settle(widget: object) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(widget, QWidget)
    widget.show()
    for _ in range(10):
        QApplication.processEvents()


def _save(widget: object, folder: Path, name: str) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    _settle(widget)
    path = folder / name
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
    print(f"  {path}")


def _nik(rng: random.Random, lahir: object, female: bool, serial: int) -> str:
    import datetime as dt

    assert isinstance(lahir, dt.date)
    day = lahir.day + (40 if female else 0)
    return f"160306{day:02d}{lahir:%m%y}{serial:04d}"


def _persons(actor: object, rng: random.Random) -> list[int]:
    """About 50 persons in 14 households across five desa, some with PPKS and aid."""
    import datetime as dt

    from kecamatan_app.models import Desa, Kategori
    from kecamatan_app.services import registri as reg
    from kecamatan_app.services import registri_ppks as ppks
    from kecamatan_app.services.registri_cari import program_choices

    desa_ids = [Desa.get(Desa.nama == name).id for name in DESA]
    kat = {k.kode: k.id for k in Kategori.select().where(Kategori.jenis == "PPKS")}
    programs = [pid for pid, _ in program_choices()[:4]]
    today = dt.date(2026, 6, 1)
    ids: list[int] = []
    serial = 0
    for h in range(14):
        desa_id = desa_ids[h % len(desa_ids)]
        marga = MARGA[h % len(MARGA)]
        head = f"{rng.choice(NAMA_L)} {marga}"
        alamat = f"Jl. {rng.choice(('Merdeka', 'Kenanga', 'Pramuka', 'Damai'))} {h + 3}"
        rt = f"{rng.randint(1, 9):03d}"
        born_kk = dt.date(2014 + h % 9, 1 + h % 12, 10)
        serial += 1
        kk = reg.create_keluarga(
            actor,  # type: ignore[arg-type]
            reg.KeluargaData(_nik(rng, born_kk, False, serial), head, alamat, desa_id, rt=rt),
        ).id
        members = [("L", head, "Kepala Keluarga", rng.randint(35, 78))]
        members.append(("P", f"{rng.choice(NAMA_P)} {marga}", "Istri", rng.randint(30, 70)))
        for _ in range(rng.randint(0, 3)):
            female = rng.random() < 0.5
            first = rng.choice(NAMA_P if female else NAMA_L)
            members.append(("P" if female else "L", f"{first} {marga}", "Anak", rng.randint(1, 25)))
        for jk, nama, hubungan, umur in members:
            lahir = dt.date(today.year - umur, rng.randint(1, 12), rng.randint(1, 28))
            serial += 1
            wid = reg.create_warga(
                actor,  # type: ignore[arg-type]
                reg.WargaData(
                    nik="" if rng.random() < 0.08 else _nik(rng, lahir, jk == "P", serial),
                    nama=f"{nama} (contoh)",  # fictitious, marked as in the demo
                    jenis_kelamin=jk,
                    tempat_lahir="Gelumbang",
                    tanggal_lahir=lahir,
                    keluarga_id=kk,
                    hubungan=hubungan,
                    alamat=alamat,
                    desa_id=desa_id,
                    rt=rt,
                ),
            ).id
            ids.append(wid)
            if hubungan == "Kepala Keluarga" and rng.random() < 0.7:
                kode = "08" if umur >= 60 else rng.choice(PPKS)
                ppks.add_ppks(
                    actor,  # type: ignore[arg-type]
                    ppks.PPKSData(
                        kategori_id=kat[kode],
                        warga_id=wid,
                        status=rng.choice(("teridentifikasi", "terverifikasi")),
                        rincian="Rumah tidak layak huni" if kode == "24" else "",
                    ),
                    tanggal=dt.date(2026, 2, 10),
                )
                if rng.random() < 0.6:
                    ppks.add_bantuan(
                        actor,  # type: ignore[arg-type]
                        ppks.BantuanData(
                            rng.choice(programs),
                            "2026 Tahap 1",
                            wid,
                            None,
                            ppks.STATUS_BANTUAN[0],
                            "Dinas Sosial",
                        ),
                    )
    return ids


def _register_file(path: Path, people: list[tuple[str, str]]) -> Path:
    """A register export like the DTSEN workbook (the columns of ppks-psks.md)."""
    import openpyxl

    from kecamatan_app.services.cocok_register import KOLOM_EKSPOR_REGISTER

    head = list(KOLOM_EKSPOR_REGISTER)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(head)
    for i, (nik, nama) in enumerate(people, start=1):
        ws.append(
            [
                f"DT-{i:05d}",
                "SUMATERA SELATAN",
                "MUARA ENIM",
                "GELUMBANG",
                "SIGAM",
                "DUSUN 1",
                "1",
                "001",
                "001",
                "",
                nik,
                nama.upper(),
                "",
                "GELUMBANG",
                "",
                "",
                "",
            ]
        )
    wb.save(path)
    return path


def _psks(actor: object) -> None:
    from kecamatan_app.models import Desa
    from kecamatan_app.services import psks

    kinds = {k.kode: k for k in psks.kategori_choices()}
    desa = {name: Desa.get(Desa.nama == name).id for name in DESA}
    for kode, nama, desa_name, perorangan, ketua in (
        ("02", "Hartono (contoh)", "Gelumbang", True, ""),
        ("02", "Sumiati (contoh)", "Sigam", True, ""),
        ("03", "Rahmat Hidayat (contoh)", "Mililian", True, ""),
        ("05", "Karang Taruna Bina Muda (contoh)", "Gelumbang", False, "Andi Saputra"),
        ("05", "Karang Taruna Tunas Harapan (contoh)", "Talang Taling", False, "Fajar Lubis"),
        ("04", "LKS Kasih Ibu (contoh)", "Karang Endah", False, "Dewi Purnama"),
        ("01", "Lestari Wijaya, S.Tr.Sos (contoh)", "Gelumbang", True, ""),
    ):
        psks.create(
            actor,  # type: ignore[arg-type]
            psks.PsksData(
                kinds[kode].id,
                nama,
                perorangan,
                desa_id=desa[desa_name],
                alamat="Jl. Merdeka",
                ketua=ketua,
                kontak="0812-0000-0000",
            ),
        )


def _dusun(actor: object) -> None:
    from kecamatan_app.models import Desa
    from kecamatan_app.services import wilayah_kantor as wk

    desa_id = Desa.get(Desa.nama == "Gelumbang").id
    for i, name in enumerate(("Dusun I", "Dusun II", "Dusun III", "Dusun IV"), start=1):
        wk.create_dusun(actor, desa_id, name, f"Ketua dusun: contoh {i}")  # type: ignore[arg-type]


def registri_shots(folder: Path, actor: object, tmp: Path) -> None:
    """Registry list, person detail, PSKS, Wilayah, register matching and assessment form."""
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    from kecamatan_app.models import Warga
    from kecamatan_app.services import cocok_register, kemiskinan
    from kecamatan_app.services import registri_detail as det
    from kecamatan_app.views.pemetaan.cocok_tab import CocokRegisterTab
    from kecamatan_app.views.pemetaan.kemiskinan_tab import PenilaianDialog
    from kecamatan_app.views.pemetaan.psks_tab import PsksTab
    from kecamatan_app.views.pemetaan.registri_detail import WargaDetailDialog
    from kecamatan_app.views.pemetaan.registri_tab import RegistriTab
    from kecamatan_app.views.pemetaan.wilayah_tab import WilayahTab

    rng = random.Random(11)
    ids = _persons(actor, rng)
    people = [(str(w.nik), str(w.nama)) for w in Warga.select().where(Warga.nik.is_null(False))]
    # an earlier DTSEN check applied, so the list shows register status
    earlier = _register_file(tmp / "dtsen-lama.xlsx", people[::2])
    cocok_register.match(actor, earlier, "DTSEN", dt.date(2026, 3, 1), apply=True)  # type: ignore[arg-type]
    _psks(actor)
    _dusun(actor)

    tab = RegistriTab(actor)  # type: ignore[arg-type]
    tab.resize(*SIZE)
    tab.refresh()
    _settle(tab)
    tab.table.resizeColumnsToContents()
    tab.table.selectRow(2)
    _save(tab, folder, "pemetaan-registri.png")
    # a head of household with a PPKS category and aid, so every section has something
    head = next(
        i
        for i in ids
        if (d := det.detail(actor, i)).ppks and d.bantuan  # type: ignore[arg-type]
    )
    detail = WargaDetailDialog(actor, head)  # type: ignore[arg-type]
    _save(detail, folder, "pemetaan-registri-rincian.png")
    detail.close()
    tab.close()

    for widget, name in (
        (PsksTab(actor), "pemetaan-psks.png"),  # type: ignore[arg-type]
        (WilayahTab(actor), "pemetaan-wilayah.png"),  # type: ignore[arg-type]
    ):
        widget.resize(*SIZE)
        _save(widget, folder, name)
        widget.close()

    newer = [
        *people[:-25],
        ("1603064506900003", "Lainnya (contoh)"),
        ("1603061708850004", "Orang lain (contoh)"),
    ]
    cocok = CocokRegisterTab(actor)  # type: ignore[arg-type]
    cocok.resize(*SIZE)
    cocok.path = _register_file(tmp / "dtsen-2026-06.xlsx", newer)
    cocok.file_label.setText(str(cocok.path.name))
    # collect the closed widgets here: a garbage collection that happens to run in the worker
    # thread would destroy Qt widgets off the GUI thread and crash
    gc.collect()
    gc.disable()
    cocok.run_check()
    while cocok.task is not None:
        QApplication.processEvents()
    gc.enable()
    cocok.lists.setCurrentIndex(1)
    _save(cocok, folder, "pemetaan-cocok-register.png")
    cocok.close()

    info = kemiskinan.get(actor, kemiskinan.instruments(actor)[0][0])  # type: ignore[arg-type]
    kk = kemiskinan.find_households(actor, MARGA[0])[0]  # type: ignore[arg-type]
    dialog = PenilaianDialog(actor, info, kk)  # type: ignore[arg-type]
    for n, combo in enumerate(dialog.combos.values()):  # all answered: the class shows
        combo.setCurrentIndex(1 + n % max(combo.count() - 1, 1))
    dialog.resize(680, 640)
    _save(dialog, folder, "pemetaan-kemiskinan-penilaian.png")
    dialog.close()


def main(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        os.environ["KECAMATAN_APP_LOG_DIR"] = tmp
        from PySide6.QtWidgets import QApplication

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import demo, rekap
        from kecamatan_app.services.context import Actor
        from kecamatan_app.views.pemetaan.rekap_tab import RekapTab
        from kecamatan_app.views.pemetaan.ringkasan_tab import RingkasanTab

        app = QApplication.instance() or QApplication(sys.argv)
        open_database(DatabaseTarget.parse(Path(tmp) / "demo.sqlite3"))
        demo.run()
        actor = Actor.system("tangkapan-layar")
        periode = rekap.Periode(2026, semester=1)
        _fill(actor, periode)
        for widget, name in (
            (RekapTab(actor), "pemetaan-rekap.png"),
            (RingkasanTab(actor), "pemetaan-ringkasan.png"),
        ):
            widget.chooser.year.setValue(2026)
            widget.chooser.kind.setCurrentIndex(1)
            if isinstance(widget, RekapTab):  # one pending edit, to show the yellow mark
                widget.models["PPKS"].setData(widget.models["PPKS"].index(1, 0), "3")
                widget.views["PPKS"].resizeRowsToContents()
            widget.resize(*SIZE)
            widget.show()
            for _ in range(10):
                app.processEvents()
            path = folder / name
            if not widget.grab().save(str(path), "PNG"):
                raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
            print(f"  {path}")
            if isinstance(widget, RekapTab):
                widget.revert()
            widget.close()
        registri_shots(folder, actor, Path(tmp))
        close_database()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
