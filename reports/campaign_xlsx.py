"""A campaign to Excel: the entry log, the totals against the goals, the
volunteers' hours and the partner units.

Quantities are written as numbers (exact decimals, never floats that came
out of a sum) with each metric's number format, so Excel shows ``80.5`` and
sums them itself. The workbook is written to a temporary file beside the
target and moved into place, so a failed export never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlite_utils import Database

from reports.xlsx import save_workbook
from core.campaigns import stats
from core.campaigns.metrics import HOURS, Metric, excel_format, format_amount, from_stored, metrics
from core.campaigns import get_campaign, partner_units
from core.campaigns.log import campaign_log
from core.progress import Progress, no_progress
from core.errors import LedgerError

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_TITLE = Font(bold=True, size=14)
_HOURS_FORMAT = excel_format(HOURS.precision)
_PERCENT_FORMAT = "0.0%"


def export_campaign(db: Database, campaign_id: str, path: str | Path,
                    progress: Progress = no_progress) -> int:
    """Write the campaign to ``path`` (.xlsx); returns the number of entries written.

    Raises LedgerError with a Chinese message if the file cannot be written.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise LedgerError(f"请保存为 .xlsx 文件（现在是“{path.name}”）。")
    campaign = get_campaign(db, campaign_id)
    all_metrics = metrics(db, campaign.community_id)
    workbook = Workbook()
    log = workbook.active
    log.title = "日志"
    count = _write_log(db, log, campaign_id, all_metrics, progress)
    _write_totals(db, workbook.create_sheet("合计"), campaign_id)
    _write_volunteers(db, workbook.create_sheet("志愿者"), campaign_id)
    _write_partners(db, workbook.create_sheet("参与单位"), campaign_id, all_metrics)
    save_workbook(workbook, path)
    return count


# ---------------------------------------------------------------- sheets


