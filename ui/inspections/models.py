"""Qt models of the inspections tab: the inspection and rectification lists
(paged over SQL), the compliance matrix and the rotation schedule."""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.inspections import rotation
from core.inspections.checklists import RESULT_FAIL, RESULT_PASS, SCOPE_LABELS, short_label
from core.inspections.compliance import EMPTY, LEVEL_BUILDING, ComplianceMatrix, MatrixCell
from core.inspections import format_rate
from core.inspections.rectifications import STATUS_DONE, is_overdue, state_text
from core.inspections.rotation import RotationGrid, SlotView
from ui.inspections.style import OVERDUE_COLOUR, RESULT_BACKGROUND, RESULT_FOREGROUND
from ui.sql_table_model import Column, Index, PagedTableModel, Row

#: The cell's MatrixCell / SlotView (a Python object).
CellRole = Qt.ItemDataRole.UserRole + 20
#: The id of the inspection behind a cell.
InspectionIdRole = Qt.ItemDataRole.UserRole + 21

_GREY = QColor("#888888")


def _rate(row: Row) -> str:
    if row.get("status") == "草稿":
        answered = (row.get("passed") or 0) + (row.get("failed") or 0) + (row.get("na") or 0)
        return f"草稿 {answered}/{row.get('items') or 0}"
    return format_rate(row.get("rate"))


