"""Who holds a grid or party node, and since when.

The person is a resident of the registry (name and phone come from there)
or an office staff member who does not live in the compound (``staff``,
reusable by other tabs). Each holding is an assignment with a start and,
once replaced, an end date: ``people_of(node, on_date)`` answers who held
the node on any day, so a roster printed for last year stays right.
Intervals are half-open: a person replaced on 3 May held the node until
2 May; the successor holds it from 3 May.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlite_utils import Database

from core import vocab
from core.errors import ValidationError
from core.text_rules import clean_line, clean_notes
from core.grid.levels import T_ASSIGNMENT, T_STAFF, TREE_PARTY
from core.grid.records import active_node, default_community, parse_date
from core.ledger import Ledger, new_id, now
from core.people import RESIDENT, STAFF, PersonRef  # noqa: F401 (the shared person reference)
from core.registry import normalize_phone



@dataclass(frozen=True)
class Holder:
    """One holding of a node by a person.

    Attributes:
        name / phone: from the registry (resident's own phone, else the
            household's) or from ``staff``; the phone unmasked — mask it to show.
        status: the resident's status (在住/迁出/死亡); '' for staff.
        where: the resident's address (``3栋2单元301``) or the staff member's role.
        party: the resident is a party member.
    """

    assignment_id: str
    node_id: str
    person: PersonRef
    name: str
    phone: str
    start_date: datetime.date
    end_date: datetime.date | None
    note: str
    status: str
    where: str
    party: bool

    @property
    def current(self) -> bool:
        return self.end_date is None

    @property
    def gone(self) -> bool:
        """A resident who has moved out or died."""
        return self.person.kind == RESIDENT and self.status != vocab.STATUS_LIVING

    @property
    def kind_label(self) -> str:
        return "居民" if self.person.kind == RESIDENT else "工作人员"


HOLDER_SELECT = (
    "SELECT a.id, a.node_id, a.resident_id, a.staff_id, coalesce(r.name, s.name), "
    "coalesce(nullif(r.phone, ''), h.phone, s.phone, ''), a.start_date, a.end_date, a.note, "
    "coalesce(r.status, ''), CASE WHEN r.id IS NOT NULL THEN b.name || u.name || h.room "
    "ELSE s.role END, coalesce(r.political_status IN ('中共党员', '中共预备党员'), 0) "
    "FROM grid_assignment a "
    "LEFT JOIN resident r ON r.id = a.resident_id "
    "LEFT JOIN household h ON h.id = r.household_id "
    "LEFT JOIN unit u ON u.id = h.unit_id "
    "LEFT JOIN building b ON b.id = u.building_id "
    "LEFT JOIN staff s ON s.id = a.staff_id "
)


def holder_from_row(row: tuple) -> Holder:
    person = PersonRef.resident(row[2]) if row[2] else PersonRef.staff(row[3])
    return Holder(row[0], row[1], person, row[4] or "", row[5] or "", parse_date(row[6]),
                  parse_date(row[7]), row[8] or "", row[9] or "", row[10] or "", bool(row[11]))


def people_of(db: Database, node_id: str, on_date: datetime.date | None = None) -> list[Holder]:
    """Who held the node on ``on_date`` (default today)."""
    day = (on_date or datetime.date.today()).isoformat()
    rows = db.execute(
        HOLDER_SELECT + "WHERE a.node_id = ? AND a.start_date <= ? "
        "AND (a.end_date IS NULL OR a.end_date > ?) ORDER BY a.start_date", [node_id, day, day])
    return [holder_from_row(r) for r in rows]


def current_holder(db: Database, node_id: str) -> Holder | None:
    row = db.execute(HOLDER_SELECT + "WHERE a.node_id = ? AND a.end_date IS NULL", [node_id]).fetchone()
    return holder_from_row(row) if row else None


def current_holders(db: Database) -> dict[str, Holder]:
    """The current holder of every node that has one, by node id."""
    return {h.node_id: h for h in map(holder_from_row, db.execute(HOLDER_SELECT + "WHERE a.end_date IS NULL"))}


def history(db: Database, node_id: str) -> list[Holder]:
    """Every holding of the node, the newest first."""
    rows = db.execute(HOLDER_SELECT + "WHERE a.node_id = ? ORDER BY a.start_date DESC, a.created_at DESC",
                      [node_id])
    return [holder_from_row(r) for r in rows]


def person_name(db: Database, person: PersonRef) -> str:
    table = "resident" if person.kind == RESIDENT else "staff"
    row = db.execute(f"SELECT name FROM {table} WHERE id = ?", [person.id]).fetchone()
    if row is None:
        raise ValidationError("所选人员不存在，可能已被删除", "person")
    return row[0]


def check_person(db: Database, node_id: str, person: PersonRef, start_date: datetime.date,
                 today: datetime.date | None = None) -> None:
    """Can ``person`` take over ``node_id`` from ``start_date``? Raises if not."""
    today = today or datetime.date.today()
    node = active_node(db, node_id)
    if person.kind == RESIDENT:
        row = db.execute("SELECT name, status, political_status, community_id FROM resident WHERE id = ?",
                         [person.id]).fetchone()
        if row is None:
            raise ValidationError("所选居民不存在，可能已被删除", "person")
        name, status, political, community = row
        if status != vocab.STATUS_LIVING:
            raise ValidationError(f"{name} 已{status}，不能担任{node.role}", "person")
        if node.tree == TREE_PARTY and not vocab.is_party_member(political):
            raise ValidationError(f"{name} 不是党员；{node.role}须由本小区登记的党员担任", "person")
    elif person.kind == STAFF:
        row = db.execute("SELECT name, community_id FROM staff WHERE id = ?", [person.id]).fetchone()
        if row is None:
            raise ValidationError("所选工作人员不存在，可能已被删除", "person")
        name, community = row
        if node.tree == TREE_PARTY:
            raise ValidationError(f"{node.role}须由本小区登记的党员担任，请从居民中选择", "person")
    else:
        raise ValueError(person.kind)
    if community != node.community_id:
        raise ValidationError(f"{name} 不属于本社区", "person")
    if start_date > today:
        raise ValidationError("起始日期不能晚于今天", "start_date")
    if node.start_date and start_date < node.start_date:
        raise ValidationError(f"起始日期不能早于“{node.name}”的设立日期（{node.start_date}）", "start_date")
    current = current_holder(db, node_id)
    if current is not None:
        if current.person == person:
            raise ValidationError(f"{name} 已经是“{node.name}”的{node.role}", "person")
        if start_date < current.start_date:
            raise ValidationError(
                f"起始日期不能早于现任 {current.name} 的起始日期（{current.start_date}）", "start_date")


def _open(db: Database, node_id: str, person: PersonRef, start: datetime.date, note: str) -> str:
    db.execute("UPDATE grid_assignment SET end_date = ? WHERE node_id = ? AND end_date IS NULL",
               [start.isoformat(), node_id])
    assignment_id = new_id()
    db["grid_assignment"].insert({
        "id": assignment_id, "node_id": node_id,
        "resident_id": person.id if person.kind == RESIDENT else None,
        "staff_id": person.id if person.kind == STAFF else None,
        "start_date": start.isoformat(), "end_date": None, "note": note.strip(), "created_at": now(),
    })
    return assignment_id


def assign_person(ledger: Ledger, node_id: str, person: PersonRef,
                  start_date: datetime.date | None = None, note: str = "") -> str:
    """Make ``person`` the node's holder from ``start_date`` (default today).

    The current holder's term ends that day; both stay in the history.
    """
    start = start_date or datetime.date.today()
    check_person(ledger.db, node_id, person, start)
    node = active_node(ledger.db, node_id)
    operation, verb = (("grid.person_change", "更换") if current_holder(ledger.db, node_id)
                       else ("grid.person_assign", "指定"))
    return ledger.write(operation, {T_ASSIGNMENT}, lambda db: _open(db, node_id, person, start, note),
                        label=f"{verb}{node.role}",
                        ids=[node_id])


def vacate(ledger: Ledger, node_id: str, end_date: datetime.date | None = None, note: str = "") -> None:
    """End the current holder's term without a successor (the node is 空缺)."""
    end = end_date or datetime.date.today()
    node = active_node(ledger.db, node_id)
    current = current_holder(ledger.db, node_id)
    if current is None:
        raise ValidationError(f"“{node.name}”现在没有{node.role}", "person")
    if end > datetime.date.today():
        raise ValidationError("卸任日期不能晚于今天", "end_date")
    if end < current.start_date:
        raise ValidationError(f"卸任日期不能早于 {current.name} 的起始日期（{current.start_date}）", "end_date")

    def apply(db: Database) -> None:
        db.execute("UPDATE grid_assignment SET end_date = ?, note = trim(note || ' ' || ?) WHERE id = ?",
                   [end.isoformat(), note.strip(), current.assignment_id])

    ledger.write("grid.person_release", {T_ASSIGNMENT}, apply, ids=[node_id], label=f"{node.role}卸任")




# ---------------------------------------------------------------- staff


@dataclass(frozen=True)
class StaffForm:
    """An office worker who is not a resident: name, phone, role (职务)."""

    name: str
    phone: str = ""
    role: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Staff:
    id: str
    name: str
    phone: str
    role: str
    notes: str


def check_staff(form: StaffForm) -> dict:
    name = " ".join(clean_line(form.name, label="姓名", field="name", limit=30).split())
    if not name:
        raise ValidationError("请填写姓名", "name")
    role = clean_line(form.role, label="职务", field="role", limit=40)
    return {"name": name, "phone": normalize_phone(form.phone), "role": role,
            "notes": clean_notes(form.notes)}


def add_staff(ledger: Ledger, form: StaffForm, community_id: str | None = None) -> str:
    values = check_staff(form)
    community_id = community_id or default_community(ledger.db)
    if ledger.db.execute("SELECT 1 FROM staff WHERE community_id = ? AND name = ? AND phone = ?",
                         [community_id, values["name"], values["phone"]]).fetchone():
        raise ValidationError(f"已登记过工作人员 {values['name']}", "name")
    staff_id = new_id()
    stamp = now()
    ledger.write("staff.add", {T_STAFF}, lambda db: db["staff"].insert({
        "id": staff_id, "community_id": community_id, **values, "created_at": stamp, "updated_at": stamp,
    }), ids=[staff_id])
    return staff_id


def update_staff(ledger: Ledger, staff_id: str, form: StaffForm) -> None:
    values = check_staff(form)
    get_staff(ledger.db, staff_id)
    ledger.write("staff.edit", {T_STAFF}, lambda db: db.execute(
        "UPDATE staff SET name = ?, phone = ?, role = ?, notes = ?, updated_at = ? WHERE id = ?",
        [values["name"], values["phone"], values["role"], values["notes"], now(), staff_id]),
        ids=[staff_id])


def delete_staff(ledger: Ledger, staff_id: str) -> None:
    """Remove a staff member who never held a node; one who did stays for the history."""
    staff = get_staff(ledger.db, staff_id)
    if ledger.db.execute("SELECT 1 FROM grid_assignment WHERE staff_id = ?", [staff_id]).fetchone():
        raise ValidationError(f"{staff.name} 担任过网格负责人，记录要保留，不能删除；可以修改其信息", "name")
    ledger.write("staff.delete", {T_STAFF}, lambda db: db.execute("DELETE FROM staff WHERE id = ?", [staff_id]))


def get_staff(db: Database, staff_id: str) -> Staff:
    row = db.execute("SELECT id, name, phone, role, notes FROM staff WHERE id = ?", [staff_id]).fetchone()
    if row is None:
        raise ValidationError("该工作人员不存在，可能已被删除", "staff")
    return Staff(*row)


def list_staff(db: Database, community_id: str | None = None) -> list[Staff]:
    """The office's staff (of one community when given), by name."""
    where, params = ("WHERE community_id = ?", [community_id]) if community_id else ("", [])
    return [Staff(*r) for r in db.execute(
        f"SELECT id, name, phone, role, notes FROM staff {where} ORDER BY name", params)]
