"""Inspections to Excel: one sheet of inspections, one of every item's
result, one of rectifications, for the sub-district office (街道).

    export_inspections(db, "检查台账.xlsx", date_from=date(2025, 9, 1))

Inspections are chosen by their date; the rectifications sheet holds those
of the chosen inspections. Names only, no ID or phone numbers, so nothing
needs masking. The file is written to a temporary name and moved into place,
so a failed export never leaves half a workbook.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlite_utils import Database

from reports.xlsx import save_workbook
from core.inspections import PHOTO_OWNER, format_rate
from core.photos import count_photos
from core.inspections.rectifications import AFTER_SLOT, state_text
from core.inspections.rectifications import PHOTO_OWNER as FIX_OWNER
from core.inspections import queries as iq
from core.errors import ValidationError
from core.ledger import current_community

_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_RED = Font(color="C0392B")
_PAGE = 1000


def _all(fetch, count: int) -> list[dict]:
    rows: list[dict] = []
    while len(rows) < count:
        page = fetch(len(rows), _PAGE)
        if not page:
            break
        rows.extend(page)
    return rows


def _sheet(wb: Workbook, title: str, headers: list[tuple[str, int]], first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append([h for h, _w in headers])
    for column, (_h, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"
    return ws


def export_inspections(db: Database, path: str | Path, *, date_from: datetime.date | None = None,
                       date_to: datetime.date | None = None,
                       today: datetime.date | None = None) -> int:
    """Write the workbook; returns how many inspections it holds."""
    today = today or datetime.date.today()
    if date_from and date_to and date_from > date_to:
        raise ValidationError("开始日期晚于结束日期，请调换后再导出", "date_from")
    path = Path(path)
    f = iq.InspectionFilter(date_from=date_from, date_to=date_to, community_id=current_community(db))
    inspections = _all(
        lambda offset, limit: iq.inspection_page(db, f, offset, limit, "date", descending=False),
        iq.inspection_count(db, f))
    wb = Workbook()
    ws = _sheet(wb, "检查记录", [("检查日期", 12), ("检查表", 14), ("检查范围", 18), ("检查人", 22),
                             ("状态", 8), ("达标", 6), ("不达标", 7), ("不适用", 7), ("达标率", 8),
                             ("未完成整改", 10), ("备注", 30)], first=True)
    for row in inspections:
        ws.append([row["date"], row["template"], row["scope"], row["inspectors"] or "",
                   row["status"], row["passed"], row["failed"], row["na"],
                   format_rate(row["rate"]), row["open_fixes"], row["notes"]])

    ids = [row["id"] for row in inspections]
    results = iq.result_lines(db, ids)
    photo_counts = count_photos(db, PHOTO_OWNER, [r[0] for r in results])
    ws = _sheet(wb, "检查结果", [("检查日期", 12), ("检查表", 14), ("检查范围", 18), ("序号", 6),
                             ("检查项", 26), ("结果", 8), ("备注", 30), ("照片", 6)])
    for result_id, date, template, scope, position, text, result, remark in results:
        ws.append([date, template, scope, position, text, result or "未填", remark,
                   photo_counts.get(result_id, 0)])
        if result == "不达标":
            ws.cell(row=ws.max_row, column=6).font = _RED

    fixes = _rectifications(db, ids)
    before = count_photos(db, PHOTO_OWNER, [r["result_id"] for r in fixes])
    after = count_photos(db, FIX_OWNER, [r["id"] for r in fixes], slot=AFTER_SLOT)
    ws = _sheet(wb, "整改", [("检查范围", 16), ("检查项", 24), ("问题", 24), ("检查日期", 12),
                           ("责任人", 10), ("整改期限", 12), ("状态", 8), ("情况", 10),
                           ("开始日期", 12), ("完成日期", 12), ("整改说明", 30),
                           ("整改前照片", 10), ("整改后照片", 10)])
    for row in fixes:
        ws.append([row["scope"], row["item"], row["remark"], row["inspection_date"],
                   row["responsible"], row["deadline"], row["status"],
                   state_text(row["status"], row["deadline"], row["closed_date"], today),
                   row["started_date"] or "", row["closed_date"] or "", row["close_note"],
                   before.get(row["result_id"], 0), after.get(row["id"], 0)])
        if row["status"] != "已完成" and row["deadline"] < today.isoformat():
            for column in (6, 8):
                ws.cell(row=ws.max_row, column=column).font = _RED

    save_workbook(wb, path)
    return len(inspections)


def _rectifications(db: Database, ids: list[str]) -> list[dict]:
    wanted = set(ids)
    f = iq.RectificationFilter(today=datetime.date.today(), status=iq.FIX_ALL, community_id=current_community(db))
    rows = _all(lambda offset, limit: iq.rectification_page(db, f, offset, limit, "inspection_date"),
                iq.rectification_count(db, f))
    return [row for row in rows if row["inspection_id"] in wanted]
