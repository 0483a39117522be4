"""Importing the registers community offices keep in Excel.

Three steps, each usable alone (the wizard shows the plan between them):

    book = read_workbook(path)                  # cells, merged cells, headers
    plan = build_plan(ledger.db, book, compound="红星机械厂生活区")
    apply_plan(ledger, plan, progress)          # one transaction

``summary_lines(plan)`` says what will happen; ``reports.error_workbook``
writes the rejected rows with their reasons.
"""

from __future__ import annotations

from core.importing.apply import StalePlanError, apply_plan
from core.importing.plan import (
    CONFLICT_CHOICES,
    MERGE,
    REPLACE,
    SKIP,
    HouseholdConflict,
    ImportPlan,
    ImportSetupError,
    RowProblem,
    build_plan,
    compound_names,
    file_compound,
)
from core.importing.reader import SheetData, WorkbookData, WorkbookError, read_workbook
from core.importing.summary import problem_line, summary_lines

__all__ = [
    "CONFLICT_CHOICES", "MERGE", "REPLACE", "SKIP", "HouseholdConflict", "file_compound",
    "ImportPlan", "ImportSetupError", "RowProblem", "SheetData", "StalePlanError", "WorkbookData",
    "WorkbookError", "apply_plan", "build_plan", "compound_names", "problem_line", "read_workbook",
    "summary_lines",
]
