"""The inspection form: one card per item with its result buttons, remark,
photos and, for a 不达标 item, who fixes it by when.

A draft can be saved half-filled (保存草稿); 完成检查 checks that every item
is answered and every failure has a person and a deadline, showing what is
missing next to the item, and then opens the rectifications. A completed
inspection opens read-only, with 退回草稿 to correct a mistake.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core import inspections
from core.inspections import rectifications
from core.inspections.checklists import RESULT_FAIL, RESULTS, SCOPE_LABELS
from core.inspections import ResultEntry, ResultRow
from core.inspections.rectifications import Rectification
from core.ledger import Ledger
from core.errors import ValidationError
from ui import messages
from ui.changes import ChangeHub
from ui.fields import DateField
from ui.inspections import photos as photo_widgets
from ui.inspections.people import InspectorsField, PersonField
from ui.inspections.style import RESULT_BUTTON_STYLE
from ui.widgets import Heading, LedgerDialog, error_label


class ItemCard(QFrame):
    """One checklist item of the form.

    Signals:
        changed(): the result, remark or rectification fields changed.
    """

    changed = Signal()
    answered_by_key = Signal()

    def __init__(self, ledger: Ledger, hub: ChangeHub, row: ResultRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("itemCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(f"{row.position}. {row.text}")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.buttons: dict[str, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        choice = QHBoxLayout()
        for result in RESULTS:
            button = QPushButton(result)
            button.setCheckable(True)
            button.setStyleSheet(RESULT_BUTTON_STYLE[result])
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance("不达标") + 32)
            self.group.addButton(button)
            self.buttons[result] = button
            choice.addWidget(button)
            button.toggled.connect(self._on_result)
        self.remark = QLineEdit(row.remark)
        self.remark.setPlaceholderText("备注：发现的问题、位置（可不填）")
        choice.addWidget(self.remark, 1)

        self.fix_box = QWidget()
        fix = QHBoxLayout(self.fix_box)
        fix.setContentsMargins(0, 0, 0, 0)
        self.responsible = PersonField(ledger, placeholder="整改责任人姓名")
        self.deadline = DateField()
        fix.addWidget(QLabel("整改责任人"))
        fix.addWidget(self.responsible, 2)
        fix.addWidget(QLabel("整改期限"))
        fix.addWidget(self.deadline)
        fix.addStretch(1)
        self.fix_status = QLabel()
        self.fix_status.hide()
        self.responsible.set_person(row.fix_responsible, row.fix_resident_id)
        self.deadline.set_value(row.fix_deadline)

        self.photos = photo_widgets.form_gallery(ledger, hub, row.id, self)
        self.photos.photos_changed.connect(self.changed)
        self.error = error_label()
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addLayout(choice)
        left.addWidget(self.fix_box)
        left.addWidget(self.fix_status)
        left.addWidget(self.error)
        left.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.photos, 2)
        if row.result:
            self.buttons[row.result].setChecked(True)
        self.fix_box.setVisible(row.result == RESULT_FAIL)
        self.remark.textChanged.connect(lambda _t: self.changed.emit())
        self.responsible.changed.connect(self.changed)
        self.deadline.dateChanged.connect(lambda _d: self.changed.emit())
        self.proposed_deadline: datetime.date | None = None
        for key, result in zip("123", RESULTS):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda r=result: self._key(r))
        for result, button in self.buttons.items():
            button.setToolTip(f"按 {RESULTS.index(result) + 1} 键也可选择")

    def _key(self, result: str) -> None:
        if self.buttons[result].isEnabled() and not self.remark.isReadOnly():
            self.set_result(result)
            if result == RESULT_FAIL:
                self.remark.setFocus()
            else:
                self.answered_by_key.emit()

    def result(self) -> str:
        checked = self.group.checkedButton()
        return checked.text() if checked else ""

    def set_result(self, result: str) -> None:
        self.buttons[result].setChecked(True)

    def _on_result(self, checked: bool) -> None:
        if not checked:
            return
        failing = self.result() == RESULT_FAIL
        self.fix_box.setVisible(failing)
        if failing and self.deadline.value() is None and self.proposed_deadline:
            self.deadline.set_value(self.proposed_deadline)
        self.show_error("")
        self.changed.emit()

    def entry(self) -> ResultEntry:
        failing = self.result() == RESULT_FAIL
        return ResultEntry(
            result=self.result(), remark=self.remark.text(),
            fix_responsible=self.responsible.name() if failing else "",
            fix_resident_id=self.responsible.resident_id() if failing else None,
            fix_deadline=self.deadline.value() if failing else None)

    def show_fix(self, rect: Rectification | None, today: datetime.date) -> None:
        """Where this item's rectification stands (completed inspections)."""
        if rect is None:
            self.fix_status.hide()
            return
        when = rect.closed_date.isoformat() if rect.closed_date else rect.state_text(today)
        text = f"整改：{rect.status}（{when}）"
        if rect.close_note:
            text += f"　{rect.close_note}"
        colour = "#c0392b" if rect.overdue(today) else "#1e5e3a" if not rect.is_open else "#555"
        self.fix_status.setText(text)
        self.fix_status.setStyleSheet(f"color: {colour};")
        self.fix_status.setWordWrap(True)
        self.fix_status.show()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.setStyleSheet("#itemCard { border: 2px solid #c0392b; }" if message else "")

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only or button.isChecked())
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus)
        self.remark.setReadOnly(read_only)
        self.remark.setPlaceholderText("" if read_only else "备注：发现的问题、位置（可不填）")
        self.responsible.setReadOnly(read_only)
        self.deadline.setReadOnly(read_only)
        self.photos.set_read_only(read_only)
        self.photos.setVisible(not read_only or self.photos.model.rowCount() > 0)


