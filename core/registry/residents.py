"""Residents: registering, editing, moving out, death, moving between
households. Nothing is ever deleted; every change of status or household is
kept in the resident's history (``resident_event``).
"""

from __future__ import annotations

import datetime

from sqlite_utils import Database

from core import vocab
from core.errors import ValidationError
from core.ledger import Ledger, new_id, now
from core.registry import index as registry_index
from core.registry.households import get_household
from core.registry.places import community_of_unit
from core.registry.records import (
    RESIDENT_TABLES,
    CheckedResident,
    PartyInfo,
    Resident,
    ResidentForm,
)
from core.registry.rules import _date, check_resident


def add_resident(ledger: Ledger, household_id: str, form: ResidentForm) -> str:
    """Register a resident in a household; returns the new id."""
    resident_id = new_id()

    def apply(db: Database) -> None:
        # Checked inside the transaction: a duplicate ID saved meanwhile by
        # another window or an import is seen.
        household = get_household(db, household_id)
        community_id = community_of_unit(db, household.unit_id)
        checked = check_resident(db, form, community_id=community_id, household_id=household_id)
        stamp = now()
        db["resident"].insert({
            "id": resident_id, "community_id": community_id, "household_id": household_id,
            **checked.values, "status": vocab.STATUS_LIVING, "status_date": None,
            "search_text": "", "created_at": stamp, "updated_at": stamp,
        })
        _write_details(db, resident_id, checked)
        _record_event(db, resident_id, "登记", datetime.date.today(), None, household_id, "")
        registry_index.reindex_residents(db, "r.id = ?", [resident_id])

    ledger.write("resident.add", RESIDENT_TABLES, apply, ids=[resident_id])
    return resident_id


def update_resident(ledger: Ledger, resident_id: str, form: ResidentForm) -> tuple[str, ...]:
    """Save an edited resident; returns warnings worth showing (e.g. an old area code)."""

    def apply(db: Database) -> tuple[str, ...]:
        current = get_resident(db, resident_id)
        community_id = community_of_unit(db, get_household(db, current.household_id).unit_id)
        living = current.status == vocab.STATUS_LIVING
        checked = check_resident(db, form, community_id=community_id,
                                 household_id=current.household_id if living else None,
                                 resident_id=resident_id)
        if _row_differs(db, resident_id, checked.values):
            assignments = ", ".join(f"{key} = ?" for key in checked.values)
            db.execute(
                f"UPDATE resident SET {assignments}, updated_at = ? WHERE id = ?",
                [*checked.values.values(), now(), resident_id],
            )
        _write_details(db, resident_id, checked)
        registry_index.reindex_residents(db, "r.id = ?", [resident_id])
        return checked.warnings

    return ledger.write("resident.edit", RESIDENT_TABLES, apply, ids=[resident_id])


def _row_differs(db: Database, resident_id: str, values: dict) -> bool:
    """Whether saving ``values`` would change the stored row (so an unchanged
    save leaves no record and keeps its ``updated_at``)."""
    columns = list(values)
    row = db.execute(f"SELECT {', '.join(columns)} FROM resident WHERE id = ?", [resident_id]).fetchone()
    return row is None or any(stored != values[c] for stored, c in zip(row, columns))


def write_resident_details(db: Database, resident_id: str, checked: CheckedResident) -> None:
    """Store a resident's tags and party details (inside a write)."""
    _write_details(db, resident_id, checked)


def _write_details(db: Database, resident_id: str, checked: CheckedResident) -> None:
    # Only the tags that differ change, so the record shows what the user did.
    stored = {tag for (tag,) in db.execute(
        "SELECT tag FROM resident_tag WHERE resident_id = ?", [resident_id])}
    wanted = set(checked.tags)
    for tag in sorted(stored - wanted):
        db.execute("DELETE FROM resident_tag WHERE resident_id = ? AND tag = ?", [resident_id, tag])
    for tag in [t for t in checked.tags if t not in stored]:
        db.execute("INSERT INTO resident_tag (resident_id, tag) VALUES (?, ?)", [resident_id, tag])
    if checked.party is None:
        # Keep the party details of someone whose status was changed by
        # mistake? No: the status is the truth; details of a non-member go.
        db.execute("DELETE FROM party_member WHERE resident_id = ?", [resident_id])
        return
    p = checked.party
    db.execute(
        "INSERT INTO party_member (resident_id, joined_date, branch, party_group, presence, "
        "reachable, notes) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (resident_id) DO UPDATE SET "
        # A member placed in the party tree (core.party_org) keeps the tree's names.
        "joined_date = excluded.joined_date, "
        "branch = CASE WHEN group_node_id IS NULL THEN excluded.branch ELSE branch END, "
        "party_group = CASE WHEN group_node_id IS NULL THEN excluded.party_group ELSE party_group END, "
        "presence = excluded.presence, "
        "reachable = excluded.reachable, notes = excluded.notes",
        [resident_id, p.joined_date.isoformat() if p.joined_date else None, p.branch.strip(),
         p.party_group.strip(), p.presence, int(p.reachable), p.notes.strip()],
    )


def _record_event(db: Database, resident_id: str, kind: str, date: datetime.date | None,
                  from_household: str | None, to_household: str | None, note: str) -> None:
    db["resident_event"].insert({
        "id": new_id(), "resident_id": resident_id, "kind": kind,
        "date": date.isoformat() if date else None, "from_household_id": from_household,
        "to_household_id": to_household, "note": note.strip(), "created_at": now(),
    })


