"""Sample picture of a kop surat with the office logo, for the user guide.

Usage:
    .venv/bin/python tools/render_kop_logo.py [docs/img/kop-dengan-logo.png] [--pdf FILE]

Works in a temporary data folder with a new database (the user's own data are never touched):
the demo office (``services.demo.run()``) gets a clearly fictitious sample emblem (a shield with
a star drawn here with Pillow, on a transparent background) through ``kantor.set_logo``, the
verification sheet of the first demo candidate is printed, and ``pdftoppm -png -r 60``
(poppler-utils) turns its page one into the picture. ``--pdf FILE`` keeps the PDF too.

Install a font with Helvetica's metrics (``fonts-liberation``) before rendering, as for
``render_tksk_samples.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESOLUTION = "60"


def sample_logo(path: Path) -> Path:
    """A fictitious emblem: a green shield with a gold rim and star (not any real coat of arms)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (400, 480), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.polygon([(20, 20), (380, 20), (380, 300), (200, 460), (20, 300)],
                 fill=(20, 110, 60, 255), outline=(230, 180, 20, 255), width=14)
    draw.regular_polygon((200, 190, 90), 5, fill=(240, 200, 30, 255))
    img.save(path, "PNG")
    return path


def main(argv: list[str]) -> int:
    args = list(argv[1:])
    keep: Path | None = None
    if "--pdf" in args:
        i = args.index("--pdf")
        keep = Path(args[i + 1]).resolve()
        del args[i : i + 2]
    out = Path(args[0] if args else ROOT / "docs" / "img" / "kop-dengan-logo.png").resolve()
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm tidak ditemukan: pasang poppler-utils.")
    with tempfile.TemporaryDirectory(prefix="kecamatan-kop-") as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(Path(tmp) / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)
        (Path(tmp) / "data").mkdir()

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import cetak_tksk, demo, kantor, pendaftar_daftar, users

        open_database(DatabaseTarget.parse(Path(tmp) / "data" / "kecamatan.sqlite3"))
        try:
            result = demo.run()
            admin = next(a for a in result.accounts if a.peran == "admin")
            actor = users.login(admin.nama_pengguna, admin.sandi).actor
            office = kantor.get_office()
            assert office is not None
            kantor.set_logo(actor, sample_logo(Path(tmp) / "logo-contoh.png"),
                            office.kantor_versi)
            first = pendaftar_daftar.search(actor)[0]
            pdf = cetak_tksk.print_lembar(actor, first.id, Path(tmp) / "lembar.pdf")
            out.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-png", "-r", RESOLUTION, "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(out.with_suffix(""))], check=True)
            print(f"  {out}")
            if keep is not None:
                keep.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(pdf, keep)
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
