"""Reading the change record: which operations were made, by whom, and
which rows each one inserted, updated or deleted (before and after).

Written only by :meth:`core.ledger.Ledger.write` (through ``db.change_log``);
the audit log, the recycle bin and the roll-up read it here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from db import change_log


@dataclass(frozen=True)
class Operation:
    id: str
    code: str
    label: str
    actor: str
    at: str
    community_id: str | None


@dataclass(frozen=True)
class RowChange:
    table: str
    key: str
    kind: str  # insert | update | delete
    before: dict | None
    after: dict | None

    def changed_columns(self) -> list[str]:
        """For an update, the columns whose values differ."""
        before, after = self.before or {}, self.after or {}
        return sorted(c for c in set(before) | set(after) if before.get(c) != after.get(c))


def recent_operations(db: Database, *, community_id: str | None = None, limit: int = 100) -> list[Operation]:
    """The latest operations, newest first (of one community when given)."""
    where, params = ("WHERE community_id = ?", [community_id]) if community_id else ("", [])
    return [Operation(*row) for row in db.execute(
        f"SELECT id, code, label, actor, at, community_id FROM operation {where} "
        "ORDER BY at DESC, rowid DESC LIMIT ?", [*params, limit])]


def row_changes(db: Database, operation_id: str) -> list[RowChange]:
    """Every row the operation changed, in the order it changed them.

    An insert's values, not stored with it, are filled in from the row's
    next recorded change, or from the row as it is now.
    """
    rows = db.execute(
        "SELECT id, tbl, row_key, kind, before, after FROM change_row WHERE operation_id = ? ORDER BY id",
        [operation_id]).fetchall()
    return [RowChange(table, key, kind, _json(before),
                      _inserted(db, number, table, key) if kind == "insert" else _json(after))
            for number, table, key, kind, before, after in rows]


def history_of_row(db: Database, table: str, key: str) -> list[tuple[Operation, RowChange]]:
    """Every recorded change of one row, oldest first (a scan of the record)."""
    result = []
    for row in db.execute(
            "SELECT o.id, o.code, o.label, o.actor, o.at, o.community_id, "
            "c.id, c.kind, c.before, c.after FROM change_row c "
            "JOIN operation o ON o.id = c.operation_id WHERE c.tbl = ? AND c.row_key = ? ORDER BY c.id",
            [table, key]):
        number, kind = row[6], row[7]
        after = _inserted(db, number, table, key) if kind == "insert" else _json(row[9])
        result.append((Operation(*row[:6]), RowChange(table, key, kind, _json(row[8]), after)))
    return result


def _json(text: str | None) -> dict | None:
    return json.loads(text) if text else None


def _inserted(db: Database, number: int, table: str, key: str) -> dict | None:
    """The values a row was inserted with (change ``number``)."""
    later = db.execute(
        "SELECT before FROM change_row WHERE id > ? AND tbl = ? AND row_key = ? ORDER BY id LIMIT 1",
        [number, table, key]).fetchone()
    if later is not None:
        return _json(later[0])
    return _current_row(db, table, key)


def _current_row(db: Database, table: str, key: str) -> dict | None:
    """The row of ``table`` whose key (as ``db.change_log`` writes it) is ``key``."""
    if table not in set(change_log.recorded_tables(db)):
        return None
    expression = change_log.row_key_sql(db, table).format(row=f'"{table}"')
    columns = [c for c in change_log.recorded_columns(db, table)]
    row = db.execute(
        f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" WHERE {expression} = ?',
        [key]).fetchone()
    return dict(zip(columns, row)) if row else None
