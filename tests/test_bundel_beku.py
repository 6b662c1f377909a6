"""The frozen bundle: PyInstaller builds it, `kecamatan-app selftest` runs from it with no screen.

The slow test is CI's check of the installer (issue 9): a resource the spec forgets, or a module
PyInstaller cannot see (a hidden import), makes the frozen selftest fail here. The bundle's size
is printed (straight to the terminal, also when the test passes) and written to
build/bundle-size.txt. The fast tests check the Linux desktop entry and the Inno Setup script.
"""

from __future__ import annotations

import configparser
import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from kecamatan_app import __version__, config

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
DESKTOP = INSTALLER / "linux" / "kecamatan-tksk.desktop"
ISS = INSTALLER / "kecamatan_tksk.iss"


def _build_module() -> ModuleType:
    """installer/build.py (not a package), loaded once."""
    name = "kecamatan_installer_build"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, INSTALLER / "build.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while being built
        spec.loader.exec_module(module)
    return sys.modules[name]


# -- Linux desktop entry --------------------------------------------------------------------------
def test_desktop_entry_validates() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0 and "error" not in result.stdout, result.stdout
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == entry["Name[id]"] == "Kecamatan TKSK"
    assert "TKSK" in entry["Comment"] and "kecamatan" in entry["Comment"]
    assert entry["Exec"].split()[0] == "kecamatan-app"
    assert entry["Icon"] == "kecamatan-tksk"
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";") and entry["Categories"].endswith(";")


def test_icon_files_exist_for_the_entry_and_the_installers() -> None:
    icons = ROOT / "kecamatan_app" / "resources" / "icons"
    assert (icons / "kecamatan-tksk.svg").is_file()
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert (icons / f"kecamatan-tksk-{size}.png").is_file()
    ico = (icons / "kecamatan-tksk.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") >= 6


def test_desktop_install_script(tmp_path: Path) -> None:
    if sys.platform == "win32" or not shutil.which("sh"):
        pytest.skip("POSIX shell script")
    program = tmp_path / "paket saya" / "kecamatan-app"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "share"))
    script = INSTALLER / "linux" / "pasang.sh"
    subprocess.run(["sh", str(script), str(program)], env=env, check=True, capture_output=True)
    installed = tmp_path / "share" / "applications" / "kecamatan-tksk.desktop"
    assert f'Exec="{program}"' in installed.read_text(encoding="utf-8")
    assert (tmp_path / "share/icons/hicolor/48x48/apps/kecamatan-tksk.png").is_file()
    subprocess.run(["sh", str(script), "--hapus"], env=env, check=True, capture_output=True)
    assert not installed.exists()


# -- Inno Setup script ----------------------------------------------------------------------------
def test_inno_script_promises() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}", text, re.M), "AppId tetap (upgrade di tempat)"
    assert re.search(r"^PrivilegesRequiredOverridesAllowed=.*\bdialog\b", text, re.M)
    for line in ("PrivilegesRequired=lowest",
                 r"DefaultDirName={autopf}\{#AppName}",
                 "OutputBaseFilename=KecamatanTKSK-Setup-{#AppVersion}",
                 'MessagesFile: "compiler:Default.isl"'):
        assert line in text, line
    assert "Indonesian.isl" in text
    assert re.search(r'Name: "desktopicon";.*Flags: unchecked', text)
    # the data folder the uninstaller asks about is the app's, and it is kept by default
    assert f'#define DataFolder "{config.APP_NAME}"' in text
    assert "MB_DEFBUTTON2" in text and "UninstallSilent" in text


# -- the frozen bundle ----------------------------------------------------------------------------
def _show(capsys: pytest.CaptureFixture[str], text: str) -> None:
    with capsys.disabled():
        print(f"\n{text}", flush=True)


