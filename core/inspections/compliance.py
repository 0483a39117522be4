"""Compliance derived from completed inspections: the matrix of units (or
buildings) × items showing the latest result of each, and the rate over time.

Which result a unit's cell shows: every completed inspection of the template
whose scope covers the unit (the whole compound, the unit's building, or the
unit itself) counts, latest first. A 不适用 never hides an earlier 达标 or
不达标: the cell shows the latest decisive result, and 不适用 only when
nothing decisive was ever recorded. So the monthly compound inspection sets
every unit, and a later re-inspection (复查) of one unit turns that unit alone.

A building's cell sums up its units: red if any unit is red (``2/3``), green
if every unit with a result is green, grey otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sqlite_utils import Database

from core.inspections import checklists
from core.inspections.checklists import (
    RESULT_FAIL,
    RESULT_NA,
    RESULT_PASS,
    ChecklistItem,
)
from core.inspections.queries import SCOPE_COMPOUND_SQL, SCOPE_JOINS
from core.inspections.records import compliance_rate
from core.inspections.rotation import week_start

LEVEL_UNIT = "unit"
LEVEL_BUILDING = "building"
LEVELS: dict[str, str] = {LEVEL_UNIT: "按单元", LEVEL_BUILDING: "按楼栋"}

PERIOD_MONTH = "month"
PERIOD_WEEK = "week"
PERIODS: dict[str, str] = {PERIOD_MONTH: "按月", PERIOD_WEEK: "按周"}


@dataclass(frozen=True)
class MatrixCell:
    """What one cell shows.

    Attributes:
        result: 达标 / 不达标 / 不适用, or '' when never inspected.
        inspection_id / result_id: the record behind the cell (clicking opens it).
        fix_status: the rectification's status when the result is 不达标.
        failing / counted: for a building, units red / units with a result.
    """

    result: str = ""
    inspection_id: str | None = None
    result_id: str | None = None
    date: datetime.date | None = None
    remark: str = ""
    fix_status: str | None = None
    failing: int = 0
    counted: int = 0
    seq: int = 0  # order of recording, for "latest" among equal dates


EMPTY = MatrixCell()


@dataclass
class ComplianceMatrix:
    """Rows (units or buildings) × the template's current items."""

    level: str
    rows: list[tuple[str, str]]
    items: list[ChecklistItem]
    cells: dict[tuple[str, str], MatrixCell] = field(default_factory=dict)

    def cell(self, row: int, column: int) -> MatrixCell:
        return self.cells.get((self.rows[row][0], self.items[column].key), EMPTY)

    def row_rate(self, row: int) -> float | None:
        return compliance_rate(self.cell(row, c).result for c in range(len(self.items)))

    def column_rate(self, column: int) -> float | None:
        return compliance_rate(self.cell(r, column).result for r in range(len(self.rows)))

    def overall_rate(self) -> float | None:
        return compliance_rate(cell.result for cell in self.cells.values())


def _units(db: Database, compound_id: str) -> list[tuple[str, str, str]]:
    """(unit id, building id, label) of a compound in building order."""
    return db.execute(
        "SELECT u.id, b.id, b.name || u.name FROM unit u JOIN building b ON b.id = u.building_id "
        "WHERE b.compound_id = ? ORDER BY b.sort_key, b.name, u.sort_key, u.name",
        [compound_id]).fetchall()


