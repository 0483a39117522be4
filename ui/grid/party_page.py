"""The 党组织 page: 小区党支部 › 党小组 › members and 楼栋单元长.

Members come from the registry's party members; placing one in a group
(by the button or by dragging onto the group) writes the registry's
支部 / 党小组 text in the same step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLabel, QListView, QVBoxLayout, QWidget

from core import grid
from core.party import org as party_org
from core.grid import TREE_GRID, TREE_PARTY
from core.grid.people import current_holders
from core.ledger import Ledger
from core.errors import ValidationError
from core.grid.queries import KIND_MEMBER, KIND_NODE, KIND_UNGROUPED, KIND_UNIT_HEAD, TreeRow, party_tree
from ui import messages
from ui.grid.models import PARTY_COLUMNS
from ui.grid.node_dialog import NodeDialog
from ui.grid.tree_page import PageAction, TreePage, is_node
from ui.widgets import LedgerDialog

MIME_PARTY = "application/x-compound-ledger-party"


def _group(row: TreeRow | None) -> bool:
    return is_node(row) and row.node.level == party_org.GROUP_LEVEL


def _member(row: TreeRow | None) -> bool:
    return row is not None and row.kind == KIND_MEMBER


def _add_label(_page, row: TreeRow | None) -> str:
    return "新增党小组…" if is_node(row) and row.node.level == 1 else "新建党支部…"


def _person_label(_page, row: TreeRow | None) -> str:
    role = row.node.role if is_node(row) else "书记 / 组长"
    return ("更换" if is_node(row) and row.holder else "指定") + role + "…"


ACTIONS: tuple[PageAction, ...] = (
    PageAction("add", _add_label, "add_node", "选中党支部时新增党小组，否则新建党支部",
               lambda _p, r: r is None or r.kind == KIND_UNGROUPED or (is_node(r) and r.node.level == 1)),
    PageAction("edit", "编辑…", "edit_node", "修改名称、职责和设立日期", lambda _p, r: is_node(r)),
    PageAction("person", _person_label, "change_person", "指定或更换支部书记、党小组长（须为党员）",
               lambda _p, r: is_node(r)),
    PageAction("vacate", "卸任", "vacate_person", "书记或组长卸任且暂无接任者",
               lambda _p, r: is_node(r) and r.holder is not None),
    PageAction("delete", "删除…", "delete_node", "删除党支部或党小组，并说明党员转到哪里", lambda _p, r: is_node(r)),
    PageAction("place", "编入党小组…", "place_member", "把所选党员编入一个党小组",
               lambda _p, r: _member(r) and not r.person_status),
    PageAction("unplace", "移出党小组", "unplace_member", "把所选党员移出党小组（回到待编组）",
               lambda p, r: _member(r) and p.model.row_at(p.view.currentIndex().parent()) is not None
               and p.model.row_at(p.view.currentIndex().parent()).kind == KIND_NODE),
    PageAction("heads", "楼栋单元长…", "edit_unit_heads", "勾选这个党小组联系、指导的楼栋单元长",
               lambda _p, r: _group(r)),
    PageAction("adopt", "按登记信息建立党组织", "adopt", "按住户档案中已填写的支部和党小组名称建立党组织，并编入党员",
               shown=lambda p: not party_org.has_party_tree(p.ledger.db)),
    PageAction("reveal", lambda p, r: "隐藏号码" if r is not None and r.id in p.model.revealed else "显示号码",
               "toggle_reveal", "显示或隐藏所选人员的完整电话", lambda _p, r: r is not None and bool(r.phone)),
)


class PartyPage(TreePage):
    """The party organisation of the compound."""

    ACTIONS = ACTIONS
    DEFAULT_DEPTH = 1
    TREE = TREE_PARTY
    EMPTY_TEXT = "请在上面的树中选择党支部、党小组或党员"
    HINT = "提示：把党员拖到党小组上即编入该组（住户档案中的党小组随之更新）；把楼栋单元长拖到另一个党小组上即改由该组联系。"

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(ledger, PARTY_COLUMNS, MIME_PARTY, parent)

    def rows(self) -> list[TreeRow]:
        return party_tree(self.ledger.db, self.ledger.community_id)

    # ------------------------------------------------------------ actions

    def add_node(self) -> None:
        row = self.current()
        parent_id = row.id if is_node(row) and row.node.level == 1 else None
        dialog = NodeDialog(self.ledger, TREE_PARTY, parent_id=parent_id, parent=self)
        if dialog.exec():
            self.select(KIND_NODE, dialog.node_id)

    def place_member(self) -> None:
        row = self.current()
        if not _member(row):
            return
        groups = grid.nodes(self.ledger.db, TREE_PARTY, party_org.GROUP_LEVEL,
                            community_id=self.ledger.community_id)
        if not groups:
            messages.info(self, "还没有党小组。", "请先新建党支部和党小组。")
            return
        labels = [" › ".join(grid.path_names(self.ledger.db, g.id)) for g in groups]
        label, ok = QInputDialog.getItem(self, "编入党小组", f"把 {row.name} 编入：", labels, 0, False)
        if ok and label in labels:
            group = groups[labels.index(label)]
            party_org.assign_member(self.ledger, row.id, group.id)
            self.select(KIND_MEMBER, row.id)

    def unplace_member(self) -> None:
        row = self.current()
        if _member(row):
            party_org.assign_member(self.ledger, row.id, None)

    def edit_unit_heads(self) -> None:
        row = self.current()
        if _group(row):
            UnitHeadsDialog(self.ledger, row.id, parent=self).exec()

    def adopt(self) -> None:
        placed = party_org.adopt_registry_groups(self.ledger)
        if placed:
            messages.info(self, f"已按住户档案建立党组织，编入 {placed} 名党员。",
                          "请为党支部和各党小组指定书记、组长。")
        else:
            messages.info(self, "住户档案中没有填写党小组的在住党员。",
                          "请用“新建党支部…”和“新增党小组…”建立党组织，再把党员编入。")

    def activate(self) -> None:
        row = self.current()
        if is_node(row):
            self.change_person() if row.holder is None or row.holder.gone else self.edit_node()
        elif _member(row) and not row.person_status:
            self.place_member()

    # ------------------------------------------------------------ drag and drop

    def draggable(self, row: TreeRow) -> bool:
        return row.kind in (KIND_NODE, KIND_MEMBER, KIND_UNIT_HEAD)

    def _resolve(self, target: TreeRow | None) -> TreeRow | None:
        """A drop on a member or a unit head means their group (or the 待编组 folder)."""
        if target is not None and target.kind in (KIND_MEMBER, KIND_UNIT_HEAD):
            return self.model.row_at(self.model.find(target.kind, target.id).parent())
        return target

    def problem(self, dragged: tuple[str, str], target: TreeRow | None) -> str | None:
        kind, record_id = dragged
        target = self._resolve(target)
        db = self.ledger.db
        if kind == KIND_NODE:
            if target is not None and target.kind == KIND_UNGROUPED:
                return "“待编组”只放党员"
            return grid.move_problem(db, record_id, target.id if target else None)
        if kind == KIND_MEMBER:
            if target is None:
                return "党员要编入党小组，请放到党小组上"
            if target.kind == KIND_UNGROUPED:
                return party_org.member_problem(db, record_id, None)
            return party_org.member_problem(db, record_id, target.id)
        if kind == KIND_UNIT_HEAD:
            if target is None or target.kind != KIND_NODE:
                return "楼栋单元长要归一个党小组联系，请放到党小组上"
            return party_org.unit_head_problem(db, record_id, target.id)
        return "这里不能拖放"

    def drop(self, dragged: tuple[str, str], target: TreeRow | None) -> None:
        kind, record_id = dragged
        target = self._resolve(target)
        if kind == KIND_NODE:
            grid.move_node(self.ledger, record_id, target.id if target else None)
        elif kind == KIND_MEMBER:
            group = None if target is None or target.kind == KIND_UNGROUPED else target.id
            party_org.assign_member(self.ledger, record_id, group)
        elif kind == KIND_UNIT_HEAD and target is not None:
            party_org.link_unit_heads(self.ledger, [record_id], target.id)


class UnitHeadsDialog(LedgerDialog):
    """Tick the 楼栋单元长 (level-4 grid nodes) a party group keeps in touch with."""

    def __init__(self, ledger: Ledger, group_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._group = grid.get_node(ledger.db, group_id)
        self.setWindowTitle(f"联系的楼栋单元长 — {self._group.name}")
        self.resize(520, 560)
        holders = current_holders(ledger.db)
        names = {g.id: g.name for g in grid.nodes(ledger.db, TREE_PARTY, party_org.GROUP_LEVEL,
                                                  community_id=ledger.community_id)}
        self.model = QStandardItemModel(self)
        for node in grid.nodes(ledger.db, TREE_GRID, 4, community_id=ledger.community_id):
            holder = holders.get(node.id)
            current = party_org.group_of_unit_head(ledger.db, node.id)
            text = f"{node.name} — {holder.name if holder else '空缺'}"
            if current and current != group_id:
                text += f"（现由{names.get(current, '')}联系）"
            item = QStandardItem(text)
            item.setEditable(False)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked if current == group_id else Qt.CheckState.Unchecked)
            item.setData(node.id, Qt.ItemDataRole.UserRole)
            self.model.appendRow(item)
        self.view = QListView()
        self.view.setModel(self.model)
        explain = QLabel("勾选由本党小组联系、指导的楼栋单元长。一位楼栋单元长只归一个党小组。")
        explain.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def checked(self) -> list[str]:
        return [self.model.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.model.rowCount())
                if self.model.item(r).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        wanted = set(self.checked())
        current = set(party_org.unit_heads_of(self._ledger.db, self._group.id))
        try:
            self._ledger.write("party.unit_heads_link", {grid.T_UNIT_HEAD}, lambda _db: (
                party_org.link_unit_heads(self._ledger, sorted(wanted - current), self._group.id),
                party_org.link_unit_heads(self._ledger, sorted(current - wanted), None)))
        except ValidationError as exc:
            messages.warn(self, exc.message)
            return
        super().accept()
