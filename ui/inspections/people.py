"""Picking people: residents from the registry, or names typed freely.

Inspectors, supervisors and those responsible for a rectification may be
residents (their id is kept with the name) or anybody else, such as the
office's staff, typed as a name. Only names and addresses are shown here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.inspections import Inspector, parse_names
from core.ledger import Ledger
from core.registry import queries as rq
from ui.sql_table_model import Column, PagedTableModel
from ui.widgets import LedgerTableView, dialog_buttons


class ResidentPickerModel(PagedTableModel):
    """Living residents matching the search, by address."""

    def __init__(self, parent=None) -> None:
        super().__init__([
            Column("name", "姓名", "name", width=8),
            Column("address", "住址", "address", width=14),
            Column("political_status", "政治面貌", "political_status", width=8),
            Column("presence", "党员所在", None, width=8),
        ], parent)
        self._order = "address"


class PersonPickerDialog(QDialog):
    """Search the registry and pick one resident.

    Attributes:
        picked: (name, resident id) once accepted.
    """

    def __init__(self, ledger: Ledger, title: str = "选择居民", *, party_only: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(620, 520)
        self._db = ledger.db
        self._community = ledger.community_id
        self.picked: tuple[str, str] | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("姓名、拼音首字母或房号")
        self.search.setClearButtonEnabled(True)
        self.party_only = QCheckBox("只看党员")
        self.party_only.setChecked(party_only)
        self.model = ResidentPickerModel(self)
        self.view = LedgerTableView()
        self.view.setModel(self.model)
        self.view.set_column_widths([c.width for c in self.model.columns])
        buttons, self.ok = dialog_buttons(self, "选择")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.party_only)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._reload)
        self.party_only.toggled.connect(self._reload)
        self.view.activated.connect(lambda _i: self.accept())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self._reload()

    def _reload(self) -> None:
        f = rq.RegistryFilter(text=self.search.text(), party_only=self.party_only.isChecked(),
                              community_id=self._community)
        db = self._db
        self.model.set_source(
            lambda offset, limit, order, desc: rq.resident_page(db, f, offset, limit, order, desc),
            lambda: rq.resident_counts(db, f).residents)
        if self.model.rowCount():
            self.view.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(self.view.currentIndex().isValid())

    def accept(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        row = self.model.row(index.row())
        self.picked = (row["name"], row["id"])
        super().accept()


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
        dialog = PersonPickerDialog(self._ledger, "选择检查人", parent=self)
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


