"""Case-insensitive text search conditions that use the indexes of either database. No Qt.

The user's text is always matched literally: ``%``, ``_`` and ``\\`` are escaped on both
databases (``50%`` finds "50%", not everything starting with 50).

SQLite: peewee's ``contains``/``startswith`` (``LIKE ... ESCAPE '\\'``, case-insensitive for
ASCII); on a ``NOCASE`` name column an ordinary index serves a prefix, and the big tables' fragment
search goes through FTS5 where it exists (``registri_cari``). PostgreSQL: ``lower(col) LIKE
lower(pattern)``, served by the ``lower(col) text_pattern_ops`` (prefix) and ``lower(col)
gin_trgm_ops`` (fragment) indexes of ``migrations/extras``. peewee's own methods emit ``ILIKE``
there, which neither index serves (and on a ``citext`` name column ILIKE is citext's own operator,
outside the trigram operator class: a full scan).
"""

from __future__ import annotations

from typing import Any

from peewee import OP, Expression, fn

from .tx import is_postgres


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _pg_like(field: Any, pattern: str) -> Any:
    # PostgreSQL's LIKE escapes with a backslash by default; lower() of the constant pattern is
    # folded when the query is planned, so the lower(col) indexes apply.
    return Expression(fn.lower(field), OP.LIKE, fn.lower(pattern))


def contains(field: Any, text: str) -> Any:
    """``field`` contains ``text``, ignoring case."""
    if is_postgres():
        return _pg_like(field, f"%{_escaped(text)}%")
    return field.contains(text)


def startswith(field: Any, text: str) -> Any:
    """``field`` starts with ``text``, ignoring case."""
    if is_postgres():
        return _pg_like(field, f"{_escaped(text)}%")
    return field.startswith(text)
