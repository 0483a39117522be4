"""The registry tab's Excel actions: 导入 Excel… (also by dropping a file),
导出…, 保存导入模板…, and the export dialog.

Exports are masked unless the user ticks 导出完整号码 and confirms; the
file is written in the background from the worker's own connection.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.ledger import Ledger
from core.progress import Progress
from reports.excel_export import EXPORT_KINDS, export, suggested_name
from ui.save_dialog import ask_save_path
from ui.widgets import LedgerDialog, dialog_buttons
from ui import messages
from ui.background import Task, run_task
from ui.registry.import_wizard import ImportWizard, save_template

_EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def dropped_workbook(mime: QMimeData) -> str | None:
    """The path of a single dropped Excel workbook, or None."""
    if not mime.hasUrls():
        return None
    paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    if len(paths) == 1 and paths[0].lower().endswith(_EXCEL_SUFFIXES):
        return paths[0]
    return None


def open_import_wizard(parent: QWidget, ledger: Ledger, path: str = "") -> ImportWizard:
    """Show the import wizard (modal); returns it once closed."""
    wizard = ImportWizard(ledger, path, parent)
    if path:
        wizard.file_page.path.setText(path)
    wizard.exec()
    return wizard


def save_import_template(parent: QWidget) -> None:
    save_template(parent)


class ExportDialog(LedgerDialog):
    """导出: which register, masked or with full numbers, and where.

    Attributes:
        task: the export running in the background, once started.
        rows: rows written, once done.
    """

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出 Excel")
        self._ledger = ledger
        self.task: Task | None = None
        self.rows: int | None = None
        self.kind = QComboBox()
        for key, kind in EXPORT_KINDS.items():
            self.kind.addItem(kind.title, key)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.full = QCheckBox("导出完整的身份证号和电话")
        self.full.setToolTip("默认打码（如 410102********0010）。完整号码只在确有需要时导出，文件请妥善保管。")
        privacy = QLabel("身份证号和电话默认打码；勾选后导出完整号码，导出前会再次确认。")
        privacy.setWordWrap(True)
        privacy.setObjectName("exportPrivacy")
        buttons, self.ok = dialog_buttons(self, "导出…")
        form = QFormLayout()
        form.addRow("导出内容", self.kind)
        form.addRow("", self.description)
        form.addRow("号码", self.full)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(privacy)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._describe)
        self._describe()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def reject(self) -> None:
        if self.task is not None and not self.task.done:
            return  # the export finishes first (it cannot be half-written, and takes seconds)
        super().reject()

    def _describe(self) -> None:
        kind = EXPORT_KINDS[self.kind.currentData()]
        self.description.setText(kind.description)

    def accept(self) -> None:
        key = self.kind.currentData()
        full_id = self.full.isChecked()
        if full_id and not messages.confirm(
                self, "导出的文件将包含完整的身份证号和电话。", yes="导出完整号码", danger=True,
                detail="这些是居民的个人信息。请只在确有需要时导出，文件不要外传，用完及时删除。"):
            return
        start = suggested_name(key)
        path = ask_save_path(self, "导出到", start)
        if path is None:
            return
        title = EXPORT_KINDS[key].title
        ledger = self._ledger

        def work(_progress: Progress) -> int:
            worker = ledger.reopen()
            try:
                return export(worker.db, key, Path(path), full_id=full_id)
            finally:
                worker.close()

        def done(rows: int) -> None:
            self.rows = rows
            privacy = "含完整号码，请妥善保管" if full_id else "身份证号和电话已打码"
            messages.info(self, f"已导出{title} {rows} 行（{privacy}）：\n{path}")
            super(ExportDialog, self).accept()

        self.task = run_task(self, f"正在导出{title}…", work, done, cancellable=False)
