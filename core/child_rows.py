"""Saving a record's child rows by what differs, not by delete-and-reinsert.

A save of an entry, an inspection or a resident hands over the child rows
it wants (volunteers, quantities, results, tags); :func:`sync_rows` deletes
the ones no longer wanted, inserts the new ones and updates only those
whose values changed. The change record then shows what the user changed,
and an unchanged save records nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlite_utils import Database


def sync_rows(db: Database, table: str, parent: Mapping[str, Any], rows: Iterable[Mapping[str, Any]],
              key: Sequence[str], *, keep: Sequence[str] = ()) -> None:
    """Make ``table``'s rows of ``parent`` (column → value) equal ``rows``.

    Rows are matched on the ``key`` columns (with the parent's). Columns in
    ``keep`` (e.g. a surrogate ``id``) are written for new rows only: a
    matched row keeps its own. Inside a write.
    """
    rows = [dict(row) for row in rows]
    columns = sorted({c for row in rows for c in row} | set(key))
    where = " AND ".join(f"{c} = ?" for c in parent)
    stored: dict[tuple, list[dict]] = {}
    for found in db.execute(
            f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE {where}", list(parent.values())):
        record = dict(zip(["rowid", *columns], found))
        stored.setdefault(tuple(record[c] for c in key), []).append(record)
    for row in rows:
        matches = stored.get(tuple(row.get(c) for c in key))
        if not matches:
            db[table].insert({**parent, **row})
            continue
        old = matches.pop(0)
        changed = {c: v for c, v in row.items() if c not in keep and c not in key and old.get(c) != v}
        if changed:
            db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changed)} WHERE rowid = ?",
                       [*changed.values(), old["rowid"]])
    for leftovers in stored.values():
        for old in leftovers:
            db.execute(f"DELETE FROM {table} WHERE rowid = ?", [old["rowid"]])
