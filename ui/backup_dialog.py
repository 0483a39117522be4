"""文件 › 备份…: where the backups are, the last ones, 立即备份, and restoring.

The backup itself runs on a worker (``ui.background.run_task``); restoring
is the session's (``ui.app.Session.restore``): it closes the ledger, replaces
it and opens it again, so this module only asks and confirms.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import backups
from core.backups import config
from core.errors import LedgerError
from core.ledger import Ledger
from ui import messages
from ui.background import run_task
from ui.sql_table_model import Column, StaticTableModel
from ui.widgets import LedgerDialog, LedgerTableView, MessageLabel

_REASONS = {"": "", "import": "导入前", "restore": "恢复前", "migration": "升级前"}


def _size(info: backups.BackupInfo) -> str:
    return f"{info.size / 1048576:.1f} MB" if info.size else ""


class BackupDialog(LedgerDialog):
    """The backups of the open ledger.

    Signals:
        restore_requested(str): the user confirmed restoring this backup file.
    """

    restore_requested = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份与恢复")
        self.ledger = ledger
        self.task = None
        assert ledger.path is not None
        self.folder_label = MessageLabel("")
        self.extra_label = MessageLabel("")
        self.model = StaticTableModel([
            Column("when", "备份时间", None, width=19),
            Column("reason", "说明", None, width=6),
            Column("community", "社区", None, width=10),
            Column("household", "户", None, align_right=True, width=5),
            Column("resident", "居民", None, align_right=True, width=6),
            Column("photo", "照片", None, align_right=True, width=5),
            Column("size", "大小", None, align_right=True, width=8),
            Column("where", "位置", None, width=14),
        ], parent=self)
        self.view = LedgerTableView()
        self.view.setModel(self.model)
        self.view.set_column_widths([c.width for c in self.model.columns], whole=(0,))  # the time, whole
        self.view.setSortingEnabled(False)
        self.message = MessageLabel("")
        self.message.hide()

        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.open_button = QPushButton("打开所在文件夹")
        self.open_button.clicked.connect(self.open_folder)
        self.restore_button = QPushButton("用所选备份恢复…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.other_button = QPushButton("从其他备份文件恢复…")
        self.other_button.clicked.connect(self.restore_other)
        self.extra_button = QPushButton("设置第二个备份位置…")
        self.extra_button.clicked.connect(self.choose_extra)
        self.no_extra_button = QPushButton("不用第二个位置")
        self.no_extra_button.clicked.connect(lambda: self._set_extra(None))
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)

        extra_row = QHBoxLayout()
        extra_row.addWidget(self.extra_button)
        extra_row.addWidget(self.no_extra_button)
        extra_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("备份是台账（连同照片）的完整副本，写好后逐项核对；程序启动时若超过一天未备份会自动备份，"
                                "关闭时若有修改、导入和恢复之前也会自动备份。"))
        layout.itemAt(0).widget().setWordWrap(True)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.extra_label)
        layout.addLayout(extra_row)
        layout.addWidget(QLabel("最近的备份："))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.open_button, self.restore_button, self.other_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()
        self.resize(900, 560)

    def refresh(self) -> None:
        path = self.ledger.path
        folders = backups.folders(path)
        self.folder_label.setText(f"备份位置：{folders[0]}")
        extra = config.extra_folder()
        self.extra_label.setText(f"第二个备份位置（如 U 盘）：{folders[1] if len(folders) > 1 else '未设置'}")
        self.no_extra_button.setEnabled(extra is not None)
        rows = []
        for number, folder in enumerate(folders):
            for info in backups.list_backups(folder):
                rows.append({"when": f"{info.made_at:%Y-%m-%d %H:%M:%S}", "reason": _REASONS.get(info.reason, ""),
                             "community": info.community, "size": _size(info),
                             "where": "台账旁" if number == 0 else "第二个位置", "path": str(info.path),
                             **{key: info.counts.get(key, "") for key in ("household", "resident", "photo")}})
        rows.sort(key=lambda r: r["when"], reverse=True)
        self.rows = rows
        self.model.set_rows(rows)
        self.restore_button.setEnabled(bool(rows))

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def backup_now(self) -> None:
        path = self.ledger.path
        self.backup_button.setEnabled(False)

        def done(result) -> None:
            made, problems = result
            self.backup_button.setEnabled(True)
            self.refresh()
            lines = [f"已备份到 {info.path}（{info.counts_text()}），已核对无误。" for info in made]
            self.say("\n".join(lines + problems))

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.say(f"备份没有完成：{exc}")

        self.task = run_task(self, "正在备份…", lambda _progress: backups.backup_everywhere(path), done, failed,
                             cancellable=False)

    def open_folder(self) -> None:
        folder = backups.default_folder(self.ledger.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def selected_path(self) -> str | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        index = rows[0].row() if rows else 0
        return self.rows[index]["path"] if self.rows else None

    def restore_selected(self) -> None:
        path = self.selected_path()
        if path and confirm_restore(self, Path(path)):
            self.restore_requested.emit(path)
            self.accept()

    def restore_other(self) -> None:
        path = ask_backup_file(self, self.ledger)
        if path is not None and confirm_restore(self, path):
            self.restore_requested.emit(str(path))
            self.accept()

    def choose_extra(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择第二个备份位置（如 U 盘上的文件夹）")
        if folder:
            self._set_extra(Path(folder))

    def _set_extra(self, folder: Path | None) -> None:
        try:
            config.set_extra_folder(folder)
        except (LedgerError, OSError) as exc:
            self.say(f"无法保存设置：{exc}")
            return
        self.refresh()


def ask_backup_file(parent: QWidget | None, ledger: Ledger) -> Path | None:
    start = str(backups.default_folder(ledger.path)) if ledger.path else ""
    path, _filter = QFileDialog.getOpenFileName(parent, "选择备份文件", start,
                                                "台账备份 (*.sqlite3);;所有文件 (*)")
    return Path(path) if path else None


def confirm_restore(parent: QWidget | None, path: Path) -> bool:
    """Show what the backup holds and ask; False (with the reason shown) for a bad file."""
    try:
        info = backups.describe(path)
    except LedgerError as exc:
        messages.error(parent, "不能用这个文件恢复。", exc.message)
        return False
    detail = (f"备份文件：{info.path}\n备份时间：{info.made_at:%Y-%m-%d %H:%M}\n社区：{info.community or '（无）'}\n"
              f"内容：{info.counts_text()}\n\n恢复会用它替换现在的台账。替换前，程序会先把现在的台账备份一份"
              "（“恢复前”备份），恢复不成功时台账不做任何改动。")
    return messages.confirm(parent, "用这个备份恢复台账吗？", "恢复", "取消", detail=detail, danger=True)
