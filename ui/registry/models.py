"""Qt models of the registry tab: the compound tree and the two tables."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from core import vocab
from core.masking import mask_id, mask_phone
from core.registry import age
from core.registry.queries import SCOPE_ALL, TreeNode
from ui.sql_table_model import Column, PagedTableModel, Row

KindRole = Qt.ItemDataRole.UserRole + 10
NodeIdRole = Qt.ItemDataRole.UserRole + 11

_GREY = QColor("#888888")
_PARTY_RED = QColor("#b22222")


class RegistryTreeModel(QStandardItemModel):
    """Compounds › buildings › units with their counts.

    A top item 全部小区 appears when the ledger holds more than one compound.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["小区 / 楼栋 / 单元"])

    def load(self, nodes: list[TreeNode]) -> None:
        self.clear()
        self.setHorizontalHeaderLabels(["小区 / 楼栋 / 单元"])
        root = self.invisibleRootItem()
        if len(nodes) > 1:
            households = sum(n.households for n in nodes)
            residents = sum(n.residents for n in nodes)
            item = self._item(SCOPE_ALL, None, f"全部小区（{households}户 / {residents}人）")
            root.appendRow(item)
            root = item
        for node in nodes:
            root.appendRow(self._node_item(node))

    def _node_item(self, node: TreeNode) -> QStandardItem:
        item = self._item(node.kind, node.id, f"{node.name}（{node.households}户 / {node.residents}人）")
        item.setData(node.name, Qt.ItemDataRole.UserRole + 12)
        for child in node.children:
            item.appendRow(self._node_item(child))
        return item

    @staticmethod
    def _item(kind: str, node_id: str | None, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(kind, KindRole)
        item.setData(node_id, NodeIdRole)
        return item

    def find(self, kind: str, node_id: str | None):
        """The index of a node, or an invalid index."""
        matches = self.match(self.index(0, 0), NodeIdRole, node_id, 1,
                             Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        for index in matches:
            if index.data(KindRole) == kind:
                return index
        return self.index(-1, -1)


def _age(row: Row) -> str:
    if not row.get("birth_date"):
        return ""
    value = age(datetime.date.fromisoformat(row["birth_date"]))
    return "" if value is None else str(value)


def _status(row: Row) -> str:
    if row["status"] == vocab.STATUS_LIVING:
        return row["status"]
    return f"{row['status']} {row.get('status_date') or ''}".strip()


def _political(row: Row) -> str:
    text = row["political_status"]
    if row.get("presence") == "长期在外":
        text += "（长期在外）"
    return text


class ResidentTableModel(PagedTableModel):
    """Residents of the current filter. ID and phone numbers are masked
    except for the rows in :attr:`revealed`, which the user chose to show."""

    def __init__(self, parent=None) -> None:
        self.revealed: set[str] = set()
        columns = [
            Column("address", "房号", "address", width=14),
            Column("name", "姓名", "name", width=8),
            Column("sex", "性别", "sex", width=4),
            Column("age", "年龄", "birth_date", display=_age, align_right=True, width=4),
            Column("relation", "与户主关系", "relation", width=8),
            Column("id_number", "身份证号", None, display=self._id, width=20),
            Column("phone", "联系电话", None, display=self._phone, width=13),
            Column("political_status", "政治面貌", "political_status", display=_political, width=12),
            Column("tags", "标签", None, width=14),
            Column("status", "状态", "status", display=_status, width=10),
        ]
        super().__init__(columns, parent)
        self.foreground = self._color
        self.font = self._font

    def _id(self, row: Row) -> str:
        number = row.get("id_number") or ""
        return number if row["id"] in self.revealed else mask_id(number)

    def _phone(self, row: Row) -> str:
        phone = row.get("phone") or ""
        return phone if row["id"] in self.revealed else mask_phone(phone)

    def reveal(self, resident_id: str, shown: bool = True) -> None:
        """Show (or hide again) one resident's full numbers."""
        (self.revealed.add if shown else self.revealed.discard)(resident_id)
        row = self.row_of(resident_id, load=False)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    @staticmethod
    def _color(row: Row, column: Column) -> QColor | None:
        if row["status"] != vocab.STATUS_LIVING:
            return _GREY
        if column.key == "political_status" and vocab.is_party_member(row["political_status"]):
            return _PARTY_RED
        return None

    @staticmethod
    def _font(row: Row) -> QFont | None:
        if row["status"] == vocab.STATUS_DECEASED:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class HouseholdTableModel(PagedTableModel):
    """Households of the current filter."""

    def __init__(self, parent=None) -> None:
        columns = [
            Column("address", "房号", "address", width=14),
            Column("head", "户主", None, width=8),
            Column("living", "在住人数", None, align_right=True, width=6),
            Column("tenure", "居住性质", "tenure", width=6),
            Column("phone", "户联系电话", None, display=lambda r: mask_phone(r.get("phone")), width=13),
            Column("notes", "备注", None, width=20),
        ]
        super().__init__(columns, parent)
        self.foreground = lambda row, _c: _GREY if row["tenure"] == "空置" else None
