"""Numbered schema migrations.

Each migration runs in one transaction together with the record of it having
been applied (sqlite-utils' ``Migrations``) and sets ``PRAGMA user_version``
to its number, so a database from a newer program is recognised before
anything is touched. Append new migrations at the end; never edit one that
has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "compound_ledger"

Migration = Callable[[Database], None]

#: (number, name, function), in order. Numbers are the schema versions.
_STEPS: list[tuple[int, str, Migration]] = []


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    """Register ``fn`` as migration ``number``."""

    def register(fn: Migration) -> Migration:
        if any(n == number for n, _, _ in _STEPS):
            raise ValueError(f"migration {number} registered twice")
        _STEPS.append((number, f"{number:04d}_{name}", fn))
        # Modules may be imported in any order; the steps run by number.
        _STEPS.sort(key=lambda step: step[0])
        return fn

    return register


def execute_script(db: Database, sql: str) -> None:
    """Run several statements inside the current transaction.

    ``sqlite3.executescript`` would commit first, breaking the migration's
    all-or-nothing promise, so statements are run one by one.
    """
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


def latest_version() -> int:
    _load_all()
    return _STEPS[-1][0] if _STEPS else 0


def build_migrations() -> Migrations:
    """The sqlite-utils migration set of every registered step."""
    _load_all()
    migrations = Migrations(MIGRATION_SET)
    for number, name, fn in _STEPS:
        migrations(name=name)(_with_version(number, fn))
    return migrations


def _with_version(number: int, fn: Migration) -> Migration:
    def step(db: Database) -> None:
        fn(db)
        db.execute(f"PRAGMA user_version = {int(number)}")

    step.__name__ = fn.__name__
    return step


#: Modules whose import registers their migrations, in schema order.
#: Numbers are reserved per module so parallel work does not collide:
#: 1 registry, 2 photos, 3 grid, 4 inspections, 5 campaigns, 6 change record,
#: 7 photos' community.
SCHEMA_MODULES: tuple[str, ...] = (
    "db.schema_registry",  # 1
    "db.schema_photos",  # 2
    "db.schema_grid",  # 3
    "db.schema_inspections",  # 4
    "db.schema_campaigns",  # 5
    "db.schema_changes",  # 6
)


def _load_all() -> None:
    import importlib

    for module in SCHEMA_MODULES:
        importlib.import_module(module)
    # Numbered steps follow each other without gaps.
    for expected, (number, _, _) in enumerate(_STEPS, start=1):
        if number != expected:
            raise ValueError(f"migration {expected} missing (found {number})")
