"""The flow shared by the row-by-row importers and their exports (no Qt).

:func:`check_rows` checks every row of a table, :func:`finish_import` counts, stops for problems
or a dry run, else saves every plan in one transaction with a summary audit entry
(:func:`finish_bulk_import` when the importer saves its plans set-wise), and
:func:`write_export` writes an export workbook with the usual message when it cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..reports import xlsx
from . import audit
from .context import Actor
from .impor import (
    Column,
    ImportResult,
    Problem,
    Progress,
    Row,
    Table,
    file_error,
    iter_progress,
    save_all,
    save_bulk,
)


class _Planned(Protocol):
    @property
    def row(self) -> int: ...


P = TypeVar("P", bound=_Planned)
#: One row checked: its plan (None when it has problems), its problems and its warnings.
RowCheck = tuple[P | None, list[Problem], list[Problem]]


def check_rows(
    table: Table,
    columns: Sequence[Column],
    check_row: Callable[[Row], RowCheck[P]],
    progress: Progress | None = None,
) -> tuple[list[Problem], list[Problem], list[P]]:
    """(problems, warnings, plans) of every row of ``table``, checked in order by ``check_row``.

    A second problem of the same row and column is dropped; problems are sorted by row, then
    by the order of ``columns``.
    """
    problems = list(table.problems)
    taken = {(p.row, p.column) for p in problems}
    warnings: list[Problem] = []
    plans: list[P] = []
    for row in iter_progress(table.rows, progress, "Memeriksa"):
        plan, row_problems, row_warnings = check_row(row)
        if row_problems:
            fresh = [p for p in row_problems if (p.row, p.column) not in taken]
            problems += fresh
            taken.update((p.row, p.column) for p in fresh)
        warnings += row_warnings
        if plan is not None:
            plans.append(plan)
    order = {c.header: i for i, c in enumerate(columns)}
    problems.sort(key=lambda p: (p.row, order.get(p.column, len(order)), p.message))
    return problems, warnings, plans


def finish_import(
    actor: Actor,
    checked: tuple[list[Problem], list[Problem], list[P]],
    *,
    created: int,
    updated: int,
    dry_run: bool,
    save: Callable[[P], None],
    field_column: Mapping[str, str],
    audit_table: str,
    audit_text: str,
    progress: Progress | None = None,
) -> ImportResult:
    """The result of an import: nothing saved when there are problems or with ``dry_run``;
    otherwise every plan saved by ``save`` in one transaction, then the audit entry
    ``impor`` of ``audit_table`` with ``audit_text``."""
    problems, warnings, plans = checked
    if problems or dry_run:
        ok = not problems
        return ImportResult(created if ok else 0, updated if ok else 0, problems, dry_run, warnings)

    def summary() -> None:
        audit.record(actor, "impor", audit_table, "", audit_text)

    failed = save_all([(p.row, p) for p in plans], save, field_column, summary, progress)
    if failed:
        return ImportResult(0, 0, failed, dry_run, warnings)
    return ImportResult(created, updated, [], dry_run, warnings)


def finish_bulk_import(
    actor: Actor,
    checked: tuple[list[Problem], list[Problem], list[P]],
    *,
    created: int,
    updated: int,
    dry_run: bool,
    save_many: Callable[[list[P]], list[Problem]],
    audit_table: str,
    audit_text: str,
    audit_data: Callable[[], Mapping[str, Any] | None] | None = None,
) -> ImportResult:
    """:func:`finish_import` for an importer that saves its plans set-wise: ``save_many(plans)``
    runs inside the one transaction and returns the problems that roll it back; the summary
    entry ``impor`` carries ``audit_data()`` (e.g. the ids of the rows created)."""
    problems, warnings, plans = checked
    if problems or dry_run:
        ok = not problems
        return ImportResult(created if ok else 0, updated if ok else 0, problems, dry_run, warnings)

    def summary() -> None:
        data = audit_data() if audit_data is not None else None
        audit.record(actor, "impor", audit_table, "", audit_text, baru=data)

    failed = save_bulk(lambda: save_many(plans), summary)
    if failed:
        return ImportResult(0, 0, failed, dry_run, warnings)
    return ImportResult(created, updated, [], dry_run, warnings)


def write_export(
    dest: Path,
    title: str,
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    subtitle_lines: Sequence[str] = (),
    progress: Progress | None = None,
    total: int | None = None,
    sheet_name: str = "Data",
) -> Path:
    """:func:`xlsx.write_table`, with the Indonesian message when ``dest`` cannot be written."""
    try:
        return xlsx.write_table(
            dest,
            title,
            headers,
            rows,
            subtitle_lines=subtitle_lines,
            progress=progress,
            total=total,
            sheet_name=sheet_name,
        )
    except OSError as exc:
        raise file_error(dest, exc) from exc
