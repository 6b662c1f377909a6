"""The licence list of Bantuan > Tentang (services/lisensi.py)."""

from __future__ import annotations

import importlib.metadata as md
import re
import tomllib
from pathlib import Path

import pytest

from kecamatan_app import __version__
from kecamatan_app.services import lisensi
from kecamatan_app.services.lisensi import TIDAK_DIKETAHUI, normalise

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_dependencies() -> list[str]:
    """Names in pyproject.toml's dependencies and postgres extra (what the bundle ships)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"]) + list(project["optional-dependencies"]["postgres"])
    names = []
    for line in lines:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
        assert match, line
        names.append(match.group(1))
    return list(dict.fromkeys(names))


def _installed(name: str) -> bool:
    try:
        md.distribution(name)
    except md.PackageNotFoundError:
        return False
    return True


def test_every_pyproject_dependency_is_declared() -> None:
    declared = {normalise(n) for n in lisensi.DEPENDENSI}
    missing = [n for n in _pyproject_dependencies() if normalise(n) not in declared]
    assert not missing, f"tambahkan ke lisensi.DEPENDENSI (dan DIKENAL): {missing}"


def test_every_known_dependency_has_a_fallback_licence() -> None:
    for name in lisensi.DEPENDENSI:
        assert normalise(name) in lisensi.DIKENAL, name


def test_every_shipped_dependency_is_listed_with_version_and_licence() -> None:
    entries = {normalise(p.nama): p for p in lisensi.daftar()}
    for name in _pyproject_dependencies():
        if not _installed(name):
            continue  # an extra that is not installed here is not shipped either
        entry = entries.get(normalise(name))
        assert entry is not None, f"{name} tidak tercantum"
        assert entry.versi == md.version(name)
        assert entry.lisensi and entry.lisensi != TIDAK_DIKETAHUI, name
        assert entry.url, name


def test_main_dependencies_are_installed() -> None:
    """Guards the test above: it must not pass by skipping everything."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["dependencies"]
    for name in ("PySide6-Essentials", "peewee", "reportlab", "openpyxl", "babel"):
        assert _installed(name)


def test_requirements_of_dependencies_are_shipped_too() -> None:
    shipped = {normalise(n) for n in lisensi.distribusi_dikirim()}
    assert {"shiboken6", "et-xmlfile"} <= shipped  # from PySide6 and openpyxl
    assert not shipped & {"pip", "setuptools", "pytest", "pyinstaller", "mypy"}


def test_pyside6_is_lgpl_with_the_full_text() -> None:
    entry = next(p for p in lisensi.daftar() if normalise(p.nama) == "pyside6-essentials")
    assert "LGPL-3.0" in entry.lisensi
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in entry.teks
    assert "GNU GENERAL PUBLIC LICENSE" in entry.teks  # LGPLv3 supplements GPLv3


@pytest.mark.parametrize(("name", "expected"), [
    ("peewee", "MIT"),
    ("reportlab", "BSD"),
    ("pillow", "MIT-CMU"),
    ("openpyxl", "MIT"),
    ("babel", "BSD"),
    ("platformdirs", "MIT"),
])
def test_known_licences(name: str, expected: str) -> None:
    entry = lisensi.pustaka(name)
    assert entry is not None
    assert expected in entry.lisensi
    assert entry.teks, f"{name}: teks lisensi kosong"


def test_app_python_and_region_data() -> None:
    entries = lisensi.daftar()
    app, python, wilayah = entries[:3]
    assert (app.nama, app.versi, app.lisensi) == ("Kecamatan TKSK", __version__, "MIT")
    assert "MIT License" in app.teks
    assert python.lisensi == "PSF-2.0" and "PYTHON SOFTWARE FOUNDATION" in python.teks
    assert wilayah.lisensi == "MIT" and "Cahya DSN" in wilayah.teks


def _fake_dist(tmp_path: Path, name: str, extra: str = "") -> md.Distribution:
    info = tmp_path / f"{name}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n{extra}", encoding="utf-8")
    return md.PathDistribution(info)


def test_table_fills_in_when_metadata_names_no_licence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen bundle, or a package like peewee, whose metadata has no licence field."""
    fake = _fake_dist(tmp_path, "psycopg2-binary")
    monkeypatch.setattr(lisensi, "_distribution", lambda name: fake)
    entry = lisensi.pustaka("psycopg2-binary")
    assert entry is not None
    assert entry.versi == "1.2.3"
    assert entry.lisensi == lisensi.DIKENAL["psycopg2-binary"].lisensi
    assert entry.sumber == "tabel"
    assert entry.url == lisensi.DIKENAL["psycopg2-binary"].url


def test_metadata_wins_over_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake_dist(tmp_path, "peewee", "License-Expression: Apache-2.0\n")
    monkeypatch.setattr(lisensi, "_distribution", lambda name: fake)
    entry = lisensi.pustaka("peewee")
    assert entry is not None and (entry.lisensi, entry.sumber) == ("Apache-2.0", "metadata")


def test_unknown_without_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake_dist(tmp_path, "entah-apa")
    monkeypatch.setattr(lisensi, "_distribution", lambda name: fake)
    entry = lisensi.pustaka("entah-apa")
    assert entry is not None and entry.lisensi == TIDAK_DIKETAHUI


def test_missing_distribution_is_skipped() -> None:
    assert lisensi.pustaka("tidak-ada-paket-bernama-ini") is None
    assert lisensi.distribusi_dikirim(["tidak-ada-paket-bernama-ini", "peewee"]) == ["peewee"]


def test_extras_and_foreign_markers_are_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _fake_dist(tmp_path, "akar", "Requires-Dist: peewee\n"
                      "Requires-Dist: openpyxl; extra == 'excel'\n"
                      "Requires-Dist: babel; python_version < '3'\n")
    real = lisensi._distribution
    monkeypatch.setattr(lisensi, "_distribution",
                        lambda name: root if name == "akar" else real(name))
    assert lisensi.distribusi_dikirim(["akar"]) == ["akar", "peewee"]
