"""The kinds of printed report, by the name ``python main.py report KIND`` takes.

Each writer is ``write(db, path, *, full_id, date_from, date_to, ledgers) -> Printed``;
it is imported only when its kind is printed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportKind:
    title: str
    module: str
    function: str
    dated: bool = False  # takes --from / --to

    def writer(self):
        return getattr(importlib.import_module(self.module), self.function)


REPORT_KINDS: dict[str, ReportKind] = {
    "roster": ReportKind("楼栋花名册", "reports.pdf.roster", "building_roster_pdf"),
    "party": ReportKind("党员名册", "reports.pdf.roster", "party_roster_pdf"),
    "vulnerable": ReportKind("困难群体名单", "reports.pdf.roster", "care_roster_pdf"),
    "briefing": ReportKind("工作简报", "reports.pdf.briefing", "briefing_pdf", dated=True),
}
