"""Driving modal dialogs from qtbot tests.

A click that opens a modal dialog blocks in ``exec()``; ``when_dialog``
schedules a function to run on the dialog once it is showing, as the user
would fill it in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


def when_dialog(handle: Callable[[QDialog], None], kind: type = QDialog, timeout_ms: int = 5000) -> list:
    """Run ``handle(dialog)`` on the next modal dialog of ``kind``.

    Returns a list that receives the dialog, so the test can assert it appeared.
    """
    seen: list = []
    waited = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            try:
                handle(dialog)
            finally:
                if dialog.isVisible() and not dialog.property("keep_open"):
                    dialog.reject()
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen
