"""Committing an import plan: one transaction, all or nothing.

Rows go in with bulk inserts. The ``progress`` callback is called between
batches and may raise :class:`core.progress.Cancelled`; the transaction
then rolls back and the ledger is as it was. If the ledger changed since
the plan was made (another window saved something), nothing is written and
the user is asked to preview again.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from operator import itemgetter

from sqlite_utils import Database

from core import address, vocab
from core.errors import LedgerError
from core.importing.plan import ImportPlan, ResidentChange
from core.importing.snapshot import fingerprint
from core.ledger import Ledger, new_id, now
from core.progress import Progress, no_progress
from core.registry import index as registry_index
from db import change_log

#: Every table an import may write.
IMPORT_TABLES = frozenset({"community", "compound", "building", "unit", "household", "resident",
                           "party_member", "resident_tag", "resident_event"})
BATCH = 1000


class StalePlanError(LedgerError):
    """The ledger changed after the preview; nothing was written."""


def apply_plan(ledger: Ledger, plan: ImportPlan, progress: Progress = no_progress) -> None:
    """Write everything ``plan`` says, in one transaction."""
    ids = [r.id for r in plan.residents]
    ledger.write("import.commit", IMPORT_TABLES, lambda db: _apply(db, plan, progress), ids=ids,
                 label=f"导入 Excel：{plan.source}")


def _apply(db: Database, plan: ImportPlan, progress: Progress) -> None:
    if fingerprint(db) != plan.fingerprint:
        raise StalePlanError("预览之后台账已被修改（可能在其他窗口中保存了内容）。请重新预览后再导入；"
                             "台账未做任何改动。")
    stamp = now()
    total = len(plan.residents) + len(plan.households) + 1
    done = 0
    progress(done, total)
    community_id = plan.community_id or _create_community(db, stamp)
    _write_places(db, plan, community_id, stamp)
    places = registry_index.unit_places(db)
    new_households = [h for h in plan.households if h.is_new]
    _insert(db, "household", [{
        "id": h.id, "community_id": community_id, "unit_id": h.unit_id, "room": h.key[3],
        "room_key": address.room_key(h.key[3]), "tenure": h.tenure, "phone": h.phone, "notes": h.notes,
        **dict(zip(("search_text", "address_key"),
                   registry_index.household_columns(places[h.unit_id], h.key[3], h.phone))),
        "created_at": stamp, "updated_at": stamp} for h in new_households])
    updated_households = [h for h in plan.households if not h.is_new]
    db.conn.executemany(
        "UPDATE household SET tenure = ?, phone = ?, notes = ?, updated_at = ? WHERE id = ?",
        [(h.tenure, h.phone, h.notes, stamp, h.id) for h in updated_households])
    done += len(plan.households)
    progress(done, total)

    new = [r for r in plan.residents if r.is_new]
    homes = {hid: registry_index.Home(places[unit], room, phone) for hid, unit, room, phone in db.execute(
        "SELECT id, unit_id, room, phone FROM household WHERE community_id = ?", [community_id])}
    done = _insert_residents(db, plan, new, community_id, homes, stamp, progress, done, total)
    _move_out(db, plan, stamp)
    updated = [r for r in plan.residents if not r.is_new]
    for batch in _batches(updated, BATCH):
        _update_residents(db, batch, stamp)
        done += len(batch)
        progress(done, total)
    changed_phones = [h.id for h in updated_households if "户联系电话" in h.changes]
    for batch in _batches(changed_phones, 500):
        where = f"h.id IN ({', '.join('?' * len(batch))})"
        registry_index.reindex_households(db, where, batch)
        registry_index.reindex_residents(db, where, batch)
    progress(total, total)


def _move_out(db: Database, plan: ImportPlan, stamp: str) -> None:
    """The residents of a room whose register household moved in (the user's
    choice in the preview) are recorded as moved out, kept as history."""
    if not plan.moved_out:
        return
    today = plan.today.isoformat()
    note = f"Excel 导入：{plan.source}（表中的住户迁入此房）"
    db.conn.executemany(
        "UPDATE resident SET status = ?, status_date = ?, updated_at = ? WHERE id = ? AND status = ?",
        [(vocab.STATUS_MOVED_OUT, today, stamp, m.resident_id, vocab.STATUS_LIVING) for m in plan.moved_out])
    _insert(db, "resident_event", [{
        "id": new_id(), "resident_id": m.resident_id, "kind": vocab.STATUS_MOVED_OUT, "date": today,
        "from_household_id": m.household_id, "to_household_id": None, "note": note, "created_at": stamp}
        for m in plan.moved_out])


def _insert(db: Database, table: str, rows: list[dict]) -> None:
    """Insert rows of identical keys with one prepared statement.

    Like sqlite-utils' ``insert_all`` without its per-value conversion,
    which took longer than the import's own work at 20,000 rows. The
    change record names the rows in one statement (``bulk_insert``).
    """
    if not rows:
        return
    columns = list(rows[0])
    values = map(itemgetter(*columns), rows) if len(columns) > 1 else ((row[columns[0]],) for row in rows)
    # Values taken from each row as SQLite asks for it, not a second copy
    # of every row beside the first.
    _insert_values(db, table, columns, values)


def _insert_values(db: Database, table: str, columns: list[str], values) -> None:
    """Insert rows given as tuples in ``columns`` order, in one statement."""
    with change_log.bulk_insert(db, table):
        db.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values)


def _batches(items: list, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _create_community(db: Database, stamp: str) -> str:
    community_id = new_id()
    db["community"].insert({"id": community_id, "name": "本社区", "subdistrict": "", "created_at": stamp})
    return community_id


def _write_places(db: Database, plan: ImportPlan, community_id: str, stamp: str) -> None:
    """New compounds, buildings and units: one statement per kind."""
    rows: dict[str, list[dict]] = {"compound": [], "building": [], "unit": []}
    for place in plan.places:
        if place.kind == "compound":
            rows["compound"].append({
                "id": place.id, "community_id": community_id, "name": place.name, "year_built": None,
                "floor_area": None, "notes": "", "created_at": stamp, "updated_at": stamp})
        else:
            rows[place.kind].append({
                "id": place.id, ("compound_id" if place.kind == "building" else "building_id"): place.parent_id,
                "name": place.name, "sort_key": address.leading_number(place.name) or 0, "notes": "",
                "created_at": stamp})
    for kind in ("compound", "building", "unit"):  # parents first
        _insert(db, kind, rows[kind])


def _insert_residents(db: Database, plan: ImportPlan, new: list[ResidentChange], community_id: str,
                      homes: dict[str, registry_index.Home], stamp: str, progress: Progress,
                      done: int, total: int) -> int:
    """All new residents, their tags, party records and events, one
    statement per table. The residents' rows are made as SQLite takes them
    (with their search texts: progress every BATCH residents), so 20,000 of
    them are never held at once. Returns ``done`` advanced by the residents
    written."""
    if not new:
        return done
    value_keys = list(new[0].values)
    resident_columns = ["id", "community_id", "household_id", *value_keys, "status", "status_date",
                        "search_text", "address_key", "created_at", "updated_at"]

    def residents():
        for number, change in enumerate(new, 1):
            v = change.values
            search_text, address_key = homes[change.household_id].resident_columns(
                v["name"], v["id_number"], v["phone"], v["relation"], v["birth_date"])
            yield (change.id, community_id, change.household_id, *(v[k] for k in value_keys),
                   change.status, change.status_date, search_text, address_key, stamp, stamp)
            if number % BATCH == 0:
                progress(done + number * 3 // 4, total)  # the residents are most of the work

    _insert_values(db, "resident", resident_columns, residents())
    tags = [(change.id, tag) for change in new for tag in change.tags]
    if tags:
        _insert_values(db, "resident_tag", ["resident_id", "tag"], tags)
    _insert(db, "party_member", [_party_row(change) for change in new if change.party is not None])
    progress(done + len(new) * 7 // 8, total)
    note = f"Excel 导入：{plan.source}"
    today = plan.today.isoformat()
    events = []
    for change in new:
        events.append((new_id(), change.id, "登记", today, None, change.household_id, note, stamp))
        if change.status != "在住":
            events.append((new_id(), change.id, change.status, change.status_date, change.household_id, None,
                           note, stamp))
    _insert_values(db, "resident_event", ["id", "resident_id", "kind", "date", "from_household_id",
                                          "to_household_id", "note", "created_at"], events)
    progress(done + len(new), total)
    return done + len(new)


def _party_row(change: ResidentChange) -> dict:
    p = change.party
    assert p is not None
    return {"resident_id": change.id, "joined_date": p.joined_date.isoformat() if p.joined_date else None,
            "branch": p.branch.strip(), "party_group": p.party_group.strip(), "presence": p.presence,
            "reachable": int(p.reachable), "notes": p.notes.strip()}


def _update_residents(db: Database, batch: list[ResidentChange], stamp: str) -> None:
    columns = list(batch[0].values)
    assignments = ", ".join(f"{c} = ?" for c in columns)
    db.conn.executemany(
        f"UPDATE resident SET {assignments}, updated_at = ? WHERE id = ?",
        [[*(c.values[k] for k in columns), stamp, c.id] for c in batch])
    db.conn.executemany("INSERT OR IGNORE INTO resident_tag (resident_id, tag) VALUES (?, ?)",
                        [(c.id, tag) for c in batch for tag in c.tags])
    for change in batch:
        if not change.party_changed:
            continue
        if change.party is None:
            db.execute("DELETE FROM party_member WHERE resident_id = ?", [change.id])
        else:
            row = _party_row(change)
            db.execute(
                "INSERT INTO party_member (resident_id, joined_date, branch, party_group, presence, reachable, "
                "notes) VALUES (:resident_id, :joined_date, :branch, :party_group, :presence, :reachable, :notes) "
                "ON CONFLICT (resident_id) DO UPDATE SET joined_date = excluded.joined_date, "
                # A member placed in the party tree (core.party_org) keeps the tree's names.
                "branch = CASE WHEN group_node_id IS NULL THEN excluded.branch ELSE branch END, "
                "party_group = CASE WHEN group_node_id IS NULL THEN excluded.party_group ELSE party_group END, "
                "presence = excluded.presence, "
                "reachable = excluded.reachable, notes = excluded.notes", row)
    ids = [c.id for c in batch]
    registry_index.reindex_residents(db, f"r.id IN ({', '.join('?' * len(ids))})", ids)
