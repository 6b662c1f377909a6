"""Screenshots of the TKSK module for the user guide: the candidate list, the candidate dialog
with its Pasal 9 panel (an eligible candidate, and one with a failing criterion and unknown
answers), the active TKSK with the SK-term warning, the Pasal 9 rules, and the Excel import
listing the problems of a workbook with mistakes.

Usage (a real X server gives the nicest fonts):
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_tksk.py docs/img
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots_tksk.py docs/img

Works in a temporary data folder filled by the demo (``services.demo.run()``): every name is
fictitious and marked "(contoh)"; the user's own data are never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WINDOW_SIZE = (1240, 760)
DIALOG_SIZE = (1240, 780)


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(8):
        QApplication.processEvents()


def _save(widget: object, folder: Path, name: str) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    _settle()
    path = folder / name
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"Gambar {path} tidak dapat disimpan.")
    print(f"  {path}")


def _candidate(actor: object, nama: str) -> int:
    from kecamatan_app.services import pendaftar_daftar

    for row in pendaftar_daftar.search(actor, pendaftar_daftar.PendaftarFilter(teks=nama)):  # type: ignore[arg-type]
        return row.id
    raise SystemExit(f"Pendaftar contoh {nama} tidak ada di data demo.")


def _prepare(actor: object, tmp: Path) -> int:
    """A replacement whose SK ends in 45 days (the warning) and documents with evidence."""
    from PySide6.QtGui import QColor, QImage

    from kecamatan_app.services import berkas, penugasan

    current = penugasan.active()
    assert current is not None
    today = dt.date.today()
    end = today + dt.timedelta(days=45)
    start = max(current.mulai + dt.timedelta(days=30), end - dt.timedelta(days=365))
    dewi = _candidate(actor, "Dewi Lestari")
    penugasan.replace(
        actor,  # type: ignore[arg-type]
        dewi,
        penugasan.SkData(
            "460/118/SK/Dinsos/2026 (contoh)",
            start,
            "Kepala Dinas Sosial Kabupaten Muara Enim",
            start,
            end,
            "16.03.06-0042",
        ),
        start - dt.timedelta(days=1),
        "Rahmat Hidayat (contoh) mengundurkan diri untuk mencalonkan diri sebagai kepala desa.",
    )
    sri = _candidate(actor, "Sri Wahyuni")
    types = {t.kode: t.id for t in berkas.types()}
    for kode, colour in (("ktp", "#c8dcf0"), ("ijazah", "#f0e6c8"), ("skck", "#d8f0c8")):
        image = QImage(600, 400, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        path = tmp / f"{kode}-sri-wahyuni-contoh.png"
        image.save(str(path))
        berkas_id = berkas.attach(actor, sri, types[kode], path)  # type: ignore[arg-type]
        if kode != "skck":
            berkas.set_verified(actor, berkas_id, True)  # type: ignore[arg-type]
    return sri


def _dialogs(folder: Path, actor: object, sri: int) -> None:
    from kecamatan_app.services.eligibility import STATUS_KEPEGAWAIAN
    from kecamatan_app.views.tksk import PendaftarDialog

    dialog = PendaftarDialog(actor, sri)  # type: ignore[arg-type]
    dialog.resize(*DIALOG_SIZE)
    dialog.show()
    _save(dialog, folder, "tksk-calon-memenuhi.png")
    dialog.tabs.setCurrentWidget(dialog.berkas)
    _save(dialog, folder, "tksk-calon-berkas.png")
    dialog.tabs.setCurrentWidget(dialog.penugasan)
    sk = dialog.penugasan.replace()  # the form only: nothing is saved
    assert sk is not None
    sk.sk_nomor.setText("460/201/SK/Dinsos/2027 (contoh)")
    _save(sk, folder, "tksk-pergantian.png")
    sk.done(0)
    dialog.close()

    active = PendaftarDialog(actor, _candidate(actor, "Dewi Lestari"))  # type: ignore[arg-type]
    active.resize(*DIALOG_SIZE)
    active.show()
    active.tabs.setCurrentWidget(active.penugasan)
    _save(active, folder, "tksk-calon-penugasan.png")
    active.tabs.setCurrentWidget(active.seleksi)
    _save(active, folder, "tksk-calon-seleksi.png")
    active.close()

    typed = PendaftarDialog(actor)  # type: ignore[arg-type]
    typed.resize(*DIALOG_SIZE)
    typed.show()
    form = typed.form
    registered = form.tanggal_daftar_value()
    born = dt.date(registered.year - 19, 2, 3)
    form.nik.setText(f"160306{born.day:02d}{born.month:02d}{born.year % 100:02d}0117")
    form.nama.setText("Yusuf Maulana (contoh)")
    form.jenis_kelamin.set_value("L")
    form.tempat_lahir.setText("Muara Enim")
    form.tanggal_lahir.set_value(born)
    form.kewarganegaraan.set_value("WNI")
    form.alamat.setText("Dusun 3")
    form.rt.setText("004")
    form.rw.setText("002")
    form.desa.setCurrentIndex(3)
    form.kecamatan_ktp.setText("16.03.06")
    form.status_kepegawaian.set_value(STATUS_KEPEGAWAIAN[0])
    form.pilar_sosial.set_value("Karang Taruna")
    form.surat_sehat.set_value("Ada")
    typed.update_panel()
    _save(typed, folder, "tksk-calon-tidak-memenuhi.png")
    typed.loaded = typed.form.data()  # close without the "not saved" question
    typed.close()


IMPORT_SIZE = (1000, 700)


def _impor(folder: Path, actor: object, tmp: Path) -> None:
    """The import dialog after checking a workbook with typical mistakes; nothing is saved."""
    import openpyxl

    from kecamatan_app.services import desa
    from kecamatan_app.services import impor_pendaftar as ip
    from kecamatan_app.views.tasks import wait_all
    from kecamatan_app.views.tksk.impor_dialog import ImporPendaftarDialog

    desa_nama = desa.all_desa()[0].nama
    good = (
        f"L|Muara Enim|12-03-1999|WNI|Jl. Contoh No. 1|{desa_nama}|Gelumbang|SMA|"
        "Bukan ASN/TNI/Polri/Legislatif|Karang Taruna|Ya|Ada|Ada|05-01-2026|081234567890|2026"
    ).split("|")
    rows = [
        ["1603061203990101", "Andi Saputra (contoh)", *good],
        ["16030612039901", "Bayu Pratama (contoh)", *good],  # NIK too short
        ["1603060101990103", "Citra Ayu (contoh)", "P", "Muara Enim", "31-02-2000", *good[3:]],
        ["1603061505970104", "Dedi Kurniawan (contoh)", "X", *good[1:]],
        ["1603061203990101", "Andi Saputra (contoh)", *good],  # the same person twice
        ["1603066708960106", "Eka Putri (contoh)", "P", *good[1:7], "SMA sederajat", *good[8:]],
    ]
    path = ip.write_template(tmp / "pendaftar-kecamatan-contoh.xlsx")
    wb = openpyxl.load_workbook(path)
    for row in rows:
        wb[ip.SHEET].append(row)
    wb.save(path)

    dialog = ImporPendaftarDialog(actor)  # type: ignore[arg-type]
    dialog.resize(*IMPORT_SIZE)
    dialog.show()
    dialog.check(path)
    wait_all()
    _settle()
    assert dialog.problems(), "contoh berkas impor seharusnya bermasalah"
    _save(dialog, folder, "tksk-impor-masalah.png")
    dialog.close()


def _page(folder: Path, target: object, actor: object) -> None:
    from kecamatan_app.views.main_window import MainWindow
    from kecamatan_app.views.tksk import TkskPage

    window = MainWindow(actor, target)  # type: ignore[arg-type]
    window.resize(*WINDOW_SIZE)
    window.show()
    page = window.show_page("tksk")
    assert isinstance(page, TkskPage)
    _save(window, folder, "tksk-pendaftar.png")
    page.setCurrentWidget(page.aktif)
    _save(window, folder, "tksk-aktif.png")
    stop = page.aktif.terminate()  # the form only: nothing is saved
    assert stop is not None
    _save(stop, folder, "tksk-pemberhentian.png")
    stop.done(0)
    page.setCurrentWidget(page.riwayat)
    _save(window, folder, "tksk-riwayat.png")
    page.setCurrentWidget(page.aturan)
    _save(window, folder, "tksk-aturan.png")
    window.close()


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else ROOT / "docs" / "img").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kecamatan-gambar-tksk-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(tmp / "data")
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(tmp / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)

        from kecamatan_app.app import apply_style, create_application
        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import demo, users
        from kecamatan_app.views.i18n import install_translations
        from kecamatan_app.views.tasks import wait_all

        app = create_application([argv[0]])
        translators = install_translations(app)
        apply_style(app)
        target = DatabaseTarget.parse(tmp / "data" / "kecamatan.sqlite3")
        open_database(target)
        print(f"Platform Qt: {app.platformName()}; {len(translators)} terjemahan; ke {folder}")
        try:
            result = demo.run()
            admin = next(a for a in result.accounts if a.peran == "admin")
            actor = users.login(admin.nama_pengguna, admin.sandi).actor
            sri = _prepare(actor, tmp)
            _page(folder, target, actor)
            _dialogs(folder, actor, sri)
            _impor(folder, actor, tmp)
            wait_all()
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
