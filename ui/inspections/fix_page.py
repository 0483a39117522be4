"""整改: every rectification, open and overdue first (overdue in red); the
selected one in detail with its history and its before / after photos."""

from __future__ import annotations

import datetime
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.inspections import rectifications
from core.ledger import Change, Ledger
from core.inspections.rectifications import STATUS_DONE, STATUS_TODO, Rectification
from core.inspections import queries as iq
from core.errors import ValidationError
from ui.changes import ChangeHub
from ui.inspections.common import PageAction, action_bar, enable
from ui.inspections.fix_dialogs import AssignDialog, CloseDialog, StepDialog, photo_pair
from ui.inspections.models import RectificationTableModel
from ui.widgets import Heading, LedgerTableView

ACTIONS: tuple[PageAction, ...] = (
    PageAction("start", "开始整改…", "start_selected", "责任人已着手整改", "todo"),
    PageAction("close", "办结…", "close_selected", "填写整改情况、添加整改后照片并办结", "open"),
    PageAction("assign", "调整责任人/期限…", "assign_selected", "更换责任人或延长期限", "open"),
    PageAction("reopen", "重新整改…", "reopen_selected", "复查发现问题仍在，重新整改", "done"),
    PageAction("inspection", "打开检查", "open_inspection", "打开发现这个问题的检查", "any"),
)

WATCHED = ("rectification", "rectification_event", "inspection", "inspection_result", "photo")


