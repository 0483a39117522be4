"""Rectifications (整改): every 不达标 item of a completed inspection is
followed until it is fixed.

Life cycle: 待整改 → 整改中 → 已完成. Closing needs a note of what was done
(and may carry "after" photos, stored by the photo module with owner kind
``rectification``, slot ``after``; the "before" photos are the failing
item's own). A closed one can be reopened with a reason. Every step is
kept in ``rectification_event``.

The person responsible is a name in free text plus, when picked from the
registry, the resident's id. Grid nodes (网格) land on another branch; once
merged, a grid node id can sit beside the resident id in the same way.

An open rectification past its deadline is overdue (逾期): the tab shows it
in red, and :func:`due_items` puts it on the start screen.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlite_utils import Database

from core.due import DueItem
from core.errors import ValidationError
from core.inspections.checklists import short_label
from core.inspections.queries import SCOPE_JOINS, SCOPE_LABEL_SQL
from core.ledger import Ledger, new_id, now
from core.text_rules import clean_notes

STATUS_TODO = "待整改"
STATUS_DOING = "整改中"
STATUS_DONE = "已完成"
STATUSES: tuple[str, ...] = (STATUS_TODO, STATUS_DOING, STATUS_DONE)
OPEN_STATUSES: tuple[str, ...] = (STATUS_TODO, STATUS_DOING)

#: Owner of the "after" photos in the photo module.
PHOTO_OWNER = "rectification"
AFTER_SLOT = "after"

TABLES = frozenset({"rectification", "rectification_event"})
MAX_NOTE = 500


@dataclass(frozen=True)
class Rectification:
    """A rectification with what it is about.

    Attributes:
        item_text / item_remark: the failing item, as the inspection recorded it.
        scope_label: where (``3栋2单元``).
    """

    id: str
    community_id: str
    inspection_id: str
    result_id: str
    item_text: str
    item_remark: str
    scope_label: str
    template_name: str
    inspection_date: datetime.date
    responsible_name: str
    responsible_resident_id: str | None
    deadline: datetime.date
    status: str
    started_date: datetime.date | None
    closed_date: datetime.date | None
    close_note: str

    @property
    def is_open(self) -> bool:
        return self.status != STATUS_DONE

    def overdue(self, today: datetime.date) -> bool:
        return is_overdue(self.status, self.deadline, today)

    def state_text(self, today: datetime.date) -> str:
        return state_text(self.status, self.deadline, self.closed_date, today)


@dataclass(frozen=True)
class RectificationEvent:
    date: datetime.date
    kind: str
    note: str
    created_at: str


def is_overdue(status: str, deadline: datetime.date | str | None, today: datetime.date) -> bool:
    if status == STATUS_DONE or not deadline:
        return False
    if isinstance(deadline, str):
        deadline = datetime.date.fromisoformat(deadline)
    return deadline < today


def state_text(status: str, deadline: datetime.date | str | None,
               closed: datetime.date | str | None, today: datetime.date) -> str:
    """``逾期 3 天`` / ``还剩 5 天`` / ``今天到期`` / ``已完成``."""
    if status == STATUS_DONE:
        return "已完成"
    if not deadline:
        return status
    if isinstance(deadline, str):
        deadline = datetime.date.fromisoformat(deadline)
    days = (deadline - today).days
    if days < 0:
        return f"逾期 {-days} 天"
    if days == 0:
        return "今天到期"
    return f"还剩 {days} 天"


# ---------------------------------------------------------------- reading

_SELECT = (
    "SELECT x.id, x.community_id, x.inspection_id, x.result_id, r.text, r.remark, "
    f"{SCOPE_LABEL_SQL}, i.template_name, i.date, x.responsible_name, "
    "x.responsible_resident_id, x.deadline, x.status, x.started_date, x.closed_date, x.close_note "
    "FROM rectification x JOIN inspection_result r ON r.id = x.result_id "
    f"JOIN inspection i ON i.id = x.inspection_id {SCOPE_JOINS}"
)


def _d(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _record(row) -> Rectification:
    return Rectification(
        id=row[0], community_id=row[1], inspection_id=row[2], result_id=row[3], item_text=row[4],
        item_remark=row[5], scope_label=row[6], template_name=row[7],
        inspection_date=datetime.date.fromisoformat(row[8]), responsible_name=row[9],
        responsible_resident_id=row[10], deadline=datetime.date.fromisoformat(row[11]),
        status=row[12], started_date=_d(row[13]), closed_date=_d(row[14]), close_note=row[15])


def get_rectification(db: Database, rectification_id: str) -> Rectification:
    row = db.execute(f"{_SELECT} WHERE x.id = ?", [rectification_id]).fetchone()
    if row is None:
        raise ValidationError("该整改记录不存在，可能已被删除", "rectification")
    return _record(row)


def rectification_of_result(db: Database, result_id: str) -> Rectification | None:
    row = db.execute(f"{_SELECT} WHERE x.result_id = ?", [result_id]).fetchone()
    return _record(row) if row else None


def rectifications_of_inspection(db: Database, inspection_id: str) -> list[Rectification]:
    return [_record(row) for row in db.execute(
        f"{_SELECT} WHERE x.inspection_id = ? ORDER BY r.position", [inspection_id])]


def open_rectifications(db: Database, community_id: str | None = None) -> list[Rectification]:
    """Open ones (of one community when given), soonest deadline first."""
    where, params = (" AND x.community_id = ?", [community_id]) if community_id else ("", [])
    return [_record(row) for row in db.execute(
        f"{_SELECT} WHERE x.status != ?{where} ORDER BY x.deadline, r.position", [STATUS_DONE, *params])]


def events(db: Database, rectification_id: str) -> list[RectificationEvent]:
    return [RectificationEvent(datetime.date.fromisoformat(d), kind, note, created)
            for d, kind, note, created in db.execute(
                "SELECT date, kind, note, created_at FROM rectification_event "
                "WHERE rectification_id = ? ORDER BY created_at, rowid", [rectification_id])]


# ---------------------------------------------------------------- writing


def insert_rectification(db: Database, community_id: str, inspection_id: str, result_id: str,
                         responsible_name: str, responsible_resident_id: str | None,
                         deadline: datetime.date, date: datetime.date) -> str:
    """Open a rectification inside the caller's transaction (completing an inspection)."""
    rect_id = new_id()
    stamp = now()
    db["rectification"].insert({
        "id": rect_id, "community_id": community_id, "inspection_id": inspection_id,
        "result_id": result_id, "responsible_name": responsible_name,
        "responsible_resident_id": responsible_resident_id, "deadline": deadline.isoformat(),
        "status": STATUS_TODO, "started_date": None, "closed_date": None, "close_note": "",
        "created_at": stamp, "updated_at": stamp,
    })
    _event(db, rect_id, date, "下达整改",
           f"责任人 {responsible_name}，期限 {deadline.isoformat()}")
    return rect_id


