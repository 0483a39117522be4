"""Inspections against a checklist (the 九个有 standards, the hygiene list):
results per item with photos, rectifications (整改) tracked to closure,
the compliance matrix, and the weekly hygiene rotation.

- ``checklists``: the templates and their versions;
- ``records``: inspections, result rows, inspectors; the compliance rate;
- ``scopes``: what an inspection covers (the compound, a building, a unit);
- ``inspection``: starting, saving, completing, reopening, deleting;
- ``rectifications``: 待整改 → 整改中 → 已完成, with their history;
- ``compliance``: the matrix and the rate over time;
- ``rotation``: who supervises each unit's hygiene which week;
- ``queries``: the paged lists and their filters.

Every change goes through ``ledger.write``; every check that can fail raises
:class:`~core.errors.ValidationError`. What other packages and ``ui/`` use
is re-exported here.
"""

from __future__ import annotations

from core.inspections.inspection import (  # noqa: F401
    check_complete,
    check_date,
    check_inspectors,
    complete_inspection,
    delete_inspection,
    get_inspection,
    inspection_of_result,
    parse_names,
    reopen_inspection,
    save_inspection,
    start_inspection,
)
from core.inspections.records import (  # noqa: F401
    DEFAULT_FIX_DAYS,
    EARLIEST_DATE,
    INSPECTION_PHOTO_OWNER,
    INSPECTION_TABLES,
    MAX_INSPECTORS,
    MAX_REMARK,
    PHOTO_OWNER,
    STATUS_DONE,
    STATUS_DRAFT,
    STATUSES,
    Inspection,
    Inspector,
    ResultEntry,
    ResultRow,
    compliance_rate,
    format_rate,
    proposed_deadline,
    unanswered,
)
from core.inspections.scopes import (  # noqa: F401
    Scope,
    get_scope,
    scope_choices,
)
from core.inspections.period import PeriodInspections, StandardResult, period_inspections  # noqa: F401, E402
