"""Qt models of the grid tab: the two trees, the unit chooser, the contact sheet.

The trees are one :class:`TreeRowModel` over :class:`db.grid_queries.TreeRow`
rows, with columns declared as data. Items are addressed by integer ids
(never by Python object pointers), so an index outliving a reload is
simply invalid. Drag and drop asks a :class:`DropRules` object, which asks
``core``: the model only carries the answer, and keeps the last refusal in
Chinese for the view to show.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from core.masking import mask_phone
from core.errors import ValidationError
from core.grid.queries import KIND_MEMBER, KIND_NODE, KIND_UNGROUPED, KIND_UNIT, Contact, TreeRow, UnitOwner
from ui.sql_table_model import Column, Row, StaticTableModel

Index = QModelIndex | QPersistentModelIndex

KindRole = Qt.ItemDataRole.UserRole + 20
IdRole = Qt.ItemDataRole.UserRole + 21
LevelRole = Qt.ItemDataRole.UserRole + 22

RED = QColor("#c0392b")
AMBER = QColor("#a15c00")
GREY = QColor("#777777")


@dataclass(frozen=True)
class TreeColumn:
    """A column of a tree: its title, its text, and its width in Chinese characters."""

    title: str
    text: Callable[[TreeRow], str]
    width: float = 4
    align_right: bool = False


def _number(position: int) -> Callable[[TreeRow], str]:
    return lambda row: str(row.numbers[position]) if len(row.numbers) > position else ""


def _person(row: TreeRow) -> str:
    if row.kind not in (KIND_NODE, "unit_head"):
        return row.person
    if row.person_status == "空缺":
        return "（空缺）"
    if row.person_status:
        return f"{row.person}（已{row.person_status}）"
    return row.person


GRID_COLUMNS: tuple[TreeColumn, ...] = (
    TreeColumn("网格", lambda r: r.name, 9),
    TreeColumn("级别", lambda r: r.level, 4.5),
    TreeColumn("负责人", _person, 7.5),
    TreeColumn("电话", lambda r: r.phone, 7.5),
    TreeColumn("户数", _number(0), 3, True),
    TreeColumn("在住人数", _number(1), 4.5, True),
    TreeColumn("党员", _number(2), 3, True),
)

PARTY_COLUMNS: tuple[TreeColumn, ...] = (
    TreeColumn("名称", lambda r: r.name, 9),
    TreeColumn("类别", lambda r: r.level, 7),
    TreeColumn("书记 / 组长 / 单元长", _person, 9),
    TreeColumn("电话", lambda r: r.phone, 7.5),
    TreeColumn("党员数", _number(0), 3.5, True),
    TreeColumn("在小区", _number(1), 3.5, True),
    TreeColumn("长期在外", _number(2), 4.5, True),
)

PHONE_COLUMN = 3


class DropRules(Protocol):
    """What a tree page tells its model about drag and drop."""

    def draggable(self, row: TreeRow) -> bool: ...

    def problem(self, dragged: tuple[str, str], target: TreeRow | None) -> str | None: ...

    def drop(self, dragged: tuple[str, str], target: TreeRow | None) -> None: ...


class _Item:
    __slots__ = ("row", "parent", "children", "key", "position")

    def __init__(self, row: TreeRow | None, parent: _Item | None, key: int, position: int) -> None:
        self.row = row
        self.parent = parent
        self.children: list[_Item] = []
        self.key = key
        self.position = position


class TreeRowModel(QAbstractItemModel):
    """A tree of :class:`TreeRow` with declared columns and rule-checked drag and drop.

    Phones are masked except for the rows in :attr:`revealed`.

    Signals:
        drop_hint(str): while dragging, why the target is refused ('' if it is not).
        dropped(str, str): a drop was carried out (dragged kind, id).
    """

    drop_hint = Signal(str)
    dropped = Signal(str, str)

    def __init__(self, columns: tuple[TreeColumn, ...], mime_type: str, parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.mime_type = mime_type
        self.rules: DropRules | None = None
        self.revealed: set[str] = set()
        self.refusal = ""
        self._root = _Item(None, None, 0, 0)
        self._items: dict[int, _Item] = {}
        self._serial = 0

    # ------------------------------------------------------------ loading

    def load(self, roots: list[TreeRow]) -> None:
        self.beginResetModel()
        self._items = {}
        self._root = _Item(None, None, 0, 0)
        self._add_children(self._root, roots)
        self.endResetModel()

    def _add_children(self, parent: _Item, rows: list[TreeRow]) -> None:
        for position, row in enumerate(rows):
            self._serial += 1
            item = _Item(row, parent, self._serial, position)
            self._items[item.key] = item
            parent.children.append(item)
            self._add_children(item, row.children)

    def row_at(self, index: Index) -> TreeRow | None:
        item = self._item(index)
        return item.row if item is not None and item is not self._root else None

    def find(self, kind: str, record_id: str) -> QModelIndex:
        """The index of the first row of ``kind`` with ``record_id`` (invalid if none)."""
        for item in self._items.values():
            if item.row.kind == kind and item.row.id == record_id:
                return self.createIndex(item.position, 0, item.key)
        return QModelIndex()

    def reveal(self, record_id: str, shown: bool = True) -> None:
        (self.revealed.add if shown else self.revealed.discard)(record_id)
        for item in self._items.values():
            if item.row.id == record_id:
                index = self.createIndex(item.position, PHONE_COLUMN, item.key)
                self.dataChanged.emit(index, index)

    # ------------------------------------------------------------ structure

    def _item(self, index: Index) -> _Item | None:
        if not index.isValid():
            return self._root
        return self._items.get(index.internalId())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.columns) or row < 0:
            return QModelIndex()
        item = self._item(parent)
        if item is None or row >= len(item.children):
            return QModelIndex()
        return self.createIndex(row, column, item.children[row].key)

    def parent(self, *args):  # type: ignore[override]
        if not args:  # QObject.parent()
            return super().parent()
        index = args[0]
        item = self._item(index) if index.isValid() else None
        if item is None or item.parent is None or item.parent is self._root:
            return QModelIndex()
        return self.createIndex(item.parent.position, 0, item.parent.key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        item = self._item(parent)
        return len(item.children) if item is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.columns)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    # ------------------------------------------------------------ data

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index) if index.isValid() else None
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.text(row)
            if index.column() == PHONE_COLUMN and row.id not in self.revealed:
                text = mask_phone(text)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self._color(row, index.column())
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.FontRole and row.kind == KIND_NODE and row.node.level <= 2 and index.column() == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == KindRole:
            return row.kind
        if role == IdRole:
            return row.id
        if role == LevelRole:
            return row.node.level if row.node is not None else 0
        return None

    @staticmethod
    def _color(row: TreeRow, column: int) -> QColor | None:
        if row.kind == KIND_UNIT or (row.kind == KIND_MEMBER and row.person_status):
            return GREY
        if column == 2 and row.person_status == "空缺":
            return AMBER
        if column == 2 and row.person_status:
            return RED
        return None

    @staticmethod
    def _tooltip(row: TreeRow) -> str:
        lines = [f"{row.name}（{row.level}）"]
        if row.note:
            lines.append(("负责：" if row.kind == KIND_NODE else "住址：") + row.note)
        if row.node is not None and row.node.duties:
            lines.append("职责：" + row.node.duties)
        return "\n".join(lines)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    # ------------------------------------------------------------ drag and drop

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        row = self.row_at(index)
        if row is not None and self.rules is not None and self.rules.draggable(row):
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [self.mime_type]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = [self.row_at(i) for i in indexes if i.isValid() and i.column() == 0]
        payload = [[r.kind, r.id] for r in rows if r is not None]
        data = QMimeData()
        data.setData(self.mime_type, json.dumps(payload[:1]).encode("utf-8"))
        return data

    def _decode(self, data: QMimeData) -> tuple[str, str] | None:
        if data is None or not data.hasFormat(self.mime_type):
            return None
        try:
            payload = json.loads(bytes(data.data(self.mime_type)).decode("utf-8"))
            kind, record_id = payload[0]
        except (ValueError, IndexError, TypeError):
            return None
        return str(kind), str(record_id)

    def drop_target(self, row: int, parent: Index) -> TreeRow | None:
        """The row a drop lands on: ``parent`` itself (dropping between its
        children means putting the item under it); None for the top level."""
        return self.row_at(parent) if parent.isValid() else None

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        dragged = self._decode(data)
        if dragged is None or self.rules is None or action != Qt.DropAction.MoveAction:
            self.refusal = ""
            return False
        problem = self.rules.problem(dragged, self.drop_target(row, parent))
        self.refusal = problem or ""
        self.drop_hint.emit(self.refusal)
        return problem is None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        dragged = self._decode(data)
        target = self.drop_target(row, parent)
        try:
            self.rules.drop(dragged, target)
        except ValidationError as exc:
            self.refusal = exc.message
            self.drop_hint.emit(exc.message)
            return False
        self.dropped.emit(*dragged)
        # The database changed; the page reloads the model from the change
        # signal. Returning False keeps the view from removing rows itself.
        return False


# ---------------------------------------------------------------- units


class UnitChoiceModel(QAbstractTableModel):
    """Units with a check box each, showing who covers them now.

    Attributes:
        checked: ids of the checked units.
        node_id: the node being edited (its own units are not "taken").
    """

    HEADERS = ("单元", "户数", "在住人数", "现在由谁负责")

    def __init__(self, owners: list[UnitOwner], checked: set[str], node_id: str | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.owners = owners
        self.checked = set(checked)
        self.node_id = node_id

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.owners)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def taken(self, owner: UnitOwner) -> bool:
        return owner.node_id is not None and owner.node_id != self.node_id

    def owner_text(self, owner: UnitOwner) -> str:
        if owner.node_id is None:
            return "无人负责"
        if owner.node_id == self.node_id:
            return "本网格"
        return f"{owner.node_name}（{owner.holder or '空缺'}）"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.owners):
            return None
        owner = self.owners[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (owner.label, str(owner.counts.households), str(owner.counts.residents),
                    self.owner_text(owner))[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if owner.unit_id in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            if owner.node_id is None:
                return QBrush(RED)
            return QBrush(GREY) if self.taken(owner) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = column in (1, 2)
            return int((Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return owner.unit_id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        unit_id = self.owners[index.row()].unit_id
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self.checked.add(unit_id)
        else:
            self.checked.discard(unit_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def set_checked(self, unit_id: str, checked: bool = True) -> None:
        for number, owner in enumerate(self.owners):
            if owner.unit_id == unit_id:
                self.setData(self.index(number, 0),
                             Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked,
                             Qt.ItemDataRole.CheckStateRole)

    def checked_ids(self) -> list[str]:
        """Checked units in address order."""
        return [o.unit_id for o in self.owners if o.unit_id in self.checked]

    def taken_checked(self) -> list[UnitOwner]:
        """Checked units that another node covers now."""
        return [o for o in self.owners if o.unit_id in self.checked and self.taken(o)]


# ---------------------------------------------------------------- contacts


class ContactModel(StaticTableModel):
    """The contact sheet, in tree order (no column sorts it: level 1 first,
    each head under its grid). Phones masked except rows in :attr:`revealed`."""

    def __init__(self, parent=None) -> None:
        self.revealed: set[str] = set()
        columns = [
            Column("level", "级别", None, width=10),
            Column("grid", "网格 / 党小组", None, width=16),
            Column("role", "职务", None, width=12),
            Column("name", "姓名", None, display=self._name, width=14),
            Column("phone", "电话", None, display=self._phone, width=15),
            Column("covers", "负责单元", None, width=14),
            Column("where", "住址 / 单位职务", None, width=14),
        ]
        super().__init__(columns, parent=parent)
        self.foreground = lambda row, column: RED if row["status"] and column.key == "name" else None

    @staticmethod
    def row_of_contact(contact: Contact) -> Row:
        key = f"{contact.node_id}:{contact.person_id}"
        return {"id": key, "level": contact.level, "grid": contact.grid, "role": contact.role,
                "name": contact.name, "phone": contact.phone, "covers": contact.covers,
                "where": contact.where, "status": contact.status}

    def set_contacts(self, contacts: list[Contact]) -> None:
        self.set_rows([self.row_of_contact(c) for c in contacts])

    @staticmethod
    def _name(row: Row) -> str:
        if not row["name"]:
            return "（空缺）"
        return f"{row['name']}（已{row['status']}）" if row["status"] and row["status"] != "空缺" else row["name"]

    def _phone(self, row: Row) -> str:
        return row["phone"] if row["id"] in self.revealed else mask_phone(row["phone"])

    def reveal(self, key: str, shown: bool = True) -> None:
        (self.revealed.add if shown else self.revealed.discard)(key)
        number = self.row_of(key, load=False)
        if number is not None:
            self.dataChanged.emit(self.index(number, 4), self.index(number, 4))


KIND_LABELS = {KIND_NODE: "网格", KIND_UNIT: "单元", KIND_MEMBER: "党员", KIND_UNGROUPED: "待编组"}
