"""检查表: the checklists, their items, and the editor that writes a new
version whenever items are added, reworded, reordered or retired."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.inspections import checklists
from core.inspections.checklists import ItemDraft, Template
from core.ledger import Change, Ledger
from core.errors import ValidationError
from ui import messages
from ui.changes import ChangeHub
from ui.inspections.common import PageAction, action_bar, enable
from ui.sql_table_model import Column, StaticTableModel
from ui.widgets import Heading, LedgerDialog, LedgerTableView, error_label

ACTIONS: tuple[PageAction, ...] = (
    PageAction("new", "新建检查表…", "new_template", "建立社区自己的检查表"),
    PageAction("edit", "编辑…", "edit_selected", "增加、改写、调整顺序或停用检查项（保存为新版本）", "template"),
    PageAction("retire", "停用 / 恢复", "toggle_retired", "停用后不再用于新的检查，已有的检查不受影响", "template"),
    PageAction("history", "历史版本…", "show_history", "查看这个检查表的各个版本", "template"),
)

KeyRole = Qt.ItemDataRole.UserRole + 40


def template_rows(templates: list[Template]) -> list[dict]:
    return [{
        "id": t.id, "name": t.name, "kind": "内置" if t.builtin else "自建",
        "version": f"第 {t.version_number} 版", "items": len(t.items),
        "scope": checklists.SCOPE_LABELS[t.scope_kind], "status": "已停用" if t.retired else "使用中",
    } for t in templates]


class TemplatesPage(QWidget):
    """The checklists and the items of the selected one."""

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.model = StaticTableModel([
            Column("name", "检查表", "name", width=12),
            Column("kind", "来源", "kind", width=4),
            Column("version", "版本", "version", width=6),
            Column("items", "项数", "items", align_right=True, width=4),
            Column("scope", "默认范围", "scope", width=6),
            Column("status", "状态", "status", width=6),
        ], parent=self)
        self.view = LedgerTableView()
        self.view.setModel(self.model)
        self.view.set_column_widths([c.width for c in self.model.columns])
        self.items = StaticTableModel([
            Column("position", "序号", None, align_right=True, width=4),
            Column("text", "检查项", None, width=30),
        ], parent=self)
        self.items_view = LedgerTableView()
        self.items_view.setSortingEnabled(False)
        self.items_view.setModel(self.items)
        self.items_view.set_column_widths([4, 30])
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        bar, self.buttons = action_bar(self, ACTIONS)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(Heading("当前版本的检查项", scale=1.05))
        right_layout.addWidget(self.notes)
        right_layout.addWidget(self.items_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        hint = QLabel("修改检查表会保存为新版本；已做过的检查保留当时的检查项和原文，不受影响。")
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_items())
        self.view.activated.connect(lambda _i: self.edit_selected())
        hub.changed.connect(self._on_change)
        self.reload()

    def reload(self) -> None:
        keep = self.selected_id()
        self.model.set_rows(template_rows(checklists.list_templates(self.ledger.db, include_retired=True)))
        row = self.model.row_of(keep) if keep else None
        self.view.selectRow(row if row is not None else 0)
        self._show_items()

    def _on_change(self, change: Change) -> None:
        if change.touches("checklist_template", "checklist_version", "checklist_item"):
            self.reload()

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _show_items(self) -> None:
        template_id = self.selected_id()
        if template_id is None:
            self.items.set_rows([])
            self.notes.clear()
        else:
            t = checklists.get_template(self.ledger.db, template_id)
            self.items.set_rows([{"id": i.key, "position": i.position, "text": i.text} for i in t.items])
            self.notes.setText(t.notes)
        enable(ACTIONS, self.buttons, {"template": template_id is not None})

    # ------------------------------------------------------------ actions

    def new_template(self) -> None:
        TemplateEditor(self.ledger, None, parent=self).exec()

    def edit_selected(self) -> None:
        template_id = self.selected_id()
        if template_id:
            TemplateEditor(self.ledger, template_id, parent=self).exec()

    def toggle_retired(self) -> None:
        template_id = self.selected_id()
        if not template_id:
            return
        t = checklists.get_template(self.ledger.db, template_id)
        if not t.retired and not messages.confirm(
                self, f"停用检查表“{t.name}”？", yes="停用",
                detail="停用后新建检查时不再列出；已有的检查和整改不受影响，随时可以恢复。"):
            return
        checklists.set_template_retired(self.ledger, template_id, not t.retired)

    def show_history(self) -> None:
        template_id = self.selected_id()
        if template_id:
            VersionsDialog(self.ledger, template_id, parent=self).exec()


class TemplateEditor(LedgerDialog):
    """Edit a template's name and items (or write a new one).

    Items keep their identity when reworded or moved; removing one retires
    it from the new version only.

    Attributes:
        template_id: the saved template once accepted.
    """

    def __init__(self, ledger: Ledger, template_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.template_id = template_id
        self.setWindowTitle("编辑检查表" if template_id else "新建检查表")
        template = checklists.get_template(ledger.db, template_id) if template_id else None
        self.name = QLineEdit(template.name if template else "")
        self.scope = QComboBox()
        for kind, label in checklists.SCOPE_LABELS.items():
            self.scope.addItem(label, kind)
        if template:
            self.scope.setCurrentIndex(self.scope.findData(template.scope_kind))
        self.notes = QLineEdit(template.notes if template else "")
        self.version_note = QLineEdit()
        self.version_note.setPlaceholderText("这次修改的说明（可不填，程序会自动概括）")
        self.model = QStandardItemModel(self)
        for item in (template.items if template else ()):
            self._append(item.text, item.key)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAlternatingRowColors(True)
        self.error = error_label()
        buttons_col = QVBoxLayout()
        self.item_buttons: dict[str, QPushButton] = {}
        for name, label, slot in (("add", "添加一项", self.add_item), ("remove", "删除此项", self.remove_item),
                                  ("up", "上移", lambda: self.move(-1)), ("down", "下移", lambda: self.move(1))):
            button = QPushButton(label)
            button.clicked.connect(slot)
            self.item_buttons[name] = button
            buttons_col.addWidget(button)
        buttons_col.addStretch()
        items_row = QHBoxLayout()
        items_row.addWidget(self.list, 1)
        items_row.addLayout(buttons_col)
        form = QFormLayout()
        form.addRow("名称 *", self.name)
        form.addRow("默认检查范围", self.scope)
        form.addRow("说明", self.notes)
        hint = QLabel("双击一项可以改写。已做过的检查保留原来的检查项，不受这里的修改影响。")
        hint.setWordWrap(True)
        box = QDialogButtonBox()
        box.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("检查项"))
        layout.addLayout(items_row, 1)
        layout.addWidget(hint)
        if template_id:
            layout.addWidget(self.version_note)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.resize(640, 560)

    def _append(self, text: str, key: str | None) -> QStandardItem:
        item = QStandardItem(text)
        item.setData(key, KeyRole)
        self.model.appendRow(item)
        return item

    def add_item(self) -> None:
        item = self._append("新的检查项", None)
        self.list.setCurrentIndex(item.index())
        self.list.edit(item.index())

    def remove_item(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.model.removeRow(index.row())

    def move(self, step: int) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        row, target = index.row(), index.row() + step
        if not 0 <= target < self.model.rowCount():
            return
        items = self.model.takeRow(row)
        self.model.insertRow(target, items)
        self.list.setCurrentIndex(self.model.index(target, 0))

    def drafts(self) -> list[ItemDraft]:
        return [ItemDraft(self.model.item(row).text(), self.model.item(row).data(KeyRole))
                for row in range(self.model.rowCount())]

    def accept(self) -> None:
        try:
            if self.template_id:
                checklists.revise_template(
                    self.ledger, self.template_id, self.drafts(), name=self.name.text(),
                    scope_kind=self.scope.currentData(), notes=self.notes.text(),
                    note=self.version_note.text())
            else:
                community_id = self.ledger.community_id
                if community_id is None:
                    raise ValidationError("请先建立小区", "name")
                self.template_id = checklists.create_template(
                    self.ledger, community_id, self.name.text(), [d.text for d in self.drafts()],
                    scope_kind=self.scope.currentData(), notes=self.notes.text())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()


class VersionsDialog(LedgerDialog):
    """Every version of a template and its items."""

    def __init__(self, ledger: Ledger, template_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        template = checklists.get_template(ledger.db, template_id)
        self.setWindowTitle(f"“{template.name}”的历史版本")
        self.versions = checklists.template_versions(ledger.db, template_id)
        self.model = StaticTableModel([
            Column("number", "版本", None, display=lambda r: f"第 {r['number']} 版", width=6),
            Column("created_at", "日期", None, display=lambda r: r["created_at"][:10], width=10),
            Column("count", "项数", None, align_right=True, width=4),
            Column("note", "修改说明", None, width=24),
        ], [{"id": v.id, "number": v.number, "created_at": v.created_at, "count": len(v.items),
             "note": v.note} for v in self.versions], parent=self)
        self.view = LedgerTableView()
        self.view.setSortingEnabled(False)
        self.view.setModel(self.model)
        self.view.set_column_widths([c.width for c in self.model.columns])
        self.items = StaticTableModel([Column("position", "序号", None, width=4),
                                       Column("text", "检查项", None, width=30)], parent=self)
        self.items_view = LedgerTableView()
        self.items_view.setSortingEnabled(False)
        self.items_view.setModel(self.items)
        self.items_view.set_column_widths([4, 30])
        close = QDialogButtonBox()
        close.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.items_view, 2)
        layout.addWidget(close)
        self.view.selectionModel().currentRowChanged.connect(self._show)
        self.view.selectRow(0)
        self.resize(640, 560)

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        version = self.versions[current.row()] if current.isValid() else None
        self.items.set_rows([{"id": i.key, "position": i.position, "text": i.text}
                             for i in (version.items if version else ())])
