"""The contact sheet (通讯录): every grid head, or the party organisation,
searchable by name, pinyin initials, phone or unit; phones masked until
the user shows one."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget

from core.ledger import Ledger
from core.grid.queries import Contact, grid_contacts, party_contacts, search_contacts
from ui.grid.models import ContactModel
from ui.widgets import LedgerTableView


class ContactSheet(QWidget):
    """通讯录 of the grid heads (网格负责人) or the party organisation (党组织)."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._contacts: dict[str, list[Contact]] = {}
        self.grid_radio = QRadioButton("网格负责人")
        self.party_radio = QRadioButton("党组织")
        self.which = QButtonGroup(self)
        self.which.addButton(self.grid_radio)
        self.which.addButton(self.party_radio)
        self.grid_radio.setChecked(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音首字母（如 zs）、电话、单元（如 3栋2单元 或 3-2）")
        self.search.setClearButtonEnabled(True)
        self.reveal_button = QPushButton("显示号码")
        self.reveal_button.setToolTip("显示或隐藏所选一行的完整电话")
        self.count = QLabel()
        self.model = ContactModel(self)
        self.view = LedgerTableView()
        self.view.setSortingEnabled(False)  # tree order: level 1 first, each head under its grid
        self.view.setModel(self.model)
        self.view.set_column_widths([c.width for c in self.model.columns])
        top = QHBoxLayout()
        top.addWidget(self.grid_radio)
        top.addWidget(self.party_radio)
        top.addWidget(self.search, 1)
        top.addWidget(self.reveal_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._filter)
        self.grid_radio.toggled.connect(self._filter)
        self.reveal_button.clicked.connect(self.toggle_reveal)
        self.view.selectionModel().currentRowChanged.connect(self._update_button)

    def reload(self) -> None:
        """Re-read both lists (the registry or the grid changed)."""
        community = self._ledger.community_id
        self._contacts = {"grid": grid_contacts(self._ledger.db, community),
                          "party": party_contacts(self._ledger.db, community)}
        self._filter()

    def _filter(self, *_args) -> None:
        which = "grid" if self.grid_radio.isChecked() else "party"
        if which not in self._contacts:
            return
        found = search_contacts(self._contacts[which], self.search.text())
        self.model.set_contacts(found)
        total = len(self._contacts[which])
        self.count.setText(f"共 {total} 条" if len(found) == total else f"找到 {len(found)} 条（共 {total} 条）")
        self._update_button()

    def selected_key(self) -> str | None:
        index = self.view.selectionModel().currentIndex()
        if index.isValid() and self.view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return self.model.id_at(index.row())
        return None

    def select_row(self, row: int) -> None:
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def toggle_reveal(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.model.reveal(key, key not in self.model.revealed)
            self._update_button()

    def _update_button(self, *_args) -> None:
        key = self.selected_key()
        self.reveal_button.setEnabled(key is not None)
        self.reveal_button.setText("隐藏号码" if key in self.model.revealed else "显示号码")
