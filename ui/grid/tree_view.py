"""A tree view for the grid's trees: drag and drop that explains a refusal,
and reloads that keep what the user had expanded and selected."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QToolTip, QTreeView, QWidget

from core.grid.queries import TreeRow
from ui.grid.models import IdRole, KindRole, TreeRowModel


class RuleTreeView(QTreeView):
    """The tree of a grid page.

    While an item is dragged over a place where the rules refuse it, the
    reason is shown next to the pointer and emitted as ``drop_hint`` for the
    page's hint line; '' when the place is fine or the drag ends.

    Signals:
        drop_hint(str): the current refusal, or ''.
    """

    drop_hint = Signal(str)

    def __init__(self, model: TreeRowModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(False)

    def tree_model(self) -> TreeRowModel:
        return self.model()  # type: ignore[return-value]

    def set_column_widths(self) -> None:
        """Widths from the columns' sizes in Chinese characters at the current font."""
        char = self.fontMetrics().horizontalAdvance("网")
        for column, spec in enumerate(self.tree_model().columns):
            extra = 3 * self.indentation() + 12 if column == 0 else 14
            self.setColumnWidth(column, int(spec.width * char) + extra)

    # ------------------------------------------------------------ drag and drop

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        model = self.tree_model()
        model.refusal = ""
        super().dragMoveEvent(event)
        if event.isAccepted():
            self._hint("")
            return
        reason = model.refusal
        if not reason and event.mimeData().hasFormat(model.mime_type):
            reason = "不能放在它自己或它的下级上"
        self._hint(reason)
        if reason:
            QToolTip.showText(self.viewport().mapToGlobal(event.position().toPoint()), reason, self)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self._hint("")

    def dropEvent(self, event: QDropEvent) -> None:
        super().dropEvent(event)
        refusal = self.tree_model().refusal
        self._hint(refusal)

    def _hint(self, text: str) -> None:
        self.drop_hint.emit(text)
        if not text:
            QToolTip.hideText()

    # ------------------------------------------------------------ state

    def current_row(self) -> TreeRow | None:
        return self.tree_model().row_at(self.currentIndex()) if self.currentIndex().isValid() else None

    def expanded_keys(self) -> set[tuple[str, str]]:
        keys = set()
        for index in self._indexes():
            if self.isExpanded(index):
                keys.add((index.data(KindRole), index.data(IdRole)))
        return keys

    def reload(self, roots: list[TreeRow], *, default_depth: int = 2) -> None:
        """Load new rows, keeping expansion and the current row where they still exist."""
        current = self.current_row()
        first_load = self.tree_model().rowCount() == 0
        expanded = self.expanded_keys()
        self.tree_model().load(roots)
        for index, depth in self._indexes_with_depth():
            key = (index.data(KindRole), index.data(IdRole))
            if key in expanded or (first_load and depth < default_depth):
                self.expand(index)
        if current is not None:
            self.select(current.kind, current.id, scroll=False)

    def select(self, kind: str, record_id: str, *, scroll: bool = True) -> bool:
        index = self.tree_model().find(kind, record_id)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.expand(parent)
            parent = parent.parent()
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if scroll:
            self.scrollTo(index)
        return True

    def _indexes(self):
        for index, _depth in self._indexes_with_depth():
            yield index

    def _indexes_with_depth(self):
        model = self.tree_model()
        stack = [(model.index(r, 0), 0) for r in range(model.rowCount())]
        while stack:
            index, depth = stack.pop()
            yield index, depth
            stack.extend((model.index(r, 0, index), depth + 1) for r in range(model.rowCount(index)))
