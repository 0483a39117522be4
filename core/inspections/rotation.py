"""The hygiene rotation (卫生轮值): who supervises which unit in which week.

A schedule is generated from a list of people, round robin over the units
(in building order) and ISO weeks: the person for unit ``u`` in week ``w``
is ``people[(u + w) % len(people)]``, where ``w`` counts weeks from a fixed
Monday. Because ``w`` is absolute, generating March alone or the whole
spring gives the same March, and each week everyone moves on one unit.

Any cell can then be changed by hand (marked ``edited``); generating again
keeps hand-edited cells and cells whose check is already recorded unless
asked to replace them.

A unit's hygiene check (the 单元环境卫生 template) in a week is recorded
against that week's slot; a slot is done (完成), drafted (草稿), missed
(未查: the week is over without a completed check), due (本周) or planned.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from core.errors import ValidationError
from core.ledger import Ledger, new_id, now
from core.people import Person  # a supervisor

#: Week numbers count from this Monday; any fixed Monday would do.
EPOCH_MONDAY = datetime.date(2001, 1, 1)
MAX_WEEKS = 104

STATE_DONE = "完成"
STATE_DRAFT = "草稿"
STATE_MISSED = "未查"
STATE_DUE = "本周"
STATE_PLANNED = "待查"

TABLES = frozenset({"rotation_slot"})


@dataclass(frozen=True)
class SlotView:
    """One cell of the schedule."""

    slot_id: str
    unit_id: str
    week_start: datetime.date
    supervisor: str
    resident_id: str | None
    edited: bool
    state: str
    inspection_id: str | None = None


@dataclass(frozen=True)
class RotationGrid:
    """Units × weeks of a compound; ``cells[(unit_id, monday)]`` when planned."""

    units: list[tuple[str, str]]
    weeks: list[datetime.date]
    cells: dict[tuple[str, datetime.date], SlotView]


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def week_index(monday: datetime.date) -> int:
    return (week_start(monday) - EPOCH_MONDAY).days // 7


def week_label(monday: datetime.date) -> str:
    """``第46周 11/10``: the ISO week number and its Monday."""
    return f"第{monday.isocalendar()[1]}周 {monday.month}/{monday.day}"


def person_for(people: Sequence[Person], unit_index: int, monday: datetime.date) -> Person:
    """The round-robin choice for a unit (its index in building order) in a week."""
    return people[(unit_index + week_index(monday)) % len(people)]


def compound_units(db: Database, compound_id: str) -> list[tuple[str, str]]:
    """(unit id, ``3栋2单元``) of a compound, in building order."""
    return db.execute(
        "SELECT u.id, b.name || u.name FROM unit u JOIN building b ON b.id = u.building_id "
        "WHERE b.compound_id = ? ORDER BY b.sort_key, b.name, u.sort_key, u.name",
        [compound_id]).fetchall()


def _check_people(db: Database, people: Sequence[Person]) -> list[Person]:
    cleaned: list[Person] = []
    seen: set[str] = set()
    for person in people:
        name = " ".join((person.name or "").split())
        if not name or name in seen:
            continue
        if len(name) > 30:
            raise ValidationError(f"“{name[:10]}…”的名字太长", "people")
        if person.resident_id and db.execute(
                "SELECT 1 FROM resident WHERE id = ?", [person.resident_id]).fetchone() is None:
            raise ValidationError(f"{name} 不在居民名册中，可能已被删除", "people")
        seen.add(name)
        cleaned.append(Person(name, person.resident_id))
    if not cleaned:
        raise ValidationError("请至少列出一位督导人", "people")
    return cleaned


def generate_rotation(ledger: Ledger, compound_id: str, people: Sequence[Person],
                      first_week: datetime.date, weeks: int, *,
                      replace_edited: bool = False) -> int:
    """Plan ``weeks`` weeks from ``first_week`` for every unit of a compound.

    Returns how many cells were written. Cells already recorded (a check
    is linked) are never changed; hand-edited ones only with
    ``replace_edited``.
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(f"周数应在 1 到 {MAX_WEEKS} 之间", "weeks")
    people = _check_people(ledger.db, people)
    units = compound_units(ledger.db, compound_id)
    if not units:
        raise ValidationError("这个小区还没有单元，无法排班", "compound")
    community_id = ledger.db.execute(
        "SELECT community_id FROM compound WHERE id = ?", [compound_id]).fetchone()[0]
    first = week_start(first_week)
    mondays = [first + datetime.timedelta(weeks=n) for n in range(weeks)]
    existing = {
        (unit_id, week): (slot_id, bool(edited), bool(linked))
        for slot_id, unit_id, week, edited, linked in ledger.db.execute(
            "SELECT s.id, s.unit_id, s.week_start, s.edited, "
            "EXISTS (SELECT 1 FROM inspection i WHERE i.rotation_slot_id = s.id) "
            "FROM rotation_slot s JOIN unit u ON u.id = s.unit_id "
            "JOIN building b ON b.id = u.building_id "
            "WHERE b.compound_id = ? AND s.week_start BETWEEN ? AND ?",
            [compound_id, mondays[0].isoformat(), mondays[-1].isoformat()])
    }
    inserts: list[dict] = []
    updates: list[tuple] = []
    stamp = now()
    for unit_index, (unit_id, _label) in enumerate(units):
        for monday in mondays:
            person = person_for(people, unit_index, monday)
            found = existing.get((unit_id, monday.isoformat()))
            if found is None:
                inserts.append({
                    "id": new_id(), "community_id": community_id, "unit_id": unit_id,
                    "week_start": monday.isoformat(), "supervisor_name": person.name,
                    "supervisor_resident_id": person.resident_id, "edited": 0,
                    "created_at": stamp, "updated_at": stamp})
                continue
            slot_id, edited, linked = found
            if linked or (edited and not replace_edited):
                continue
            updates.append((person.name, person.resident_id, stamp, slot_id))

    def apply(db: Database) -> None:
        db["rotation_slot"].insert_all(inserts, batch_size=500)
        db.conn.executemany(
            "UPDATE rotation_slot SET supervisor_name = ?, supervisor_resident_id = ?, "
            "edited = 0, updated_at = ? WHERE id = ?", updates)

    ledger.write("rotation.generate", TABLES, apply)
    return len(inserts) + len(updates)


