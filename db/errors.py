"""Errors of the database layer that the user must be told about.

Each carries a message in Chinese that says what is wrong and what to do;
anything else that escapes from SQLite is a bug. The domain's own errors
(``ValidationError``) are in :mod:`core.errors`, which re-exports these.
"""

from __future__ import annotations


class LedgerError(Exception):
    """An error with a message meant for the user, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseOpenError(LedgerError):
    """The file cannot be used as a ledger database; nothing was changed."""


class DatabaseWriteError(LedgerError):
    """SQLite could not write (read-only, locked, disk full); nothing was kept."""


class DamagedDatabaseError(DatabaseOpenError):
    """The file is damaged (corrupt pages, tables missing); nothing was changed."""


class NewerDatabaseError(DatabaseOpenError):
    """The file was written by a newer version of the program."""
