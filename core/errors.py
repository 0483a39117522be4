"""Errors the user must be told about, each with a Chinese message that says
what is wrong and what to do. Import them from here (never from ``db``)
outside the database layer."""

from __future__ import annotations

from db.errors import DatabaseOpenError, LedgerError, NewerDatabaseError

__all__ = ["DatabaseOpenError", "LedgerError", "NewerDatabaseError", "ValidationError"]


class ValidationError(LedgerError):
    """Input that cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
