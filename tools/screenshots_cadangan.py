"""Screenshots for the user guide: Pengaturan > Cadangan with a few backups, and Pengaturan >
Jejak Audit after "Periksa keutuhan".

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_cadangan.py docs/img

Works in a temporary data folder: the office (Gelumbang, 16.03.06) is set up through the
services and backups are made with ``services.cadangan`` (one automatic, one by hand, one
encrypted). The user's own data are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1180, 720)
SANDI = "Rahasia123"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = tmp
        from PySide6.QtWidgets import QApplication

        from kecamatan_app.app import apply_style, create_application
        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import cadangan, kantor, users
        from kecamatan_app.views.pengaturan.halaman import PengaturanPage
        from kecamatan_app.views.tasks import wait_all

        app = create_application([])
        apply_style(app)
        target = DatabaseTarget.parse(Path(tmp) / "kecamatan.sqlite3")
        open_database(target)
        data = kantor.default_kop("16.03.06", alamat="Jl. Merdeka No. 1, Gelumbang",
                                  kode_pos="31171")
        camat = kantor.CamatData(nama="Drs. Ahmad Fauzi, M.Si (contoh)",
                                 nip="197001012000031001")
        kantor.setup_office("16.03.06", data, camat,
                            kantor.AdminData("admin", "Admin Kecamatan", SANDI, SANDI))
        admin = users.login("admin", SANDI).actor
        cadangan.otomatis_harian(target)
        folder = target.backup_dir()
        cadangan.buat(admin, folder / "cadangan-sebelum-impor.zip")
        cadangan.buat(admin, folder / "salinan-untuk-dinas.zip.enc", sandi="SandiKuat2026")

        page = PengaturanPage(admin)
        page.resize(*SIZE)
        page.show()
        assert page.cadangan is not None
        page.setCurrentWidget(page.cadangan)
        page.cadangan.refresh()
        for _ in range(5):
            app.processEvents()
        page.grab().save(str(out / "cadangan.png"))

        assert page.audit is not None
        page.setCurrentWidget(page.audit)
        page.audit.check_chain()
        wait_all()
        for _ in range(20):
            app.processEvents()
        page.grab().save(str(out / "audit-rantai.png"))
        page.close()
        page.deleteLater()
        QApplication.processEvents()
        close_database()
    print(f"Tangkapan layar ditulis ke {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
