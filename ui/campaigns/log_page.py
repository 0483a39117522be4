"""The entry log page: a campaign's entries in the range, latest first, and
under it the selected entry's details and its before/after photos side by
side (the shared photo gallery: add by button, drop or paste)."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import campaigns
from core.campaigns.metrics import HOURS, Metric, format_amount, quantities_text
from core.ledger import Ledger
from core.campaigns import queries as campaign_queries
from ui.campaigns.models import EntryLogModel
from ui.campaigns.pages import FitTableView
from ui.changes import ChangeHub
from ui.photo_gallery import PhotoGallery


def photo_pair_box(ledger: Ledger, hub: ChangeHub, title: str, slot: str,
                   owner_id: str | None = None) -> tuple[PhotoGallery, QGroupBox]:
    """A titled gallery of one slot (整治前 / 整治后) of an entry's photos."""
    gallery = PhotoGallery(ledger, hub, campaigns.PHOTO_OWNER, owner_id, slot, compact=True)
    gallery.setObjectName(f"photos_{slot}")
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(gallery)
    return gallery, box


class LogPage(QWidget):
    """Entries of the selected campaign.

    Signals:
        entry_changed(object): the selected entry's id, or None.
        open_requested(): Enter or a double-click on an entry.
    """

    entry_changed = Signal(object)
    open_requested = Signal()

    def __init__(self, ledger: Ledger, hub: ChangeHub, metrics: list[Metric], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._hub = hub
        self.model = EntryLogModel(metrics, self)
        self.view = FitTableView(self.model, max_chars=30)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.detail = QLabel()
        self.detail.setObjectName("entryDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setWidget(self.detail)
        self.before, before_box = photo_pair_box(ledger, hub, "整治前", campaigns.PHOTO_BEFORE)
        self.after, after_box = photo_pair_box(ledger, hub, "整治后", campaigns.PHOTO_AFTER)
        for gallery in (self.before, self.after):
            gallery.no_owner_text = "选择一条记录，查看它的照片。"
            gallery.reload()
        photos_row = QWidget()
        photos_layout = QHBoxLayout(photos_row)
        photos_layout.setContentsMargins(0, 0, 0, 0)
        photos_layout.addWidget(before_box)
        photos_layout.addWidget(after_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(detail_scroll)
        split.addWidget(photos_row)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 3)
        line = self.fontMetrics().height()
        split.setSizes([line * 14, line * 5, line * 12])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_current(QModelIndex(), QModelIndex()))
        self.view.activated.connect(lambda _i: self.open_requested.emit())

    def load(self, campaign_id: str | None, span: tuple[datetime.date | None, datetime.date | None],
             metrics: list[Metric], keep: str | None = None) -> None:
        """Show the entries of ``campaign_id`` in ``span``, keeping entry ``keep`` selected."""
        self.model.metrics = metrics
        db = self._ledger.db
        if campaign_id is None:
            self.model.set_source(lambda *_a: [], lambda: 0)
        else:
            start, end = span
            self.model.set_source(
                lambda offset, limit, order, desc: campaign_queries.entry_page(
                    db, campaign_id, start, end, offset, limit, order, desc),
                lambda: campaign_queries.entry_count(db, campaign_id, start, end))
        if keep is None or not self.select(keep):
            self._on_current(self.view.currentIndex(), QModelIndex())

    def selected(self) -> str | None:
        index = self.view.selectionModel().currentIndex()
        if index.isValid() and self.view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return self.model.id_at(index.row())
        return None

    def select(self, entry_id: str) -> bool:
        row = self.model.row_of(entry_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def _on_current(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        entry_id = self.selected()
        self.detail.setText(self._describe(entry_id) if entry_id else "选择一条记录，查看志愿者名单和整治前后照片。")
        self.before.set_owner(campaigns.PHOTO_OWNER, entry_id, campaigns.PHOTO_BEFORE)
        self.after.set_owner(campaigns.PHOTO_OWNER, entry_id, campaigns.PHOTO_AFTER)
        self.entry_changed.emit(entry_id)

    def _describe(self, entry_id: str) -> str:
        db = self._ledger.db
        entry = campaigns.get_entry(db, entry_id)
        units = {u.id: u.name for u in campaigns.partner_units(db)}
        lines = [f"{entry.date.isoformat()}　{entry.place}　参加 {entry.head_count} 人"]
        done = quantities_text(dict(entry.quantities), self.model.metrics, "，")
        if done:
            lines.append(f"完成：{done}")
        if entry.partner_unit_ids:
            lines.append("参与单位：" + "、".join(units.get(u, "") for u in entry.partner_unit_ids))
        if entry.volunteers:
            names = "、".join(f"{v.name}{format_amount(v.hours, HOURS.precision)}小时" for v in entry.volunteers)
            lines.append(f"志愿者（{len(entry.volunteers)} 人）：{names}")
        if entry.notes:
            lines.append(f"备注：{entry.notes}")
        return "\n".join(lines)
