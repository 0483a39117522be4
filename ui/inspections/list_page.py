"""检查记录: the inspections, filtered by date, checklist, place and outcome."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core import inspections
from core.inspections import checklists
from core.ledger import Change, Ledger
from core.inspections import queries as iq
from core.errors import ValidationError
from ui.save_dialog import ask_save_path
from ui import messages
from ui.background import run_task
from ui.changes import ChangeHub
from ui.fields import DateField
from ui.inspections.common import PageAction, action_bar, enable
from ui.inspections.models import InspectionTableModel
from ui.widgets import LedgerTableView

ACTIONS: tuple[PageAction, ...] = (
    PageAction("new", "新建检查…", "new_inspection", "选择检查表和检查范围，开始一次检查（Ctrl+N）"),
    PageAction("open", "打开", "open_selected", "填写或查看所选检查（Enter）", "inspection"),
    PageAction("delete", "删除草稿", "delete_selected", "删除所选的草稿（已完成的检查不能删除）", "draft"),
    PageAction("export", "导出 Excel…", "export", "把所列时间段的检查、结果和整改导出为 Excel"),
)

WATCHED = ("inspection", "inspection_result", "inspection_inspector", "rectification",
           "checklist_template", "compound", "building", "unit", "photo")


class InspectionListPage(QWidget):
    """The list of inspections and its filters.

    Signals:
        open_requested(str): open this inspection in the form.
        new_requested(): start a new inspection.
    """

    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.date_from = DateField()
        self.date_to = DateField()
        for field in (self.date_from, self.date_to):
            field.setSpecialValueText("不限")
        self.template = QComboBox()
        self.scope = QComboBox()
        self.outcome = QComboBox()
        self.outcome.addItems(iq.OUTCOMES)
        self._fill_choices()
        self.model = InspectionTableModel(self)
        self.view = LedgerTableView()
        self.view.setModel(self.model)
        self.view.set_column_widths([c.width for c in self.model.columns])
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.count = QLabel()
        filters = QHBoxLayout()
        for label, widget in (("从", self.date_from), ("到", self.date_to)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.template, 1)
        filters.addWidget(self.scope, 1)
        filters.addWidget(self.outcome)
        bar, self.buttons = action_bar(self, ACTIONS)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        for widget in (self.date_from, self.date_to):
            widget.dateChanged.connect(self.reload)
        for combo in (self.template, self.scope, self.outcome):
            combo.currentIndexChanged.connect(self.reload)
        self.view.activated.connect(lambda _i: self.open_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        hub.changed.connect(self._on_change)
        self.reload()

    def _fill_choices(self) -> None:
        db = self.ledger.db
        for combo in (self.template, self.scope):
            combo.blockSignals(True)
        current_template, current_scope = self.template.currentData(), self.scope.currentData()
        self.template.clear()
        self.template.addItem("全部检查表", None)
        for t in checklists.list_templates(db, include_retired=True):
            self.template.addItem(t.name + ("（已停用）" if t.retired else ""), t.id)
        self.scope.clear()
        self.scope.addItem("全部范围", None)
        for s in inspections.scope_choices(db):
            indent = {"compound": "", "building": "　", "unit": "　　"}[s.kind]
            self.scope.addItem(indent + s.label, f"{s.kind}|{s.id}")
        self.template.setCurrentIndex(max(self.template.findData(current_template), 0))
        self.scope.setCurrentIndex(max(self.scope.findData(current_scope), 0))
        for combo in (self.template, self.scope):
            combo.blockSignals(False)

    def filter(self) -> iq.InspectionFilter:
        kind = scope_id = None
        if self.scope.currentData():
            kind, scope_id = self.scope.currentData().split("|")
        return iq.InspectionFilter(
            date_from=self.date_from.value(), date_to=self.date_to.value(),
            template_id=self.template.currentData(), scope_kind=kind, scope_id=scope_id,
            outcome=self.outcome.currentText(), community_id=self.ledger.community_id)

    def reload(self) -> None:
        keep = self.selected_id()
        f = self.filter()
        db = self.ledger.db
        self.model.set_source(
            lambda offset, limit, order, desc: iq.inspection_page(db, f, offset, limit, order, desc),
            lambda: iq.inspection_count(db, f))
        if keep:
            self.select(keep)
        self.count.setText(f"共 {self.model.total} 次检查")
        self._update_buttons()

    def _on_change(self, change: Change) -> None:
        if change.touches("checklist_template", "compound", "building", "unit"):
            self._fill_choices()
        if change.touches(*WATCHED):
            self.reload()

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select(self, inspection_id: str) -> bool:
        row = self.model.row_of(inspection_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _update_buttons(self) -> None:
        index = self.view.currentIndex()
        row = self.model.row(index.row()) if index.isValid() else None
        enable(ACTIONS, self.buttons, {"inspection": row is not None,
                                       "draft": row is not None and row["status"] == "草稿"})

    # ------------------------------------------------------------ actions

    def new_inspection(self) -> None:
        self.new_requested.emit()

    def open_selected(self) -> None:
        inspection_id = self.selected_id()
        if inspection_id:
            self.open_requested.emit(inspection_id)

    def delete_selected(self) -> None:
        inspection_id = self.selected_id()
        if not inspection_id:
            return
        if not messages.confirm(self, "删除这份检查草稿？", yes="删除",
                                detail="草稿中已填写的结果和照片会一起删除。", danger=True):
            return
        try:
            inspections.delete_inspection(self.ledger, inspection_id)
        except ValidationError as exc:
            messages.warn(self, exc.message)

    def export(self) -> None:
        f = self.filter()
        name = f"检查台账_{datetime.date.today():%Y%m%d}.xlsx"
        path = ask_save_path(self, "导出检查台账", Path.home() / name)
        if path is None:
            return
        ledger = self.ledger

        def work(_progress):
            from reports.inspection_xlsx import export_inspections

            worker = ledger.reopen()
            try:
                return export_inspections(worker.db, path, date_from=f.date_from, date_to=f.date_to)
            finally:
                worker.close()

        self.export_task = run_task(
            self, "正在导出…", work,
            lambda count: messages.info(self, f"已导出 {count} 次检查。", str(path)),
            cancellable=False)