def _event(db: Database, rect_id: str, date: datetime.date, kind: str, note: str) -> None:
    db["rectification_event"].insert({"id": new_id(), "rectification_id": rect_id,
                                      "date": date.isoformat(), "kind": kind, "note": note,
                                      "created_at": now()})


def _note(note: str, required: bool, what: str) -> str:
    note = clean_notes(note, label=what, field="note")
    if required and len(note) < 2:
        raise ValidationError(f"请填写{what}", "note")
    if len(note) > MAX_NOTE:
        raise ValidationError(f"{what}太长（最多 {MAX_NOTE} 个字）", "note")
    return note


def _check_step_date(current: Rectification, date: datetime.date, today: datetime.date,
                     what: str) -> None:
    if date > today:
        raise ValidationError(f"{what}不能晚于今天", "date")
    if date < current.inspection_date:
        raise ValidationError(f"{what}不能早于检查日期 {current.inspection_date.isoformat()}", "date")


def assign(ledger: Ledger, rectification_id: str, *, responsible_name: str,
           deadline: datetime.date, responsible_resident_id: str | None = None,
           note: str = "") -> None:
    """Change who is responsible, or the deadline, of an open rectification."""
    current = get_rectification(ledger.db, rectification_id)
    if not current.is_open:
        raise ValidationError("这项整改已完成，不能再修改责任人和期限", "status")
    name = " ".join((responsible_name or "").split())
    if not name:
        raise ValidationError("请填写整改责任人", "responsible")
    if len(name) > 30:
        raise ValidationError("责任人名字太长（最多 30 个字）", "responsible")
    if responsible_resident_id and ledger.db.execute(
            "SELECT 1 FROM resident WHERE id = ?", [responsible_resident_id]).fetchone() is None:
        raise ValidationError("所选责任人不在居民名册中", "responsible")
    if deadline is None:
        raise ValidationError("请填写整改期限", "deadline")
    if deadline < current.inspection_date:
        raise ValidationError("整改期限不能早于检查日期", "deadline")
    note = _note(note, False, "说明")
    changes = []
    if name != current.responsible_name:
        changes.append(f"责任人 {current.responsible_name or '未定'} → {name}")
    if deadline != current.deadline:
        changes.append(f"期限 {current.deadline.isoformat()} → {deadline.isoformat()}")
    if not changes and responsible_resident_id == current.responsible_resident_id:
        return

    def apply(db: Database) -> None:
        db.execute(
            "UPDATE rectification SET responsible_name = ?, responsible_resident_id = ?, "
            "deadline = ?, updated_at = ? WHERE id = ?",
            [name, responsible_resident_id, deadline.isoformat(), now(), rectification_id])
        _event(db, rectification_id, datetime.date.today(), "调整",
               "；".join(filter(None, ["，".join(changes), note])))

    ledger.write("rectification.adjust", TABLES, apply, ids=[rectification_id])


