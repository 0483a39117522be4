"""The 四级网格 page: the grid tree, its actions, drag and drop, and export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from core import grid
from core.grid import TREE_GRID
from core.ledger import Ledger
from core.errors import LedgerError
from core.grid.queries import KIND_NODE, KIND_UNIT, TreeRow, grid_tree
from reports.grid_xlsx import export_grid
from ui.save_dialog import ask_save_path
from ui import messages
from ui.grid.models import GRID_COLUMNS
from ui.grid.node_dialog import NodeDialog, UnitsDialog
from ui.grid.tree_page import PageAction, TreePage, is_node

MIME_GRID = "application/x-compound-ledger-grid"


def _level(row: TreeRow | None) -> int:
    return row.node.level if is_node(row) else 0


def _add_label(_page, row: TreeRow | None) -> str:
    if row is None:
        return "新建一级网格…"
    if is_node(row) and row.node.level < 4:
        return f"新增{grid.level_info(TREE_GRID, row.node.level + 1).title}…"
    return "新增下级网格…"


def _person_label(_page, row: TreeRow | None) -> str:
    if not is_node(row):
        return "指定负责人…"
    return ("更换" if row.holder else "指定") + row.node.role + "…"


ACTIONS: tuple[PageAction, ...] = (
    PageAction("add", _add_label, "add_node", "在所选网格下新增下级网格；什么都不选时新建一级网格",
               lambda _p, r: r is None or (is_node(r) and r.node.level < 4)),
    PageAction("edit", "编辑…", "edit_node", "修改所选网格的名称、职责和设立日期", lambda _p, r: is_node(r)),
    PageAction("person", _person_label, "change_person", "指定或更换负责人；原负责人记入历任名单",
               lambda _p, r: is_node(r)),
    PageAction("vacate", "卸任", "vacate_person", "负责人卸任且暂无接任者（网格显示为空缺）",
               lambda _p, r: is_node(r) and r.holder is not None),
    PageAction("units", "负责单元…", "edit_units", "勾选楼栋单元长负责的单元", lambda _p, r: _level(r) == 4),
    PageAction("delete", "删除…", "delete_node", "删除所选网格，并说明它的下级或单元交给谁",
               lambda _p, r: is_node(r)),
    PageAction("reveal", lambda p, r: "隐藏号码" if r is not None and r.id in p.model.revealed else "显示号码",
               "toggle_reveal", "显示或隐藏所选负责人的完整电话", lambda _p, r: r is not None and bool(r.phone)),
)


@dataclass(frozen=True)
class ExportChoice:
    """An entry of the export button's menu."""

    label: str
    full_phone: bool


EXPORTS: tuple[ExportChoice, ...] = (
    ExportChoice("导出网格责任表（电话隐藏中间四位）…", False),
    ExportChoice("导出网格责任表（完整电话，仅限内部使用）…", True),
)


class GridPage(TreePage):
    """The four-level grid: who answers for which doorway."""

    ACTIONS = ACTIONS
    DEFAULT_DEPTH = 3
    TREE = TREE_GRID
    VACATE_DETAIL = "网格将显示为空缺，直到指定新的负责人。任职记录保留。"
    HINT = "提示：可以把网格拖到另一个上级下面，或把单元拖给另一位楼栋单元长；不合级别规则的会说明原因。"

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(ledger, GRID_COLUMNS, MIME_GRID, parent)
        # A push button with a menu: its arrow has room of its own (a tool
        # button's arrow was drawn over the last letters at larger text sizes).
        self.export_button = QPushButton("导出 Excel")
        menu = QMenu(self.export_button)
        for choice in EXPORTS:
            menu.addAction(choice.label, lambda full=choice.full_phone: self.export(full_phone=full))
        self.export_button.setMenu(menu)
        self.action_bar.addWidget(self.export_button)

    def rows(self) -> list[TreeRow]:
        return grid_tree(self.ledger.db, self.ledger.community_id)

    # ------------------------------------------------------------ actions

    def add_node(self) -> None:
        row = self.current()
        parent_id = row.id if is_node(row) else None
        dialog = NodeDialog(self.ledger, TREE_GRID, parent_id=parent_id, parent=self)
        if dialog.exec():
            self.select(KIND_NODE, dialog.node_id)

    def add_for_unit(self, unit_id: str) -> None:
        """A unit nobody covers: a new level-4 node for it, under the most likely level-3 node."""
        parent_id = self._likely_parent(unit_id)
        if parent_id is None:
            messages.info(self, "还没有三级网格。", "请先建好一、二、三级网格，再为单元指定楼栋单元长。")
            return
        dialog = NodeDialog(self.ledger, TREE_GRID, parent_id=parent_id, units=(unit_id,), parent=self)
        if dialog.exec():
            self.select(KIND_NODE, dialog.node_id)

    def _likely_parent(self, unit_id: str) -> str | None:
        """The level-3 node already covering units of the same building, else the first one."""
        parent = grid.building_parent(self.ledger.db, unit_id)
        if parent:
            return parent
        level3 = grid.nodes(self.ledger.db, TREE_GRID, 3, community_id=self.ledger.community_id)
        return level3[0].id if level3 else None

    def edit_units(self) -> None:
        row = self.current()
        if _level(row) == 4:
            UnitsDialog(self.ledger, row.id, parent=self).exec()

    def activate(self) -> None:
        row = self.current()
        if is_node(row) and (row.holder is None or row.holder.gone):
            self.change_person()
        elif is_node(row):
            self.edit_node()

    def export(self, *, full_phone: bool = False) -> int | None:
        """Save the grid responsibility table; returns the number of lines written."""
        path = ask_save_path(self, "导出网格责任表", "网格责任表.xlsx")
        if path is None:
            return None
        try:
            count = export_grid(self.ledger.db, Path(path), full_phone=full_phone)
        except LedgerError as exc:
            messages.error(self, "导出没有完成。", exc.message)
            return None
        messages.info(self, f"已导出 {count} 个网格。", str(path))
        return count

    # ------------------------------------------------------------ drag and drop

    def draggable(self, row: TreeRow) -> bool:
        return row.kind in (KIND_NODE, KIND_UNIT)

    def _resolve(self, target: TreeRow | None) -> TreeRow | None:
        """A drop on a unit row means its level-4 node."""
        if target is not None and target.kind == KIND_UNIT:
            parent = self.model.find(KIND_UNIT, target.id).parent()
            return self.model.row_at(parent)
        return target

    def problem(self, dragged: tuple[str, str], target: TreeRow | None) -> str | None:
        kind, record_id = dragged
        target = self._resolve(target)
        db = self.ledger.db
        if kind == KIND_NODE:
            return grid.move_problem(db, record_id, target.id if target else None)
        if kind == KIND_UNIT:
            if target is None:
                return "单元要交给一位楼栋单元长，请放到四级网格上"
            return grid.unit_move_problem(db, record_id, target.id)
        return "这里不能拖放"

    def drop(self, dragged: tuple[str, str], target: TreeRow | None) -> None:
        kind, record_id = dragged
        target = self._resolve(target)
        if kind == KIND_NODE:
            grid.move_node(self.ledger, record_id, target.id if target else None)
        elif kind == KIND_UNIT and target is not None:
            grid.move_unit(self.ledger, record_id, target.id)
