"""Recompile every .ts under kecamatan_app/resources/i18n into the .qm next to it.

Usage: python tools/build_translations.py [--strict]

Run it with the project's virtualenv Python after editing a .ts, and commit the .ts and the
.qm together. ``--strict`` also makes lrelease fail on unfinished or invalid translations
(accelerators, place markers, punctuation; needs a recent lrelease).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent.parent / "kecamatan_app" / "resources" / "i18n"


def find_lrelease() -> Path:
    """pyside6-lrelease next to the interpreter, else PySide6's bundled lrelease, else PATH."""
    exe = ".exe" if sys.platform == "win32" else ""
    bin_dir = Path(sys.executable).resolve().parent
    candidates = [
        Path(sys.executable).parent / f"pyside6-lrelease{exe}",
        bin_dir / f"pyside6-lrelease{exe}",
    ]
    try:
        import PySide6
    except ImportError:
        pass
    else:
        package_dir = Path(PySide6.__file__).resolve().parent
        candidates += [
            package_dir / f"lrelease{exe}",
            package_dir / "Qt" / "bin" / f"lrelease{exe}",
        ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise SystemExit("lrelease tidak ditemukan: pasang PySide6 di lingkungan Python ini.")


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    lrelease = find_lrelease()
    sources = sorted(I18N_DIR.glob("*.ts"))
    if not sources:
        print(f"Tidak ada berkas .ts di {I18N_DIR}")
        return 1
    options = ["-nounfinished"]
    if strict:
        options += ["-fail-on-unfinished", "-fail-on-invalid"]
    failed = 0
    for ts in sources:
        qm = ts.with_suffix(".qm")
        result = subprocess.run([str(lrelease), *options, str(ts), "-qm", str(qm)], check=False)
        if result.returncode != 0:
            print(f"GAGAL: {ts.name}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
