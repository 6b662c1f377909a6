"""Screenshots of Pemetaan Sosial > Rekap and > Ringkasan for the user guide.

Usage:
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots_pemetaan.py docs/img

Works in a temporary data folder filled by the demo (``services.demo.run()``) plus fictitious
counts made up here with a fixed seed; the user's own data are never touched.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1240, 760)


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
        close_database()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
