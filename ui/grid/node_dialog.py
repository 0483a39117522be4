"""Adding, editing and deleting a node of either tree, and choosing units.

Every form is checked against ``core`` as the user types; the save button
stays disabled while something is wrong, with the reason in red.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core import grid
from core.errors import ValidationError
from core.grid import TREE_GRID, NodeForm, level_info
from core.grid.people import PersonRef, person_name
from core.grid.queries import unit_owners
from core.grid.tree import add_node_with_person
from core.ledger import Ledger
from ui import messages
from ui.fields import DateField
from ui.grid.models import UnitChoiceModel
from ui.widgets import LedgerDialog, LedgerTableView, dialog_buttons, error_label


class UnitChooser(QWidget):
    """Every unit with a check box and who covers it now; a filter box on top.

    Signals come from :attr:`model` (``dataChanged`` when a box is ticked).
    """

    def __init__(self, ledger: Ledger, checked: set[str], node_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = UnitChoiceModel(unit_owners(ledger.db), checked, node_id, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选：如 3栋、无人负责")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = LedgerTableView()
        self.view.setSortingEnabled(False)
        self.view.setModel(self.proxy)
        self.view.set_column_widths([11, 5, 9, 22])
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self.model.dataChanged.connect(self._summarize)
        self._summarize()
        self._scrolled = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._scrolled:  # once laid out, bring the first ticked unit into view
            self._scrolled = True
            QTimer.singleShot(0, self._scroll_to_checked)

    def _scroll_to_checked(self) -> None:
        checked = self.model.checked_ids()
        if checked:
            row = next(n for n, o in enumerate(self.model.owners) if o.unit_id == checked[0])
            self.view.scrollTo(self.proxy.mapFromSource(self.model.index(row, 0)),
                               LedgerTableView.ScrollHint.PositionAtCenter)

    def _summarize(self, *_args) -> None:
        chosen = [o.label for o in self.model.owners if o.unit_id in self.model.checked]
        taken = self.model.taken_checked()
        text = "已选：" + ("、".join(chosen) if chosen else "无")
        if taken:
            text += "（其中 " + "、".join(f"{o.label} 将从“{o.node_name}”转来" for o in taken) + "）"
        self.summary.setText(text)
        self.summary.setWordWrap(True)

    def confirm_take_over(self, parent: QWidget) -> bool | None:
        """Ask before taking units from other nodes. None: nothing to take."""
        taken = self.model.taken_checked()
        if not taken:
            return None
        lines = "\n".join(f"{o.label}：现由“{o.node_name}”（{o.holder or '空缺'}）负责" for o in taken)
        return messages.confirm(parent, "这些单元已有楼栋单元长，确定转过来吗？", "转过来", detail=lines)


class NodeDialog(LedgerDialog):
    """Add a node under ``parent_id`` (None: at the top), or edit ``node_id``.

    A new level-4 grid node chooses its units here; a new node may be given
    its first holder at once.

    Attributes:
        node_id: the saved node's id once accepted.
    """

    def __init__(self, ledger: Ledger, tree: str, *, parent_id: str | None = None,
                 node_id: str | None = None, units: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._tree = tree
        self.node_id = node_id
        self._person: PersonRef | None = None
        node = grid.get_node(ledger.db, node_id) if node_id else None
        self._parent_id = node.parent_id if node else parent_id
        self._level = node.level if node else (
            1 if parent_id is None else grid.get_node(ledger.db, parent_id).level + 1)
        self._problem = None if node else grid.child_level_problem(ledger.db, tree, parent_id)
        info = level_info(tree, min(self._level, grid.max_level(tree)))
        self.setWindowTitle(("编辑" if node else "新建") + info.title)
        self.resize(620, 640 if self._needs_units else 420)

        where = " › ".join(grid.path_names(ledger.db, self._parent_id)) if self._parent_id else "（最上一级）"
        self.level_label = QLabel(f"{info.title}：由{info.who}担任，职务称“{info.role}”")
        self.level_label.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：3栋2单元、东片、第一党小组")
        self.duties = QPlainTextEdit()
        self.duties.setFixedHeight(84)
        self.start = DateField()
        self.error = error_label()

        form = QFormLayout()
        form.addRow("上级", QLabel(where))
        form.addRow("级别", self.level_label)
        form.addRow("名称 *", self.name)
        form.addRow("职责", self.duties)
        form.addRow("设立日期", self.start)

        self.units: UnitChooser | None = None
        if self._needs_units:
            self.units = UnitChooser(ledger, set(units))
            self.units.model.dataChanged.connect(self._suggest_name)
            form.addRow("负责单元 *", self.units)
        self.person_label = QLabel("未指定（也可以稍后指定）")
        self.person_button = QPushButton("选择…")
        self.person_button.clicked.connect(self._choose_person)
        if node is None:
            row = QHBoxLayout()
            row.addWidget(self.person_label, 1)
            row.addWidget(self.person_button)
            form.addRow(info.role, row)

        buttons, self.ok = dialog_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        if node is not None:
            self.name.setText(node.name)
            self.duties.setPlainText(node.duties)
            self.start.set_value(node.start_date)
        else:
            self.duties.setPlainText(info.duties)
            self._suggest_name()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._validate)
        self.name.textChanged.connect(self._timer.start)
        self.start.dateChanged.connect(self._timer.start)
        if self.units is not None:
            self.units.model.dataChanged.connect(self._timer.start)
        self._validate()

    @property
    def _needs_units(self) -> bool:
        return self.node_id is None and self._tree == TREE_GRID and self._level == grid.max_level(TREE_GRID)

    def _suggest_name(self, *_args) -> None:
        """A new unit head's grid is named after its first unit until the user types a name."""
        if self.units is None or self.name.isModified():
            return
        chosen = self.units.model.checked_ids()
        labels = {o.unit_id: o.label for o in self.units.model.owners}
        self.name.setText(labels[chosen[0]] if chosen else "")

    def form(self) -> NodeForm:
        return NodeForm(self.name.text(), self.duties.toPlainText(), self.start.value())

    def _show(self, message: str) -> bool:
        self.error.setText(message)
        self.error.show()
        self.ok.setEnabled(False)
        return False

    def _validate(self) -> bool:
        self.error.hide()
        if self._problem:
            return self._show(self._problem)
        if self.units is not None and not self.units.model.checked:
            return self._show("请勾选这位楼栋单元长负责的单元（至少一个）")
        try:
            grid.check_node_form(self._ledger.db, self.form(), tree=self._tree, parent_id=self._parent_id,
                                 node_id=self.node_id)
        except ValidationError as exc:
            if exc.field == "name" and not self.name.text().strip() and not self.name.isModified():
                self.ok.setEnabled(False)
                return False
            return self._show(exc.message)
        self.ok.setEnabled(True)
        return True

    def _choose_person(self) -> None:
        from ui.people import PersonPicker

        dialog = LedgerDialog(self)
        dialog.setWindowTitle("选择" + level_info(self._tree, self._level).role)
        dialog.resize(720, 520)
        unit = self.units.model.checked_ids()[0] if self.units and self.units.model.checked else None
        picker = PersonPicker(self._ledger, party_only=self._tree != TREE_GRID, unit_id=unit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("选定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(picker)
        layout.addWidget(buttons)
        if dialog.exec() and picker.person() is not None:
            self.set_person(picker.person())

    def set_person(self, person: PersonRef | None) -> None:
        self._person = person
        self.person_label.setText(person_name(self._ledger.db, person) if person else "未指定（也可以稍后指定）")

    def accept(self) -> None:
        if not self._validate():
            return
        take_over = False
        if self.units is not None:
            answer = self.units.confirm_take_over(self)
            if answer is False:
                return
            take_over = bool(answer)
        try:
            if self.node_id:
                grid.update_node(self._ledger, self.node_id, self.form())
            else:
                self.node_id = add_node_with_person(
                    self._ledger, self._tree, self._parent_id, self.form(), person=self._person,
                    units=self.units.model.checked_ids() if self.units else (), take_over=take_over)
        except ValidationError as exc:
            self._show(exc.message)
            self.ok.setEnabled(True)
            return
        super().accept()


class UnitsDialog(LedgerDialog):
    """负责单元: tick the units a level-4 node covers (bind and unbind in one go)."""

    def __init__(self, ledger: Ledger, node_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._node = grid.get_node(ledger.db, node_id)
        self.setWindowTitle(f"负责单元 — {self._node.name}")
        self.resize(620, 560)
        self.chooser = UnitChooser(ledger, set(grid.units_of(ledger.db, node_id)), node_id)
        explain = QLabel("勾选这位楼栋单元长负责的单元。一个单元只能由一位楼栋单元长负责；"
                         "已由别人负责的单元，勾选后需确认转过来。")
        explain.setWordWrap(True)
        self.error = error_label()
        buttons, self.ok = dialog_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.chooser, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.chooser.model.dataChanged.connect(self._validate)
        self._validate()

    def _validate(self, *_args) -> bool:
        ok = bool(self.chooser.model.checked)
        self.error.setText("" if ok else "至少要负责一个单元。如要撤销这个网格，请用“删除”")
        self.error.setVisible(not ok)
        self.ok.setEnabled(ok)
        return ok

    def accept(self) -> None:
        if not self._validate():
            return
        answer = self.chooser.confirm_take_over(self)
        if answer is False:
            return
        try:
            grid.set_units(self._ledger, self._node.id, self.chooser.model.checked_ids(), take_over=bool(answer))
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()


class DeleteNodeDialog(LedgerDialog):
    """删除 a node, saying where its children, units or members go."""

    def __init__(self, ledger: Ledger, node_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._node = grid.get_node(ledger.db, node_id)
        node = self._node
        self.setWindowTitle(f"删除{node.level_title} — {node.name}")
        deps = grid.dependents(ledger.db, node_id)
        self.targets = grid.transfer_targets(ledger.db, node_id)
        what = deps.describe(node)
        text = f"删除“{node.name}”？" + (f"\n它下面有 {what}。" if what else "")
        label = QLabel(text)
        label.setWordWrap(True)
        self.transfer = QRadioButton(f"转给另一个{node.level_title}：")
        self.target = QComboBox()
        for target in self.targets:
            self.target.addItem(" › ".join(grid.path_names(ledger.db, target.id)), target.id)
        release_text = {True: "解除：单元将无人负责，党员将回到“未编组”",
                        False: "解除（只有单元、党员或楼栋单元长时才能解除）"}[not deps.children]
        self.release = QRadioButton(release_text)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.transfer)
        self.choice.addButton(self.release)
        self.release.setEnabled(not deps.children)
        needs_choice = bool(deps.children or deps.payload)
        (self.transfer if self.targets and needs_choice else self.release).setChecked(needs_choice)
        self.transfer.setEnabled(bool(self.targets))
        self.target.setEnabled(bool(self.targets))
        history = QLabel("删除后，这个网格和历任负责人的记录仍保留，在导出的往年名单中可以查到。")
        history.setWordWrap(True)
        history.setStyleSheet("color: #555;")
        self.error = error_label()
        buttons, self.ok = dialog_buttons(self, "删除")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        if needs_choice:
            row = QHBoxLayout()
            row.addWidget(self.transfer)
            row.addWidget(self.target, 1)
            layout.addLayout(row)
            layout.addWidget(self.release)
        layout.addWidget(history)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._needs_choice = needs_choice
        if needs_choice and not self.targets and deps.children:
            self.error.setText(f"没有别的{node.level_title}可以接收它的下级。请先新建一个{node.level_title}，"
                               "或把下级逐个拖到别处")
            self.error.show()
            self.ok.setEnabled(False)

    def accept(self) -> None:
        transfer_to = self.target.currentData() if self._needs_choice and self.transfer.isChecked() else None
        release = self._needs_choice and self.release.isChecked()
        try:
            grid.delete_node(self._ledger, self._node.id, transfer_to=transfer_to, release=release)
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()

