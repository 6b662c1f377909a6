"""Screenshot of the Beranda for the user guide, logged in as the camat: the window as the camat
sees it (beranda.png) and the whole page scrolled out (beranda-lengkap.png).

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_beranda.py docs/img

Works in a temporary data folder filled by the demo (``services.demo.run()``). When the demo
does not record activities, referrals or monthly reports yet, fictitious ones are added here
through the services (reports submitted by the demo TKSK, approved or returned by the demo camat,
their submission dates moved into the past as the test suite does); the user's own data are
never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WINDOW_SIZE = (1280, 800)
#: Per past month, counted back from the last one but one (cycled): (the day of the next month
#: it was submitted; returned once before approval; approved). The last past month is left a
#: draft past its deadline.
POLA: list[tuple[int, bool, bool]] = [
    (3, False, True), (8, False, True), (2, True, True), (4, False, True), (1, False, True),
    (11, False, True), (4, True, False),
]


def _actor(username: str) -> Any:
    from kecamatan_app.models import Pengguna
    from kecamatan_app.services import users

    return users.actor_for(Pengguna.get(Pengguna.nama_pengguna == username))


def _months(start: dt.date, today: dt.date) -> list[tuple[int, int]]:
    """Whole past months from the one of ``start`` to the one before ``today``."""
    out, y, m = [], start.year, start.month
    while (y, m) < (today.year, today.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _activities(tksk: Any, start: dt.date, today: dt.date) -> int:
    """A few final activities a month over the three functions (when the demo has none)."""
    from kecamatan_app.models import BentukKegiatan, FungsiKegiatan
    from kecamatan_app.services import desa, kegiatan
    from kecamatan_app.services.kegiatan_periksa import KegiatanData

    rng = random.Random(11)
    villages = desa.all_desa()
    forms = [(b.id, b.fungsi.id, b.nama) for b in BentukKegiatan.select().join(FungsiKegiatan)
             if b.kode != "rujukan"]
    n, day = 0, start
    while day <= today:
        if day.weekday() < 5 and rng.random() < 0.35:
            bentuk, fungsi, nama = rng.choice(forms)
            d = rng.choice(villages)
            kegiatan.create(tksk, KegiatanData(
                tanggal=day, fungsi_id=fungsi, bentuk_id=bentuk,
                judul=f"{nama} di {d.nama} (contoh)", lingkup="desa", desa_ids=[d.id],
                peserta_l=rng.randint(2, 15), peserta_p=rng.randint(2, 15),
                uraian=f"{nama} bersama perangkat desa dan pilar sosial (contoh).",
                hasil="Kegiatan terlaksana sesuai rencana.", status="final"))
            n += 1
        day += dt.timedelta(days=1)
    return n


def _referrals(tksk: Any, start: dt.date, today: dt.date) -> int:
    """A dozen referrals: open, overdue, finished (successful or not), refused."""
    from kecamatan_app.models import InstansiRujukan
    from kecamatan_app.services import desa, registri, rujukan
    from kecamatan_app.services.rujukan import RujukanData

    rng = random.Random(12)
    agencies = [i.id for i in InstansiRujukan.select().where(InstansiRujukan.aktif)]
    villages = desa.all_desa()
    plan = ["selesai+", "selesai+", "selesai+", "selesai-", "ditolak", "diterima", "diajukan",
            "diajukan", "selesai+", "diterima", "selesai+", "diajukan"]
    for i, end in enumerate(plan):
        made = max(start, today - dt.timedelta(days=20 + 25 * (len(plan) - i)))
        w = registri.create_warga(tksk, registri.WargaData(
            nik=None, nama=f"Klien Rujukan {i + 1} (contoh)", jenis_kelamin="LP"[i % 2],
            desa_id=rng.choice(villages).id)).id
        due = made + dt.timedelta(days=14 if i % 3 else 45)
        r = rujukan.create(tksk, RujukanData(
            tanggal=made, instansi_id=rng.choice(agencies), warga_id=w, jatuh_tempo=due,
            kebutuhan="Pemeriksaan kesehatan dan bantuan alat bantu (contoh)"))
        step = made + dt.timedelta(days=5)
        if end == "ditolak":
            rujukan.ubah_status(tksk, r.id, "ditolak", step, "Berkas belum lengkap (contoh).")
        elif end != "diajukan":
            rujukan.ubah_status(tksk, r.id, "diterima", step)
            if end.startswith("selesai"):
                ok = end.endswith("+")
                rujukan.ubah_status(tksk, r.id, "selesai", min(today, step + dt.timedelta(
                    days=9)), "Klien menerima layanan (contoh)." if ok else
                    "Klien tidak memenuhi syarat layanan (contoh).",
                    "berhasil" if ok else "tidak_berhasil")
    return len(plan)


def _backdate(laporan_id: int, status: str, when: dt.datetime, first: bool = True) -> None:
    from kecamatan_app.models import LaporanBulanan, RiwayatLaporan

    q = RiwayatLaporan.select().where((RiwayatLaporan.laporan == laporan_id)
                                      & (RiwayatLaporan.status == status))
    step = q.order_by(RiwayatLaporan.id if first else RiwayatLaporan.id.desc()).first()
    step.pada = when
    step.save()
    field = {"diajukan": "diajukan_pada", "disetujui": "disetujui_pada"}.get(status)
    if field:  # steps are moved in date order, so the row keeps the latest
        LaporanBulanan.update({field: when}).where(LaporanBulanan.id == laporan_id).execute()


def _reports(tksk: Any, camat: Any, months: list[tuple[int, int]]) -> int:
    """The past months' reports following :data:`POLA` (the last past month overdue)."""
    from kecamatan_app.services import laporan, laporan_cetak

    n = 0
    for i, (y, m) in enumerate(months):
        info = laporan.open_month(tksk, y, m)
        n += 1
        if i == len(months) - 1:
            continue
        days, returned, approved = POLA[(i - len(months) + 1) % len(POLA)]
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        sent = dt.datetime(ny, nm, 1, 9, 30) + dt.timedelta(days=days - 1)
        info = laporan.move(tksk, info.id, "diajukan")
        _backdate(info.id, "diajukan", sent)
        if returned:
            info = laporan.move(camat, info.id, "dikembalikan",
                                "Lengkapi foto kegiatan pemantauan BPNT (contoh).")
            _backdate(info.id, "dikembalikan", sent + dt.timedelta(days=2))
            info = laporan.move(tksk, info.id, "diajukan")
            _backdate(info.id, "diajukan", sent + dt.timedelta(days=4), first=False)
        if approved:
            info = laporan_cetak.setujui(camat, info.id, None)
            _backdate(info.id, "disetujui", sent + dt.timedelta(days=6))
    return n


