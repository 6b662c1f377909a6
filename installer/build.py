"""Build the Kecamatan TKSK bundle (PyInstaller) and, on Windows, its setup.exe (Inno Setup 6).

    python installer/build.py                 (Windows: py installer\\build.py)
    python installer/build.py --selftest      also run `kecamatan-app selftest` from the bundle
    python installer/build.py --iscc "C:\\...\\ISCC.exe"   Inno Setup compiler not on PATH

Steps: PyInstaller with installer/kecamatan_tksk.spec into dist/KecamatanTKSK (work files in
build/pyinstaller); the bundle's size and file count are printed and written to
build/bundle-size.txt; on Windows ISCC.exe (given, on PATH, or in its default folders) compiles
installer/kecamatan_tksk.iss into dist/KecamatanTKSK-Setup-<version>.exe. Run it with the Python
of any Python 3.11-3.13: outside the project's virtual environment it first creates or updates
.venv (with the `dev` and `postgres` extras, as scripts/test.py does) and runs itself again
with the Python there, because PyInstaller packs the interpreter that runs it together with
that interpreter's packages. See docs/installer.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "kecamatan_tksk.spec"
ISS = HERE / "kecamatan_tksk.iss"
BUNDLE = "KecamatanTKSK"
SIZE_FILE = ROOT / "build" / "bundle-size.txt"
SELFTEST_OK = "Uji mandiri berhasil."
IS_WIN = sys.platform == "win32"


def version() -> str:
    """``kecamatan_app.__version__``, read without importing the package (no Qt needed)."""
    text = (ROOT / "kecamatan_app" / "__init__.py").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("__version__ tidak ditemukan di kecamatan_app/__init__.py")


def cli_program(bundle: Path) -> Path:
    """The console program in the bundle (``kecamatan-app.exe`` on Windows)."""
    return bundle / ("kecamatan-app.exe" if IS_WIN else "kecamatan-app")


@dataclass(frozen=True)
class Size:
    bytes: int
    files: int

    @property
    def megabytes(self) -> float:
        return self.bytes / 1_000_000

    def describe(self, bundle: Path) -> str:
        return f"Ukuran paket: {self.megabytes:.1f} MB dalam {self.files} berkas ({bundle})"


def bundle_size(bundle: Path) -> Size:
    total = files = 0
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return Size(total, files)


def run_pyinstaller(dist: Path, work: Path, clean: bool = False) -> Path:
    """Run PyInstaller with the spec; returns the bundle folder."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work)]
    if clean:
        cmd.append("--clean")
    cmd.append(str(SPEC))
    print("$", " ".join(cmd), flush=True)
    started = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, check=True)
    print(f"PyInstaller selesai dalam {time.monotonic() - started:.0f} detik.", flush=True)
    bundle = dist / BUNDLE
    if not cli_program(bundle).exists():
        raise SystemExit(f"Program tidak ditemukan di paket: {cli_program(bundle)}")
    return bundle


def record_size(bundle: Path, size_file: Path = SIZE_FILE) -> Size:
    """Print the bundle's size and write it to build/bundle-size.txt."""
    size = bundle_size(bundle)
    line = size.describe(bundle)
    print(line, flush=True)
    size_file.parent.mkdir(parents=True, exist_ok=True)
    size_file.write_text(f"{line}\n{size.bytes} bita\n", encoding="utf-8")
    return size


def run_selftest(bundle: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``kecamatan-app selftest`` from the bundle, with no screen and a throw-away data folder."""
    with tempfile.TemporaryDirectory(prefix="kecamatan-beku-") as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   KECAMATAN_APP_DATA_DIR=str(Path(tmp) / "data"),
                   KECAMATAN_APP_LOG_DIR=str(Path(tmp) / "log"))
        env.pop("KECAMATAN_APP_DB", None)
        return subprocess.run([str(cli_program(bundle)), "selftest"], env=env, cwd=tmp,
                              capture_output=True, text=True, timeout=timeout)


def find_iscc(given: str | None) -> Path | None:
    """Inno Setup 6's compiler: the given path, PATH, or its default install folders."""
    if given:
        return Path(given)
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    candidates = [
        Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6",
        Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Inno Setup 6",
        Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6",
    ]
    for folder in candidates:
        if (folder / "ISCC.exe").is_file():
            return folder / "ISCC.exe"
    return None


def run_iscc(iscc: Path, bundle: Path, dist: Path) -> Path:
    ver = version()
    numeric = ".".join(re.findall(r"\d+", ver)[:4])
    cmd = [str(iscc), f"/DAppVersion={ver}", f"/DAppVersionNum={numeric}",
           f"/DBundleDir={bundle}", f"/DOutputDir={dist}", str(ISS)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=HERE, check=True)
    setup = dist / f"KecamatanTKSK-Setup-{ver}.exe"
    print(f"Penginstal: {setup} ({setup.stat().st_size / 1_000_000:.1f} MB)", flush=True)
    return setup


def _in_project_venv() -> bool:
    """Whether this Python is the project's .venv (its sys.prefix; the executable itself is
    often a symlink to the base interpreter)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from _bootstrap import VENV

    try:
        return Path(sys.prefix).resolve() == VENV.resolve()
    except OSError:
        return False


def _rerun_in_venv(argv: list[str]) -> int:
    from _bootstrap import ensure_env

    py = ensure_env("dev,postgres")
    print(f"Menjalankan ulang dengan Python lingkungan proyek: {py}", flush=True)
    return subprocess.call([str(py), str(Path(__file__).resolve()), *argv], cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not _in_project_venv() and os.environ.get("KECAMATAN_BUILD_ANY_PYTHON") != "1":
        return _rerun_in_venv(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="folder hasil")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="folder kerja PyInstaller")
    parser.add_argument("--clean", action="store_true", help="buang cache PyInstaller dulu")
    parser.add_argument("--selftest", action="store_true",
                        help="jalankan 'kecamatan-app selftest' dari paket")
    parser.add_argument("--iscc", help="jalur ISCC.exe (Inno Setup 6)")
    parser.add_argument("--no-installer", action="store_true",
                        help="jangan membuat setup.exe walau di Windows")
    args = parser.parse_args(argv)

    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller belum terpasang di Python ini. Pasang dengan:\n"
              f'  "{sys.executable}" -m pip install "pyinstaller>=6.10,<7"', file=sys.stderr)
        return 1
    bundle = run_pyinstaller(args.dist.resolve(), args.work.resolve(), clean=args.clean)
    record_size(bundle)
    if args.selftest:
        result = run_selftest(bundle)
        print(result.stdout + result.stderr, flush=True)
        if result.returncode != 0 or SELFTEST_OK not in result.stdout:
            print(f"Uji mandiri paket GAGAL (kode keluar {result.returncode}).", file=sys.stderr)
            return 1
    if IS_WIN and not args.no_installer:
        iscc = find_iscc(args.iscc)
        if iscc is None:
            print("ISCC.exe (Inno Setup 6) tidak ditemukan: paket ada di "
                  f"{bundle}, tetapi setup.exe tidak dibuat. Pasang Inno Setup 6 atau beri "
                  "--iscc JALUR.", file=sys.stderr)
            return 1
        run_iscc(iscc, bundle, args.dist.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
