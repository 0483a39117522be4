"""The household registry tab (住户档案).

Left, the compound tree; right, the households and the residents of what is
selected, filtered as the user types. Keys: Enter opens, Ctrl+F searches,
Ctrl+N adds, Delete asks how a resident leaves (the record is kept).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import registry, vocab
from core.ledger import Change, Ledger
from core.registry.index import refresh_search_texts, search_texts_stale
from core.registry.search import RegistrySearch
from core.registry import queries as rq
from core.registry.queries import RegistryFilter
from ui import messages
from ui.changes import ChangeHub
from ui.gc_guard import freeze_long_lived
from ui.registry.household_dialog import HouseholdDialog
from ui.registry.models import HouseholdTableModel, ResidentTableModel
from ui.registry.resident_dialog import ResidentDialog
from ui.registry.status_dialogs import MoveDialog, StatusDialog
from ui.registry.tree_panel import TreePanel
from ui.widgets import Heading, LedgerTableView, stacked

_STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "在住": (vocab.STATUS_LIVING,),
    "迁出": (vocab.STATUS_MOVED_OUT,),
    "死亡": (vocab.STATUS_DECEASED,),
    "全部状态": (),
}

_WATCHED = ("household", "resident", "party_member", "resident_tag", "building", "unit", "compound")


@dataclass(frozen=True)
class TabAction:
    """A button of the tab, declared as data."""

    name: str
    label: str
    handler: str
    tip: str
    needs: str = ""  # "resident", "household", "unit" or "" (always enabled)


ACTIONS: tuple[TabAction, ...] = (
    TabAction("add_household", "新增住户", "add_household", "在所选单元登记一户", "unit"),
    TabAction("add_resident", "新增居民", "add_resident", "在所选住户中登记一位居民（Ctrl+N）", "household"),
    TabAction("edit", "编辑", "edit_selected", "编辑所选居民或住户（Enter）", "any"),
    TabAction("status", "迁出 / 去世…", "change_status", "办理迁出或登记去世，档案保留（Delete）", "resident"),
    TabAction("move", "转户…", "move_resident", "把居民转到本社区的另一户", "resident"),
    TabAction("reveal", "显示号码", "toggle_reveal", "显示或隐藏所选居民的完整身份证号和电话", "resident"),
    TabAction("history", "变动记录", "show_history", "查看所选居民的登记、迁出、转户记录", "resident"),
    TabAction("import", "导入 Excel…", "import_excel", "从 Excel 登记表导入住户和居民（也可把 .xlsx 文件拖到这里）"),
    TabAction("export", "导出…", "export_excel", "把居民、住户、党员或关爱对象名册导出为 Excel"),
    TabAction("template", "导入模板…", "save_import_template", "保存一份空白的导入模板（导入模板.xlsx）"),
)


class RegistryTab(QWidget):
    """The registry: tree, filters, households and residents, and their actions."""

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.filter = RegistryFilter(community_id=ledger.community_id)
        if search_texts_stale(ledger.db):
            # Once, for a ledger written by an older version (surnames read
            # as other characters): ~3 s for a sub-district's 50,000.
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                refresh_search_texts(ledger)
            finally:
                QApplication.restoreOverrideCursor()
        self.search_index = RegistrySearch(ledger.db, ledger.community_id,
                                           open_reader=ledger.reopen if ledger.path is not None else None)
        freeze_long_lived()
        self.tree = TreePanel(ledger, unit_counts=self.search_index.unit_counts)

        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音首字母（如 zs）、身份证号、电话、房号　Ctrl+F")
        self.search.setClearButtonEnabled(True)
        self.party_only = QCheckBox("只看党员")
        self.tag = QComboBox()
        self.tag.addItem("全部标签", None)
        for tag in rq.tag_choices(ledger.db):
            self.tag.addItem(tag, tag)
        self.status = QComboBox()
        self.status.addItems(list(_STATUS_FILTERS))

        self.households = HouseholdTableModel(self)
        self.residents = ResidentTableModel(self)
        self.household_view = LedgerTableView()
        self.household_view.setModel(self.households)
        self.resident_view = LedgerTableView()
        self.resident_view.setModel(self.residents)
        self.household_view.set_column_widths([c.width for c in self.households.columns])
        self.resident_view.set_column_widths([c.width for c in self.residents.columns])
        self.household_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.resident_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        self.buttons: dict[str, QPushButton] = {}
        self.counts = QLabel()
        self.counts.setObjectName("registryCounts")
        self.resident_title = Heading("居民", scale=1.05)
        self._build_layout()
        self._connect_signals(hub)
        self._reload_all()
        self.setAcceptDrops(True)  # an .xlsx dropped here opens the import wizard

    # ------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.party_only)
        filters.addWidget(self.tag)
        filters.addWidget(self.status)

        self.action_bar = QHBoxLayout()
        for action in ACTIONS:
            button = QPushButton(action.label)
            button.setToolTip(action.tip)
            button.clicked.connect(lambda _c=False, h=action.handler: getattr(self, h)())
            self.buttons[action.name] = button
            self.action_bar.addWidget(button)
        self.action_bar.addStretch()

        household_box = stacked(Heading("住户", scale=1.05), self.household_view)
        resident_box = stacked(self.resident_title, self.resident_view)
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(household_box)
        tables.addWidget(resident_box)
        tables.setStretchFactor(0, 2)
        tables.setStretchFactor(1, 3)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(filters)
        right_layout.addLayout(self.action_bar)
        right_layout.addWidget(tables, 1)
        right_layout.addWidget(self.counts)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([280, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def _connect_signals(self, hub: ChangeHub) -> None:
        hub.changed.connect(self._on_change)
        self.tree.scope_changed.connect(self._on_scope)
        self.tree.add_household_requested.connect(self._add_household_to)
        self.search.textChanged.connect(self._on_filters)
        self.party_only.toggled.connect(self._on_filters)
        self.tag.currentIndexChanged.connect(self._on_filters)
        self.status.currentIndexChanged.connect(self._on_filters)
        self.household_view.selectionModel().currentRowChanged.connect(self._on_household)
        self.resident_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.household_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.household_view.activated.connect(lambda _i: self.open_household_card())
        self.resident_view.activated.connect(lambda _i: self.edit_resident())
        shortcuts = (
            (QKeySequence.StandardKey.Find, self.focus_search),
            (QKeySequence("Ctrl+N"), self.add_resident_or_household),
        )
        for key, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.resident_view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.change_status)

    # ------------------------------------------------------------ filtering

    def _on_scope(self, kind: str, node_id: str | None) -> None:
        self.filter = replace(self.filter, scope=kind, scope_id=node_id, household_id=None)
        self._reload_tables()

    def _on_filters(self) -> None:
        self.filter = replace(
            self.filter, text=self.search.text(), party_only=self.party_only.isChecked(),
            tag=self.tag.currentData(), statuses=_STATUS_FILTERS[self.status.currentText()],
            household_id=None)
        self._reload_tables()

    def _on_household(self, current: QModelIndex, _previous: QModelIndex) -> None:
        household_id = self.households.id_at(current.row()) if current.isValid() else None
        if household_id != self.filter.household_id:
            self.filter = replace(self.filter, household_id=household_id)
            self._reload_residents()
        self._update_buttons()

    def _reload_all(self) -> None:
        self.tree.reload()
        kind, node_id = self.tree.current()
        self.filter = replace(self.filter, scope=kind, scope_id=node_id)
        self._reload_tables()

    def _reload_tables(self, keep_household: str | None = None, keep_resident: str | None = None,
                       *, data_changed: bool = False) -> None:
        """Apply the filter: households, residents and counts, from the in-memory search.

        Unless the data changed, rows already shown that the new result also
        starts with stay as they are (no reset, no repaint).
        """
        self.filter = replace(self.filter, household_id=None)
        f = self.filter
        self._result = self.search_index.find(f)
        db = self.ledger.db
        orders: dict[tuple[str, bool], list[str]] = {("address", False): self._result.household_ids}

        def ids(order: str, descending: bool) -> list[str]:
            if (order, descending) not in orders:
                orders[(order, descending)] = self.search_index.find(
                    f, household_order=order, household_descending=descending).household_ids
            return orders[(order, descending)]

        unchanged = not data_changed and not self.household_view.selectionModel().hasSelection()
        self.households.set_source(
            lambda offset, limit, order, desc: rq.household_rows(db, ids(order, desc)[offset:offset + limit]),
            lambda: len(ids(*self.households.order)),
            ids=ids(*self.households.order) if unchanged else None)
        if keep_household:
            row = self.households.row_of(keep_household)
            if row is not None:
                self.household_view.selectionModel().blockSignals(True)
                self.household_view.selectionModel().setCurrentIndex(
                    self.households.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.household_view.selectionModel().blockSignals(False)
                self.filter = replace(self.filter, household_id=keep_household)
        self._reload_residents(keep_resident, data_changed=data_changed)
        self._update_counts()

    def _reload_residents(self, keep_resident: str | None = None, *, data_changed: bool = False) -> None:
        f = self.filter
        db = self.ledger.db
        orders: dict[tuple[str, bool], list[str]] = {}
        if f.household_id is None and getattr(self, "_result", None) is not None:
            orders[("address", False)] = self._result.resident_ids

        def ids(order: str, descending: bool) -> list[str]:
            if (order, descending) not in orders:
                orders[(order, descending)] = self.search_index.find(f, order, descending).resident_ids
            return orders[(order, descending)]

        unchanged = not data_changed and not self.resident_view.selectionModel().hasSelection()
        self.residents.set_source(
            lambda offset, limit, order, desc: rq.resident_rows(db, ids(order, desc)[offset:offset + limit]),
            lambda: len(ids(*self.residents.order)),
            ids=ids(*self.residents.order) if unchanged else None)
        if f.household_id:
            row = self.households.row_of(f.household_id, load=False)
            address = self.households.row(row)["address"] if row is not None else ""
            self.resident_title.setText(f"居民 — {address}")
        else:
            self.resident_title.setText("居民")
        if keep_resident:
            self.select_resident(keep_resident)
        self._update_buttons()

    def _update_counts(self) -> None:
        result = self._result
        status = self.status.currentText()
        people = "在住" if status == "在住" else status
        self.counts.setText(f"户数 {len(result.household_ids)}　｜　{people}人数 {result.residents}"
                            f"　｜　党员数 {result.party_members}")

    def _on_change(self, change: Change) -> None:
        if not change.touches(*_WATCHED):
            return
        household = self.selected_household()
        resident = self.selected_resident()
        if change.ids and change.tables <= registry.RESIDENT_TABLES:
            self.search_index.refresh(change.ids)
        else:
            self.search_index.reload()
        if change.touches("household", "resident", "building", "unit", "compound"):
            self.tree.reload()
        if change.touches("resident_tag"):
            self._refresh_tag_choices()
        self._reload_tables(keep_household=household, keep_resident=resident, data_changed=True)

    def _refresh_tag_choices(self) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("全部标签", None)
        for tag in rq.tag_choices(self.ledger.db):
            self.tag.addItem(tag, tag)
        self.tag.setCurrentIndex(max(self.tag.findData(current), 0))
        self.tag.blockSignals(False)

    # ------------------------------------------------------------ selection

    def selected_household(self) -> str | None:
        index = self.household_view.selectionModel().currentIndex()
        if index.isValid() and self.household_view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return self.households.id_at(index.row())
        return None

    def selected_resident(self) -> str | None:
        index = self.resident_view.selectionModel().currentIndex()
        if index.isValid() and self.resident_view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return self.residents.id_at(index.row())
        return None

    def selected_unit(self) -> str | None:
        kind, node_id = self.tree.current()
        if kind == rq.SCOPE_UNIT:
            return node_id
        household = self.selected_household()
        if household:
            return registry.get_household(self.ledger.db, household).unit_id
        return None

    def show_compound(self, compound_id: str) -> None:
        """Select ``compound_id`` in the tree, opened to its buildings (after
        新建小区, where the worker goes next)."""
        self.tree.reload()
        self.tree.select("compound", compound_id)
        index = self.tree.model.find("compound", compound_id)
        if index.isValid():
            self.tree.view.expand(index)
            self.tree.view.setFocus()

    def select_resident(self, resident_id: str) -> bool:
        row = self.residents.row_of(resident_id)
        if row is None:
            return False
        index = self.residents.index(row, 0)
        self.resident_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.resident_view.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        has = {
            "resident": self.selected_resident() is not None,
            "household": self.selected_household() is not None,
            "unit": self.selected_unit() is not None,
        }
        has["any"] = has["resident"] or has["household"]
        for action in ACTIONS:
            self.buttons[action.name].setEnabled(not action.needs or has[action.needs])
        resident = self.selected_resident()
        self.buttons["reveal"].setText("隐藏号码" if resident in self.residents.revealed else "显示号码")

    # ------------------------------------------------------------ actions

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def add_resident_or_household(self) -> None:
        if self.selected_household():
            self.add_resident()
        elif self.selected_unit():
            self.add_household()
        else:
            messages.info(self, "请先在左侧选择一个单元，或在住户表中选择一户。")

    def add_household(self) -> None:
        self._add_household_to(self.selected_unit())

    def _add_household_to(self, unit_id: str | None) -> None:
        if not unit_id:
            messages.info(self, "请先在左侧选择一个单元。")
            return
        dialog = HouseholdDialog(self.ledger, unit_id=unit_id, parent=self)
        if dialog.exec():
            self._select_household(dialog.household_id)

    def _select_household(self, household_id: str) -> None:
        row = self.households.row_of(household_id)
        if row is not None:
            self.household_view.selectionModel().setCurrentIndex(
                self.households.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.household_view.scrollTo(self.households.index(row, 0))

    def add_resident(self) -> None:
        household_id = self.selected_household()
        if not household_id:
            messages.info(self, "请先在住户表中选择一户，再新增居民。")
            return
        dialog = ResidentDialog(self.ledger, household_id, parent=self)
        if dialog.exec():
            self.select_resident(dialog.resident_id)

    def edit_selected(self) -> None:
        if self.resident_view.hasFocus() and self.selected_resident() or \
                self.selected_resident() and not self.household_view.hasFocus():
            self.edit_resident()
        else:
            self.edit_household()

    def edit_resident(self) -> None:
        resident_id = self.selected_resident()
        if not resident_id:
            return
        household_id = registry.get_resident(self.ledger.db, resident_id).household_id
        dialog = ResidentDialog(self.ledger, household_id, resident_id, parent=self)
        if dialog.exec() and dialog.warnings:
            messages.info(self, "已保存。", "；".join(dialog.warnings))

    def open_household_card(self) -> None:
        """户卡: the selected household on one page (Enter or a double click)."""
        from ui.registry.household_card import HouseholdCardDialog

        household_id = self.selected_household()
        if household_id:
            HouseholdCardDialog(self.ledger, household_id, parent=self).exec()

    def edit_household(self) -> None:
        household_id = self.selected_household()
        if household_id:
            HouseholdDialog(self.ledger, household_id=household_id, parent=self).exec()

    def change_status(self) -> None:
        resident_id = self.selected_resident()
        if resident_id:
            StatusDialog(self.ledger, resident_id, parent=self).exec()

    def move_resident(self) -> None:
        resident_id = self.selected_resident()
        if not resident_id:
            return
        if registry.get_resident(self.ledger.db, resident_id).status != vocab.STATUS_LIVING:
            messages.info(self, "只有在住的居民才能转户。")
            return
        MoveDialog(self.ledger, resident_id, parent=self).exec()

    def toggle_reveal(self) -> None:
        resident_id = self.selected_resident()
        if resident_id:
            self.residents.reveal(resident_id, resident_id not in self.residents.revealed)
            self._update_buttons()

    def show_history(self) -> None:
        resident_id = self.selected_resident()
        if not resident_id:
            return
        from ui.registry.history_dialog import HistoryDialog

        HistoryDialog(self.ledger, resident_id, self).exec()

    # ------------------------------------------------------------ Excel

    def import_excel(self, path: str = "") -> None:
        from ui.registry import excel_actions

        excel_actions.open_import_wizard(self, self.ledger, path)

    def export_excel(self) -> None:
        from ui.registry.excel_actions import ExportDialog

        ExportDialog(self.ledger, self).exec()

    def save_import_template(self) -> None:
        from ui.registry import excel_actions

        excel_actions.save_import_template(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from ui.registry.excel_actions import dropped_workbook

        if dropped_workbook(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from ui.registry.excel_actions import dropped_workbook

        path = dropped_workbook(event.mimeData())
        if path:
            event.acceptProposedAction()
            # Not inside the drop handler: the file manager waits until it returns.
            QTimer.singleShot(0, lambda: self.import_excel(path))