def _fill() -> None:
    from kecamatan_app.models import Kegiatan, LaporanBulanan, Penugasan, Rujukan

    tksk, camat = _actor("tksk"), _actor("camat")
    today = dt.date.today()
    start = Penugasan.select().where(Penugasan.aktif).first().mulai
    if not Kegiatan.select().exists():
        print(f"  + {_activities(tksk, max(start, today - dt.timedelta(days=364)), today)} "
              "kegiatan contoh")
    if not Rujukan.select().exists():
        print(f"  + {_referrals(tksk, start, today)} rujukan contoh")
    if not LaporanBulanan.select().exists():
        print(f"  + {_reports(tksk, camat, _months(start, today))} laporan bulanan contoh")


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(12):
        QApplication.processEvents()


def _save(widget: Any, path: Path) -> None:
    _settle()
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
    print(f"  {path}")


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(Path(tmp) / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)
        from PySide6.QtWidgets import QApplication

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import demo
        from kecamatan_app.views.beranda import BerandaPage
        from kecamatan_app.views.i18n import install_translations
        from kecamatan_app.views.main_window import MainWindow

        app = QApplication.instance() or QApplication(sys.argv)
        install_translations(app)  # type: ignore[arg-type]
        target = DatabaseTarget.parse(Path(tmp) / "kecamatan.sqlite3")
        open_database(target)
        try:
            demo.run()
            _fill()
            window = MainWindow(_actor("camat"), target)
            window.resize(*WINDOW_SIZE)
            window.show()
            page = window.current_page()
            assert isinstance(page, BerandaPage)
            while not page.loaded():  # the first numbers are read off the GUI thread
                app.processEvents()
                time.sleep(0.01)
            _save(window, folder / "beranda.png")
            body = page.scroll_area.widget()
            body.resize(page.scroll_area.viewport().width(), body.sizeHint().height())
            _save(body, folder / "beranda-lengkap.png")
            window.close()
        finally:
            close_database()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
