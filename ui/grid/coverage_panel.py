"""The always-visible coverage panel: what has nobody responsible.

A click selects the place to fix; a double click (or Enter) opens the fix.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from core.grid.coverage import HOLDER_GONE, MEMBER_GONE, UNIT_UNCOVERED, Problem, coverage
from core.ledger import Ledger
from ui.sql_table_model import Column, StaticTableModel
from ui.widgets import Heading

_URGENT = {HOLDER_GONE, UNIT_UNCOVERED, MEMBER_GONE}


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the list's current width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(self._view.viewport().width() - 2 * self._view.spacing() - 12, 80)
        text = str(index.data() or "")
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 10000), int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, rect.height() + 8)


class CoveragePanel(QWidget):
    """The coverage problems of the ledger.

    Signals:
        chosen(object): a problem was clicked (the Problem).
        fix_requested(object): a problem was double-clicked or Enter pressed.
    """

    chosen = Signal(object)
    fix_requested = Signal(object)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self.problems: list[Problem] = []
        self.title = Heading("覆盖检查", scale=1.1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = StaticTableModel([
            Column("text", "问题", None, width=30)], parent=self)
        self.model.foreground = lambda row, _c: QColor("#c0392b") if row["kind"] in _URGENT else QColor("#a15c00")
        self.view = QListView()
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSpacing(3)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setModel(self.model)
        self.view.setItemDelegate(_WrappingDelegate(self.view))
        self.hint = QLabel("单击问题定位到网格，双击打开处理窗口。")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._activated)

    def reload(self) -> None:
        self.problems = coverage(self._ledger.db, self._ledger.community_id)
        self.model.set_rows([{"id": str(n), "text": p.text, "kind": p.kind} for n, p in enumerate(self.problems)])
        if self.problems:
            self.title.setText(f"覆盖检查：{len(self.problems)} 个问题")
            self.summary.setText("红色的要尽快处理。")
            self.summary.setStyleSheet("color: #555;")
        else:
            self.title.setText("覆盖检查")
            self.summary.setText("没有发现问题：每个单元都有楼栋单元长，各级网格和党组织都有人负责。")
            self.summary.setStyleSheet("color: #1e7e34;")

    def problem_at(self, index: QModelIndex) -> Problem | None:
        if not index.isValid() or index.row() >= len(self.problems):
            return None
        return self.problems[int(self.model.id_at(index.row()))]

    def _clicked(self, index: QModelIndex) -> None:
        problem = self.problem_at(index)
        if problem is not None:
            self.chosen.emit(problem)

    def _activated(self, index: QModelIndex) -> None:
        problem = self.problem_at(index)
        if problem is not None:
            self.fix_requested.emit(problem)
