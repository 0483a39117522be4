"""The person picker: one widget for every screen that names a person.

A person is a living resident of the registry, found by name, pinyin
initials or room, or an office staff member who does not live in the
compound (kept in the staff list, added here too). The grid's 指定负责人,
the inspection's 检查人 and 责任人 and the rotation's 督导人 all pick
through it; what comes back is a :class:`core.people.Person`.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core import vocab
from core.errors import ValidationError
from core.grid.people import StaffForm, add_staff, check_staff, get_staff, list_staff, update_staff
from core.ledger import Ledger
from core.masking import mask_phone
from core.people import Person, PersonRef
from core.registry import queries as rq
from ui.fields import MaskedField
from ui.registry.models import ResidentTableModel
from ui.sql_table_model import Column, StaticTableModel
from ui.widgets import LedgerDialog, LedgerTableView, dialog_buttons, error_label


class PersonPicker(QWidget):
    """A resident search or the staff list; :meth:`chosen` is the one selected.

    With ``party_only`` only party members are offered (the party tree);
    with ``party_toggle`` the user may switch that with 只看党员. Staff are
    offered unless ``allow_staff`` is false.
    """

    def __init__(self, ledger: Ledger, *, party_only: bool = False, unit_id: str | None = None,
                 party_toggle: bool = False, allow_staff: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._unit_id = unit_id
        self.party_only = QCheckBox("只看党员")
        self.party_only.setChecked(party_only)
        self.party_only.setVisible(party_toggle)
        self.resident_radio = QRadioButton("本小区居民")
        self.staff_radio = QRadioButton("社区工作人员（不住本小区）")
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.resident_radio)
        self.kind.addButton(self.staff_radio)
        self.resident_radio.setChecked(True)
        self.staff_radio.setVisible(allow_staff and (party_toggle or not party_only))

        self.search = QLineEdit()
        self.search.setPlaceholderText("姓名、拼音首字母（如 zs）、房号（如 3-2-301）")
        self.search.setClearButtonEnabled(True)
        self.own_unit = QCheckBox("只看所负责单元的居民")
        self.own_unit.setChecked(unit_id is not None)
        self.own_unit.setVisible(unit_id is not None)
        self.residents = ResidentTableModel(self)
        keep = {"address", "name", "age", "political_status", "phone"}
        self.residents.columns = [c for c in self.residents.columns if c.key in keep]
        self.resident_view = LedgerTableView()
        self.resident_view.setModel(self.residents)
        self.resident_view.set_column_widths([c.width for c in self.residents.columns])

        self.staff = StaticTableModel([
            Column("name", "姓名", "name", width=8), Column("role", "职务", "role", width=14),
            Column("phone", "电话", None, display=lambda r: mask_phone(r["phone"]), width=13),
        ], parent=self)
        self.staff_view = LedgerTableView()
        self.staff_view.setModel(self.staff)
        self.staff_view.set_column_widths([c.width for c in self.staff.columns])
        self.add_staff_button = QPushButton("新增工作人员…")
        self.edit_staff_button = QPushButton("修改…")

        resident_page = QWidget()
        resident_layout = QVBoxLayout(resident_page)
        resident_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.own_unit)
        search_row.addWidget(self.party_only)
        resident_layout.addLayout(search_row)
        resident_layout.addWidget(self.resident_view)
        staff_page = QWidget()
        staff_layout = QVBoxLayout(staff_page)
        staff_layout.setContentsMargins(0, 0, 0, 0)
        staff_layout.addWidget(self.staff_view)
        staff_buttons = QHBoxLayout()
        staff_buttons.addWidget(self.add_staff_button)
        staff_buttons.addWidget(self.edit_staff_button)
        staff_buttons.addStretch()
        staff_layout.addLayout(staff_buttons)
        self.pages = QStackedWidget()
        self.pages.addWidget(resident_page)
        self.pages.addWidget(staff_page)

        kinds = QHBoxLayout()
        kinds.addWidget(self.resident_radio)
        kinds.addWidget(self.staff_radio)
        kinds.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(kinds)
        layout.addWidget(self.pages)

        self.resident_radio.toggled.connect(self._on_kind)
        self.search.textChanged.connect(self._reload_residents)
        self.own_unit.toggled.connect(self._reload_residents)
        self.party_only.toggled.connect(self._reload_residents)
        self.add_staff_button.clicked.connect(self._add_staff)
        self.edit_staff_button.clicked.connect(self._edit_staff)
        self._reload_residents()
        self._reload_staff()

    @property
    def selection_changed(self):
        """Both views' current-row signals, for the dialog to validate on."""
        return (self.resident_view.selectionModel().currentRowChanged,
                self.staff_view.selectionModel().currentRowChanged,
                self.resident_radio.toggled)

    def _on_kind(self) -> None:
        self.pages.setCurrentIndex(0 if self.resident_radio.isChecked() else 1)

    def _reload_residents(self) -> None:
        scope = rq.SCOPE_UNIT if self._unit_id and self.own_unit.isChecked() else rq.SCOPE_ALL
        f = rq.RegistryFilter(scope=scope, scope_id=self._unit_id if scope == rq.SCOPE_UNIT else None,
                              text=self.search.text(),
                              party_only=self.party_only.isChecked(),
                              statuses=(vocab.STATUS_LIVING,), community_id=self._ledger.community_id)
        db = self._ledger.db
        self.residents.set_source(
            lambda offset, limit, order, desc: rq.resident_page(db, f, offset, limit, order, desc),
            lambda: rq.resident_counts(db, f).residents)

    def _reload_staff(self, select: str | None = None) -> None:
        self.staff.set_rows([s.__dict__ for s in list_staff(self._ledger.db, self._ledger.community_id)])
        if select:
            row = self.staff.row_of(select)
            if row is not None:
                self.staff_view.selectionModel().setCurrentIndex(
                    self.staff.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _add_staff(self) -> None:
        dialog = StaffDialog(self._ledger, parent=self)
        if dialog.exec():
            self._reload_staff(dialog.staff_id)

    def _edit_staff(self) -> None:
        person = self._selected(self.staff_view, self.staff)
        if person:
            dialog = StaffDialog(self._ledger, person, parent=self)
            if dialog.exec():
                self._reload_staff(person)

    @staticmethod
    def _selected(view: LedgerTableView, model) -> str | None:
        index = view.selectionModel().currentIndex()
        if index.isValid() and view.selectionModel().isRowSelected(index.row(), index.parent()):
            return model.id_at(index.row())
        return None

    def person(self) -> PersonRef | None:
        if self.resident_radio.isChecked():
            chosen = self._selected(self.resident_view, self.residents)
            return PersonRef.resident(chosen) if chosen else None
        chosen = self._selected(self.staff_view, self.staff)
        return PersonRef.staff(chosen) if chosen else None

    def chosen(self) -> Person | None:
        """The selected person with the name shown, or None."""
        ref = self.person()
        if ref is None:
            return None
        if ref.kind == "resident":
            row = self.residents.row_of(ref.id)
            name = self.residents.row(row)["name"] if row is not None else ""
        else:
            row = self.staff.row_of(ref.id)
            name = self.staff.row(row)["name"] if row is not None else ""
        return Person.of(ref, name)

    def select_first(self) -> None:
        """Select the first resident listed (a dialog's starting point)."""
        if self.residents.rowCount():
            self.resident_view.selectionModel().setCurrentIndex(
                self.residents.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def select_resident(self, resident_id: str) -> bool:
        """Select a resident in the list (searching for them if needed); for tests and defaults."""
        self.resident_radio.setChecked(True)
        row = self.residents.row_of(resident_id)
        if row is None:
            self.own_unit.setChecked(False)
            self.search.clear()
            row = self.residents.row_of(resident_id)
        if row is None:
            return False
        self.resident_view.selectionModel().setCurrentIndex(
            self.residents.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def select_staff(self, staff_id: str) -> bool:
        self.staff_radio.setChecked(True)
        self._reload_staff(staff_id)
        return self.person() == PersonRef.staff(staff_id)


class PersonPickerDialog(LedgerDialog):
    """Pick one person with :class:`PersonPicker`.

    Attributes:
        person: the :class:`~core.people.Person` once accepted.
        picked: (name, resident id or None), the same, for name-and-id fields.
    """

    def __init__(self, ledger: Ledger, title: str = "选择人员", *, party_only: bool = False,
                 allow_staff: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(680, 520)
        self.person: Person | None = None
        self.picked: tuple[str, str | None] | None = None
        self.picker = PersonPicker(ledger, party_only=party_only, party_toggle=True,
                                   allow_staff=allow_staff)
        buttons, self.ok = dialog_buttons(self, "选择")
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addWidget(buttons)
        for signal in self.picker.selection_changed:
            signal.connect(self._update)
        self.picker.resident_view.activated.connect(lambda _i: self.accept())
        self.picker.staff_view.activated.connect(lambda _i: self.accept())
        self.picker.select_first()
        self._update()

    def _update(self, *_args) -> None:
        self.ok.setEnabled(self.picker.chosen() is not None)

    def accept(self) -> None:
        person = self.picker.chosen()
        if person is None:
            return
        self.person = person
        self.picked = (person.name, person.resident_id)
        super().accept()


class StaffDialog(LedgerDialog):
    """Add or edit an office staff member (name, phone, 职务)."""

    def __init__(self, ledger: Ledger, staff_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self.staff_id = staff_id
        self.setWindowTitle("修改工作人员" if staff_id else "新增工作人员")
        self.name = QLineEdit()
        self.phone = MaskedField(mask_phone)
        self.role = QLineEdit()
        self.role.setPlaceholderText("如：社区党委书记、网格员")
        self.notes = QLineEdit()
        self.error = error_label()
        if staff_id:
            staff = get_staff(ledger.db, staff_id)
            self.name.setText(staff.name)
            self.phone.set_stored(staff.phone)
            self.role.setText(staff.role)
            self.notes.setText(staff.notes)
        form = QFormLayout()
        form.addRow("姓名 *", self.name)
        form.addRow("电话", self.phone)
        form.addRow("职务", self.role)
        form.addRow("备注", self.notes)
        buttons, self.ok = dialog_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for signal in (self.name.textChanged, self.phone.textChanged, self.role.textChanged):
            signal.connect(self._validate)
        self._validate()

    def form(self) -> StaffForm:
        return StaffForm(self.name.text(), self.phone.text(), self.role.text(), self.notes.text())

    def _validate(self, *_args) -> bool:
        self.error.hide()
        try:
            check_staff(self.form())
        except ValidationError as exc:
            self.ok.setEnabled(False)
            if exc.field != "name" or self.name.isModified():
                self.error.setText(exc.message)
                self.error.show()
            return False
        self.ok.setEnabled(True)
        return True

    def accept(self) -> None:
        if not self._validate():
            return
        try:
            if self.staff_id:
                update_staff(self._ledger, self.staff_id, self.form())
            else:
                self.staff_id = add_staff(self._ledger, self.form())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
