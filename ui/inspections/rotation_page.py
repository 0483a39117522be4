"""卫生轮值: who supervises which unit in which week, whether the check was
done, and the dialogs to generate the schedule and change a cell."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import registry
from core.inspections import rotation
from core.ledger import Change, Ledger
from core.inspections.rotation import Person, SlotView
from core.errors import ValidationError
from ui import messages
from ui.changes import ChangeHub
from ui.fields import DateField
from ui.inspections.common import PageAction, action_bar, enable
from ui.inspections.models import STATE_BACKGROUND, CellRole, RotationModel
from ui.inspections.people import PersonField
from ui.people import PersonPickerDialog
from ui.widgets import LedgerDialog, error_label

ACTIONS: tuple[PageAction, ...] = (
    PageAction("generate", "生成排班…", "generate", "按名单轮流排定各单元每周的督导人"),
    PageAction("assign", "调整督导人…", "assign_selected", "为所选单元、所选周指定督导人（双击格子也可）", "cell"),
    PageAction("record", "记录检查…", "record_selected", "填写或查看所选格子那一周的卫生检查", "slot"),
    PageAction("clear", "取消安排", "clear_selected", "取消所选格子的安排（已记录检查的不能取消）", "slot"),
    PageAction("this_week", "回到本周", "go_this_week", "从四周前开始显示"),
)

WATCHED = ("rotation_slot", "inspection", "unit", "building", "compound")


class RotationPage(QWidget):
    """The rotation schedule of one compound.

    Signals:
        open_inspection_requested(str): open this check.
        new_check_requested(object): record a check for this SlotView.
    """

    open_inspection_requested = Signal(str)
    new_check_requested = Signal(object)

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.compound = QComboBox()
        self._fill_compounds()
        self.first_week = DateField(allow_empty=False)
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 26)
        self.weeks.setValue(10)
        self.weeks.setSuffix(" 周")
        self.model = RotationModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = QLabel()
        controls = QHBoxLayout()
        controls.addWidget(QLabel("小区"))
        controls.addWidget(self.compound)
        controls.addWidget(QLabel("从"))
        controls.addWidget(self.first_week)
        controls.addWidget(QLabel("起，显示"))
        controls.addWidget(self.weeks)
        controls.addSpacing(12)
        for state in (rotation.STATE_DONE, rotation.STATE_MISSED, rotation.STATE_DUE,
                      rotation.STATE_DRAFT, rotation.STATE_PLANNED):
            swatch = QLabel(f"　{state}　")
            swatch.setStyleSheet(f"background: {STATE_BACKGROUND[state].name()}; border: 1px solid #ccc;")
            controls.addWidget(swatch)
        controls.addStretch()
        bar, self.buttons = action_bar(self, ACTIONS)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.go_this_week(reload=False)
        self.compound.currentIndexChanged.connect(self.reload)
        self.first_week.dateChanged.connect(self.reload)
        self.weeks.valueChanged.connect(self.reload)
        self.view.doubleClicked.connect(lambda _i: self.assign_selected())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        hub.changed.connect(self._on_change)
        self.reload()

    def reload(self) -> None:
        compound_id = self.compound.currentData()
        today = datetime.date.today()
        if compound_id is None:
            self.model.set_grid(rotation.RotationGrid([], [], {}))
            return
        current = self.view.currentIndex()
        grid = rotation.rotation_grid(self.ledger.db, compound_id, self.first_week.value(),
                                      self.weeks.value(), today)
        self.model.set_grid(grid)
        self.view.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.8))
        if current.isValid():
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))
        counts = rotation.rotation_summary(grid)
        missed = counts[rotation.STATE_MISSED]
        missed_text = (f"<span style='color:#c0392b'><b>未查 {missed}</b></span>" if missed
                       else "未查 0")
        self.summary.setText(
            f"已完成 {counts[rotation.STATE_DONE]}　{missed_text}　本周待查 {counts[rotation.STATE_DUE]}"
            f"　草稿 {counts[rotation.STATE_DRAFT]}　待查 {counts[rotation.STATE_PLANNED]}"
            "　（斜体为手动调整的安排）")
        self._update_buttons()

    def _fill_compounds(self) -> None:
        current = self.compound.currentData()
        self.compound.blockSignals(True)
        self.compound.clear()
        for cid, name in registry.compound_choices(self.ledger.db, self.ledger.community_id):
            self.compound.addItem(name, cid)
        self.compound.setCurrentIndex(max(self.compound.findData(current), 0))
        self.compound.blockSignals(False)

    def _on_change(self, change: Change) -> None:
        if change.touches("compound"):
            self._fill_compounds()
        if change.touches(*WATCHED):
            self.reload()

    def go_this_week(self, reload: bool = True) -> None:
        start = rotation.week_start(datetime.date.today()) - datetime.timedelta(weeks=4)
        self.first_week.blockSignals(True)
        self.first_week.set_value(start)
        self.first_week.blockSignals(False)
        if reload:
            self.reload()

    def current_cell(self) -> tuple[QModelIndex, SlotView | None]:
        index = self.view.currentIndex()
        return index, index.data(CellRole) if index.isValid() else None

    def _update_buttons(self) -> None:
        index, slot = self.current_cell()
        enable(ACTIONS, self.buttons, {"cell": index.isValid(), "slot": slot is not None})

    # ------------------------------------------------------------ actions

    def generate(self) -> None:
        compound_id = self.compound.currentData()
        if compound_id is None:
            return
        dialog = GenerateDialog(self.ledger, compound_id, self.first_week.value(), parent=self)
        dialog.exec()

    def assign_selected(self) -> None:
        index, slot = self.current_cell()
        if not index.isValid():
            return
        unit_id, monday = self.model.unit_id(index.row()), self.model.week(index.column())
        SlotDialog(self.ledger, unit_id, self.model.grid.units[index.row()][1], monday, slot,
                   parent=self).exec()

    def record_selected(self) -> None:
        _index, slot = self.current_cell()
        if slot is None:
            return
        if slot.inspection_id:
            self.open_inspection_requested.emit(slot.inspection_id)
        elif slot.week_start > datetime.date.today():
            messages.info(self, "这一周还没到，不能提前记录检查。")
        else:
            self.new_check_requested.emit(slot)

    def clear_selected(self) -> None:
        _index, slot = self.current_cell()
        if slot is None:
            return
        try:
            rotation.clear_slot(self.ledger, slot.slot_id)
        except ValidationError as exc:
            messages.warn(self, exc.message)


class SlotDialog(LedgerDialog):
    """Put someone on one unit for one week."""

    def __init__(self, ledger: Ledger, unit_id: str, unit_label: str, monday: datetime.date,
                 slot: SlotView | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("调整督导人")
        self.ledger = ledger
        self.unit_id = unit_id
        self.monday = monday
        self.person = PersonField(ledger, placeholder="督导人姓名")
        if slot:
            self.person.set_person(slot.supervisor, slot.resident_id)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("单元", QLabel(unit_label))
        form.addRow("周", QLabel(rotation.week_label(monday)))
        form.addRow("督导人 *", self.person)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            rotation.assign_slot(self.ledger, self.unit_id, self.monday,
                                 Person(self.person.name(), self.person.resident_id()))
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()


class GenerateDialog(LedgerDialog):
    """Generate the schedule from a list of people, one per line.

    Attributes:
        written: how many cells were written once accepted.
    """

    def __init__(self, ledger: Ledger, compound_id: str, first_week: datetime.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("生成卫生轮值")
        self.ledger = ledger
        self.compound_id = compound_id
        self.written = 0
        previous = rotation.rotation_people(ledger.db, compound_id)
        self._ids = {p.name: p.resident_id for p in previous if p.resident_id}
        self.people = QPlainTextEdit("\n".join(p.name for p in previous))
        self.people.setPlaceholderText("每行一位督导人（党员、居委委员等）")
        add = QPushButton("从名册添加…")
        add.clicked.connect(self._add_person)
        self.first = DateField(allow_empty=False)
        self.first.set_value(max(first_week, rotation.week_start(datetime.date.today())))
        self.weeks = QSpinBox()
        self.weeks.setRange(1, rotation.MAX_WEEKS)
        self.weeks.setValue(12)
        self.weeks.setSuffix(" 周")
        self.replace = QCheckBox("覆盖手动调整过的安排")
        self.error = error_label()
        hint = QLabel("按单元顺序轮流安排，每过一周每人顺延一个单元；已记录检查的周不会改动。")
        hint.setWordWrap(True)
        people_box = QVBoxLayout()
        people_box.addWidget(self.people)
        people_box.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        form.addRow("督导人名单 *", people_box)
        form.addRow("从这一周开始", self.first)
        form.addRow("排几周", self.weeks)
        form.addRow("", self.replace)
        buttons = QDialogButtonBox()
        buttons.addButton("生成", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 520)

    def _add_person(self) -> None:
        dialog = PersonPickerDialog(self.ledger, "选择督导人", party_only=True, parent=self)
        if dialog.exec() and dialog.picked:
            name, resident_id = dialog.picked
            self._ids[name] = resident_id
            self.people.appendPlainText(name)

    def value(self) -> list[Person]:
        names = [line.strip() for line in self.people.toPlainText().splitlines() if line.strip()]
        return [Person(name, self._ids.get(name)) for name in names]

    def accept(self) -> None:
        try:
            self.written = rotation.generate_rotation(
                self.ledger, self.compound_id, self.value(), self.first.value(), self.weeks.value(),
                replace_edited=self.replace.isChecked())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