def start(ledger: Ledger, rectification_id: str, *, date: datetime.date | None = None,
          note: str = "", today: datetime.date | None = None) -> None:
    """待整改 → 整改中."""
    today = today or datetime.date.today()
    date = date or today
    current = get_rectification(ledger.db, rectification_id)
    if current.status != STATUS_TODO:
        raise ValidationError(f"这项整改现在是“{current.status}”，不能再开始", "status")
    _check_step_date(current, date, today, "开始日期")
    note = _note(note, False, "说明")

    def apply(db: Database) -> None:
        db.execute("UPDATE rectification SET status = ?, started_date = ?, updated_at = ? "
                   "WHERE id = ?", [STATUS_DOING, date.isoformat(), now(), rectification_id])
        _event(db, rectification_id, date, "开始整改", note)

    ledger.write("rectification.start", TABLES, apply, ids=[rectification_id])


def close(ledger: Ledger, rectification_id: str, *, note: str, date: datetime.date | None = None,
          today: datetime.date | None = None) -> None:
    """Close an open rectification: 已完成, with a note of what was done."""
    today = today or datetime.date.today()
    date = date or today
    current = get_rectification(ledger.db, rectification_id)
    if not current.is_open:
        raise ValidationError("这项整改已经完成", "status")
    note = _note(note, True, "整改情况说明")
    _check_step_date(current, date, today, "完成日期")

    def apply(db: Database) -> None:
        db.execute(
            "UPDATE rectification SET status = ?, closed_date = ?, close_note = ?, "
            "started_date = coalesce(started_date, ?), updated_at = ? WHERE id = ?",
            [STATUS_DONE, date.isoformat(), note, date.isoformat(), now(), rectification_id])
        _event(db, rectification_id, date, "整改完成", note)

    ledger.write("rectification.close", TABLES, apply, ids=[rectification_id])


def reopen(ledger: Ledger, rectification_id: str, *, note: str,
           deadline: datetime.date | None = None, today: datetime.date | None = None) -> None:
    """A closed rectification found not fixed after all: back to 整改中."""
    today = today or datetime.date.today()
    current = get_rectification(ledger.db, rectification_id)
    if current.is_open:
        raise ValidationError("这项整改尚未完成，无需重新打开", "status")
    note = _note(note, True, "重新整改的原因")
    deadline = deadline or max(current.deadline, today)
    if deadline < current.inspection_date:
        raise ValidationError("整改期限不能早于检查日期", "deadline")

    def apply(db: Database) -> None:
        db.execute(
            "UPDATE rectification SET status = ?, closed_date = NULL, deadline = ?, "
            "updated_at = ? WHERE id = ?",
            [STATUS_DOING, deadline.isoformat(), now(), rectification_id])
        _event(db, rectification_id, today, "重新整改", note)

    ledger.write("rectification.reopen", TABLES, apply, ids=[rectification_id])


# ---------------------------------------------------------------- start screen


def due_items(db: Database, today: datetime.date, community_id: str | None = None) -> list[DueItem]:
    """Open rectifications with their deadlines, for the start screen (首页)."""
    items = []
    for rect in open_rectifications(db, community_id):
        title = (f"{rect.scope_label} {short_label(rect.item_text)}："
                 f"整改期限 {rect.deadline.month}月{rect.deadline.day}日"
                 f"（{rect.state_text(today)}）")
        items.append(DueItem(kind="整改", title=title, due=rect.deadline, tab="检查",
                             record_id=rect.id, who=rect.responsible_name))
    return items
