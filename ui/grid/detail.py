"""The detail panel under a tree: the selected node's people, history and
what it covers (units of a unit head, members of a party group)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import grid
from core.grid import TREE_GRID
from core.grid.people import Holder, history
from core.ledger import Ledger
from core.masking import mask_phone
from core.party.org import members_of
from core.grid.queries import KIND_MEMBER, KIND_NODE, KIND_UNGROUPED, KIND_UNIT, KIND_UNIT_HEAD, TreeRow, unit_owners
from ui.sql_table_model import Column, StaticTableModel
from ui.widgets import Heading, LedgerTableView, stacked


def _wrapping(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PhoneLabel(QWidget):
    """A phone number shown masked, with a button to show it in full."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._phone = ""
        self.label = QLabel()
        self.button = QPushButton("显示号码")
        self.button.setToolTip("显示完整号码以便拨打")
        self.button.clicked.connect(self.toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch()

    def set_phone(self, phone: str) -> None:
        self._phone = phone or ""
        self.button.setVisible(bool(self._phone))
        self.button.setText("显示号码")
        self.label.setText(mask_phone(self._phone) if self._phone else "未登记")

    def toggle(self) -> None:
        shown = self.button.text() == "显示号码"
        self.label.setText(self._phone if shown else mask_phone(self._phone))
        self.button.setText("隐藏号码" if shown else "显示号码")

    def text(self) -> str:
        return self.label.text()


def _holder_dict(h: Holder) -> dict:
    return {"id": h.assignment_id, "name": h.name + (f"（已{h.status}）" if h.gone else ""),
            "kind": h.kind_label, "start": h.start_date.isoformat(),
            "end": h.end_date.isoformat() if h.end_date else "至今", "note": h.note}


class DetailPanel(QWidget):
    """What the selected row is, who holds it, who held it, what it covers.

    Attributes:
        history_model: 历任 of the selected node, newest first.
        covered_model: its units (grid) or members (party group).
    """

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 empty_text: str = "请在上面的树中选择一个网格") -> None:
        super().__init__(parent)
        self._ledger = ledger
        self.empty_text = empty_text
        self.title = Heading("", scale=1.1)
        self.title.setWordWrap(True)
        self.kind = _wrapping()
        self.path = _wrapping()
        self.duties = _wrapping()
        self.since = QLabel()
        self.person = _wrapping()
        self.phone = PhoneLabel()
        info = QWidget()
        form = self._form = QFormLayout(info)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.title)
        form.addRow("级别", self.kind)
        form.addRow("上级", self.path)
        form.addRow("现任", self.person)
        form.addRow("电话", self.phone)
        form.addRow("设立", self.since)
        form.addRow("职责", self.duties)

        self.history_model = StaticTableModel([
            Column("name", "姓名", None, width=14), Column("kind", "身份", None, width=6),
            Column("start", "起", None, width=10), Column("end", "止", None, width=10),
            Column("note", "说明", None, width=16)], parent=self)
        self.history_view = LedgerTableView()
        self.history_view.setSortingEnabled(False)
        self.history_view.setModel(self.history_model)
        self.history_view.set_column_widths([c.width for c in self.history_model.columns])
        self.covered_model = StaticTableModel([
            Column("label", "名称", None, width=10), Column("a", "", None, width=7),
            Column("b", "", None, width=7), Column("c", "", None, width=8)], parent=self)
        self.covered_view = LedgerTableView()
        self.covered_view.setSortingEnabled(False)
        self.covered_view.setModel(self.covered_model)
        self.covered_view.set_column_widths([12, 10, 6, 8])
        self.covered_title = Heading("负责单元", scale=1.0)

        history_box = stacked(Heading("历任负责人", scale=1.0), self.history_view)
        covered_box = stacked(self.covered_title, self.covered_view)
        scroll = QScrollArea()
        scroll.setWidget(info)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(scroll)
        self.split.addWidget(history_box)
        self.split.addWidget(covered_box)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 3)
        self.split.setStretchFactor(2, 2)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        self.show_row(None)

    # ------------------------------------------------------------ showing

    def _covered(self, title: str, headers: tuple[str, str, str], rows: list[dict]) -> None:
        self.covered_title.setText(title)
        self.covered_model.columns = [self.covered_model.columns[0]] + [
            Column(key, header, None) for key, header in zip("abc", headers)]
        self.covered_model.set_rows(rows)
        self.covered_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        for number, header in enumerate(headers, 1):
            self.covered_view.setColumnHidden(number, not header)  # no column without a heading
        if rows:
            self.covered_view.resizeColumnsToContents()

    def show_row(self, row: TreeRow | None) -> None:
        """Show the selected tree row (None: nothing selected)."""
        for label in (self.kind, self.path, self.duties, self.since, self.person):
            label.setText("")
        self.phone.set_phone("")
        self.history_model.set_rows([])
        self._covered("", ("", "", ""), [])
        for number in range(1, self._form.rowCount()):
            self._form.setRowVisible(number, row is not None)  # no "电话 未登记" for nothing
        if row is None:
            self.title.setText(self.empty_text)
            return
        self.title.setText(row.name)
        if row.kind == KIND_NODE:
            self._show_node(row)
        elif row.kind == KIND_UNIT:
            self._show_unit(row)
        elif row.kind in (KIND_MEMBER, KIND_UNGROUPED):
            self._show_member(row)
        elif row.kind == KIND_UNIT_HEAD:
            self._show_node(row, unit_head=True)

    def _show_node(self, row: TreeRow, *, unit_head: bool = False) -> None:
        db = self._ledger.db
        node = grid.get_node(db, row.id)
        self.kind.setText(f"{node.level_title}（{node.role}）" + ("，归党小组联系" if unit_head else ""))
        self.path.setText(" › ".join(grid.path_names(db, node.parent_id)) if node.parent_id else "（最上一级）")
        self.duties.setText(node.duties)
        self.since.setText(node.start_date.isoformat() if node.start_date else "未填")
        holder = row.holder
        if holder is None:
            self.person.setText("空缺")
            self.person.setStyleSheet("color: #a15c00;")
        else:
            status = f"，已{holder.status}" if holder.gone else ""
            self.person.setText(f"{holder.name}（{holder.kind_label}，{holder.where}{status}；"
                                f"{holder.start_date} 起）")
            self.person.setStyleSheet("color: #c0392b;" if holder.gone else "")
        self.phone.set_phone(holder.phone if holder else "")
        self.history_model.set_rows([_holder_dict(h) for h in history(db, node.id)])
        self.history_view.resizeColumnsToContents()
        if node.tree == TREE_GRID and node.level == 4:
            owners = {o.unit_id: o for o in unit_owners(db)}
            units = [owners[u] for u in grid.units_of(db, node.id) if u in owners]
            self._covered(f"负责单元（{len(units)}）", ("户数", "在住人数", "党员"), [
                {"id": o.unit_id, "label": o.label, "a": o.counts.households, "b": o.counts.residents,
                 "c": o.counts.party_members} for o in units])
        elif node.tree == TREE_GRID:
            children = grid.children(db, node.id)
            self._covered(f"下级网格（{len(children)}）", ("级别", "", ""), [
                {"id": c.id, "label": c.name, "a": c.level_title, "b": "", "c": ""} for c in children])
        elif node.level == 2:
            members = members_of(db, node.id)
            self._covered(f"党员（{len(members)}）", ("住址", "在小区", "状态"), [
                {"id": m.resident_id, "label": m.name, "a": m.address, "b": m.presence,
                 "c": m.status} for m in members])
        else:
            children = grid.children(db, node.id)
            self._covered(f"党小组（{len(children)}）", ("", "", ""), [
                {"id": c.id, "label": c.name, "a": "", "b": "", "c": ""} for c in children])

    def _show_unit(self, row: TreeRow) -> None:
        owner = next((o for o in unit_owners(self._ledger.db) if o.unit_id == row.id), None)
        self.kind.setText("单元")
        if owner is not None:
            self.person.setText(f"{owner.node_name}（{owner.holder or '空缺'}）" if owner.node_id else "无人负责")
            self.since.setText(f"{owner.counts.households} 户，在住 {owner.counts.residents} 人，"
                               f"党员 {owner.counts.party_members} 人")

    def _show_member(self, row: TreeRow) -> None:
        if row.kind == KIND_UNGROUPED:
            self.kind.setText("待编组")
            self.duties.setText("把党员拖到党小组上，或选中党员后点“编入党小组”。")
            return
        self.kind.setText(row.level + (f"，已{row.person_status}" if row.person_status else ""))
        self.person.setText(f"住址：{row.note}")
        self.phone.set_phone(row.phone)