class InspectionTableModel(PagedTableModel):
    """Inspections of the current filter, newest first."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("date", "检查日期", "date", width=10),
            Column("template", "检查表", "template", width=12),
            Column("scope", "检查范围", "scope", width=22,
                   display=lambda r: f"{r['scope']}" if r["scope_kind"] != "compound"
                   else f"{r['scope']}（全小区）"),
            Column("inspectors", "检查人", None, width=16),
            Column("status", "状态", "status", width=6),
            Column("rate", "达标率", "rate", display=_rate, align_right=True, width=9),
            Column("failed", "不达标", "failed", align_right=True, width=5),
            Column("open_fixes", "未完成整改", "open_fixes", align_right=True, width=7),
            Column("photos", "照片", None, align_right=True, width=4,
                   display=lambda r: str(r["photos"]) if r["photos"] else ""),
            Column("notes", "备注", None, width=20),
        ]
        super().__init__(columns, parent)
        self._order = "date"
        self._descending = True
        self.foreground = self._colour
        self.font = lambda row: _ITALIC if row["status"] == "草稿" else None

    @staticmethod
    def _colour(row: Row, column: Column) -> QColor | None:
        if row["status"] == "草稿":
            return _GREY
        if column.key in ("failed", "open_fixes") and row.get(column.key):
            return OVERDUE_COLOUR
        return None


_ITALIC = QFont()
_ITALIC.setItalic(True)


class RectificationTableModel(PagedTableModel):
    """Rectifications; open and overdue first. Overdue rows are red.

    Attributes:
        today: what "overdue" is measured against.
    """

    def __init__(self, parent=None) -> None:
        self.today = datetime.date.today()
        columns = [
            Column("scope", "检查范围", "scope", width=15),
            Column("item", "检查项", "item", display=lambda r: short_label(r["item"]), width=14),
            Column("remark", "问题", None, width=18),
            Column("responsible", "责任人", "responsible", width=7),
            Column("deadline", "整改期限", "deadline", width=10),
            Column("status", "状态", "status", width=6),
            Column("state", "情况", None, width=10,
                   display=lambda r: state_text(r["status"], r["deadline"], r["closed_date"], self.today)),
            Column("inspection_date", "检查日期", "inspection_date", width=10),
            Column("photos", "照片（前/后）", None, width=9,
                   display=lambda r: f"{r['before_photos']} / {r['after_photos']}"),
        ]
        super().__init__(columns, parent)
        self._order = "urgency"
        self.foreground = self._colour

    def _colour(self, row: Row, _column: Column) -> QColor | None:
        if is_overdue(row["status"], row["deadline"], self.today):
            return OVERDUE_COLOUR
        if row["status"] == STATUS_DONE:
            return _GREY
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:  # the view's "unsorted": back to urgency
            self._order, self._descending = "urgency", False
            self.reload()
            return
        super().sort(column, order)


def _wrap(label: str) -> str:
    """Break a column title in two lines: ``小区\n管理制度``, ``楼道无\n乱堆乱放``.

    Six characters split 2 + 4, which suits the standards' words (小区 管理制度,
    消防 安全设施); longer ones in halves.
    """
    if len(label) <= 5:
        return label
    cut = 2 if len(label) == 6 else len(label) // 2
    return label[:cut] + "\n" + label[cut:]


class MatrixModel(QAbstractTableModel):
    """Units (or buildings) × items, the latest result of each; the last
    column is the row's compliance rate."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix = ComplianceMatrix("unit", [], [])

    def set_matrix(self, matrix: ComplianceMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.matrix.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.matrix.items else len(self.matrix.items) + 1

    def is_rate_column(self, column: int) -> bool:
        return column == len(self.matrix.items)

    def cell(self, index: Index) -> MatrixCell:
        if not index.isValid() or self.is_rate_column(index.column()):
            return EMPTY
        return self.matrix.cell(index.row(), index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.matrix.rows):
            return None
        if self.is_rate_column(index.column()):
            if role == Qt.ItemDataRole.DisplayRole:
                return format_rate(self.matrix.row_rate(index.row()))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        cell = self.cell(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(cell)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(RESULT_BACKGROUND[cell.result])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(RESULT_FOREGROUND[cell.result])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index, cell)
        if role == CellRole:
            return cell
        if role == InspectionIdRole:
            return cell.inspection_id
        return None

    def cell_text(self, cell: MatrixCell) -> str:
        if not cell.result:
            return "—"
        if self.matrix.level == LEVEL_BUILDING and cell.counted:
            if cell.result == RESULT_FAIL:
                return f"{cell.failing}/{cell.counted} 不达标"
            return RESULT_PASS
        return cell.result

    @staticmethod
    def fix_text(cell: MatrixCell) -> str:
        """The second line under a red cell: where its rectification stands."""
        if cell.result != RESULT_FAIL or not cell.fix_status:
            return ""
        return "已整改待复查" if cell.fix_status == STATUS_DONE else cell.fix_status

    def _tooltip(self, index: Index, cell: MatrixCell) -> str:
        row_label = self.matrix.rows[index.row()][1]
        item = self.matrix.items[index.column()].text
        if not cell.result:
            return f"{row_label} · {item}\n尚无检查结果"
        lines = [f"{row_label} · {item}", f"{cell.result}（{cell.date.isoformat()} 检查）"]
        if self.matrix.level == LEVEL_BUILDING and cell.counted:
            lines.append(f"{cell.counted} 个单元有结果，其中 {cell.failing} 个不达标")
        if cell.remark:
            lines.append(f"备注：{cell.remark}")
        if self.fix_text(cell):
            lines.append(f"整改：{self.fix_text(cell)}")
        lines.append("双击打开这次检查")
        return "\n".join(lines)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < self.columnCount():
                return None
            if self.is_rate_column(section):
                return "达标率" if role == Qt.ItemDataRole.DisplayRole else None
            item = self.matrix.items[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return _wrap(short_label(item.text))
            if role == Qt.ItemDataRole.ToolTipRole:
                rate = format_rate(self.matrix.column_rate(section))
                return f"{item.position}. {item.text}\n达标率 {rate}"
            return None
        if not 0 <= section < len(self.matrix.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.matrix.rows[section][1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


#: Backgrounds of rotation cells by state.
STATE_BACKGROUND: dict[str, QColor] = {
    rotation.STATE_DONE: QColor("#cdebd6"),
    rotation.STATE_DRAFT: QColor("#fff1c2"),
    rotation.STATE_MISSED: QColor("#f6c6c0"),
    rotation.STATE_DUE: QColor("#d6e6f7"),
    rotation.STATE_PLANNED: QColor("#ffffff"),
}


class RotationModel(QAbstractTableModel):
    """Units × weeks of the hygiene rotation: who supervises, and whether the
    check was done (green), missed (red), is due this week (blue) or drafted."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.grid = RotationGrid([], [], {})

    def set_grid(self, grid: RotationGrid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.weeks)

    def unit_id(self, row: int) -> str:
        return self.grid.units[row][0]

    def week(self, column: int) -> datetime.date:
        return self.grid.weeks[column]

    def slot(self, index: Index) -> SlotView | None:
        if not index.isValid():
            return None
        return self.grid.cells.get((self.unit_id(index.row()), self.week(index.column())))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.grid.units):
            return None
        slot = self.slot(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return slot.supervisor if slot else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(STATE_BACKGROUND[slot.state]) if slot else None
        if role == Qt.ItemDataRole.FontRole and slot and slot.edited:
            return _ITALIC
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            unit = self.grid.units[index.row()][1]
            week = rotation.week_label(self.week(index.column()))
            if slot is None:
                return f"{unit} {week}：未安排。双击安排督导人"
            edited = "（手动调整）" if slot.edited else ""
            return f"{unit} {week}\n督导：{slot.supervisor}{edited}\n状态：{slot.state}"
        if role == CellRole:
            return slot
        if role == InspectionIdRole:
            return slot.inspection_id if slot else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.grid.weeks):
                monday = self.grid.weeks[section]
                return f"第{monday.isocalendar()[1]}周\n{monday.month}/{monday.day}"
            return None
        if 0 <= section < len(self.grid.units):
            return self.grid.units[section][1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def scope_text(kind: str, label: str) -> str:
    return label if kind != "compound" else f"{label}（{SCOPE_LABELS[kind]}）"
