"""Fields naming people: residents or staff picked with the shared picker
(``ui.people``), or names typed freely.

Inspectors, supervisors and those responsible for a rectification may be
residents (their id is kept with the name) or anybody else, such as the
office's staff, picked from the staff list or typed as a name.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from core.inspections import Inspector, parse_names
from core.ledger import Ledger
from ui.people import PersonPickerDialog


class InspectorsField(QWidget):
    """Names separated by 、, with 从名册添加 to pick residents.

    Signals:
        changed(): the list changed.
    """

    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None,
                 placeholder: str = "姓名，多人用“、”分隔") -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._ids: dict[str, str] = {}
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.pick = QPushButton("从名册添加…")
        self.pick.setToolTip("从居民名册中选择（党员、委员等）")
        self.pick.clicked.connect(self._pick)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> list[Inspector]:
        return [Inspector(name, self._ids.get(name)) for name in parse_names(self.edit.text())]

    def set_value(self, people: list[Inspector]) -> None:
        self._ids = {p.name: p.resident_id for p in people if p.resident_id}
        self.edit.setText("、".join(p.name for p in people))

    def add(self, name: str, resident_id: str | None) -> None:
        names = parse_names(self.edit.text())
        if resident_id:
            self._ids[name] = resident_id
        if name not in names:
            names.append(name)
        self.edit.setText("、".join(names))

    def _pick(self) -> None:
        dialog = PersonPickerDialog(self._ledger, "选择检查人", party_only=True, parent=self)
        if dialog.exec() and dialog.picked:
            self.add(*dialog.picked)

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.pick.setVisible(not read_only)


class PersonField(QWidget):
    """One person: a typed name, or a resident picked from the registry.

    Signals:
        changed(): the name changed.
    """

    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None,
                 placeholder: str = "姓名") -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._picked: tuple[str, str] | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.pick = QPushButton("选择…")
        self.pick.setToolTip("从居民名册中选择")
        self.pick.clicked.connect(self._pick)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())

    def name(self) -> str:
        return self.edit.text().strip()

    def resident_id(self) -> str | None:
        """The picked resident's id, as long as the name was not changed since."""
        if self._picked and self._picked[0] == self.name():
            return self._picked[1]
        return None

    def set_person(self, name: str, resident_id: str | None) -> None:
        self._picked = (name, resident_id) if resident_id else None
        self.edit.setText(name)

    def _pick(self) -> None:
        dialog = PersonPickerDialog(self._ledger, "选择责任人", party_only=False, parent=self)
        if dialog.exec() and dialog.picked:
            self.set_person(*dialog.picked)

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.pick.setVisible(not read_only)