def change_status(ledger: Ledger, resident_id: str, status: str, date: datetime.date,
                  note: str = "") -> None:
    """Move a resident out, record a death, or bring one back to 在住.

    The record stays; the change is kept in the resident's history.
    """
    if status not in vocab.STATUSES:
        raise ValueError(status)
    kind = {vocab.STATUS_MOVED_OUT: "迁出", vocab.STATUS_DECEASED: "死亡",
            vocab.STATUS_LIVING: "恢复在住"}[status]

    def apply(db: Database) -> None:
        current = get_resident(db, resident_id)
        _check_status_change(db, current, status, date)
        db.execute(
            "UPDATE resident SET status = ?, status_date = ?, updated_at = ? WHERE id = ?",
            [status, None if status == vocab.STATUS_LIVING else date.isoformat(), now(), resident_id],
        )
        _record_event(db, resident_id, kind, date, current.household_id, None, note)

    operation = {"迁出": "resident.move_out", "死亡": "resident.death", "恢复在住": "resident.restore"}[kind]
    ledger.write(operation, RESIDENT_TABLES, apply, ids=[resident_id])


def _check_status_change(db: Database, current: Resident, status: str, date: datetime.date) -> None:
    if current.status == status:
        raise ValidationError(f"{current.name} 已经是“{status}”状态", "status")
    if date > datetime.date.today():
        raise ValidationError("日期不能晚于今天", "date")
    if current.birth_date and date < current.birth_date:
        raise ValidationError("日期早于出生日期", "date")
    if current.status == vocab.STATUS_DECEASED and status == vocab.STATUS_MOVED_OUT:
        raise ValidationError("已去世的居民不能办理迁出", "status")
    if status == vocab.STATUS_LIVING and current.relation == "户主":
        head = db.execute(
            "SELECT name FROM resident WHERE household_id = ? AND relation = '户主' "
            "AND status = ? AND id != ?", [current.household_id, vocab.STATUS_LIVING, current.id],
        ).fetchone()
        if head:
            raise ValidationError(f"这一户现在的户主是 {head[0]}，请先修改与户主关系", "relation")


def move_resident(ledger: Ledger, resident_id: str, to_household_id: str,
                  date: datetime.date, relation: str = "", note: str = "") -> None:
    """Move a living resident to another household (转户), keeping the history."""

    def apply(db: Database) -> None:
        current = get_resident(db, resident_id)
        new_relation = _check_move(db, current, to_household_id, relation)
        db.execute(
            "UPDATE resident SET household_id = ?, relation = ?, updated_at = ? WHERE id = ?",
            [to_household_id, new_relation, now(), resident_id],
        )
        _record_event(db, resident_id, "转户", date, current.household_id, to_household_id, note)
        registry_index.reindex_residents(db, "r.id = ?", [resident_id])

    ledger.write("resident.transfer", RESIDENT_TABLES, apply, ids=[resident_id])


def _check_move(db: Database, current: Resident, to_household_id: str, relation: str) -> str:
    """Check a move (转户); returns the relation the resident will have."""
    if current.status != vocab.STATUS_LIVING:
        raise ValidationError(f"{current.name} 现在是“{current.status}”，不能转户", "status")
    if to_household_id == current.household_id:
        raise ValidationError("目标住户与现住户相同", "household")
    target = get_household(db, to_household_id)
    if community_of_unit(db, target.unit_id) != community_of_unit(
            db, get_household(db, current.household_id).unit_id):
        raise ValidationError("只能在本社区内转户", "household")
    relation = relation or ("其他" if current.relation == "户主" else current.relation)
    if relation and relation not in vocab.RELATIONS:
        raise ValidationError(f"与户主关系“{relation}”不在列表中", "relation")
    if relation == "户主" and db.execute(
            "SELECT 1 FROM resident WHERE household_id = ? AND relation = '户主' AND status = ?",
            [to_household_id, vocab.STATUS_LIVING]).fetchone():
        raise ValidationError("目标住户已有户主", "relation")
    return relation


def get_resident(db: Database, resident_id: str) -> Resident:
    row = db.execute(
        "SELECT id, household_id, name, sex, id_number, birth_date, phone, relation, "
        "political_status, status, status_date, notes FROM resident WHERE id = ?",
        [resident_id]).fetchone()
    if row is None:
        raise ValidationError("该居民不存在，可能已被删除", "resident")
    tags = tuple(t for (t,) in db.execute(
        "SELECT tag FROM resident_tag WHERE resident_id = ? ORDER BY rowid", [resident_id]))
    party_row = db.execute(
        "SELECT joined_date, branch, party_group, presence, reachable, notes "
        "FROM party_member WHERE resident_id = ?", [resident_id]).fetchone()
    party = None
    if party_row:
        party = PartyInfo(_date(party_row[0]), party_row[1], party_row[2], party_row[3],
                          bool(party_row[4]), party_row[5])
    return Resident(
        id=row[0], household_id=row[1], name=row[2], sex=row[3], id_number=row[4],
        birth_date=_date(row[5]), phone=row[6], relation=row[7], political_status=row[8],
        status=row[9], status_date=_date(row[10]), notes=row[11], tags=tags, party=party,
    )


def resident_history(db: Database, resident_id: str) -> list[dict]:
    """The resident's events, oldest first, with the households as addresses."""
    rows = db.execute(
        "SELECT e.kind, e.date, e.note, e.created_at, "
        "(SELECT b.name || u.name || h.room FROM household h JOIN unit u ON u.id = h.unit_id "
        " JOIN building b ON b.id = u.building_id WHERE h.id = e.from_household_id), "
        "(SELECT b.name || u.name || h.room FROM household h JOIN unit u ON u.id = h.unit_id "
        " JOIN building b ON b.id = u.building_id WHERE h.id = e.to_household_id) "
        "FROM resident_event e WHERE e.resident_id = ? ORDER BY e.created_at, e.rowid",
        [resident_id]).fetchall()
    return [dict(zip(("kind", "date", "note", "created_at", "from", "to"), r)) for r in rows]
