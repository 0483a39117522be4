"""The write guard: SQLite's authorizer watches every statement a ledger
runs and notes any insert, update or delete made outside ``Ledger.write``,
or of a table the write did not declare.

Installed on every ledger of the test run (``tests/conftest.py``), so the
demo build, the imports and every tab's saves clicked through by the UI
tests are all checked. Statements are not cached while it is on: SQLite
asks the authorizer when a statement is prepared, and a cached statement
would be reused unasked.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field

from core.ledger import Ledger
from db.schema_changes import CHANGE_TABLES

_WRITES = {sqlite3.SQLITE_INSERT: "INSERT", sqlite3.SQLITE_UPDATE: "UPDATE", sqlite3.SQLITE_DELETE: "DELETE"}


@dataclass
class Guard:
    violations: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def watch(self, ledger: Ledger) -> None:
        ledger._guard_tables = []  # one set per running write, outermost first

        def authorize(action, table, _column, database, trigger):
            if action not in _WRITES or database != "main" or table.startswith("sqlite_"):
                return sqlite3.SQLITE_OK
            declared = ledger._guard_tables
            if table in CHANGE_TABLES and (trigger or declared):
                return sqlite3.SQLITE_OK
            if not declared:
                problem = f"{_WRITES[action]} {table} outside Ledger.write"
            elif not any(table in tables for tables in declared):
                problem = f"{_WRITES[action]} {table} not declared by {ledger._guard_codes}"
            else:
                return sqlite3.SQLITE_OK
            with self.lock:
                self.violations.append(problem)
            return sqlite3.SQLITE_DENY

        ledger.db.conn.set_authorizer(authorize)


def install(monkeypatch, guard: Guard) -> None:
    """Watch every ledger made from now on (until ``monkeypatch`` undoes it)."""
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        kwargs["cached_statements"] = 0
        return real_connect(*args, **kwargs)

    monkeypatch.setattr("db.database.sqlite3.connect", connect)
    real_init, real_write = Ledger.__init__, Ledger.write

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self._guard_codes = []
        guard.watch(self)

    def write(self, operation, tables, fn, **kwargs):
        tables = frozenset(tables)
        stack = getattr(self, "_guard_tables", None)
        if stack is None:
            return real_write(self, operation, tables, fn, **kwargs)
        stack.append(tables)
        self._guard_codes.append(operation)
        try:
            return real_write(self, operation, tables, fn, **kwargs)
        finally:
            stack.pop()
            self._guard_codes.pop()

    monkeypatch.setattr(Ledger, "__init__", init)
    monkeypatch.setattr(Ledger, "write", write)


def damage(ledger: Ledger, sql: str, params=()) -> None:
    """Change the file as another program would, past the ledger's triggers
    and this guard: for tests of what the ledger does with a damaged file."""
    ledger.db.conn.set_authorizer(None)
    for (name,) in ledger.db.execute("SELECT name FROM temp.sqlite_master WHERE type = 'trigger'").fetchall():
        ledger.db.execute(f'DROP TRIGGER temp."{name}"')
    ledger.db.execute(sql, list(params))