def _frozen(bundle: Path, args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KECAMATAN_APP_DATA_DIR=str(data),
               KECAMATAN_APP_LOG_DIR=str(data / "log"))
    env.pop("KECAMATAN_APP_DB", None)
    build = _build_module()
    return subprocess.run([str(build.cli_program(bundle)), *args], env=env, cwd=data.parent,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.sqlite_only  # the bundle's selftest opens its own SQLite file: once is enough
def test_frozen_bundle_runs_selftest(tmp_path_factory: pytest.TempPathFactory,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("PyInstaller", reason="PyInstaller belum terpasang (extra `dev`); "
                        "paket beku tidak diuji")
    build = _build_module()
    dist = tmp_path_factory.mktemp("dist")
    work = ROOT / "build" / f"pyinstaller-test-py{sys.version_info[0]}{sys.version_info[1]}"
    started = time.monotonic()
    bundle = build.run_pyinstaller(dist, work)
    seconds = time.monotonic() - started
    size = build.record_size(bundle)
    _show(capsys, f"{size.describe(bundle)}; dibuat dalam {seconds:.0f} detik "
                  f"(juga di {build.SIZE_FILE.relative_to(ROOT)})")
    assert build.SIZE_FILE.read_text(encoding="utf-8").startswith("Ukuran paket:")

    result = build.run_selftest(bundle)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Uji mandiri berhasil." in result.stdout, output
    assert result.stdout.count("[OK]") >= 5 and "[GAGAL]" not in result.stdout, output
    assert f"Kecamatan TKSK {__version__}" in result.stdout

    _check_contents(bundle)
    _check_babel_and_reports(bundle, tmp_path_factory.mktemp("frozen-data"))
    version_file = work / "kecamatan_tksk" / "versi-windows.txt"
    numbers = tuple(int(n) for n in re.findall(r"\d+", __version__)[:3])
    assert f"filevers={(*numbers, 0)}" in version_file.read_text(encoding="utf-8")


def _check_contents(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "kecamatan_app" / "resources" / "lisensi" / "LGPL-3.0.txt").is_file()
    assert (internal / "kecamatan_app" / "resources" / "icons" / "kecamatan-tksk-48.png").is_file()
    assert list(internal.glob("pyside6_essentials-*.dist-info")), "metadata PySide6 tidak disalin"
    assert list(internal.glob("peewee-*.dist-info"))
    names = {p.name for p in bundle.rglob("*")}
    plugins = {p.name for p in (internal / "PySide6" / "Qt" / "plugins").rglob("*")}
    if sys.platform.startswith("linux"):
        assert {"libqoffscreen.so", "libqxcb.so", "libqjpeg.so"} <= plugins
    # slimmed: nothing of Qt Quick/QML/WebEngine/Wayland, no Qt translations
    unwanted = [n for n in names if re.search(r"Qt6(Quick|Qml|WebEngine|Wayland|VirtualKeyboard)",
                                              n)]
    assert not unwanted, unwanted
    assert not list(internal.rglob("qtbase_de.qm"))


def _check_babel_and_reports(bundle: Path, data: Path) -> None:
    """Indonesian dates (babel's CLDR data) and PDF/Excel output work frozen too."""
    from pypdf import PdfReader

    from kecamatan_app.services.formatting import tanggal

    setup = _frozen(bundle, ["setup", "--kecamatan-kode", "16.03.06", "--camat", "Camat Uji",
                             "--nip-camat", "197001012000031001"], data)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    pdf, xlsx = data / "rekap.pdf", data / "rekap.xlsx"
    year = dt.date.today().year
    report = _frozen(bundle, ["report", "rekap", "--tahun", str(year), "--pdf", str(pdf),
                              "--xlsx", str(xlsx)], data)
    assert report.returncode == 0, report.stdout + report.stderr
    text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    today = dt.date.today()
    expected = {tanggal(today), tanggal(today - dt.timedelta(days=1))}
    assert any(day in text for day in expected), (expected, text[-400:])
    assert xlsx.stat().st_size > 1000


def test_bundle_size_file_is_ignored_by_git() -> None:
    text = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in text and "dist/" in text
