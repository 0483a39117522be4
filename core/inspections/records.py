"""Inspections, their result rows and inspectors as records; the compliance
rate, which is derived from the results and never typed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from core.inspections.checklists import RESULT_FAIL, RESULT_PASS, RESULTS
from core.people import Person

STATUS_DRAFT = "草稿"


STATUS_DONE = "已完成"


STATUSES: tuple[str, ...] = (STATUS_DRAFT, STATUS_DONE)


#: Days a rectification is given when the form proposes a deadline.
DEFAULT_FIX_DAYS = 14


EARLIEST_DATE = datetime.date(2000, 1, 1)


MAX_REMARK = 300


MAX_INSPECTORS = 20


#: Owner kind of a result row's photos in the photo module.
PHOTO_OWNER = "inspection_item"


#: Owner kind of photos of an inspection as a whole (overview, sign-in).
INSPECTION_PHOTO_OWNER = "inspection"


#: Tables an inspection's operations write, for change notifications.
INSPECTION_TABLES = frozenset({"inspection", "inspection_inspector", "inspection_result",
                               "rectification", "rectification_event"})


#: Someone who inspected: a resident of the registry, a staff member, or a name only.
Inspector = Person


@dataclass(frozen=True)
class ResultRow:
    """One item of an inspection as stored: the item's text is the inspection's own copy."""

    id: str
    item_key: str
    position: int
    text: str
    result: str = ""
    remark: str = ""
    fix_responsible: str = ""
    fix_resident_id: str | None = None
    fix_deadline: datetime.date | None = None


@dataclass(frozen=True)
class ResultEntry:
    """What the form hands over for one item (by its result row id)."""

    result: str = ""
    remark: str = ""
    fix_responsible: str = ""
    fix_resident_id: str | None = None
    fix_deadline: datetime.date | None = None


@dataclass(frozen=True)
class Inspection:
    """An inspection with its inspectors and results.

    Attributes:
        scope_label: ``红星机械厂生活区``, ``3栋`` or ``3栋2单元``.
        template_name: the template's name when the inspection was made.
        rotation_slot_id: the hygiene rotation slot this check fulfils.
    """

    id: str
    community_id: str
    template_id: str
    version_id: str
    template_name: str
    date: datetime.date
    scope_kind: str
    scope_id: str
    scope_label: str
    status: str
    notes: str
    rotation_slot_id: str | None
    completed_at: str | None
    inspectors: tuple[Inspector, ...]
    results: tuple[ResultRow, ...]

    @property
    def completed(self) -> bool:
        return self.status == STATUS_DONE

    @property
    def compliance(self) -> float | None:
        return compliance_rate(r.result for r in self.results)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(RESULTS, 0)
        for row in self.results:
            if row.result in counts:
                counts[row.result] += 1
        return counts


def compliance_rate(results: Iterable[str]) -> float | None:
    """达标 / (达标 + 不达标); None when nothing was 达标 or 不达标."""
    passed = failed = 0
    for result in results:
        if result == RESULT_PASS:
            passed += 1
        elif result == RESULT_FAIL:
            failed += 1
    return passed / (passed + failed) if passed + failed else None


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def unanswered(inspection: Inspection) -> list[ResultRow]:
    return [row for row in inspection.results if not row.result]


def proposed_deadline(date: datetime.date) -> datetime.date:
    """The deadline the form proposes for a new 不达标 item."""
    return date + datetime.timedelta(days=DEFAULT_FIX_DAYS)
