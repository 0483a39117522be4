"""Every message box the program shows goes through here.

Buttons are labelled in Chinese, the wording is the caller's, and a
``LedgerError`` is shown with its own message, never a traceback.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from core.paths import APP_TITLE


def _box(parent: QWidget | None, icon: QMessageBox.Icon, text: str, detail: str = "") -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(APP_TITLE)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    return box


def info(parent: QWidget | None, text: str, detail: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Information, text, detail)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warn(parent: QWidget | None, text: str, detail: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, text, detail)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def error(parent: QWidget | None, text: str, detail: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Critical, text, detail)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent: QWidget | None, text: str, yes: str = "确定", no: str = "取消",
            detail: str = "", danger: bool = False) -> bool:
    """Ask before acting; True if the user chose ``yes``. ``no`` is the default."""
    box = _box(parent, QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question, text, detail)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button
