"""Render Bantuan > Tentang into docs/img/tentang.png (tabs "Letak data" and "Lisensi").

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python installer/screenshot_tentang.py

Works in a temporary data folder (never the user's data). Without an X server it falls back to
the offscreen platform, whose fonts may differ from a desktop's.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img" / "tentang.png"


def main() -> int:
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = tempfile.mkdtemp(prefix="kecamatan-tentang-")
    os.environ["KECAMATAN_APP_DATA_DIR"] = str(Path(tmp) / "KecamatanTKSK")
    os.environ.pop("KECAMATAN_APP_LOG_DIR", None)
    os.environ.pop("KECAMATAN_APP_DB", None)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from kecamatan_app.app import apply_style, create_application
    from kecamatan_app.config import default_database
    from kecamatan_app.logs import setup_logging
    from kecamatan_app.views.i18n import install_translations
    from kecamatan_app.views.tentang_dialog import TentangDialog

    app = create_application(sys.argv[:1])
    keep = install_translations(app)  # noqa: F841 - "Tutup" on the standard button
    apply_style(app)
    setup_logging()
    dialog = TentangDialog(default_database())
    dialog.show()
    shots = []
    for index, select in ((1, None), (2, "PySide6_Essentials")):
        dialog.tabs.setCurrentIndex(index)
        if select:
            row = next(i for i, p in enumerate(dialog.pustaka) if p.nama == select)
            dialog.table.setCurrentCell(row, 0)
        for _ in range(5):
            QApplication.processEvents()
        shots.append(dialog.grab())
    gap = 16
    width = sum(s.width() for s in shots) + gap * (len(shots) + 1)
    height = max(s.height() for s in shots) + 2 * gap
    canvas = QPixmap(width, height)
    canvas.fill(QColor("#d9dee5"))
    painter = QPainter(canvas)
    x = gap
    for shot in shots:
        painter.drawPixmap(x, gap, shot)
        x += shot.width() + gap
    painter.end()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(str(OUT), "PNG")
    print(OUT.relative_to(ROOT))
    dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
