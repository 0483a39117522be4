"""Colours and small helpers shared by the inspection screens.

A result's colour means the same everywhere: green 达标, red 不达标, grey
不适用 or nothing recorded; an overdue rectification is red.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor

from core.inspections.checklists import RESULT_FAIL, RESULT_NA, RESULT_PASS

PASS_COLOUR = QColor("#2e8b57")
FAIL_COLOUR = QColor("#c0392b")
NA_COLOUR = QColor("#9e9e9e")
OVERDUE_COLOUR = QColor("#c0392b")

#: Cell backgrounds (light) and text colours of each result.
RESULT_BACKGROUND: dict[str, QColor] = {
    RESULT_PASS: QColor("#cdebd6"),
    RESULT_FAIL: QColor("#f6c6c0"),
    RESULT_NA: QColor("#e4e4e4"),
    "": QColor("#f4f4f4"),
}
RESULT_FOREGROUND: dict[str, QColor] = {
    RESULT_PASS: QColor("#1e5e3a"),
    RESULT_FAIL: QColor("#8e1f14"),
    RESULT_NA: QColor("#555555"),
    "": QColor("#888888"),
}
#: Checked result buttons of the form.
RESULT_BUTTON_STYLE: dict[str, str] = {
    RESULT_PASS: "QPushButton:checked { background: #2e8b57; color: white; font-weight: bold; }",
    RESULT_FAIL: "QPushButton:checked { background: #c0392b; color: white; font-weight: bold; }",
    RESULT_NA: "QPushButton:checked { background: #757575; color: white; font-weight: bold; }",
}


def qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> datetime.date:
    return datetime.date(day.year(), day.month(), day.day())

