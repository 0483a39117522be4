"""Qt models of the campaign tab: the campaign list, the entry log, the
totals with goal progress, work by unit and by place, the volunteer roster,
and the metric list of the metrics dialog."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from core.campaigns import stats
from core.campaigns.metrics import HOURS, Metric, format_amount, format_quantity, quantities_text
from ui.sql_table_model import Column, PagedTableModel, Row, StaticTableModel

Index = QModelIndex | QPersistentModelIndex

#: Role of the totals' progress column: the bar's value (0–100) or None.
ProgressRole = Qt.ItemDataRole.UserRole + 20
#: Role of the totals' progress column: True once the goal is met.
MetRole = Qt.ItemDataRole.UserRole + 21

_GREY = QColor("#888888")


def _hours(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value, HOURS.precision)


def _date(value: str | None) -> str:
    return value or ""


def _span(row: Row) -> str:
    """``2026.9.27–11.5`` (the year once when both dates share it)."""
    start = datetime.date.fromisoformat(row["start_date"])
    end = datetime.date.fromisoformat(row["end_date"])
    tail = f"{end.month}.{end.day}" if end.year == start.year else f"{end.year}.{end.month}.{end.day}"
    return f"{start.year}.{start.month}.{start.day}–{tail}"


def _sort_key(value: Any) -> tuple:
    if value is None:
        return (1, 0, "")
    if isinstance(value, (int, float, Decimal)):
        return (0, 0, value)
    return (0, 1, str(value))


class RowsModel(StaticTableModel):
    """A table of rows in memory that sorts numbers as numbers."""

    def _page(self, offset: int, limit: int, order: str, descending: bool) -> list[Row]:
        rows = self._all
        if order:
            rows = sorted(rows, key=lambda r: _sort_key(r.get(order)), reverse=descending)
        return rows[offset: offset + limit]


class CampaignListModel(RowsModel):
    """The campaigns, latest first."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("name", "行动", "name", width=16),
            Column("start_date", "起止日期", "start_date", display=_span, width=14),
        ]
        super().__init__(columns, parent=parent)


class EntryLogModel(PagedTableModel):
    """A campaign's entries in the range, a day's work on one line."""

    def __init__(self, metrics: list[Metric], parent=None) -> None:
        self.metrics = metrics
        columns = [
            Column("date", "日期", "date", width=10),
            Column("place", "地点", "place", width=12),
            Column("quantities", "完成量", None, display=self._quantities, width=40),
            Column("head_count", "人数", "head_count", align_right=True, width=4),
            Column("hours", "志愿者 · 时长", "hours", display=self._volunteers, width=12),
            Column("partners", "参与单位", None, width=20),
            Column("photos", "照片", "photos", display=lambda r: str(r["photos"] or ""), align_right=True, width=4),
            Column("notes", "备注", None, width=20),
        ]
        super().__init__(columns, parent)

    @staticmethod
    def _volunteers(row: Row) -> str:
        if not row["named"]:
            return ""
        return f"{row['named']} 人 · {_hours(row['hours'])} 小时"

    def _quantities(self, row: Row) -> str:
        return quantities_text(row["quantities"], self.metrics)


class TotalsModel(RowsModel):
    """Totals per metric with the goal and the progress towards it.

    The 完成进度 column gives the capped bar value in :data:`ProgressRole`
    and the true percentage as its text.
    """

    PROGRESS_COLUMN = 4

    def __init__(self, parent=None) -> None:
        columns = [
            Column("name", "指标", None, width=12),
            Column("goal", "目标", None, display=lambda r: r["item"].goal_text, align_right=True, width=12),
            Column("total", "合计", None, display=lambda r: r["item"].total_text, align_right=True, width=12),
            Column("remaining", "尚差", None, display=self._remaining, align_right=True, width=12),
            Column("percent", "完成进度", None, display=lambda r: r["item"].percent_text, width=22),
        ]
        super().__init__(columns, parent=parent)
        self.foreground = lambda row, _c: _GREY if not row["total"] and row["goal"] is None else None

    @staticmethod
    def _remaining(row: Row) -> str:
        item: stats.MetricTotal = row["item"]
        if item.goal is None:
            return ""
        return "已完成" if item.met else format_quantity(item.remaining, item.metric)

    def set_totals(self, totals: list[stats.MetricTotal]) -> None:
        self.set_rows([{"id": t.metric.key, "name": t.metric.name, "total": t.total, "goal": t.goal,
                        "percent": t.percent, "remaining": t.remaining, "item": t} for t in totals])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (ProgressRole, MetRole):
            if not index.isValid() or index.row() >= self.rowCount() or index.column() != self.PROGRESS_COLUMN:
                return None
            item: stats.MetricTotal = self.row(index.row())["item"]
            if item.goal is None:
                return None
            return item.bar if role == ProgressRole else item.met
        return super().data(index, role)


