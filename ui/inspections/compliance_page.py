"""达标情况: the compliance matrix (units or buildings × items, the latest
result of each, coloured; click a cell to open the inspection behind it) and
the compliance rate over time."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import registry
from core.inspections import checklists
from core.inspections import compliance
from core.inspections.checklists import RESULT_FAIL, RESULT_NA, RESULT_PASS
from core.inspections import format_rate
from core.ledger import Change, Ledger
from ui.changes import ChangeHub
from ui.inspections.chart import RateChart
from ui.inspections.models import CellRole, MatrixModel
from ui.inspections.style import RESULT_BACKGROUND, RESULT_FOREGROUND

WATCHED = ("inspection", "inspection_result", "rectification", "checklist_template",
           "checklist_version", "building", "unit", "compound")


class MatrixDelegate(QStyledItemDelegate):
    """Paints a result cell: its colour, the result, and under a red one where
    its rectification stands (整改中 / 已整改待复查)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        model = index.model()
        cell = index.data(CellRole)
        if cell is None or model.is_rate_column(index.column()):
            super().paint(painter, option, index)
            return
        painter.save()
        rect = option.rect.adjusted(2, 2, -2, -2)
        painter.fillRect(rect, RESULT_BACKGROUND[cell.result])
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(option.palette.highlight().color())
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.setPen(RESULT_FOREGROUND[cell.result])
        fix = model.fix_text(cell)
        font = QFont(option.font)
        if cell.result == RESULT_FAIL:
            font.setBold(True)
        painter.setFont(font)
        main = index.data(Qt.ItemDataRole.DisplayRole)
        if fix:
            top = QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2 + 2)
            painter.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, main)
            small = QFont(option.font)
            small.setPointSizeF(option.font.pointSizeF() * 0.82)
            painter.setFont(small)
            bottom = QRect(rect.left(), rect.center().y() + 2, rect.width(), rect.height() // 2)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, fix)
        else:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, main)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        fm = option.fontMetrics
        return QSize(fm.horizontalAdvance("已整改待复查") + 12, int(fm.height() * 2.35))


class CompliancePage(QWidget):
    """Matrix and chart, for one checklist and one compound.

    Signals:
        open_inspection_requested(str): a cell was clicked.
    """

    open_inspection_requested = Signal(str)

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.template = QComboBox()
        self.compound = QComboBox()
        self.level = QComboBox()
        for key, label in compliance.LEVELS.items():
            self.level.addItem(label, key)
        self.period = QComboBox()
        for key, label in compliance.PERIODS.items():
            self.period.addItem(label, key)
        self._fill_choices()
        self.model = MatrixModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(MatrixDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setMouseTracking(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.rate = QLabel()
        self.chart = RateChart()
        self._build_layout()
        self.view.clicked.connect(self._open_cell)
        self.view.activated.connect(self._open_cell)
        for combo in (self.template, self.compound, self.level):
            combo.currentIndexChanged.connect(self.reload)
        self.template.currentIndexChanged.connect(self._default_period)
        self.period.currentIndexChanged.connect(self.reload_chart)
        hub.changed.connect(self._on_change)
        self._default_period()
        self.reload()

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        for label, widget in (("检查表", self.template), ("小区", self.compound), ("行", self.level)):
            caption = QLabel(label)
            controls.addWidget(caption)
            controls.addWidget(widget)
            if widget is self.compound and self.compound.count() <= 1:
                caption.hide()
                widget.hide()
        controls.addSpacing(16)
        for result, text in ((RESULT_PASS, "达标"), (RESULT_FAIL, "不达标"), (RESULT_NA, "不适用"),
                             ("", "尚未检查")):
            swatch = QLabel(f"　{text}　")
            swatch.setStyleSheet(f"background: {RESULT_BACKGROUND[result].name()};"
                                 f"color: {RESULT_FOREGROUND[result].name()}; border-radius: 3px;")
            controls.addWidget(swatch)
        controls.addStretch()
        controls.addWidget(self.rate)
        hint = QLabel("每格显示覆盖该单元的最近一次检查结果（全小区、本楼栋或本单元）；点击格子打开那次检查。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        period = QHBoxLayout()
        period.addStretch()
        period.addWidget(QLabel("统计周期"))
        period.addWidget(self.period)
        chart_layout.addLayout(period)
        chart_layout.addWidget(self.chart, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(chart_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.split = split
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(hint)
        layout.addWidget(split, 1)

    def _fill_choices(self) -> None:
        db = self.ledger.db
        for combo in (self.template, self.compound):
            combo.blockSignals(True)
        current_template, current_compound = self.template.currentData(), self.compound.currentData()
        self.template.clear()
        for t in checklists.list_templates(db):
            self.template.addItem(t.name, t.id)
            self.template.setItemData(self.template.count() - 1, t.code, Qt.ItemDataRole.UserRole + 1)
        self.compound.clear()
        for cid, name in registry.compound_choices(db, self.ledger.community_id):
            self.compound.addItem(name, cid)
        self.template.setCurrentIndex(max(self.template.findData(current_template), 0))
        self.compound.setCurrentIndex(max(self.compound.findData(current_compound), 0))
        for combo in (self.template, self.compound):
            combo.blockSignals(False)

    def _default_period(self) -> None:
        weekly = self.template.currentData(Qt.ItemDataRole.UserRole + 1) == checklists.CODE_HYGIENE
        self.period.setCurrentIndex(self.period.findData(
            compliance.PERIOD_WEEK if weekly else compliance.PERIOD_MONTH))

    def reload(self) -> None:
        template_id, compound_id = self.template.currentData(), self.compound.currentData()
        if not template_id or not compound_id:
            self.model.set_matrix(compliance.ComplianceMatrix("unit", [], []))
            self.rate.setText("")
            self.chart.set_points([])
            return
        matrix = compliance.compliance_matrix(self.ledger.db, template_id, compound_id,
                                              self.level.currentData())
        self.model.set_matrix(matrix)
        self.view.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 2.35))
        self.rate.setText(f"当前达标率 {format_rate(matrix.overall_rate())}")
        self.reload_chart()

    def reload_chart(self) -> None:
        template_id, compound_id = self.template.currentData(), self.compound.currentData()
        if not template_id:
            return
        points = compliance.compliance_series(self.ledger.db, template_id=template_id,
                                              compound_id=compound_id, period=self.period.currentData())
        self.chart.set_points(points, f"{self.template.currentText()} 达标率"
                                      f"（{self.period.currentText()}，已完成的检查）")

    def _on_change(self, change: Change) -> None:
        if change.touches("checklist_template", "compound"):
            self._fill_choices()
        if change.touches(*WATCHED):
            self.reload()

    def _open_cell(self, index: QModelIndex) -> None:
        cell = index.data(CellRole)
        if cell is not None and cell.inspection_id:
            self.open_inspection_requested.emit(cell.inspection_id)

    def cell_index(self, row_label: str, item_position: int) -> QModelIndex:
        """The index of a unit's (or building's) cell for an item, for tests."""
        for row, (_id, label) in enumerate(self.model.matrix.rows):
            if label == row_label:
                return self.model.index(row, item_position - 1)
        return QModelIndex()