class RectificationPage(QWidget):
    """The rectification list and the selected one's detail.

    Signals:
        open_inspection_requested(str): open this inspection in the form.
    """

    open_inspection_requested = Signal(str)

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.hub = hub
        self.today = datetime.date.today()
        self.status = QComboBox()
        self.status.addItems(iq.FIX_FILTERS)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：检查项、责任人、楼栋单元")
        self.search.setClearButtonEnabled(True)
        self.model = RectificationTableModel(self)
        self.view = LedgerTableView()
        self.view.setSortingEnabled(False)  # headers sort by hand: a third click restores urgency
        self.view.setModel(self.model)
        self.view.set_column_widths([c.width for c in self.model.columns])
        self.view.horizontalHeader().setSectionsClickable(True)
        self.view.horizontalHeader().sectionClicked.connect(self._sort_by)
        self.summary = QLabel()
        self.detail = RectificationDetail(ledger, hub)
        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.search, 1)
        bar, self.buttons = action_bar(self, ACTIONS)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.status.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self.reload)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._on_selection())
        self.view.activated.connect(lambda _i: self.close_selected())
        hub.changed.connect(self._on_change)
        self._sort_column = -1
        self.reload()

    # ------------------------------------------------------------ data

    def reload(self) -> None:
        keep = self.selected_id()
        self.today = datetime.date.today()
        self.model.today = self.today
        f = iq.RectificationFilter(self.today, self.status.currentText(), self.search.text(),
                                   community_id=self.ledger.community_id)
        db = self.ledger.db
        self.model.set_source(
            lambda offset, limit, order, desc: iq.rectification_page(db, f, offset, limit, order, desc),
            lambda: iq.rectification_count(db, f))
        if not (keep and self.select(keep)) and self.model.rowCount():
            self.view.selectRow(0)
        counts = iq.rectification_counts(db, self.today, self.ledger.community_id)
        text = f"未完成 {counts[iq.FIX_OPEN]} 项　已完成 {counts[iq.FIX_DONE]} 项"
        if counts[iq.FIX_OVERDUE]:
            text += f"　<span style='color:#c0392b'><b>已逾期 {counts[iq.FIX_OVERDUE]} 项</b></span>"
        self.summary.setText(text)
        self._on_selection()

    def _sort_by(self, column: int) -> None:
        """Click a header: sort by it; click it a third time: back to urgency."""
        header = self.view.horizontalHeader()
        if column == self._sort_column and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
            self._sort_column = -1
            header.setSortIndicatorShown(False)
            self.model.sort(-1)
            return
        order = (Qt.SortOrder.DescendingOrder if column == self._sort_column
                 else Qt.SortOrder.AscendingOrder)
        self._sort_column = column
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, order)
        self.model.sort(column, order)

    def _on_change(self, change: Change) -> None:
        if change.touches(*WATCHED):
            self.reload()

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected(self) -> Rectification | None:
        rect_id = self.selected_id()
        if rect_id is None:
            return None
        try:
            return rectifications.get_rectification(self.ledger.db, rect_id)
        except ValidationError:
            return None

    def select(self, rect_id: str) -> bool:
        """Select a rectification, widening the status filter if it is not shown."""
        row = self.model.row_of(rect_id)
        if row is None and self.status.currentText() != iq.FIX_ALL:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.status.setCurrentText(iq.FIX_ALL)
            row = self.model.row_of(rect_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _on_selection(self) -> None:
        rect = self.selected()
        self.detail.show_rectification(rect, self.today)
        enable(ACTIONS, self.buttons, {
            "any": rect is not None,
            "todo": rect is not None and rect.status == STATUS_TODO,
            "open": rect is not None and rect.is_open,
            "done": rect is not None and rect.status == STATUS_DONE,
        })

    # ------------------------------------------------------------ actions

    def start_selected(self) -> None:
        rect = self.selected()
        if rect and rect.status == STATUS_TODO:
            StepDialog(self.ledger, rect, parent=self).exec()

    def close_selected(self) -> None:
        rect = self.selected()
        if rect and rect.is_open:
            CloseDialog(self.ledger, self.hub, rect, parent=self).exec()

    def assign_selected(self) -> None:
        rect = self.selected()
        if rect and rect.is_open:
            AssignDialog(self.ledger, rect, parent=self).exec()

    def reopen_selected(self) -> None:
        rect = self.selected()
        if rect and not rect.is_open:
            StepDialog(self.ledger, rect, reopen=True, parent=self).exec()

    def open_inspection(self) -> None:
        rect = self.selected()
        if rect:
            self.open_inspection_requested.emit(rect.inspection_id)


class RectificationDetail(QScrollArea):
    """One rectification: what, where, who, by when, its history, and its
    before and after photos side by side."""

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.hub = hub
        self.setWidgetResizable(True)
        self.current: str | None = None
        self._shown = ""
        self.body = QWidget()
        self.setWidget(self.body)
        self.heading = Heading("", scale=1.1)
        self.heading.setWordWrap(True)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (("problem", "问题"), ("inspection", "检查"), ("responsible", "责任人"),
                           ("deadline", "整改期限"), ("status", "状态"), ("note", "整改情况")):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label, value)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.photos = QWidget()
        self.photos_layout = QVBoxLayout(self.photos)
        self.photos_layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel("在上面的列表中选择一项整改。")
        info = QVBoxLayout()
        info.addWidget(self.empty)
        info.addWidget(self.heading)
        info.addLayout(form)
        self.history_title = Heading("经过", scale=1.0)
        info.addWidget(self.history_title)
        info.addWidget(self.history)
        info.addStretch()
        layout = QHBoxLayout(self.body)
        layout.addLayout(info, 2)
        layout.addWidget(self.photos, 3)

    def show_rectification(self, rect: Rectification | None, today: datetime.date) -> None:
        self.current = rect.id if rect else None
        self.empty.setVisible(rect is None)
        for widget in (self.heading, self.history_title, self.history, self.photos):
            widget.setVisible(rect is not None)
        if rect is None:
            for label in self.fields.values():
                label.clear()
            self._set_photos(None)
            return
        self.heading.setText(f"{rect.scope_label}　{rect.item_text}")
        f = self.fields
        f["problem"].setText(rect.item_remark or "（未写明）")
        f["inspection"].setText(f"{rect.inspection_date.isoformat()} {rect.template_name}")
        f["responsible"].setText(rect.responsible_name)
        state = rect.state_text(today)
        deadline = f"{rect.deadline.isoformat()}（{state}）"
        if rect.overdue(today):
            deadline = f"<span style='color:#c0392b'><b>{html.escape(deadline)}</b></span>"
        f["deadline"].setText(deadline)
        status = rect.status
        if rect.closed_date:
            status += f"（{rect.closed_date.isoformat()}）"
        f["status"].setText(status)
        f["note"].setText(rect.close_note or "—")
        lines = [f"{e.date.isoformat()}　{html.escape(e.kind)}"
                 + (f"：{html.escape(e.note)}" if e.note else "")
                 for e in rectifications.events(self.ledger.db, rect.id)]
        self.history.setText("<br>".join(lines))
        self._set_photos(rect)

    def _set_photos(self, rect: Rectification | None) -> None:
        key = rect.id if rect else ""
        if key == self._shown:
            return
        self._shown = key
        while self.photos_layout.count():
            old = self.photos_layout.takeAt(0).widget()
            old.hide()  # not painted again while it waits to be deleted
            old.deleteLater()
        if rect is not None:
            pair, _galleries = photo_pair(self.ledger, self.hub, rect, self.photos, rows=1)
            holder = QWidget()
            holder.setLayout(pair)
            self.photos_layout.addWidget(holder)