def _quantity_column(metrics: Callable[[], list[Metric]]) -> Column:
    return Column("quantities", "完成量", None,
                  display=lambda r: quantities_text(r["quantities"], metrics()), width=40)


class PartnerModel(RowsModel):
    """What each partner unit took part in."""

    def __init__(self, parent=None) -> None:
        self.metrics: list[Metric] = []
        columns = [
            Column("name", "单位", "name", width=16),
            Column("kind", "类别", "kind", width=8),
            Column("days", "参与天数", "days", align_right=True, width=6),
            Column("entries", "参与次数", "entries", align_right=True, width=6),
            Column("volunteers", "登记志愿者", "volunteers", align_right=True, width=7),
            Column("person_days", "人次", "person_days", align_right=True, width=5),
            Column("hours", "时长（小时）", "hours", display=lambda r: _hours(r["hours"]), align_right=True, width=8),
            _quantity_column(lambda: self.metrics),
        ]
        super().__init__(columns, parent=parent)

    def set_data(self, rows: list[stats.PartnerRow], metrics: list[Metric]) -> None:
        self.metrics = metrics
        self.set_rows([{"id": r.partner_unit_id, "name": r.name, "kind": r.kind, "days": r.days,
                        "entries": r.entries, "volunteers": r.volunteers, "person_days": r.person_days,
                        "hours": r.hours, "quantities": r.quantities} for r in rows])


class PlaceModel(RowsModel):
    """The work done at each place."""

    def __init__(self, parent=None) -> None:
        self.metrics: list[Metric] = []
        columns = [
            Column("place", "地点", "order", width=14),
            Column("entries", "次数", "entries", align_right=True, width=4),
            Column("days", "天数", "days", align_right=True, width=4),
            Column("head_count", "人次", "head_count", align_right=True, width=5),
            _quantity_column(lambda: self.metrics),
        ]
        super().__init__(columns, parent=parent)

    def set_data(self, rows: list[stats.PlaceRow], metrics: list[Metric]) -> None:
        self.metrics = metrics
        self.set_rows([{"id": r.place, "order": n, "place": r.place, "entries": r.entries, "days": r.days,
                        "head_count": r.head_count, "quantities": r.quantities} for n, r in enumerate(rows)])


class VolunteerModel(RowsModel):
    """The volunteer roster: hours and days per person."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("name", "姓名", "name", width=8),
            # The hours first: the roster is read for them, and they stay in sight at 特大.
            Column("hours", "时长（小时）", "hours", display=lambda r: _hours(r["hours"]), align_right=True, width=8),
            Column("days", "天数", "days", align_right=True, width=4),
            Column("entries", "次数", "entries", align_right=True, width=4),
            Column("units", "所在单位", "units", width=14),
            Column("address", "住址（居民）", "address", width=12),
        ]
        super().__init__(columns, parent=parent)

    def set_roster(self, rows: list[stats.VolunteerRow]) -> None:
        self.set_rows([{"id": f"{n}", "name": r.name, "address": r.address, "units": r.units or stats.NO_UNIT,
                        "days": r.days, "entries": r.entries, "hours": r.hours} for n, r in enumerate(rows)])


class UnitHoursModel(RowsModel):
    """Named volunteers, person-days, days and hours per unit."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("name", "单位", "name", width=16),
            Column("hours", "时长（小时）", "hours", display=lambda r: _hours(r["hours"]), align_right=True, width=8),
            Column("volunteers", "志愿者", "volunteers", align_right=True, width=5),
            Column("person_days", "人次", "person_days", align_right=True, width=5),
            Column("days", "天数", "days", align_right=True, width=4),
        ]
        super().__init__(columns, parent=parent)

    def set_units(self, rows: list[stats.UnitHoursRow]) -> None:
        self.set_rows([{"id": r.partner_unit_id or "", "name": r.name, "volunteers": r.volunteers,
                        "person_days": r.person_days, "days": r.days, "hours": r.hours} for r in rows])


class MetricListModel(RowsModel):
    """The metric list, built-in and the office's own."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("name", "指标", None, width=12),
            Column("unit", "单位", None, width=6),
            Column("precision", "小数位数", None, align_right=True, width=6),
            Column("kind", "类型", None, width=6),
        ]
        super().__init__(columns, parent=parent)
        self.foreground = lambda row, _c: _GREY if row["kind"] == "内置" else None

    def set_metrics(self, metrics: list[Metric]) -> None:
        self.set_rows([{"id": m.key, "name": m.name, "unit": m.display_unit, "precision": m.precision,
                        "kind": "内置" if m.builtin else "自定义", "metric": m} for m in metrics])


def day_label(day: datetime.date) -> str:
    """``9月27日``."""
    return f"{day.month}月{day.day}日"
