"""What the grid page and the party page share: an action bar declared as
data, the rule-checked tree, the drag hint line and the detail panel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from core.grid.people import vacate
from core.ledger import Ledger
from core.errors import ValidationError
from core.grid.queries import KIND_NODE, TreeRow
from ui import messages
from ui.grid.detail import DetailPanel
from ui.grid.models import TreeColumn, TreeRowModel
from ui.grid.node_dialog import DeleteNodeDialog, NodeDialog
from ui.grid.person_dialog import PersonDialog
from ui.grid.tree_view import RuleTreeView
from ui.widgets import FlowLayout


def is_node(row: TreeRow | None) -> bool:
    """True for a row of a grid or party node (not a unit, member …)."""
    return row is not None and row.kind == KIND_NODE


@dataclass(frozen=True)
class PageAction:
    """A button of a page, declared as data.

    ``enabled`` receives the page and the selected row (or None) and says
    whether the button applies; ``label`` may do the same to name it;
    ``shown`` hides a button that cannot apply at all (saving room at
    large text sizes).
    """

    name: str
    label: str | Callable[[TreePage, TreeRow | None], str]
    handler: str
    tip: str
    enabled: Callable[[TreePage, TreeRow | None], bool] = lambda _page, _row: True
    shown: Callable[[TreePage], bool] = lambda _page: True


class TreePage(QWidget):
    """A tree with its actions and detail panel. Subclasses give the rows,
    the actions and the drag-and-drop rules.

    Signals:
        changed_selection(): the current row changed.
    """

    changed_selection = Signal()
    ACTIONS: tuple[PageAction, ...] = ()
    DEFAULT_DEPTH = 2
    HINT = ""
    #: The tree this page shows (core.grid.TREE_GRID or TREE_PARTY).
    TREE = ""
    #: A line under the question before someone leaves their post.
    VACATE_DETAIL = ""
    #: What the detail panel says while nothing is selected.
    EMPTY_TEXT = "请在上面的树中选择一个网格"

    def __init__(self, ledger: Ledger, columns: tuple[TreeColumn, ...], mime_type: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.model = TreeRowModel(columns, mime_type, self)
        self.model.rules = self
        self.view = RuleTreeView(self.model)
        self.hint = QLabel(self.HINT)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.detail = DetailPanel(ledger, empty_text=self.EMPTY_TEXT)
        self.buttons: dict[str, QPushButton] = {}
        self.action_bar = FlowLayout()  # wraps at 特大 rather than widen the window past the screen
        for action in self.ACTIONS:
            button = QPushButton(action.label if isinstance(action.label, str) else action.label(self, None))
            button.setToolTip(action.tip)
            button.clicked.connect(lambda _c=False, h=action.handler: self._run(h))
            self.buttons[action.name] = button
            self.action_bar.addWidget(button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(self.action_bar)
        top_layout.addWidget(self.view, 1)
        top_layout.addWidget(self.hint)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.drop_hint.connect(self._on_drop_hint)
        self.view.activated.connect(lambda _index: self.activate())
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: self._run("delete_node") if self.buttons.get("delete", None)
                                 and self.buttons["delete"].isEnabled() else None)

    # ------------------------------------------------------------ loading

    def rows(self) -> list[TreeRow]:
        raise NotImplementedError

    def reload(self) -> None:
        first = self.model.rowCount() == 0
        self.view.reload(self.rows(), default_depth=self.DEFAULT_DEPTH)
        if first:
            self.view.set_column_widths()
        self._on_current()

    # ------------------------------------------------------------ selection

    def current(self) -> TreeRow | None:
        return self.view.current_row()

    def select(self, kind: str, record_id: str) -> bool:
        found = self.view.select(kind, record_id)
        self._on_current()
        return found

    def _on_current(self, *_args) -> None:
        row = self.current()
        self.detail.show_row(row)
        for action in self.ACTIONS:
            button = self.buttons[action.name]
            button.setVisible(action.shown(self))
            button.setEnabled(action.enabled(self, row))
            if not isinstance(action.label, str):
                button.setText(action.label(self, row))
        self.changed_selection.emit()

    def _on_drop_hint(self, text: str) -> None:
        if text:
            self.hint.setText("不能放在这里：" + text)
            self.hint.setStyleSheet("color: #c0392b;")
        else:
            self.hint.setText(self.HINT)
            self.hint.setStyleSheet("color: #555;")

    def activate(self) -> None:
        """Enter or double-click on a row: subclasses open what fits."""

    def _run(self, handler: str) -> None:
        try:
            getattr(self, handler)()
        except ValidationError as exc:
            messages.warn(self, exc.message)

    # ------------------------------------------------------------ drop rules (DropRules)

    # ------------------------------------------------------------ node actions

    def edit_node(self) -> None:
        row = self.current()
        if is_node(row):
            NodeDialog(self.ledger, self.TREE, node_id=row.id, parent=self).exec()

    def change_person(self) -> None:
        row = self.current()
        if is_node(row):
            PersonDialog(self.ledger, row.id, parent=self).exec()

    def vacate_person(self) -> None:
        row = self.current()
        if not is_node(row) or row.holder is None:
            return
        if messages.confirm(self, f"{row.holder.name} 从今天起不再担任“{row.name}”的{row.node.role}？",
                            "确认卸任", detail=self.VACATE_DETAIL):
            vacate(self.ledger, row.id)

    def delete_node(self) -> None:
        row = self.current()
        if is_node(row):
            DeleteNodeDialog(self.ledger, row.id, parent=self).exec()

    def draggable(self, row: TreeRow) -> bool:
        return False

    def problem(self, dragged: tuple[str, str], target: TreeRow | None) -> str | None:
        return "这里不能拖放"

    def drop(self, dragged: tuple[str, str], target: TreeRow | None) -> None:
        raise ValidationError("这里不能拖放")

    def toggle_reveal(self) -> None:
        row = self.current()
        if row is not None and row.phone:
            self.model.reveal(row.id, row.id not in self.model.revealed)
            self._on_current()
