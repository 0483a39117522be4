"""Schema of the change record: who did which operation, and which rows it changed.

Every :meth:`core.ledger.Ledger.write` adds one ``operation`` row (a stable
code such as ``resident.move_out``, its Chinese label, the actor, the time
with its zone, the community) and, through triggers (``db.change_log``),
one ``change_row`` per row inserted, updated or deleted with the row's
values as JSON: ``before`` and ``after`` for an update, ``before`` for a
delete; an insert names the row only (its values are the next change's
``before``, or the row as it is now). There is no index by row: bulk
imports stay cheap, and looking up one row's history scans the record. The audit log, the recycle bin and the
roll-up read these; nothing else writes them.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations import execute_script, migration

T_OPERATION = "operation"
T_CHANGE_ROW = "change_row"
#: Tables of the record itself: never recorded, never declared by a write.
CHANGE_TABLES = frozenset({T_OPERATION, T_CHANGE_ROW})


@migration(6, "change_log")
def create_change_log(db: Database) -> None:
    execute_script(db, _CHANGES_SQL)


_CHANGES_SQL = """
CREATE TABLE operation (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    community_id TEXT
);
CREATE INDEX operation_at ON operation (at);
CREATE TABLE change_row (
    id INTEGER PRIMARY KEY,
    operation_id TEXT NOT NULL REFERENCES operation(id) ON DELETE CASCADE,
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('insert', 'update', 'delete')),
    before TEXT,
    after TEXT
);
CREATE INDEX change_row_operation ON change_row (operation_id);
"""
