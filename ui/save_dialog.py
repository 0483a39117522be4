"""Asking where to save a file: every save dialog of the program.

The answer is checked by the same core function every writer uses
(:func:`core.output_files.check_output`): the ledger, its side files and
lock, the file being read, a folder or a device are refused with the
reason before any work starts, and the user can choose again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from core.errors import LedgerError
from core.output_files import check_output
from ui import messages

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def ask_save_path(parent: QWidget | None, title: str, start: str | Path, file_filter: str = XLSX_FILTER, *,
                  suffix: str = ".xlsx", inputs: Iterable[str | Path | None] = ()) -> Path | None:
    """The file the user chose, with ``suffix`` added if missing; None if
    cancelled or refused (the reason has been shown)."""
    inputs = list(inputs)
    while True:
        path, _filter = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
        if not path:
            return None
        if suffix and not path.lower().endswith(suffix):
            path += suffix
        try:
            return check_output(path, inputs=inputs)
        except LedgerError as exc:
            messages.error(parent, "不能保存到这个文件。", exc.message)
            return None
