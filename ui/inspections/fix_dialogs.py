"""Dialogs of a rectification's life: start, close (办结, with "after"
photos beside the "before" ones), reassign, reopen."""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.inspections import rectifications
from core.ledger import Ledger
from core.inspections.rectifications import Rectification
from core.errors import ValidationError
from ui.changes import ChangeHub
from ui.fields import DateField
from ui.inspections import photos as photo_widgets
from ui.inspections.people import PersonField
from ui.photo_gallery import PhotoGallery
from ui.widgets import LedgerDialog, dialog_buttons, error_label


def _title(rect: Rectification) -> QLabel:
    label = QLabel(f"<b>{rect.scope_label}</b>　{rect.item_text}"
                   + (f"<br>问题：{rect.item_remark}" if rect.item_remark else ""))
    label.setWordWrap(True)
    return label


def photo_pair(ledger: Ledger, hub: ChangeHub, rect: Rectification,
               parent: QWidget | None = None, *, rows: float = 1.3) -> tuple[QHBoxLayout, list[PhotoGallery]]:
    """整改前 and 整改后 galleries side by side.

    The "before" photos belong to the inspection and are only shown here;
    "after" photos can be added while the rectification is open.
    """
    layout = QHBoxLayout()
    before = photo_widgets.item_gallery(ledger, hub, rect.result_id, parent, read_only=True, rows=rows)
    after = photo_widgets.after_gallery(ledger, hub, rect.id, parent, read_only=not rect.is_open,
                                        rows=rows)
    for title, gallery in (("整改前（检查时的照片）", before), ("整改后", after)):
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.addWidget(gallery)
        layout.addWidget(box, 1)
    return layout, [before, after]


class CloseDialog(LedgerDialog):
    """办结: what was done, when, and photos of the result."""

    def __init__(self, ledger: Ledger, hub: ChangeHub, rect: Rectification,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("整改办结")
        self.ledger = ledger
        self.rect = rect
        self.date = DateField(allow_empty=False)
        self.date.set_value(datetime.date.today())
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("整改情况：做了什么、谁做的（必填）")
        self.note.setMaximumHeight(self.note.fontMetrics().height() * 5)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("完成日期", self.date)
        form.addRow("整改情况 *", self.note)
        photos, self.galleries = photo_pair(ledger, hub, rect, self)
        hint = QLabel("可以在“整改后”添加整改完成后的照片，与整改前的照片对照。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(rect))
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(photos, 1)
        layout.addWidget(self.error)
        buttons, self.ok = dialog_buttons(self, "办结")
        layout.addWidget(buttons)
        self.resize(900, 640)
        self.note.setFocus()

    def accept(self) -> None:
        try:
            rectifications.close(self.ledger, self.rect.id, note=self.note.toPlainText(),
                                 date=self.date.value())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()


class AssignDialog(LedgerDialog):
    """Change who is responsible and the deadline."""

    def __init__(self, ledger: Ledger, rect: Rectification, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("调整责任人和期限")
        self.ledger = ledger
        self.rect = rect
        self.person = PersonField(ledger, placeholder="责任人姓名")
        self.person.set_person(rect.responsible_name, rect.responsible_resident_id)
        self.deadline = DateField(allow_empty=False)
        self.deadline.set_value(rect.deadline)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("调整原因（可不填）")
        self.note.setMaximumHeight(self.note.fontMetrics().height() * 4)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("整改责任人 *", self.person)
        form.addRow("整改期限 *", self.deadline)
        form.addRow("说明", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(rect))
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons, self.ok = dialog_buttons(self, "保存")
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        try:
            rectifications.assign(
                self.ledger, self.rect.id, responsible_name=self.person.name(),
                responsible_resident_id=self.person.resident_id(),
                deadline=self.deadline.value(), note=self.note.toPlainText())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()


class StepDialog(LedgerDialog):
    """开始整改 (a date and a note) or 重新整改 (a reason and a new deadline)."""

    def __init__(self, ledger: Ledger, rect: Rectification, *, reopen: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.rect = rect
        self.reopen = reopen
        self.setWindowTitle("重新整改" if reopen else "开始整改")
        self.date = DateField(allow_empty=False)
        today = datetime.date.today()
        self.date.set_value(max(rect.deadline, today) if reopen else today)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("复查发现的问题（必填）" if reopen else "安排情况（可不填）")
        self.note.setMaximumHeight(self.note.fontMetrics().height() * 4)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("新的整改期限" if reopen else "开始日期", self.date)
        form.addRow("原因 *" if reopen else "说明", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(rect))
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons, self.ok = dialog_buttons(self, "重新整改" if reopen else "开始整改")
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        try:
            if self.reopen:
                rectifications.reopen(self.ledger, self.rect.id, note=self.note.toPlainText(),
                                      deadline=self.date.value())
            else:
                rectifications.start(self.ledger, self.rect.id, date=self.date.value(),
                                     note=self.note.toPlainText())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
