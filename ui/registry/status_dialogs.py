"""Moving out, recording a death, moving to another household, and showing
a resident's full numbers: the registry's deliberate acts."""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core import registry, vocab
from core.ledger import Ledger
from core.errors import ValidationError
from core.registry.queries import households_of_unit
from ui.fields import DateField
from ui.registry.household_dialog import unit_choices
from ui.widgets import LedgerDialog, dialog_buttons, error_label


class StatusDialog(LedgerDialog):
    """迁出 / 去世 / 恢复在住 for one resident. The record is kept either way."""

    def __init__(self, ledger: Ledger, resident_id: str, preselect: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._resident = registry.get_resident(ledger.db, resident_id)
        self.setWindowTitle(f"办理状态变更 — {self._resident.name}")
        explain = QLabel(f"{self._resident.name} 现在的状态：{self._resident.status}。"
                         "变更后记录仍保留在档案中，可按状态筛选查看。")
        explain.setWordWrap(True)
        self.choices = QButtonGroup(self)
        row = QHBoxLayout()
        options = [s for s in vocab.STATUSES if s != self._resident.status]
        labels = {vocab.STATUS_MOVED_OUT: "迁出", vocab.STATUS_DECEASED: "去世",
                  vocab.STATUS_LIVING: "恢复在住（撤销误办的迁出）"}
        for status in options:
            radio = QRadioButton(labels[status])
            radio.setProperty("status", status)
            self.choices.addButton(radio)
            row.addWidget(radio)
            if status == (preselect or options[0]):
                radio.setChecked(True)
        row.addStretch()
        self.date = DateField(allow_empty=False)
        self.note = QLineEdit()
        self.note.setPlaceholderText("如：迁往某某小区；随子女居住")
        self.error = error_label()
        form = QFormLayout()
        form.addRow("日期", self.date)
        form.addRow("说明", self.note)
        buttons, self.ok = dialog_buttons(self, "确认办理")
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def status(self) -> str:
        return self.choices.checkedButton().property("status")

    def accept(self) -> None:
        try:
            registry.change_status(self._ledger, self._resident.id, self.status(),
                                   self.date.value() or datetime.date.today(), self.note.text())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()


class MoveDialog(LedgerDialog):
    """转户: move a living resident to another household of the community."""

    def __init__(self, ledger: Ledger, resident_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._resident = registry.get_resident(ledger.db, resident_id)
        self.setWindowTitle(f"转户 — {self._resident.name}")
        self.unit = QComboBox()
        # As wide as the longest unit name: “红星机械厂生活区 3栋2单元” is read whole.
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for uid, label in unit_choices(ledger):
            self.unit.addItem(label, uid)
        self.room = QComboBox()
        self.relation = QComboBox()
        self.relation.addItems(vocab.RELATIONS)
        self.relation.setCurrentText("其他" if self._resident.relation == "户主" else self._resident.relation)
        self.date = DateField(allow_empty=False)
        self.note = QLineEdit()
        self.error = error_label()
        form = QFormLayout()
        form.addRow("转入单元", self.unit)
        form.addRow("转入房号", self.room)
        form.addRow("在新户中的关系", self.relation)
        form.addRow("日期", self.date)
        form.addRow("说明", self.note)
        buttons, self.ok = dialog_buttons(self, "确认转户")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.unit.currentIndexChanged.connect(self._load_rooms)
        current_unit = registry.get_household(ledger.db, self._resident.household_id).unit_id
        self.unit.setCurrentIndex(max(self.unit.findData(current_unit), 0))
        self._load_rooms()

    def _load_rooms(self) -> None:
        self.room.clear()
        for household_id, room in households_of_unit(self._ledger.db, self.unit.currentData()):
            if household_id != self._resident.household_id:
                self.room.addItem(room, household_id)
        self.ok.setEnabled(self.room.count() > 0)

    def accept(self) -> None:
        try:
            registry.move_resident(self._ledger, self._resident.id, self.room.currentData(),
                                   self.date.value() or datetime.date.today(),
                                   self.relation.currentText(), self.note.text())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
