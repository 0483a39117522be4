"""Choosing who holds a node (指定 / 更换负责人).

The person is picked with the shared picker (``ui.people``): a living
resident of the registry or an office staff member. The dialog checks the choice against the rules as the user
picks (``core.grid_people.check_person``) and says why it cannot be saved.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from core import grid
from core.errors import ValidationError
from core.grid import TREE_PARTY
from core.grid.people import assign_person, check_person, current_holder
from core.ledger import Ledger
from ui.fields import DateField
from ui.people import PersonPicker, StaffDialog  # noqa: F401 (StaffDialog: the grid's staff form)
from ui.widgets import LedgerDialog, dialog_buttons, error_label


class PersonDialog(LedgerDialog):
    """指定 / 更换 the holder of a node. The previous holder's term ends on the start date.

    Attributes:
        assignment_id: the new assignment's id once accepted.
    """

    def __init__(self, ledger: Ledger, node_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._node = grid.get_node(ledger.db, node_id)
        self.assignment_id: str | None = None
        current = current_holder(ledger.db, node_id)
        verb = "更换" if current else "指定"
        self.setWindowTitle(f"{verb}{self._node.role} — {self._node.name}")
        self.resize(760, 560)
        units = grid.units_of(ledger.db, node_id)
        self.picker = PersonPicker(ledger, party_only=self._node.tree == TREE_PARTY,
                                   unit_id=units[0] if len(units) == 1 else None)
        now_text = "现在无人担任" if current is None else (
            f"现任：{current.name}（{current.kind_label}，{current.start_date} 起"
            + (f"，已{current.status}" if current.gone else "") + "）")
        self.current_label = QLabel(now_text)
        if current is not None and current.gone:
            self.current_label.setStyleSheet("color: #c0392b;")
        explain = QLabel("新负责人从起始日期开始担任；原负责人的任期到这一天为止，记录保留在历任名单中。")
        explain.setWordWrap(True)
        self.start = DateField(allow_empty=False)
        self.note = QLineEdit()
        self.note.setPlaceholderText("如：原单元长迁出；换届")
        self.error = error_label()
        form = QFormLayout()
        form.addRow("起始日期", self.start)
        form.addRow("说明", self.note)
        buttons, self.ok = dialog_buttons(self, "确定")
        layout = QVBoxLayout(self)
        layout.addWidget(self.current_label)
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for signal in self.picker.selection_changed:
            signal.connect(self._validate)
        self.start.dateChanged.connect(self._validate)
        self._validate()

    def _validate(self, *_args) -> bool:
        person = self.picker.person()
        self.error.hide()
        if person is None:
            self.ok.setEnabled(False)
            return False
        try:
            check_person(self._ledger.db, self._node.id, person, self.start.value())
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
            self.assignment_id = assign_person(self._ledger, self._node.id, self.picker.person(),
                                               self.start.value(), self.note.text())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
