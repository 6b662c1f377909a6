"""Errors a user can cause, each with an Indonesian message that says what to fix.

The GUI shows ``str(error)``; the CLI prints it and exits 1. Code never decides what to show by
matching message text: catch the type.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class AppError(Exception):
    """Base of every user-facing error. ``str(e)`` is the Indonesian message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass
class FieldProblem:
    """One problem with one input field (or spreadsheet cell)."""

    field: str
    message: str
    row: int | None = None


class ValidationError(AppError):
    """Input that cannot be saved. ``problems`` lists each field and why."""

    def __init__(self, message: str, problems: list[FieldProblem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[FieldProblem] = problems or []

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls(message, [FieldProblem(field, message)])


class PermissionDenied(AppError):
    """The user's role may not do this action."""


class NotFound(AppError):
    """A record the user asked for does not exist (any more)."""


class Conflict(AppError):
    """The record changed or a rule about other records refuses the change (e.g. one TKSK)."""


class AuthError(AppError):
    """Login failed, the account is locked or disabled."""


class DatabaseError(AppError):
    """The database cannot be used: not ours, newer version, read-only, locked, corrupt."""


@dataclass
class Warnings:
    """Non-blocking findings (e.g. a NIK whose date differs from the birth date)."""

    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.items.append(message)

    def __bool__(self) -> bool:
        return bool(self.items)


class PrintFileError(AppError):
    """The PDF cannot be written (folder missing or read-only, the file open in a PDF viewer)."""
