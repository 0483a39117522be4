"""Triggers that record every row a write changes into ``change_row``.

They are TEMP triggers, made on each connection from the tables as they
are then (so a migration adding a column needs nothing here), when the
ledger is opened. They take the operation from the one-row temp
table ``current_operation``, which only :meth:`core.ledger.Ledger.write`
fills: a write outside it finds no operation and fails on
``change_row.operation_id NOT NULL``, so nothing changes unrecorded.

Inserts record only which row was added: its values as inserted are the
``before`` of the row's next change, or the row as it is now
(``core.change_record`` reads them so). A bulk insert (the import) may
record its rows in one statement instead of one trigger firing per row:
:func:`bulk_insert` drops a table's insert trigger for the block (even a
trigger that does nothing costs ~20 µs a row) and then names every row the
block added. Deletes record the values before, updates both (and only when some
value really changed). Blob columns (photo images) are
left out: the photo row carries their size and SHA-256; so are derived
columns (the search index).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from db.schema_changes import CHANGE_TABLES

CURRENT = "current_operation"

#: Columns computed from others (the search index, address order): not the
#: user's data, so neither recorded nor a reason to record an update.
DERIVED_COLUMNS = frozenset({"search_text", "address_key"})


def install(db: Database) -> None:
    """Create the temp table and the triggers on this connection (idempotent)."""
    if db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?", [CURRENT]).fetchone():
        return
    statements = [f"CREATE TEMP TABLE {CURRENT} (id TEXT NOT NULL)"]
    for table in recorded_tables(db):
        statements.extend(_triggers(db, table))
    for statement in statements:
        db.execute(statement)


def recorded_tables(db: Database) -> list[str]:
    return [name for (name,) in db.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name")
        if name not in CHANGE_TABLES]


def begin(db: Database, operation_id: str) -> None:
    db.execute(f"INSERT INTO temp.{CURRENT} (id) VALUES (?)", [operation_id])


def end(db: Database) -> None:
    db.execute(f"DELETE FROM temp.{CURRENT}")


@contextmanager
def bulk_insert(db: Database, table: str) -> Iterator[None]:
    """Record the rows inserted into ``table`` in this block with one statement.

    For executemany of thousands of rows: a trigger firing per row costs
    more than the insert itself. The rows are found by rowid (a new row's
    rowid is above every older one's), and named in the record in rowid
    order when the block ends, before anything after it. Updates and
    deletes inside the block are still recorded by their triggers; a row
    inserted here must not also be updated in the same block.
    """
    start = db.execute(f"SELECT coalesce(max(rowid), 0) FROM main.{_quote(table)}").fetchone()[0]
    name = f"log_{table.replace(chr(34), '')}_insert"
    found = db.execute("SELECT 1 FROM temp.sqlite_master WHERE type = 'trigger' AND name = ?",
                       [name]).fetchone()
    if found:
        db.execute(f"DROP TRIGGER temp.{_quote(name)}")
    try:
        yield
    finally:
        # A rollback may already have put the trigger back.
        if found and not db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?", [name]).fetchone():
            db.execute(_triggers(db, table)[0])
    key = row_key_sql(db, table).format(row="t")
    db.execute(
        f"INSERT INTO change_row (operation_id, tbl, row_key, kind) "
        f"SELECT (SELECT id FROM temp.{CURRENT}), ?, {key}, 'insert' "
        f"FROM main.{_quote(table)} AS t WHERE t.rowid > ? ORDER BY t.rowid", [table, start])


def recorded(db: Database) -> int:
    """How many rows the current operation has recorded so far."""
    return db.execute(
        f"SELECT count(*) FROM change_row WHERE operation_id = (SELECT id FROM temp.{CURRENT})"
    ).fetchone()[0]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_key_sql(db: Database, table: str) -> str:
    """SQL for a row's key as the record writes it, with ``{row}`` for the row."""
    return _row_key(db, table, db.execute(f"PRAGMA table_info({_quote(table)})").fetchall())


def recorded_columns(db: Database, table: str) -> list[str]:
    """The columns whose values the record keeps (no blobs, no derived columns)."""
    return [c[1] for c in db.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
            if (c[2] or "").upper() != "BLOB" and c[1] not in DERIVED_COLUMNS]


def _row_key(db: Database, table: str, columns: list[tuple]) -> str:
    """SQL for the row's key as text, with ``{row}`` for NEW or OLD."""
    keys = [c[1] for c in sorted((c for c in columns if c[5]), key=lambda c: c[5])]
    if not keys:
        for index in db.execute(f"PRAGMA index_list({_quote(table)})").fetchall():
            if index[2]:  # unique
                keys = [r[2] for r in db.execute(f"PRAGMA index_info({_quote(index[1])})")]
                break
    if len(keys) == 1:
        return "{row}." + _quote(keys[0])
    if not keys:
        return "{row}.rowid"
    return "json_array(" + ", ".join("{row}." + _quote(k) for k in keys) + ")"


def _triggers(db: Database, table: str) -> list[str]:
    columns = db.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    kept = recorded_columns(db, table)
    key = _row_key(db, table, columns)
    values = "json_object(" + ", ".join(f"'{name}', {{row}}.{_quote(name)}" for name in kept) + ")"
    changed = " OR ".join(f"OLD.{_quote(c[1])} IS NOT NEW.{_quote(c[1])}"
                          for c in columns if c[1] not in DERIVED_COLUMNS) or "0"
    target = f"main.{_quote(table)}"
    name = table.replace('"', "")
    op = f"(SELECT id FROM temp.{CURRENT})"
    literal = "'" + table.replace("'", "''") + "'"
    return [
        f"CREATE TEMP TRIGGER {_quote('log_' + name + '_insert')} AFTER INSERT ON {target} BEGIN "
        f"INSERT INTO change_row (operation_id, tbl, row_key, kind, after) VALUES "
        f"({op}, {literal}, {key.format(row='NEW')}, 'insert', NULL); END",
        f"CREATE TEMP TRIGGER {_quote('log_' + name + '_update')} AFTER UPDATE ON {target} "
        f"WHEN {changed} BEGIN "
        f"INSERT INTO change_row (operation_id, tbl, row_key, kind, before, after) VALUES "
        f"({op}, {literal}, {key.format(row='NEW')}, 'update', "
        f"{values.format(row='OLD')}, {values.format(row='NEW')}); END",
        f"CREATE TEMP TRIGGER {_quote('log_' + name + '_delete')} AFTER DELETE ON {target} BEGIN "
        f"INSERT INTO change_row (operation_id, tbl, row_key, kind, before) VALUES "
        f"({op}, {literal}, {key.format(row='OLD')}, 'delete', {values.format(row='OLD')}); END",
    ]
