"""Sample pictures of the TKSK prints for the user guide: the verification sheet and the list.

Usage:
    .venv/bin/python tools/render_tksk_samples.py [docs/img] [--pdf FOLDER]

``--pdf FOLDER`` also keeps the PDF files (every page) there, to look at them closely.

Works in a temporary data folder with a new database (the user's own data are never touched):
the demo office and candidates (``services.demo.run()``) and three more clearly fictitious
candidates marked "(contoh)", then ``pdftoppm -png -r 70`` (poppler-utils) turns page one of
each PDF into ``lembar-verifikasi.png`` and ``daftar-pendaftar.png``.

The PDFs do not embed fonts (standard Helvetica). Install a font with Helvetica's metrics
(``apt-get install fonts-liberation`` or ``fonts-urw-base35``) before rendering: poppler's
fallback (DejaVu Sans) is wider and makes text look as if it touched the cell borders.
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

RESOLUTION = "70"


def _candidates() -> list[dict[str, object]]:
    """Candidates added to the demo's own six; the first is the one whose sheet is shown: it
    fails two criteria and lacks one document, so all three results appear on the sheet."""
    d = dt.date
    base: dict[str, object] = {
        "kewarganegaraan": "WNI",
        "status_kepegawaian": "Bukan ASN/TNI/Polri/Legislatif",
        "pilar_sosial": "Karang Taruna",
        "dapat_komputer": True,
        "surat_sehat": "Ada",
        "skck": "Ada",
        "pendidikan": "SMA",
        "periode_rekrutmen": "2026",
        "kecamatan_ktp": "Gelumbang",
    }
    return [
        {
            **base,
            "nik": "1603061205880002",
            "nama": "Andi Saputra (contoh)",
            "jenis_kelamin": "L",
            "tempat_lahir": "Palembang",
            "tanggal_lahir": d(1992, 5, 12),
            "alamat": "Dusun II Contoh, Jl. Lintas Prabumulih Km 3",
            "rt": "7",
            "rw": "2",
            "desa": 3,
            "telepon": "0813-0000-2222",
            "status_kepegawaian": "PPPK",
            "pendidikan": "SMP",
            "skck": None,
            "tanggal_daftar": d(2026, 3, 4),
        },
        {
            **base,
            "nik": "1603066008970001",
            "nama": "Ratna Sari Dewi (contoh)",
            "jenis_kelamin": "P",
            "tempat_lahir": "Muara Enim",
            "tanggal_lahir": d(1997, 8, 20),
            "alamat": "Jl. Contoh Pendidikan No. 12",
            "rt": "3",
            "rw": "1",
            "desa": 0,
            "telepon": "0812-0000-1111",
            "pendidikan": "S1",
            "pilar_sosial": "PSM dan Karang Taruna",
            "tanggal_daftar": d(2026, 3, 2),
        },
        {
            **base,
            "nik": "1603062309000003",
            "nama": "Muhammad Rizky Pratama (contoh)",
            "jenis_kelamin": "L",
            "tempat_lahir": "Gelumbang",
            "tanggal_lahir": d(2000, 9, 23),
            "alamat": "Lorong Contoh Damai",
            "rt": "1",
            "rw": "1",
            "desa": 5,
            "surat_sehat": None,
            "skck": None,
            "pilar_sosial": None,
            "dapat_komputer": None,
            "telepon": "0821-0000-3333",
            "tanggal_daftar": d(2026, 3, 5),
            "pendidikan": "SMK",
        },
    ]


def _png(pdf: Path, out: Path) -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm tidak ditemukan: pasang poppler-utils.")
    stem = out.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            RESOLUTION,
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    print(f"  {out}")


def main(argv: list[str]) -> int:
    args = list(argv[1:])
    keep: Path | None = None
    if "--pdf" in args:
        i = args.index("--pdf")
        keep = Path(args[i + 1]).resolve()
        del args[i : i + 2]
    folder = Path(args[0] if args else ROOT / "docs" / "img").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kecamatan-cetak-") as tmp:
        os.environ["KECAMATAN_APP_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["KECAMATAN_APP_LOG_DIR"] = str(Path(tmp) / "log")
        os.environ.pop("KECAMATAN_APP_DB", None)
        (Path(tmp) / "data").mkdir()

        from kecamatan_app.config import DatabaseTarget
        from kecamatan_app.db import close_database, open_database
        from kecamatan_app.services import cetak_tksk, demo, desa, pendaftar, users

        open_database(DatabaseTarget.parse(Path(tmp) / "data" / "kecamatan.sqlite3"))
        try:
            result = demo.run()
            admin = next(a for a in result.accounts if a.peran == "admin")
            actor = users.login(admin.nama_pengguna, admin.sandi).actor
            operator = next(a for a in result.accounts if a.peran == "operator")
            clerk = users.login(operator.nama_pengguna, operator.sandi).actor
            villages = desa.all_desa()
            ids: list[int] = []
            for c in _candidates():
                values = dict(c)
                values["desa_domisili_id"] = villages[int(str(values.pop("desa")))].id
                data = pendaftar.PendaftarData(**values)  # type: ignore[arg-type]
                ids.append(pendaftar.create(actor, data)[0])
            lembar = cetak_tksk.print_lembar(clerk, ids[0], Path(tmp) / "lembar.pdf")
            daftar = cetak_tksk.print_daftar(clerk, Path(tmp) / "daftar.pdf")
            _png(lembar, folder / "lembar-verifikasi.png")
            _png(daftar, folder / "daftar-pendaftar.png")
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                for pdf in (lembar, daftar):
                    shutil.copy2(pdf, keep / pdf.name)
        finally:
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