def compliance_matrix(db: Database, template_id: str, compound_id: str,
                      level: str = LEVEL_UNIT) -> ComplianceMatrix:
    """The latest result of each item for each unit (or building) of a compound."""
    template = checklists.get_template(db, template_id)
    units = _units(db, compound_id)
    by_building: dict[str, list[str]] = {}
    for unit_id, building_id, _label in units:
        by_building.setdefault(building_id, []).append(unit_id)
    all_units = [u for u, _b, _l in units]
    keys = {item.key for item in template.items}
    cells: dict[tuple[str, str], MatrixCell] = {}
    rows = db.execute(
        "SELECT r.id, r.item_key, r.result, r.remark, i.id, i.date, i.scope_kind, i.scope_id, "
        "(SELECT status FROM rectification x WHERE x.result_id = r.id) "
        f"FROM inspection_result r JOIN inspection i ON i.id = r.inspection_id {SCOPE_JOINS} "
        f"WHERE i.template_id = ? AND i.status = '已完成' AND r.result != '' "
        f"AND {SCOPE_COMPOUND_SQL} = ? ORDER BY i.date, i.completed_at, i.rowid",
        [template_id, compound_id]).fetchall()
    for seq, row in enumerate(rows):
        result_id, key, result, remark, inspection_id, date, kind, scope_id, fix = row
        if key not in keys:
            continue
        if kind == checklists.SCOPE_COMPOUND:
            covered = all_units
        elif kind == checklists.SCOPE_BUILDING:
            covered = by_building.get(scope_id, [])
        else:
            covered = [scope_id]
        cell = MatrixCell(result, inspection_id, result_id, datetime.date.fromisoformat(date),
                          remark, fix if result == RESULT_FAIL else None, seq=seq)
        for unit_id in covered:
            old = cells.get((unit_id, key))
            if result != RESULT_NA or old is None or old.result == RESULT_NA:
                cells[(unit_id, key)] = cell
    if level == LEVEL_UNIT:
        return ComplianceMatrix(level, [(u, label) for u, _b, label in units],
                                list(template.items), cells)
    buildings = db.execute(
        "SELECT id, name FROM building WHERE compound_id = ? ORDER BY sort_key, name",
        [compound_id]).fetchall()
    summary: dict[tuple[str, str], MatrixCell] = {}
    for building_id, _name in buildings:
        for item in template.items:
            unit_cells = [cells[(u, item.key)] for u in by_building.get(building_id, [])
                          if (u, item.key) in cells]
            summary[(building_id, item.key)] = _summarise(unit_cells)
    return ComplianceMatrix(level, buildings, list(template.items), summary)


def _summarise(unit_cells: list[MatrixCell]) -> MatrixCell:
    decisive = [c for c in unit_cells if c.result in (RESULT_PASS, RESULT_FAIL)]
    if not decisive:
        return unit_cells[-1] if unit_cells else EMPTY
    failing = [c for c in decisive if c.result == RESULT_FAIL]
    latest = max(failing or decisive, key=lambda c: c.seq)
    return MatrixCell(RESULT_FAIL if failing else RESULT_PASS, latest.inspection_id,
                      latest.result_id, latest.date, latest.remark, latest.fix_status,
                      failing=len(failing), counted=len(decisive), seq=latest.seq)


# ---------------------------------------------------------------- over time


@dataclass(frozen=True)
class RatePoint:
    """The pooled results of one month or week."""

    start: datetime.date
    label: str
    passed: int
    failed: int
    inspections: int

    @property
    def rate(self) -> float | None:
        total = self.passed + self.failed
        return self.passed / total if total else None


def compliance_series(db: Database, *, template_id: str | None = None,
                      compound_id: str | None = None, period: str = PERIOD_MONTH,
                      date_from: datetime.date | None = None,
                      date_to: datetime.date | None = None) -> list[RatePoint]:
    """Compliance rate per month (or ISO week) of completed inspections, oldest first.

    Results of all inspections in the period are pooled: 达标 / (达标 + 不达标).
    """
    where = ["i.status = '已完成'"]
    params: list = []
    if template_id:
        where.append("i.template_id = ?")
        params.append(template_id)
    if compound_id:
        where.append(f"{SCOPE_COMPOUND_SQL} = ?")
        params.append(compound_id)
    if date_from:
        where.append("i.date >= ?")
        params.append(date_from.isoformat())
    if date_to:
        where.append("i.date <= ?")
        params.append(date_to.isoformat())
    rows = db.execute(
        "SELECT i.date, sum(r.result = '达标'), sum(r.result = '不达标') "
        f"FROM inspection i {SCOPE_JOINS} JOIN inspection_result r ON r.inspection_id = i.id "
        f"WHERE {' AND '.join(where)} GROUP BY i.id ORDER BY i.date", params).fetchall()
    buckets: dict[datetime.date, list[int]] = {}
    for date_text, passed, failed in rows:
        day = datetime.date.fromisoformat(date_text)
        start = day.replace(day=1) if period == PERIOD_MONTH else week_start(day)
        bucket = buckets.setdefault(start, [0, 0, 0])
        bucket[0] += passed or 0
        bucket[1] += failed or 0
        bucket[2] += 1
    return [RatePoint(start, _period_label(start, period), p, f, n)
            for start, (p, f, n) in sorted(buckets.items())]


def _period_label(start: datetime.date, period: str) -> str:
    if period == PERIOD_MONTH:
        return f"{start.year}年{start.month}月"
    return f"{start.month}/{start.day}"