def _header(sheet: Worksheet, row: int, titles: Sequence[str], widths: Sequence[float]) -> None:
    for column, (title, width) in enumerate(zip(titles, widths), start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width


def _number(sheet: Worksheet, row: int, column: int, value: Decimal | int | None, number_format: str) -> None:
    if value is None:
        return
    cell = sheet.cell(row=row, column=column, value=value)
    cell.number_format = number_format


def _write_log(db: Database, sheet: Worksheet, campaign_id: str, all_metrics: list[Metric],
               progress: Progress) -> int:
    titles = ["日期", "地点", "参与单位", "参加人数", "登记志愿者", "志愿时长（小时）",
              *[m.label for m in all_metrics], "备注"]
    widths = [12, 16, 28, 9, 40, 10, *[11 for _ in all_metrics], 24]
    _header(sheet, 1, titles, widths)
    sheet.freeze_panes = "C2"
    entries = campaign_log(db, campaign_id)
    first_metric = 7
    for number, line in enumerate(entries, start=2):
        if number % 200 == 0:
            progress(number, len(entries))
        people = line.volunteers
        sheet.cell(row=number, column=1, value=line.date).number_format = "yyyy-mm-dd"
        sheet.cell(row=number, column=2, value=line.place)
        sheet.cell(row=number, column=3, value="、".join(line.partners))
        _number(sheet, number, 4, line.head_count, "0")
        sheet.cell(row=number, column=5, value="、".join(
            f"{name}（{_hours_text(hours)}）" for name, hours in people))
        _number(sheet, number, 6, from_stored(sum(h for _n, h in people)) if people else None, _HOURS_FORMAT)
        amounts = line.quantities
        for offset, metric in enumerate(all_metrics):
            if metric.key in amounts:
                _number(sheet, number, first_metric + offset,
                        from_stored(amounts[metric.key]).quantize(metric.step), excel_format(metric.precision))
        sheet.cell(row=number, column=first_metric + len(all_metrics), value=line.notes or None)
    return len(entries)


def _write_totals(db: Database, sheet: Worksheet, campaign_id: str) -> None:
    campaign = get_campaign(db, campaign_id)
    summary = stats.summary(db, campaign_id)
    units = {u.id: u.name for u in partner_units(db, campaign.community_id)}
    sheet["A1"] = campaign.name
    sheet["A1"].font = _TITLE
    facts = (
        ("起止日期", f"{campaign.start_date.isoformat()} 至 {campaign.end_date.isoformat()}"),
        ("组织单位", campaign.organiser),
        ("包保单位", "、".join(units[u] for u in campaign.partner_unit_ids if u in units)),
        ("概况", summary.text()),
    )
    for row, (label, value) in enumerate(facts, start=2):
        sheet.cell(row=row, column=1, value=label).font = _BOLD
        sheet.cell(row=row, column=2, value=value)
    top = len(facts) + 3
    _header(sheet, top, ["指标", "单位", "合计", "目标", "完成率", "尚差"], [16, 10, 14, 14, 10, 14])
    for row, total in enumerate(stats.totals(db, campaign_id), start=top + 1):
        fmt = excel_format(total.metric.precision)
        sheet.cell(row=row, column=1, value=total.metric.name)
        sheet.cell(row=row, column=2, value=total.metric.display_unit)
        _number(sheet, row, 3, total.total.quantize(total.metric.step), fmt)
        if total.goal is not None:
            _number(sheet, row, 4, total.goal.quantize(total.metric.step), fmt)
            _number(sheet, row, 5, (total.percent / 100).quantize(Decimal("0.0001")), _PERCENT_FORMAT)
            _number(sheet, row, 6, total.remaining.quantize(total.metric.step), fmt)


def _write_volunteers(db: Database, sheet: Worksheet, campaign_id: str) -> None:
    _header(sheet, 1, ["姓名", "住址（居民）", "所在单位", "参加天数", "参加次数", "志愿时长（小时）"],
            [10, 16, 24, 10, 10, 14])
    sheet.freeze_panes = "A2"
    roster = stats.volunteer_roster(db, campaign_id)
    for row, person in enumerate(roster, start=2):
        sheet.cell(row=row, column=1, value=person.name)
        sheet.cell(row=row, column=2, value=person.address or None)
        sheet.cell(row=row, column=3, value=person.units or stats.NO_UNIT)
        _number(sheet, row, 4, person.days, "0")
        _number(sheet, row, 5, person.entries, "0")
        _number(sheet, row, 6, person.hours.quantize(HOURS.step), _HOURS_FORMAT)
    total_row = len(roster) + 2
    sheet.cell(row=total_row, column=1, value="合计").font = _BOLD
    sheet.cell(row=total_row, column=3, value=f"{len(roster)} 人")
    _number(sheet, total_row, 6, sum((p.hours for p in roster), Decimal(0)).quantize(HOURS.step), _HOURS_FORMAT)
    sheet.cell(row=total_row, column=6).font = _BOLD


def _write_partners(db: Database, sheet: Worksheet, campaign_id: str, all_metrics: list[Metric]) -> None:
    titles = ["单位", "类别", "参与天数", "参与次数", "登记志愿者（人）", "志愿者人次", "志愿时长（小时）",
              *[f"参与完成：{m.label}" for m in all_metrics]]
    _header(sheet, 1, titles, [22, 10, 9, 9, 10, 10, 12, *[13 for _ in all_metrics]])
    sheet.freeze_panes = "B2"
    rows = stats.by_partner(db, campaign_id)
    for row, unit in enumerate(rows, start=2):
        sheet.cell(row=row, column=1, value=unit.name)
        sheet.cell(row=row, column=2, value=unit.kind or None)
        for column, value in enumerate((unit.days, unit.entries, unit.volunteers, unit.person_days), start=3):
            _number(sheet, row, column, value, "0")
        _number(sheet, row, 7, unit.hours.quantize(HOURS.step), _HOURS_FORMAT)
        for offset, metric in enumerate(all_metrics):
            amount = unit.quantities.get(metric.key)
            if amount:
                _number(sheet, row, 8 + offset, amount.quantize(metric.step), excel_format(metric.precision))
    sheet.cell(row=len(rows) + 3, column=1,
               value="说明：多个单位共同完成的工作计入每个参与单位，各单位之和可能大于合计。")


# ---------------------------------------------------------------- helpers


def _hours_text(hours: int) -> str:
    return format_amount(from_stored(hours), HOURS.precision) + " 小时"
