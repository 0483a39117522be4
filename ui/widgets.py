"""Small widgets used across tabs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class LedgerTableView(QTableView):
    """A table view with the house defaults: whole-row selection, alternating
    rows, sortable headers, and row heights that follow the text size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._widths: list[int] = []
        self._fit_rows()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
            if self._widths:
                self.set_column_widths(self._widths)
        super().changeEvent(event)

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.7))

    def set_column_widths(self, chars: list[int]) -> None:
        """Initial widths, in Latin characters of the current font (a Chinese
        character counts two), and never narrower than the column's header.
        They follow the text size."""
        self._widths = list(chars)
        metrics = self.fontMetrics()
        unit = metrics.horizontalAdvance("0")
        header = self.horizontalHeader()
        header_metrics = header.fontMetrics()
        model = self.model()
        for column, width in enumerate(chars):
            title = model.headerData(column, Qt.Orientation.Horizontal) if model is not None else ""
            needed = header_metrics.horizontalAdvance(str(title or "")) + 28  # sort arrow and margins
            self.setColumnWidth(column, max(int(width * unit) + 16, needed))


class Heading(QLabel):
    """A bold title that stays ``scale`` times the application's text size."""

    def __init__(self, text: str, parent: QWidget | None = None, scale: float = 1.25) -> None:
        super().__init__(text, parent)
        self._scale = scale
        self._apply()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply()
        return super().event(event)

    def _apply(self) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * self._scale)
        font.setBold(True)
        self.setFont(font)


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red label for a field's validation message, hidden while empty."""
    label = QLabel(parent)
    label.setStyleSheet("color: #c0392b;")
    label.setWordWrap(True)
    label.hide()
    return label


def dialog_buttons(dialog: QDialog, ok_text: str = "保存",
                   cancel_text: str = "取消") -> tuple[QDialogButtonBox, QPushButton]:
    """The house OK/Cancel row, labelled in Chinese and wired to the dialog's
    accept()/reject(); returns the box and its OK button."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def stacked(*widgets: QWidget) -> QWidget:
    """A margin-less box holding ``widgets`` one above the other (a title over
    its table, for a splitter pane)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box
