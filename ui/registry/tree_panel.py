"""The left side of the registry tab: compounds › buildings › units with
counts, and the structure edits (add, rename, delete an empty one)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core import registry
from core.ledger import Ledger
from core.errors import ValidationError
from core.registry.queries import SCOPE_ALL, SCOPE_BUILDING, SCOPE_COMPOUND, SCOPE_UNIT, registry_tree
from ui import messages
from ui.registry.models import KindRole, NodeIdRole, RegistryTreeModel

NameRole = Qt.ItemDataRole.UserRole + 12


class TreePanel(QWidget):
    """The compound tree.

    Signals:
        scope_changed(str, object): the selected node's kind and id.
        add_household_requested(str): 新增住户 on a unit (its id).
    """

    scope_changed = Signal(str, object)
    add_household_requested = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 unit_counts: Callable[[], dict[str, tuple[int, int]]] | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        #: Counts per unit from memory (the registry's search index), if given.
        self.unit_counts = unit_counts
        self.model = RegistryTreeModel(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.add_button = QPushButton("添加…")
        self.add_button.setToolTip("在所选小区添加楼栋，或在所选楼栋添加单元")
        self.add_button.clicked.connect(self._add_child)
        self.rename_button = QPushButton("重命名")
        self.rename_button.clicked.connect(self._rename)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.rename_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.reload()

    # ------------------------------------------------------------ state

    def current(self) -> tuple[str, str | None]:
        index = self.view.currentIndex()
        if not index.isValid():
            return SCOPE_ALL, None
        return index.data(KindRole), index.data(NodeIdRole)

    def reload(self) -> None:
        """Rebuild from the database, keeping the selection and expansion."""
        kind, node_id = self.current()
        expanded = self._expanded_ids()
        selection = self.view.selectionModel()
        if selection is not None:
            selection.blockSignals(True)
        counts = self.unit_counts() if self.unit_counts is not None else None
        self.model.load(registry_tree(self._ledger.db, self._ledger.community_id, unit_counts=counts))
        if selection is not None:
            selection.blockSignals(False)
        for index in self._all_indexes():
            if index.data(NodeIdRole) in expanded or index.data(KindRole) in (SCOPE_ALL,):
                self.view.expand(index)
        if not expanded and self.model.rowCount():
            self.view.expand(self.model.index(0, 0))
        target = self.model.find(kind, node_id) if node_id else QModelIndex()
        if not target.isValid() and self.model.rowCount():
            target = self.model.index(0, 0)
        if target.isValid():
            self.view.selectionModel().blockSignals(True)
            self.view.selectionModel().setCurrentIndex(
                target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.selectionModel().blockSignals(False)
        self._update_buttons()

    def select(self, kind: str, node_id: str | None) -> None:
        index = self.model.find(kind, node_id)
        if index.isValid():
            self.view.setCurrentIndex(index)

    def _expanded_ids(self) -> set:
        return {index.data(NodeIdRole) for index in self._all_indexes() if self.view.isExpanded(index)}

    def _all_indexes(self):
        stack = [self.model.index(r, 0) for r in range(self.model.rowCount())]
        while stack:
            index = stack.pop()
            yield index
            stack.extend(self.model.index(r, 0, index) for r in range(self.model.rowCount(index)))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        if current.isValid():
            self.scope_changed.emit(current.data(KindRole), current.data(NodeIdRole))

    def _update_buttons(self) -> None:
        kind, _ = self.current()
        self.add_button.setEnabled(kind in (SCOPE_COMPOUND, SCOPE_BUILDING))
        self.add_button.setText({SCOPE_COMPOUND: "添加楼栋", SCOPE_BUILDING: "添加单元"}.get(kind, "添加…"))
        self.rename_button.setEnabled(kind in (SCOPE_BUILDING, SCOPE_UNIT))

    # ------------------------------------------------------------ edits

    def _context_menu(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        kind = index.data(KindRole)
        menu = QMenu(self)
        if kind == SCOPE_COMPOUND:
            menu.addAction("添加楼栋…", self._add_child)
        if kind == SCOPE_BUILDING:
            menu.addAction("添加单元…", self._add_child)
            menu.addAction("重命名…", self._rename)
            menu.addAction("删除空楼栋", self._delete)
        if kind == SCOPE_UNIT:
            menu.addAction("新增住户…", lambda: self.add_household_requested.emit(index.data(NodeIdRole)))
            menu.addAction("重命名…", self._rename)
            menu.addAction("删除空单元", self._delete)
        if not menu.isEmpty():
            menu.exec(self.view.viewport().mapToGlobal(point))

    def _add_child(self) -> None:
        kind, node_id = self.current()
        if kind == SCOPE_COMPOUND:
            label, example, add = "楼栋名称（如 9栋、9号楼）", "", registry.add_building
        elif kind == SCOPE_BUILDING:
            label, example, add = "单元名称（如 4单元）", "", registry.add_unit
        else:
            return
        text, ok = QInputDialog.getText(self, "添加", label, text=example)
        if not ok or not text.strip():
            return
        try:
            new_id = add(self._ledger, node_id, text)
        except ValidationError as exc:
            messages.warn(self, exc.message)
            return
        self.select(SCOPE_BUILDING if kind == SCOPE_COMPOUND else SCOPE_UNIT, new_id)

    def _rename(self) -> None:
        kind, node_id = self.current()
        if kind not in (SCOPE_BUILDING, SCOPE_UNIT):
            return
        old = self.view.currentIndex().data(NameRole) or ""
        text, ok = QInputDialog.getText(self, "重命名", "新名称", text=old)
        if not ok or not text.strip() or text.strip() == old:
            return
        try:
            registry.rename_node(self._ledger, kind, node_id, text)
        except ValidationError as exc:
            messages.warn(self, exc.message)

    def _delete(self) -> None:
        kind, node_id = self.current()
        name = self.view.currentIndex().data(NameRole) or ""
        if not messages.confirm(self, f"删除“{name}”？", "删除", detail="只有没有住户的楼栋或单元才能删除。",
                                danger=True):
            return
        try:
            registry.delete_empty_node(self._ledger, kind, node_id)
        except ValidationError as exc:
            messages.warn(self, exc.message)
