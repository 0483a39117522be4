"""Adding and editing a household (户): its unit, room, tenure and phone."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core import registry, vocab
from core.ledger import Ledger
from core.errors import ValidationError
from ui.fields import MaskedField
from core.masking import mask_phone
from ui.widgets import LedgerDialog, dialog_buttons, error_label


def unit_choices(ledger: Ledger) -> list[tuple[str, str]]:
    """(unit id, ``小区 3栋2单元``) of every unit of the current community, in order."""
    return registry.unit_choices(ledger.db, ledger.community_id)


class HouseholdDialog(LedgerDialog):
    """Form for one household; adds to ``unit_id`` or edits ``household_id``.

    Attributes:
        household_id: the saved household's id once accepted.
    """

    def __init__(self, ledger: Ledger, unit_id: str | None = None,
                 household_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self.household_id = household_id
        self.setWindowTitle("编辑住户" if household_id else "新增住户")
        self.unit = QComboBox()
        for uid, label in unit_choices(ledger):
            self.unit.addItem(label, uid)
        self.room = QLineEdit()
        self.room.setPlaceholderText("如 301")
        self.tenure = QComboBox()
        self.tenure.addItems(vocab.TENURES)
        self.phone = MaskedField(mask_phone)
        self.phone.edit.setPlaceholderText("户联系电话（可不填）")
        self.notes = QLineEdit()
        self.error = error_label()

        if household_id:
            household = registry.get_household(ledger.db, household_id)
            unit_id = household.unit_id
            self.room.setText(household.room)
            self.tenure.setCurrentText(household.tenure)
            self.phone.set_stored(household.phone)
            self.notes.setText(household.notes)
        if unit_id:
            self.unit.setCurrentIndex(max(self.unit.findData(unit_id), 0))

        form = QFormLayout()
        form.addRow("所在单元", self.unit)
        form.addRow("房号 *", self.room)
        form.addRow("居住性质", self.tenure)
        form.addRow("联系电话", self.phone)
        form.addRow("备注", self.notes)
        buttons, self.ok = dialog_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.room.textChanged.connect(self._validate)
        self.phone.textChanged.connect(self._validate)
        self.unit.currentIndexChanged.connect(self._validate)
        self.tenure.currentIndexChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> bool:
        self.error.hide()
        if not self.room.text().strip():
            self.ok.setEnabled(False)
            return False
        try:
            registry.check_household(self._ledger.db, self.unit.currentData(), self.room.text(),
                                     self.tenure.currentText(), self.phone.text(), self.household_id)
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.ok.setEnabled(False)
            return False
        self.ok.setEnabled(True)
        return True

    def accept(self) -> None:
        if not self._validate():
            return
        try:
            if self.household_id:
                registry.update_household(
                    self._ledger, self.household_id, unit_id=self.unit.currentData(),
                    room=self.room.text(), tenure=self.tenure.currentText(),
                    phone=self.phone.text(), notes=self.notes.text())
            else:
                self.household_id = registry.add_household(
                    self._ledger, self.unit.currentData(), self.room.text(),
                    tenure=self.tenure.currentText(), phone=self.phone.text(), notes=self.notes.text())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
