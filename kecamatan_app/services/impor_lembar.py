"""A look at a worksheet's XML before python-calamine reads it (no Qt).

python-calamine builds a sheet as one block from its first to its last filled cell and gives a
formula saved without its value, or an Excel error such as ``#REF!``, as an empty cell. So
before a sheet is handed to it, its XML is streamed once (1 MB at a time, never held whole) to
learn three things, with byte searches rather than an XML parser:

* that no cell lies so far down or right that the block would not fit in memory (a sheet with
  one value at row 1.048.576 or column XFD), counting every ``<c``/``<row`` tag without an
  ``r="..."`` reference as possibly far (calamine places those by counting);
* the cells holding a formula but no stored value (``<f>`` without ``<v>``, or an empty one);
* the cells holding an error value (``t="e"``) and their code.

A sheet that is not laid out as Excel, LibreOffice and openpyxl write it (namespace prefixes,
more than a few tags without a reference, a cell too large to look at) raises :class:`Lain`:
the caller then reads the file with the streaming reader (:mod:`impor_baca_openpyxl`).
"""

from __future__ import annotations

import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from .impor_tabel import EXCEL_MAX_ROW

#: The block python-calamine may build, in cells: at least this many (about 250 MB), or a
#: quarter of the sheet's XML size when larger (a filled cell takes 15 bytes of XML or more).
MAX_CELLS = 8_000_000
#: ``<c``/``<row`` tags in the cells without an ``r="..."`` reference tolerated (rich-text
#: ``<color>`` counts too): calamine places such a cell one column right of the one before.
_SLACK = 16
_CHUNK = 1024 * 1024
#: The parts naming the sheets are small; a larger one is not a workbook Excel wrote.
_MAX_PART = 16 * 1024 * 1024
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
#: The content types of a workbook part openpyxl accepts (xlsx, xlsm, xltx, xltm).
_WORKBOOK_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
})
_FORMULA = re.compile(rb"<f[\s>/]")
_ERROR = re.compile(rb"\st\s*=\s*[\"']e[\"']")
_REF = re.compile(rb"<c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"']")
_VALUE = re.compile(rb"<v\s*>([^<]*)</v\s*>|<v\s*/>")


class Lain(Exception):
    """The sheet is to be read by the streaming reader; ``str(e)`` says why (for the log)."""


@dataclass
class Pindai:
    """What the scan of one sheet found. Positions are 0-based (row, column)."""

    formulas: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def rows(self) -> set[int]:
        """The rows holding a cell of either kind."""
        return {r for r, _c in self.formulas} | {r for r, _c in self.errors}


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the zip (``xl/worksheets/sheet1.xml``). The workbook part is
    found as openpyxl finds it, from ``[Content_Types].xml``: a file without one is no workbook
    (the streaming reader says so)."""
    types = _xml(zf, "[Content_Types].xml")
    book = next((o.get("PartName", "") for o in types.iter(f"{{{_TYPES}}}Override")
                 if o.get("ContentType") in _WORKBOOK_TYPES), None)  # fmt: skip
    if book is None:
        if not any(d.get("ContentType") in _WORKBOOK_TYPES
                   for d in types.iter(f"{{{_TYPES}}}Default")):  # fmt: skip
            raise Lain("tidak ada bagian buku kerja di [Content_Types].xml")
        book = "xl/workbook.xml"
    book = _resolve("", book)
    folder = posixpath.dirname(book)
    targets = {
        r.get("Id", ""): _resolve(folder, r.get("Target", ""))
        for r in _xml(zf, posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels"))
    }
    out: dict[str, str] = {}
    for sheet in _xml(zf, book).iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id", ""))
        if target is not None:
            out[sheet.get("name", "")] = target
    return out


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _xml(zf: zipfile.ZipFile, member: str) -> ElementTree.Element:
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise Lain(f"bagian {member} tidak ada") from None
    if info.file_size > _MAX_PART:
        raise Lain(f"bagian {member} terlalu besar")
    try:
        return ElementTree.fromstring(zf.read(info))
    except ElementTree.ParseError as exc:
        raise Lain(f"bagian {member} rusak: {exc}") from exc


def _above(limit: int) -> bytes:
    """A regex matching a decimal number (no sign, no leading zeros) greater than ``limit``."""
    digits = str(limit)
    parts = [rb"[1-9]\d{%d,}" % len(digits)]
    for i, d in enumerate(digits):
        if d != "9":
            rest = len(digits) - i - 1
            first = b"[1-9]" if i == 0 and d == "0" else b"[%d-9]" % (int(d) + 1)
            parts.append(digits[:i].encode() + first + (rb"\d{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join(parts) + b")"


def _column_above(limit: int) -> bytes:
    """A regex matching column letters (``A``..., either case) of a column number greater than
    ``limit``."""
    letters = ""
    n = limit
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    parts = [b"[A-Za-z]{%d,3}" % (len(letters) + 1)] if len(letters) < 3 else []
    for i, ch in enumerate(letters):
        if ch != "Z":
            rest = len(letters) - i - 1
            nxt = ord(ch) + 1
            parts.append(b"".join(b"[%c%c]" % (c, c + 32) for c in letters[:i].encode())
                         + b"[%c-Z%c-z]" % (nxt, nxt + 32)
                         + (b"[A-Za-z]{%d}" % rest if rest else b""))  # fmt: skip
    return b"(?:" + b"|".join(parts) + b")" if parts else b"(?!)"


def _far(max_row: int, max_col: int) -> re.Pattern[bytes]:
    """References (``r="..."`` of a row or a cell) beyond ``max_row`` or ``max_col``."""
    return re.compile(
        rb' r="(?:[A-Za-z]{0,3}0*' + _above(max_row) + rb'|' + _column_above(max_col) + rb'\d)'
    )


def _units(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The sheet's XML in pieces that end before a ``<row`` tag (whole rows, so that a cell is
    never cut in two), or before the last ``<`` when a row is longer than a piece: a tag is
    never cut (``<`` cannot occur inside one)."""
    carry = b""
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            buf = carry + chunk
            cut = buf.rfind(b"<row")
            if cut <= 0:
                cut = buf.rfind(b"<")
            if cut <= 0:
                carry = buf
                if len(carry) > 16 * _CHUNK:
                    raise Lain("tidak ada tag dalam 16 MB")
                continue
            yield buf[:cut]
            carry = buf[cut:]
    if carry:
        yield carry


def _sheet_data(units: Iterator[bytes]) -> Iterator[bytes]:
    """The pieces of ``units`` between ``<sheetData`` and ``</sheetData>`` (the cells)."""
    inside = False
    for unit in units:
        if not inside:
            start = unit.find(b"<sheetData")
            if start < 0:
                continue
            if re.match(rb"<sheetData\s*/>", unit[start : start + 40]):
                return  # an empty sheet
            inside, unit = True, unit[start:]
        end = unit.find(b"</sheetData")
        if end >= 0:
            yield unit[:end]
            return
        yield unit


def scan(zf: zipfile.ZipFile, member: str, max_row: int) -> Pindai:
    """Scan the sheet in ``member`` for a read of rows up to ``max_row`` (a filled row beyond it
    is still met by the reader, which refuses the file for it, while the block fits).
    Raises :class:`Lain` when the sheet must be read by the streaming reader."""
    try:
        size = zf.getinfo(member).file_size
    except KeyError:
        raise Lain(f"bagian {member} tidak ada") from None
    rows = min(max(max_row, 1), EXCEL_MAX_ROW)
    cols = min(16_384, max(26, max(MAX_CELLS, size // 4) // (rows + _SLACK)))
    far = _far(rows, cols)
    found = Pindai()
    tags = refs = 0
    units = _units(zf, member)
    first = next(units, b"")
    at = first.find(b"<worksheet")
    if at < 0 or b":worksheet" in first[: at + 1]:
        raise Lain("lembar tidak ditulis seperti Excel (tanpa <worksheet>, atau berawalan)")
    for unit in _sheet_data(itertools.chain([first], units)):
        if far.search(unit):
            raise Lain("ada sel jauh di bawah atau di kanan")
        tags += unit.count(b"<c") + unit.count(b"<row")
        refs += unit.count(b' r="')
        if b"<f" in unit:
            _formulas(unit, found)
        if b't="e"' in unit or b"t='e'" in unit:
            _errors(unit, found)
    if tags - refs > _SLACK:
        raise Lain(f"{tags - refs} tag sel atau baris tanpa rujukan r=")
    return found


def _cell_at(unit: bytes, pos: int) -> tuple[tuple[int, int], bytes]:
    """(position, XML) of the cell whose tag or content holds byte ``pos`` of ``unit``."""
    start = unit.rfind(b"<c", 0, pos + 1)
    while start >= 0 and unit[start + 2 : start + 3] not in (b" ", b">", b"/", b"\t", b"\n",
                                                               b"\r"):
        start = unit.rfind(b"<c", 0, start)
    end = unit.find(b"</c>", pos)
    if start < 0 or end < 0:
        raise Lain("sel rumus atau galat tidak utuh")
    xml = unit[start : end + 4]
    m = _REF.match(xml)
    if m is None:
        raise Lain("sel rumus atau galat tanpa rujukan")
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ch - 64
    return (int(m[2]) - 1, col - 1), xml


def _formulas(unit: bytes, found: Pindai) -> None:
    for m in _FORMULA.finditer(unit):
        where, xml = _cell_at(unit, m.start())
        stored = _VALUE.search(xml)
        if stored is None or not stored[1]:  # openpyxl too took <v/> for "no value"
            found.formulas.add(where)


def _errors(unit: bytes, found: Pindai) -> None:
    for m in _ERROR.finditer(unit):
        where, xml = _cell_at(unit, m.start())
        value = _VALUE.search(xml)
        code = value[1] if value is not None and value[1] is not None else b""
        found.errors[where] = code.decode("utf-8", "replace").strip()