class InspectionDialog(LedgerDialog):
    """Fill in (or look at) one inspection.

    Attributes:
        opened: rectification ids opened when the inspection was completed here.
        outcome: ``saved``, ``completed``, ``discarded`` or ``reopened`` once closed.
    """

    def __init__(self, ledger: Ledger, hub: ChangeHub, inspection_id: str, *, new: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.hub = hub
        self.inspection_id = inspection_id
        self.new = new
        self.opened: list[str] = []
        self.outcome = ""
        self.inspection = inspections.get_inspection(ledger.db, inspection_id)
        ins = self.inspection
        self.read_only = ins.completed
        self.setWindowTitle(f"{ins.template_name} — {ins.scope_label}")
        self.resize(1000, 760)

        self.heading = Heading(f"{ins.template_name}：{ins.scope_label}"
                               f"（{SCOPE_LABELS[ins.scope_kind]}）", scale=1.2)
        self.status = QLabel()
        self.date = DateField(allow_empty=False)
        self.date.set_value(ins.date)
        self.inspectors = InspectorsField(ledger)
        self.inspectors.set_value(list(ins.inspectors))
        self.notes = QLineEdit(ins.notes)
        self.notes.setPlaceholderText("如：月度检查、复查、专项检查")
        self.summary = QLabel()
        self.error = error_label()

        self.cards: list[ItemCard] = []
        cards = QWidget()
        cards_layout = QVBoxLayout(cards)
        self.overall = photo_widgets.inspection_gallery(ledger, hub, inspection_id)
        self.overall_box = QGroupBox("本次检查的整体照片（全景、现场等，可不加）")
        QVBoxLayout(self.overall_box).addWidget(self.overall)
        cards_layout.addWidget(self.overall_box)
        for row in ins.results:
            card = ItemCard(ledger, hub, row)
            card.proposed_deadline = inspections.proposed_deadline(ins.date)
            card.changed.connect(self._update_summary)
            card.answered_by_key.connect(lambda c=card: self._focus_after(c))
            self.cards.append(card)
            cards_layout.addWidget(card)
        cards_layout.addStretch()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(cards)

        self.buttons: dict[str, QPushButton] = {}
        self._build_layout()
        self._apply_mode()
        self._update_summary()
        self.date.dateChanged.connect(self._on_date)
        self._initial_focus()

    # ------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        header = QFormLayout()
        header.addRow("检查日期", self.date)
        header.addRow("检查人", self.inspectors)
        header.addRow("备注", self.notes)
        bar = QHBoxLayout()
        specs = (
            ("rest_pass", "其余设为达标", self.rest_pass, "把还没有填写的检查项都设为达标"),
            ("save", "保存草稿", self.save_draft, "保存已填写的内容，以后接着填（Ctrl+S）"),
            ("complete", "完成检查", self.complete, "检查每一项都已填写，生成不达标项的整改（Ctrl+Enter）"),
            ("reopen", "退回草稿", self.reopen, "结果有误时退回草稿重新填写（整改尚未开始时）"),
            ("cancel", "取消", self.reject, "不保存本次修改"),
            ("close", "关闭", self.reject, ""),
        )
        bar.addWidget(self.summary, 1)
        for name, label, slot, tip in specs:
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[name] = button
            bar.addWidget(button)
        self.buttons["complete"].setDefault(True)
        for key, slot in ((QKeySequence.StandardKey.Save, self.save_draft),
                          (QKeySequence("Ctrl+Return"), self.complete)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
        layout = QVBoxLayout(self)
        title = QHBoxLayout()
        title.addWidget(self.heading, 1)
        title.addWidget(self.status)
        layout.addLayout(title)
        layout.addLayout(header)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(bar)

    def _apply_mode(self) -> None:
        ro = self.read_only
        self.status.setText("已完成（只读）" if ro else "草稿")
        self.date.setReadOnly(ro)
        self.inspectors.setReadOnly(ro)
        self.notes.setReadOnly(ro)
        fixes = {r.result_id: r for r in rectifications.rectifications_of_inspection(
            self.ledger.db, self.inspection_id)}
        today = datetime.date.today()
        for card in self.cards:
            card.set_read_only(ro)
            card.show_fix(fixes.get(card.row.id) if ro else None, today)
        self.overall.set_read_only(ro)
        self.overall_box.setVisible(not ro or self.overall.model.rowCount() > 0)
        for name in ("rest_pass", "save", "complete", "cancel"):
            self.buttons[name].setVisible(not ro)
        for name in ("reopen", "close"):
            self.buttons[name].setVisible(ro)

    def _initial_focus(self) -> None:
        if self.read_only:
            self.buttons["close"].setFocus()
            return
        card = next((c for c in self.cards if not c.result()), None)
        if card is not None:
            card.buttons[RESULTS[0]].setFocus()
            QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(card))

    def _focus_after(self, card: ItemCard) -> None:
        """After answering by key, go on to the next unanswered item."""
        start = self.cards.index(card) + 1
        following = next((c for c in self.cards[start:] if not c.result()), None)
        if following is None:
            self.buttons["complete"].setFocus()
            return
        following.buttons[RESULTS[0]].setFocus()
        self.scroll.ensureWidgetVisible(following)

    # ------------------------------------------------------------ state

    def entries(self) -> dict[str, ResultEntry]:
        return {card.row.id: card.entry() for card in self.cards}

    def card_of(self, result_id: str) -> ItemCard | None:
        return next((c for c in self.cards if c.row.id == result_id), None)

    def _update_summary(self) -> None:
        results = [card.result() for card in self.cards]
        answered = sum(1 for r in results if r)
        counts = {r: results.count(r) for r in RESULTS}
        rate = inspections.format_rate(inspections.compliance_rate(results))
        self.summary.setText(
            f"已填 {answered}/{len(results)} 项　达标 {counts['达标']}　不达标 {counts['不达标']}"
            f"　不适用 {counts['不适用']}　达标率 {rate}")

    def _on_date(self) -> None:
        date = self.date.value()
        if date:
            for card in self.cards:
                card.proposed_deadline = inspections.proposed_deadline(date)

    # ------------------------------------------------------------ actions

    def _save(self, complete: bool) -> bool:
        self.error.hide()
        for card in self.cards:
            card.show_error("")
        try:
            self.opened = inspections.save_inspection(
                self.ledger, self.inspection_id, entries=self.entries(), date=self.date.value(),
                inspectors=self.inspectors.value(), notes=self.notes.text(), complete=complete)
        except ValidationError as exc:
            card = self.card_of(exc.field or "")
            if card is not None:
                card.show_error(exc.message)
                QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(card))
            else:
                self.error.setText(exc.message)
                self.error.show()
            return False
        return True

    def rest_pass(self) -> None:
        for card in self.cards:
            if not card.result():
                card.set_result(RESULTS[0])

    def save_draft(self) -> None:
        if self.read_only:
            return
        if self._save(complete=False):
            self.outcome = "saved"
            super().accept()

    def complete(self) -> None:
        if self.read_only:
            return
        if self._save(complete=True):
            self.outcome = "completed"
            super().accept()

    def reopen(self) -> None:
        if not messages.confirm(self, "把这次检查退回草稿？",
                                yes="退回草稿", detail="退回后可以修改结果，尚未开始的整改会撤销，"
                                "完成检查时重新生成。"):
            return
        try:
            inspections.reopen_inspection(self.ledger, self.inspection_id)
        except ValidationError as exc:
            messages.warn(self, exc.message)
            return
        self.inspection = inspections.get_inspection(self.ledger.db, self.inspection_id)
        self.read_only = False
        self.outcome = "reopened"
        self._apply_mode()

    def reject(self) -> None:
        if self.new and not self.read_only:
            if not messages.confirm(self, "放弃这次检查？",
                                    yes="放弃", no="继续填写",
                                    detail="已填写的结果和已添加的照片都不会保存。", danger=True):
                return
            inspections.delete_inspection(self.ledger, self.inspection_id)
            self.outcome = "discarded"
        super().reject()