def assign_slot(ledger: Ledger, unit_id: str, monday: datetime.date, person: Person) -> str:
    """Put ``person`` on a unit for a week by hand; returns the slot id."""
    people = _check_people(ledger.db, [person])
    person = people[0]
    monday = week_start(monday)
    row = ledger.db.execute(
        "SELECT s.id FROM rotation_slot s WHERE s.unit_id = ? AND s.week_start = ?",
        [unit_id, monday.isoformat()]).fetchone()
    community = ledger.db.execute(
        "SELECT c.community_id FROM unit u JOIN building b ON b.id = u.building_id "
        "JOIN compound c ON c.id = b.compound_id WHERE u.id = ?", [unit_id]).fetchone()
    if community is None:
        raise ValidationError("所选单元不存在，可能已被删除", "unit")
    slot_id = row[0] if row else new_id()
    stamp = now()

    def apply(db: Database) -> None:
        if row:
            db.execute(
                "UPDATE rotation_slot SET supervisor_name = ?, supervisor_resident_id = ?, "
                "edited = 1, updated_at = ? WHERE id = ?",
                [person.name, person.resident_id, stamp, slot_id])
        else:
            db["rotation_slot"].insert({
                "id": slot_id, "community_id": community[0], "unit_id": unit_id,
                "week_start": monday.isoformat(), "supervisor_name": person.name,
                "supervisor_resident_id": person.resident_id, "edited": 1,
                "created_at": stamp, "updated_at": stamp})
        # A check of that unit in that week made before the slot existed.
        db.execute(
            "UPDATE inspection SET rotation_slot_id = ? WHERE rotation_slot_id IS NULL "
            "AND scope_kind = 'unit' AND scope_id = ? AND date BETWEEN ? AND ? "
            "AND template_id IN (SELECT id FROM checklist_template WHERE code = 'hygiene')",
            [slot_id, unit_id, monday.isoformat(), (monday + datetime.timedelta(days=6)).isoformat()])

    ledger.write("rotation.adjust", TABLES | {"inspection"}, apply, ids=[slot_id])
    return slot_id


