"""Reading the change record: which operations were made, by whom, and
which rows each one inserted, updated or deleted (before and after).

Written only by :meth:`core.ledger.Ledger.write` (through ``db.change_log``);
the audit log, the recycle bin and the roll-up read it here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database


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
    """Every row the operation changed, in the order it changed them."""
    return [
        RowChange(table, key, kind, json.loads(before) if before else None,
                  json.loads(after) if after else None)
        for table, key, kind, before, after in db.execute(
            "SELECT tbl, row_key, kind, before, after FROM change_row WHERE operation_id = ? ORDER BY id",
            [operation_id])
    ]


def history_of_row(db: Database, table: str, key: str) -> list[tuple[Operation, RowChange]]:
    """Every recorded change of one row, oldest first."""
    result = []
    for row in db.execute(
            "SELECT o.id, o.code, o.label, o.actor, o.at, o.community_id, "
            "c.tbl, c.row_key, c.kind, c.before, c.after FROM change_row c "
            "JOIN operation o ON o.id = c.operation_id WHERE c.tbl = ? AND c.row_key = ? ORDER BY c.id",
            [table, key]):
        result.append((Operation(*row[:6]), RowChange(row[6], row[7], row[8],
                                                     json.loads(row[9]) if row[9] else None,
                                                     json.loads(row[10]) if row[10] else None)))
    return result
