"""Fields for every campaign metric laid out in a grid, each with its unit
beside it, checked as the user types (used for an entry's quantities and a
campaign's goals)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from core.campaigns.metrics import Metric, format_amount, parse_amount
from core.errors import ValidationError
from ui.widgets import error_label

_INVALID = "QLineEdit { border: 2px solid #c0392b; }"


class MetricGrid(QWidget):
    """One field per metric: ``清运垃圾 [   ] 吨``.

    Signals:
        changed(): a field's text changed (its check has run).

    Attributes:
        fields: the line edit of each metric key.
    """

    changed = Signal()

    def __init__(self, metrics: list[Metric], columns: int = 2, placeholder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self.fields: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}
        self._messages: dict[str, str] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        rows = (len(metrics) + columns - 1) // columns
        for number, metric in enumerate(metrics):
            column, row = divmod(number, rows)
            field = QLineEdit()
            field.setObjectName(f"metric_{metric.key}")
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setPlaceholderText(placeholder)
            field.setToolTip(self._tip(metric))
            field.textChanged.connect(lambda _t, key=metric.key: self._check(key))
            name = QLabel(metric.name)
            name.setBuddy(field)
            unit = QLabel(metric.display_unit)
            error = error_label()
            self.fields[metric.key] = field
            self._errors[metric.key] = error
            base = column * 4
            grid.addWidget(name, row * 2, base)
            grid.addWidget(field, row * 2, base + 1)
            grid.addWidget(unit, row * 2, base + 2)
            grid.addWidget(error, row * 2 + 1, base, 1, 3)
            grid.setColumnStretch(base + 1, 1)
            if column:
                grid.setColumnMinimumWidth(base - 1, 18)

    @staticmethod
    def _tip(metric: Metric) -> str:
        if metric.precision == 0:
            return f"{metric.name}，单位：{metric.display_unit}，填整数"
        return f"{metric.name}，单位：{metric.display_unit}，最多 {metric.precision} 位小数"

    def _check(self, key: str) -> None:
        metric = next(m for m in self.metrics if m.key == key)
        try:
            parse_amount(self.fields[key].text(), metric)
        except ValidationError as exc:
            self.show_error(key, exc.message)
        else:
            self.show_error(key, "")
        self.changed.emit()

    def show_error(self, key: str, message: str) -> None:
        """Mark a field as wrong (or right again, with an empty message)."""
        self._messages[key] = message
        self._errors[key].setText(message)
        self._errors[key].setVisible(bool(message))
        self.fields[key].setStyleSheet(_INVALID if message else "")

    def first_error(self) -> str:
        """The first field's error message, or ``""``."""
        return next((self._messages[m.key] for m in self.metrics if self._messages.get(m.key)), "")

    def values(self) -> dict[str, Decimal]:
        """The amounts typed, by metric key; raises ValidationError for a wrong one."""
        values: dict[str, Decimal] = {}
        for metric in self.metrics:
            value = parse_amount(self.fields[metric.key].text(), metric)
            if value is not None:
                values[metric.key] = value
        return values

    def set_values(self, values: dict[str, Decimal]) -> None:
        for metric in self.metrics:
            value = values.get(metric.key)
            self.fields[metric.key].setText(format_amount(value, metric.precision, grouping=False)
                                            if value is not None else "")

    def focus_field(self, key: str) -> None:
        if key in self.fields:
            self.fields[key].setFocus()
            self.fields[key].selectAll()
