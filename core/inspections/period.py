"""Inspections over a period, for the 工作简报: how many, each of the nine
standards' results, and the rectifications opened, closed and still open."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sqlite_utils import Database

from core.inspections.checklists import CODE_NINE, NINE_STANDARDS, short_label


@dataclass(frozen=True)
class StandardResult:
    """One standard's results in the period (every inspection's, pooled)."""

    text: str
    passed: int
    failed: int

    @property
    def label(self) -> str:
        return short_label(self.text)


@dataclass(frozen=True)
class PeriodInspections:
    """Attributes:
        inspections: completed inspections dated in the period (any checklist).
        nine: completed 九个有 inspections in the period.
        standards: the nine standards' results, in their order.
        opened / closed: rectifications raised by inspections of the period / closed in it.
        open_now / overdue_now: rectifications not yet closed, and those past their deadline, on ``date_to``.
    """

    inspections: int
    nine: int
    opened: int
    closed: int
    open_now: int
    overdue_now: int
    standards: list[StandardResult] = field(default_factory=list)


def period_inspections(db: Database, community_id: str, date_from: datetime.date,
                       date_to: datetime.date) -> PeriodInspections:
    span = [date_from.isoformat(), date_to.isoformat()]
    inspections, nine = db.execute(
        "SELECT count(*), total(t.code = ?) FROM inspection i JOIN checklist_template t ON t.id = i.template_id "
        "WHERE i.community_id = ? AND i.status = '已完成' AND i.date BETWEEN ? AND ?",
        [CODE_NINE, community_id, *span]).fetchone()
    results = {text: (int(p), int(f)) for text, p, f in db.execute(
        "SELECT r.text, total(r.result = '达标'), total(r.result = '不达标') FROM inspection_result r "
        "JOIN inspection i ON i.id = r.inspection_id JOIN checklist_template t ON t.id = i.template_id "
        "WHERE i.community_id = ? AND i.status = '已完成' AND t.code = ? AND i.date BETWEEN ? AND ? "
        "GROUP BY r.text", [community_id, CODE_NINE, *span])}
    standards = [StandardResult(text, *results.pop(text, (0, 0))) for text in NINE_STANDARDS]
    standards += [StandardResult(text, p, f) for text, (p, f) in sorted(results.items())]
    opened, closed = db.execute(
        "SELECT total(i.date BETWEEN ? AND ?), total(x.closed_date BETWEEN ? AND ?) FROM rectification x "
        "JOIN inspection i ON i.id = x.inspection_id WHERE x.community_id = ?",
        [*span, *span, community_id]).fetchone()
    open_now, overdue_now = db.execute(
        "SELECT total(x.closed_date IS NULL OR x.closed_date > :to), "
        "total((x.closed_date IS NULL OR x.closed_date > :to) AND x.deadline < :to) FROM rectification x "
        "JOIN inspection i ON i.id = x.inspection_id WHERE x.community_id = :c AND i.date <= :to",
        {"to": span[1], "c": community_id}).fetchone()
    return PeriodInspections(int(inspections), int(nine), int(opened), int(closed), int(open_now),
                             int(overdue_now), standards)