def clear_slot(ledger: Ledger, slot_id: str) -> None:
    """Remove a planned cell; one with a recorded check stays."""
    if ledger.db.execute("SELECT 1 FROM inspection WHERE rotation_slot_id = ?", [slot_id]).fetchone():
        raise ValidationError("这一周的检查已经记录，不能取消安排", "slot")
    ledger.write("rotation.cancel", TABLES,
                 lambda db: db.execute("DELETE FROM rotation_slot WHERE id = ?", [slot_id]),
                 ids=[slot_id])


def slot_state(completed: bool, drafted: bool, monday: datetime.date, today: datetime.date) -> str:
    if completed:
        return STATE_DONE
    if drafted:
        return STATE_DRAFT
    if monday + datetime.timedelta(days=7) <= today:
        return STATE_MISSED
    if monday <= today:
        return STATE_DUE
    return STATE_PLANNED


def rotation_grid(db: Database, compound_id: str, first_week: datetime.date, weeks: int,
                  today: datetime.date) -> RotationGrid:
    """The schedule of a compound for ``weeks`` weeks from ``first_week``."""
    first = week_start(first_week)
    mondays = [first + datetime.timedelta(weeks=n) for n in range(weeks)]
    units = compound_units(db, compound_id)
    cells: dict[tuple[str, datetime.date], SlotView] = {}
    if not mondays:
        return RotationGrid(units, mondays, cells)
    rows = db.execute(
        "SELECT s.id, s.unit_id, s.week_start, s.supervisor_name, s.supervisor_resident_id, "
        "s.edited, "
        "(SELECT i.id FROM inspection i WHERE i.rotation_slot_id = s.id AND i.status = '已完成' "
        " ORDER BY i.date DESC LIMIT 1), "
        "(SELECT i.id FROM inspection i WHERE i.rotation_slot_id = s.id AND i.status = '草稿' "
        " ORDER BY i.date DESC LIMIT 1) "
        "FROM rotation_slot s JOIN unit u ON u.id = s.unit_id JOIN building b ON b.id = u.building_id "
        "WHERE b.compound_id = ? AND s.week_start BETWEEN ? AND ?",
        [compound_id, mondays[0].isoformat(), mondays[-1].isoformat()]).fetchall()
    for slot_id, unit_id, week, name, resident_id, edited, done_id, draft_id in rows:
        monday = datetime.date.fromisoformat(week)
        cells[(unit_id, monday)] = SlotView(
            slot_id, unit_id, monday, name, resident_id, bool(edited),
            slot_state(done_id is not None, draft_id is not None, monday, today),
            done_id or draft_id)
    return RotationGrid(units, mondays, cells)


def get_slot(db: Database, slot_id: str) -> SlotView | None:
    row = db.execute(
        "SELECT id, unit_id, week_start, supervisor_name, supervisor_resident_id, edited "
        "FROM rotation_slot WHERE id = ?", [slot_id]).fetchone()
    if row is None:
        return None
    monday = datetime.date.fromisoformat(row[2])
    return SlotView(row[0], row[1], monday, row[3], row[4], bool(row[5]), STATE_PLANNED)


def rotation_summary(grid: RotationGrid) -> dict[str, int]:
    """How many cells are in each state."""
    counts = dict.fromkeys((STATE_DONE, STATE_DRAFT, STATE_MISSED, STATE_DUE, STATE_PLANNED), 0)
    for cell in grid.cells.values():
        counts[cell.state] += 1
    return counts


def rotation_people(db: Database, compound_id: str) -> list[Person]:
    """The people of a compound's schedule, in the order they first appear
    (week by week, unit by unit): what the generate dialog proposes again."""
    people: dict[str, Person] = {}
    for name, resident_id in db.execute(
            "SELECT s.supervisor_name, s.supervisor_resident_id FROM rotation_slot s "
            "JOIN unit u ON u.id = s.unit_id JOIN building b ON b.id = u.building_id "
            "WHERE b.compound_id = ? AND s.edited = 0 "
            "ORDER BY s.week_start, b.sort_key, b.name, u.sort_key, u.name", [compound_id]):
        people.setdefault(name, Person(name, resident_id))
    return list(people.values())
