"""Form fields shared by the dialogs: a date that may be empty, and a
number field that stays masked until the user asks to see it."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLineEdit, QPushButton, QWidget

_EMPTY = QDate(1800, 1, 1)


class DateField(QDateEdit):
    """A date edit that can be left empty (shows 未填)."""

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True) -> None:
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self._allow_empty = allow_empty
        if allow_empty:
            self.setMinimumDate(_EMPTY)
            self.setSpecialValueText("未填")
            self.setDate(_EMPTY)
        else:
            self.setMinimumDate(QDate(1880, 1, 1))
            self.setDate(QDate.currentDate())
        self.setMaximumDate(QDate(2100, 12, 31))

    def value(self) -> datetime.date | None:
        date = self.date()
        if self._allow_empty and date == _EMPTY:
            return None
        return datetime.date(date.year(), date.month(), date.day())

    def set_value(self, value: datetime.date | None) -> None:
        if value is None:
            self.setDate(_EMPTY if self._allow_empty else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))


class MaskedField(QWidget):
    """A line edit for an ID or phone number that shows the masked form of a
    stored value until 显示 is pressed. A new, empty field is typed in
    plainly: the user is the one entering it.

    Signals:
        textChanged(str): the real value changed (typing or reveal).
    """

    textChanged = Signal(str)

    def __init__(self, mask, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mask = mask
        self._value = ""
        self._revealed = True
        self.edit = QLineEdit()
        self.button = QPushButton("显示")
        self.button.setToolTip("显示完整号码以便核对或修改")
        self.button.clicked.connect(self.reveal)
        self.button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.edit.textEdited.connect(self._typed)

    def set_stored(self, value: str) -> None:
        """Show a stored value masked, read-only until revealed."""
        self._value = value or ""
        if self._value:
            self._revealed = False
            self.edit.setText(self._mask(self._value))
            self.edit.setReadOnly(True)
            self.button.show()
        else:
            self.reveal()

    def reveal(self) -> None:
        self._revealed = True
        self.edit.setReadOnly(False)
        self.edit.setText(self._value)
        self.button.hide()
        self.edit.setFocus()

    @property
    def revealed(self) -> bool:
        return self._revealed

    def text(self) -> str:
        return self._value if not self._revealed else self.edit.text()

    def setText(self, text: str) -> None:
        self.reveal()
        self.edit.setText(text)
        self._typed(text)

    def _typed(self, text: str) -> None:
        self._value = text
        self.textChanged.emit(text)
