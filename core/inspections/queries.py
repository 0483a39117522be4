"""Read queries of inspections and rectifications: filtered lists page by
page for the tab's tables and for exports.

An inspection's scope is a compound, a building or a unit; ``SCOPE_JOINS``
resolves it (for an inspection aliased ``i``) to its label and to the
compound, building and unit it lies in, so "inspections of 3栋" finds
those of 3栋 itself and of its units.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlite_utils import Database

from core.registry.queries import Where

SCOPE_JOINS = (
    "LEFT JOIN compound sc ON i.scope_kind = 'compound' AND sc.id = i.scope_id "
    "LEFT JOIN building sb ON i.scope_kind = 'building' AND sb.id = i.scope_id "
    "LEFT JOIN unit su ON i.scope_kind = 'unit' AND su.id = i.scope_id "
    "LEFT JOIN building sub ON sub.id = su.building_id"
)
SCOPE_LABEL_SQL = "coalesce(sc.name, sb.name, sub.name || su.name, '（已删除）')"
SCOPE_COMPOUND_SQL = "coalesce(sc.id, sb.compound_id, sub.compound_id)"
SCOPE_BUILDING_SQL = "coalesce(sb.id, sub.id)"
SCOPE_UNIT_SQL = "su.id"
_SCOPE_COLUMN = {"compound": SCOPE_COMPOUND_SQL, "building": SCOPE_BUILDING_SQL, "unit": SCOPE_UNIT_SQL}

#: Outcome filters of the inspection list, in the order offered.
OUTCOME_ALL = "全部结果"
OUTCOME_PASSED = "全部达标"
OUTCOME_FAILED = "有不达标"
OUTCOME_OPEN = "有未完成整改"
OUTCOME_DRAFT = "草稿"
OUTCOMES: tuple[str, ...] = (OUTCOME_ALL, OUTCOME_PASSED, OUTCOME_FAILED, OUTCOME_OPEN, OUTCOME_DRAFT)

_FAIL_EXISTS = ("EXISTS (SELECT 1 FROM inspection_result x WHERE x.inspection_id = i.id "
                "AND x.result = '不达标')")


@dataclass(frozen=True)
class InspectionFilter:
    """What the inspection list shows.

    Attributes:
        scope_kind / scope_id: a compound, building or unit; inspections of it
            and of everything inside it.
        outcome: one of ``OUTCOMES``.
        community_id: only this community's (None: every community held).
    """

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    template_id: str | None = None
    scope_kind: str | None = None
    scope_id: str | None = None
    outcome: str = OUTCOME_ALL
    community_id: str | None = None


def _inspection_where(f: InspectionFilter) -> Where:
    where = Where()
    if f.community_id:
        where.add("i.community_id = ?", f.community_id)
    if f.date_from:
        where.add("i.date >= ?", f.date_from.isoformat())
    if f.date_to:
        where.add("i.date <= ?", f.date_to.isoformat())
    if f.template_id:
        where.add("i.template_id = ?", f.template_id)
    if f.scope_kind in _SCOPE_COLUMN and f.scope_id:
        where.add(f"{_SCOPE_COLUMN[f.scope_kind]} = ?", f.scope_id)
    if f.outcome == OUTCOME_PASSED:
        where.add(f"i.status = '已完成' AND NOT {_FAIL_EXISTS}")
    elif f.outcome == OUTCOME_FAILED:
        where.add(f"i.status = '已完成' AND {_FAIL_EXISTS}")
    elif f.outcome == OUTCOME_OPEN:
        where.add("EXISTS (SELECT 1 FROM rectification z WHERE z.inspection_id = i.id "
                  "AND z.status != '已完成')")
    elif f.outcome == OUTCOME_DRAFT:
        where.add("i.status = '草稿'")
    return where


def _count(result: str) -> str:
    return (f"(SELECT count(*) FROM inspection_result x WHERE x.inspection_id = i.id "
            f"AND x.result = '{result}')")


INSPECTION_COLUMNS: dict[str, str] = {
    "id": "i.id",
    "date": "i.date",
    "template": "i.template_name",
    "scope": SCOPE_LABEL_SQL,
    "scope_kind": "i.scope_kind",
    "inspectors": "(SELECT group_concat(name, '、') FROM "
                  "(SELECT name FROM inspection_inspector p WHERE p.inspection_id = i.id "
                  "ORDER BY position))",
    "status": "i.status",
    "passed": _count("达标"),
    "failed": _count("不达标"),
    "na": _count("不适用"),
    "items": "(SELECT count(*) FROM inspection_result x WHERE x.inspection_id = i.id)",
    "open_fixes": "(SELECT count(*) FROM rectification z WHERE z.inspection_id = i.id "
                  "AND z.status != '已完成')",
    "photos": "(SELECT count(*) FROM photo p JOIN inspection_result x ON p.owner_id = x.id "
              "WHERE p.owner_kind = 'inspection_item' AND x.inspection_id = i.id) "
              "+ (SELECT count(*) FROM photo p WHERE p.owner_kind = 'inspection' "
              "AND p.owner_id = i.id)",
    "rotation_slot_id": "i.rotation_slot_id",
    "notes": "i.notes",
}
_RATE = "(CAST(passed AS REAL) / nullif(passed + failed, 0))"

_INSPECTION_ORDER = {
    "date": "date, scope",
    "template": "template, date",
    "scope": "scope, date",
    "status": "status, date",
    "rate": "rate, date",
    "failed": "failed, date",
    "open_fixes": "open_fixes, date",
}


def _descending(order_sql: str) -> str:
    return ", ".join(part.strip() + " DESC" for part in order_sql.split(","))


def inspection_page(db: Database, f: InspectionFilter, offset: int, limit: int,
                    order: str = "date", descending: bool = True) -> list[dict]:
    """One page of the inspections ``f`` selects, keyed like INSPECTION_COLUMNS plus ``rate``."""
    where = _inspection_where(f)
    order_sql = _INSPECTION_ORDER.get(order, _INSPECTION_ORDER["date"])
    if descending:
        order_sql = _descending(order_sql)
    columns = ", ".join(f"{sql} AS {key}" for key, sql in INSPECTION_COLUMNS.items())
    rows = db.execute(
        f"SELECT * FROM (SELECT *, {_RATE} AS rate FROM (SELECT {columns} FROM inspection i "
        f"{SCOPE_JOINS} WHERE {where.sql()})) ORDER BY {order_sql}, id LIMIT ? OFFSET ?",
        [*where.params, limit, offset]).fetchall()
    keys = [*INSPECTION_COLUMNS, "rate"]
    return [dict(zip(keys, row)) for row in rows]


def inspection_count(db: Database, f: InspectionFilter) -> int:
    where = _inspection_where(f)
    return db.execute(f"SELECT count(*) FROM inspection i {SCOPE_JOINS} WHERE {where.sql()}",
                      where.params).fetchone()[0]


# ---------------------------------------------------------------- rectifications

FIX_OPEN = "未完成"
FIX_OVERDUE = "已逾期"
FIX_DONE = "已完成"
FIX_ALL = "全部"
#: Status filters of the rectification list, in the order offered.
FIX_FILTERS: tuple[str, ...] = (FIX_OPEN, FIX_OVERDUE, FIX_DONE, FIX_ALL)


@dataclass(frozen=True)
class RectificationFilter:
    """What the rectification list shows; ``today`` decides what is overdue."""

    today: datetime.date
    status: str = FIX_OPEN
    text: str = ""
    inspection_id: str | None = None
    community_id: str | None = None


def _rectification_where(f: RectificationFilter) -> Where:
    where = Where()
    if f.community_id:
        where.add("x.community_id = ?", f.community_id)
    today = f.today.isoformat()
    if f.status == FIX_OPEN:
        where.add("x.status != '已完成'")
    elif f.status == FIX_OVERDUE:
        where.add("x.status != '已完成' AND x.deadline < ?", today)
    elif f.status == FIX_DONE:
        where.add("x.status = '已完成'")
    if f.inspection_id:
        where.add("x.inspection_id = ?", f.inspection_id)
    for word in f.text.split():
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.add(f"(r.text || ' ' || x.responsible_name || ' ' || {SCOPE_LABEL_SQL}) "
                  "LIKE ? ESCAPE '\\'", pattern)
    return where


RECTIFICATION_COLUMNS: dict[str, str] = {
    "id": "x.id",
    "inspection_id": "x.inspection_id",
    "result_id": "x.result_id",
    "scope": SCOPE_LABEL_SQL,
    "item": "r.text",
    "remark": "r.remark",
    "template": "i.template_name",
    "inspection_date": "i.date",
    "responsible": "x.responsible_name",
    "deadline": "x.deadline",
    "status": "x.status",
    "started_date": "x.started_date",
    "closed_date": "x.closed_date",
    "close_note": "x.close_note",
    "before_photos": "(SELECT count(*) FROM photo p WHERE p.owner_kind = 'inspection_item' "
                     "AND p.owner_id = x.result_id)",
    "after_photos": "(SELECT count(*) FROM photo p WHERE p.owner_kind = 'rectification' "
                    "AND p.owner_id = x.id AND p.slot = 'after')",
}

_RECTIFICATION_ORDER = {
    "urgency": "x.status = '已完成', NOT (x.deadline < :today), x.deadline, scope, r.position",
    "scope": "scope, x.deadline",
    "item": "r.text, x.deadline",
    "responsible": "x.responsible_name, x.deadline",
    "deadline": "x.deadline, scope",
    "status": "x.status, x.deadline",
    "inspection_date": "i.date, scope",
}


def rectification_page(db: Database, f: RectificationFilter, offset: int, limit: int,
                       order: str = "urgency", descending: bool = False) -> list[dict]:
    """Open and overdue first (``urgency``), then by deadline."""
    where = _rectification_where(f)
    order_sql = _RECTIFICATION_ORDER.get(order, _RECTIFICATION_ORDER["urgency"])
    if descending:
        order_sql = _descending(order_sql)
    order_sql = order_sql.replace(":today", "?")
    params = [*where.params]
    if "?" in order_sql:
        params += [f.today.isoformat()] * order_sql.count("?")
    columns = ", ".join(f"{sql} AS {key}" for key, sql in RECTIFICATION_COLUMNS.items())
    rows = db.execute(
        f"SELECT {columns} FROM rectification x JOIN inspection_result r ON r.id = x.result_id "
        f"JOIN inspection i ON i.id = x.inspection_id {SCOPE_JOINS} WHERE {where.sql()} "
        f"ORDER BY {order_sql}, x.id LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    keys = list(RECTIFICATION_COLUMNS)
    return [dict(zip(keys, row)) for row in rows]


def rectification_count(db: Database, f: RectificationFilter) -> int:
    where = _rectification_where(f)
    return db.execute(
        "SELECT count(*) FROM rectification x JOIN inspection_result r ON r.id = x.result_id "
        f"JOIN inspection i ON i.id = x.inspection_id {SCOPE_JOINS} WHERE {where.sql()}",
        where.params).fetchone()[0]


def rectification_counts(db: Database, today: datetime.date,
                         community_id: str | None = None) -> dict[str, int]:
    """``{未完成: n, 已逾期: n, 已完成: n}`` for the tab's summary line."""
    where, params = ("WHERE community_id = ?", [community_id]) if community_id else ("", [])
    row = db.execute(
        "SELECT sum(status != '已完成'), sum(status != '已完成' AND deadline < ?), "
        f"sum(status = '已完成') FROM rectification {where}", [today.isoformat(), *params]).fetchone()
    return {FIX_OPEN: row[0] or 0, FIX_OVERDUE: row[1] or 0, FIX_DONE: row[2] or 0}


def _chunks(ids: list[str], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def result_lines(db: Database, ids: list[str]) -> list[tuple]:
    """The results of the inspections ``ids``, in that order then by position:
    (result id, date, checklist, scope, position, text, result, remark)."""
    order = {inspection_id: n for n, inspection_id in enumerate(ids)}
    rows: list[tuple] = []
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        rows.extend(db.execute(
            f"SELECT r.id, i.date, i.template_name, {SCOPE_LABEL_SQL}, r.position, r.text, "
            f"r.result, r.remark, i.id FROM inspection_result r JOIN inspection i "
            f"ON i.id = r.inspection_id {SCOPE_JOINS} WHERE i.id IN ({marks})", chunk))
    rows.sort(key=lambda r: (order[r[8]], r[4]))
    return [r[:8] for r in rows]
