"""A sample picture of the referral letter (Surat Rujukan) for the user guide.

Usage:
    .venv/bin/python tools/render_rujukan_sample.py [docs/img] [--pdf FOLDER] [--f4]

``--pdf FOLDER`` also keeps the PDF there, to look at it closely; ``--f4`` prints on F4 paper.

Works in a temporary data folder with a new database (the user's own data are never touched):
the demo (``services.demo.run()``, which records a year of activities and referrals), then the
letter of one demo referral to a health agency of a person with an address, printed by the demo
operator with the NIK masked, and ``pdftoppm -png -r 60 -singlefile`` (poppler-utils) turns page
one into ``surat-rujukan.png``. When the demo has no referral (an older demo), one clearly
fictitious referral is made first.

The PDF does not embed fonts (standard Helvetica). Install a font with Helvetica's metrics
(``apt-get install fonts-liberation`` or ``fonts-urw-base35``) before rendering.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESOLUTION = "60"


def _png(pdf: Path, out: Path) -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm tidak ditemukan: pasang poppler-utils.")
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", RESOLUTION, "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(stem)], check=True)
    print(f"  {out}")


def _pick(actor: object) -> int:
    """A demo referral of a person to Puskesmas/RSUD, with consent; else a new one."""
    from kecamatan_app.models import InstansiRujukan, Rujukan, Warga
    from kecamatan_app.services import rujukan

    health = [i.id for i in InstansiRujukan.select().where(
        InstansiRujukan.kode.in_(("puskesmas", "rsud")))]
    found = (Rujukan.select().where(Rujukan.instansi.in_(health) & Rujukan.warga.is_null(False)
                                    & (Rujukan.persetujuan == "ada")
                                    & (Rujukan.status == "diajukan"))
             .order_by(Rujukan.tanggal.desc()).first())
    if found is not None:
        return int(found.id)
    person = Warga.select().where(Warga.rt != "").order_by(Warga.id).first()
    day = dt.date.today() - dt.timedelta(days=2)
    saved = rujukan.create(actor, rujukan.RujukanData(  # type: ignore[arg-type]
        tanggal=day, instansi_id=health[0], warga_id=person.id,
        kebutuhan="Pemeriksaan dan pengobatan lanjutan (contoh)."))
    return saved.id


def main(argv: list[str]) -> int:
    args = list(argv[1:])
    keep: Path | None = None
    if "--pdf" in args:
        i = args.index("--pdf")
        keep = Path(args[i + 1]).resolve()
        del args[i : i + 2]
    kertas = "A4"
    if "--f4" in args:
        args.remove("--f4")
        kertas = "F4"
    folder = Path(args[0] if args else ROOT / "docs" / "img").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kecamatan-rujukan-") as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(Path(tmp) / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)
        (Path(tmp) / "data").mkdir()

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import cetak_rujukan, demo, users

        open_database(DatabaseTarget.parse(Path(tmp) / "data" / "kecamatan.sqlite3"))
        try:
            result = demo.run()
            operator = next(a for a in result.accounts if a.peran == "operator")
            clerk = users.login(operator.nama_pengguna, operator.sandi).actor
            rujukan_id = _pick(clerk)
            pdf = cetak_rujukan.write_surat(clerk, rujukan_id, Path(tmp) / "surat-rujukan.pdf",
                                            kertas=kertas)
            _png(pdf, folder / "surat-rujukan.png")
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy2(pdf, keep / pdf.name)
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
