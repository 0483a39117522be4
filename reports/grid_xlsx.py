"""The grid responsibility table (网格责任表) as an Excel workbook.

Sheet 网格责任表: one line per grid node in tree order (level, grid, parent,
person, phone, units covered, counts, duties); sheet 党组织: the branches
and groups with their secretaries, leaders and members. Phones are masked
unless ``full_phone`` is given (a deliberate act of the caller). The file
is written to a temporary name first, so a failure never leaves half a
workbook behind.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlite_utils import Database

from reports.xlsx import save_workbook
from core.ledger import current_community
from core.rosters import Privacy, grid_heads, party_organisation

#: (header, width in characters) of the grid sheet, in order.
GRID_COLUMNS: tuple[tuple[str, int], ...] = (
    ("级别", 10), ("网格", 18), ("上级网格", 18), ("职务", 12), ("负责人", 10), ("身份", 8),
    ("联系电话", 15), ("状态", 8), ("负责单元", 22), ("户数", 7), ("在住人数", 9), ("党员数", 8),
    ("任职起始", 12), ("职责", 60),
)
PARTY_COLUMNS: tuple[tuple[str, int], ...] = (
    ("类别", 12), ("支部 / 党小组", 22), ("职务", 12), ("姓名", 10), ("联系电话", 15), ("住址", 16),
    ("状态", 10),
)

_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def export_grid(db: Database, path: str | Path, *, full_phone: bool = False,
                on_date: datetime.date | None = None) -> int:
    """Write the grid responsibility table to ``path``; returns the number of grid lines.

    ``on_date`` names the people who held each node that day (nodes and
    units are as they are now). Raises LedgerError if the file cannot be written.
    """
    privacy = Privacy.of(full_phone)
    community_id = current_community(db)
    roster = grid_heads(db, community_id, privacy, on_date)
    book = Workbook()
    sheet = book.active
    sheet.title = "网格责任表"
    rows = []
    for line in roster:
        counts = line.counts
        rows.append([
            line.level_title, line.grid, line.parent, line.role, line.person, line.person_kind,
            line.phone, line.status, line.units, counts.households, counts.residents,
            counts.party_members, line.since.isoformat() if line.since else "", line.duties,
        ])
    day = (on_date or datetime.date.today()).isoformat()
    _fill(sheet, GRID_COLUMNS, rows, f"四级网格责任表（{day}）")
    party = book.create_sheet("党组织")
    _fill(party, PARTY_COLUMNS, list(_party_rows(party_organisation(db, community_id, privacy))),
          f"小区党组织（{day}）")
    save_workbook(book, path)
    return len(rows)


def _party_rows(contacts):
    """Secretaries and leaders (status: 空缺 / 迁出 …), then members (在小区 / 长期在外)."""
    for contact in contacts:
        if contact.level == "党员":
            kind, _sep, presence = contact.role.partition(" · ")
            yield [kind, contact.grid, "", contact.name, contact.phone, contact.where,
                   presence or "在小区"]
        else:
            yield [contact.level, contact.grid, contact.role, contact.name, contact.phone,
                   contact.where, contact.status]


def _fill(sheet: Worksheet, columns: tuple[tuple[str, int], ...], rows: list[list], title: str) -> None:
    sheet.append([header for header, _width in columns])
    for row in rows:
        sheet.append(row)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.border = _BORDER
            cell.alignment = wrap
    for number, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = title
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
