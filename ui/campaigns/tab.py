"""The campaigns tab (整治行动).

Left, the campaigns; right, the selected campaign: its header, the date
range the figures cover, its actions, and the pages 工作日志 (the entries,
with before/after photos), 合计与目标, 按单位, 按地点, 志愿者 and 进度图.
Keys: Ctrl+N logs an entry, Enter opens the selected one, Delete deletes it
(after asking).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import campaigns, photos
from core.campaigns.metrics import metrics
from core.progress import Cancelled
from core.ledger import Change, Ledger
from core.errors import LedgerError
from reports.campaign_xlsx import export_campaign
from ui.save_dialog import ask_save_path
from ui import messages
from ui.background import describe_error, run_task
from ui.campaigns.campaign_dialog import CampaignDialog
from ui.campaigns.entry_dialog import EntryDialog
from ui.campaigns.log_page import LogPage
from ui.campaigns.metrics_dialog import MetricsDialog
from ui.campaigns.models import CampaignListModel
from ui.campaigns.pages import ChartPage, FitTableView, PartnerPage, PlacePage, TotalsPage, VolunteerPage
from ui.changes import ChangeHub
from ui.fields import DateField
from ui.widgets import Heading

_WATCHED = tuple(campaigns.ALL_TABLES | photos.PHOTO_TABLES | {"resident", "building", "unit"})


@dataclass(frozen=True)
class TabAction:
    """A button of the tab, declared as data."""

    name: str
    label: str
    handler: str
    tip: str
    needs: str = ""  # "campaign", "entry" or "" (always enabled)


CAMPAIGN_ACTIONS: tuple[TabAction, ...] = (
    TabAction("new_campaign", "新建行动", "new_campaign", "开始一次新的专项整治行动"),
    TabAction("edit_campaign", "修改行动", "edit_campaign", "修改名称、起止日期、包保单位和目标", "campaign"),
    TabAction("delete_campaign", "删除行动", "delete_campaign", "删除没有记录的行动", "campaign"),
    TabAction("metrics", "指标…", "edit_metrics", "查看指标，添加本社区自己的指标"),
)
ENTRY_ACTIONS: tuple[TabAction, ...] = (
    TabAction("add_entry", "记一笔", "add_entry", "登记一天或一项工作的完成情况（Ctrl+N）", "campaign"),
    TabAction("edit_entry", "修改记录", "edit_entry", "修改所选记录（Enter）", "entry"),
    TabAction("delete_entry", "删除记录", "delete_entry", "删除所选记录及其照片（Delete）", "entry"),
    TabAction("export", "导出 Excel…", "export", "导出日志、合计与目标、志愿者时长", "campaign"),
)


class CampaignsTab(QWidget):
    """Campaigns, their entries and their statistics."""

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None,
                 today: datetime.date | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.hub = hub
        self.today = today or datetime.date.today()
        self.campaign_id: str | None = None
        self.metrics = metrics(ledger.db)

        self.campaign_model = CampaignListModel(self)
        self.campaign_view = FitTableView(self.campaign_model, max_chars=24)
        self.campaign_view.setSortingEnabled(False)
        self.title = Heading("", scale=1.3)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setObjectName("campaignInfo")
        self.whole = QCheckBox("全程")
        self.whole.setChecked(True)
        self.whole.setToolTip("统计整个行动；取消勾选后可选日期范围")
        self.start = DateField(allow_empty=False)
        self.end = DateField(allow_empty=False)

        self.log = LogPage(ledger, hub, self.metrics)
        self.totals = TotalsPage()
        self.partners = PartnerPage()
        self.places = PlacePage()
        self.volunteers = VolunteerPage()
        self.chart = ChartPage()
        self.pages = QTabWidget()
        for page, title in ((self.log, "工作日志"), (self.totals, "合计与目标"), (self.partners, "按单位"),
                            (self.places, "按地点"), (self.volunteers, "志愿者"), (self.chart, "进度图")):
            self.pages.addTab(page, title)
        self.buttons: dict[str, QPushButton] = {}
        self._build_layout()
        self._connect_signals()
        self._reload_campaigns()

    # ------------------------------------------------------------ layout

    def _buttons(self, actions: tuple[TabAction, ...]) -> QHBoxLayout:
        row = QHBoxLayout()
        for action in actions:
            button = QPushButton(action.label)
            button.setObjectName(action.name)
            button.setToolTip(action.tip)
            button.clicked.connect(lambda _c=False, h=action.handler: getattr(self, h)())
            self.buttons[action.name] = button
            row.addWidget(button)
        row.addStretch()
        return row

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(Heading("整治行动", scale=1.05))
        left_layout.addWidget(self.campaign_view, 1)
        campaign_buttons = self._buttons(CAMPAIGN_ACTIONS[:2])
        more_buttons = self._buttons(CAMPAIGN_ACTIONS[2:])
        left_layout.addLayout(campaign_buttons)
        left_layout.addLayout(more_buttons)

        span = QHBoxLayout()
        span.addWidget(QLabel("统计范围"))
        span.addWidget(self.whole)
        span.addWidget(self.start)
        span.addWidget(QLabel("至"))
        span.addWidget(self.end)
        span.addSpacing(24)
        span.addLayout(self._buttons(ENTRY_ACTIONS), 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.info)
        right_layout.addLayout(span)
        right_layout.addWidget(self.pages, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        unit = self.fontMetrics().averageCharWidth()
        split.setSizes([unit * 44, unit * 120])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def _connect_signals(self) -> None:
        self.hub.changed.connect(self._on_change)
        self.campaign_view.selectionModel().currentRowChanged.connect(self._on_campaign)
        self.campaign_view.activated.connect(lambda _i: self.edit_campaign())
        self.whole.toggled.connect(self._on_span)
        self.start.dateChanged.connect(self._on_span)
        self.end.dateChanged.connect(self._on_span)
        self.log.entry_changed.connect(lambda _e: self._update_buttons())
        self.log.open_requested.connect(self.edit_entry)
        self.pages.currentChanged.connect(lambda _i: self._load_page())
        add = QShortcut(QKeySequence("Ctrl+N"), self)
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add.activated.connect(self.add_entry)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.log.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_entry)

    # ------------------------------------------------------------ loading

    def span(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The date range the figures cover; (None, None) for the whole campaign."""
        if self.whole.isChecked():
            return None, None
        return self.start.value(), self.end.value()

    def _reload_campaigns(self, keep: str | None = None) -> None:
        keep = keep or self.campaign_id
        self.campaign_model.set_rows(campaigns.campaign_list(self.ledger.db, self.ledger.community_id))
        row = self.campaign_model.row_of(keep) if keep else None
        if row is None and self.campaign_model.rowCount():
            row = 0
        if row is None:
            self._show_campaign(None)
            return
        self.campaign_view.selectionModel().setCurrentIndex(
            self.campaign_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if self.campaign_model.id_at(row) == self.campaign_id:
            self._show_campaign(self.campaign_id)

    def _on_campaign(self, current: QModelIndex, _previous: QModelIndex) -> None:
        campaign_id = self.campaign_model.id_at(current.row()) if current.isValid() else None
        if campaign_id != self.campaign_id:
            self.whole.blockSignals(True)
            self.whole.setChecked(True)
            self.whole.blockSignals(False)
        self._show_campaign(campaign_id)

    def _show_campaign(self, campaign_id: str | None, keep_entry: str | None = None) -> None:
        self.campaign_id = campaign_id
        self.metrics = metrics(self.ledger.db)
        if campaign_id is None:
            self.title.setText("还没有整治行动")
            self.info.setText("点左下角“新建行动”，填写名称、起止日期、包保单位和目标；然后每天“记一笔”。")
        else:
            campaign = campaigns.get_campaign(self.ledger.db, campaign_id)
            units = {u.id: u.name for u in campaigns.partner_units(self.ledger.db)}
            state = "进行中" if campaign.contains(self.today) else ("未开始" if self.today < campaign.start_date
                                                                    else "已结束")
            self.title.setText(campaign.name)
            partner_text = "、".join(units[u] for u in campaign.partner_unit_ids if u in units) or "未填"
            self.info.setText(
                f"{campaign.start_date.isoformat()} 至 {campaign.end_date.isoformat()}（{campaign.days} 天，{state}）"
                f"　组织单位：{campaign.organiser or '未填'}　包保单位：{partner_text}")
            for field in (self.start, self.end):
                field.blockSignals(True)
            if self.whole.isChecked():
                self.start.set_value(campaign.start_date)
                self.end.set_value(min(campaign.end_date, max(self.today, campaign.start_date)))
            for field in (self.start, self.end):
                field.blockSignals(False)
        self.start.setEnabled(not self.whole.isChecked() and campaign_id is not None)
        self.end.setEnabled(not self.whole.isChecked() and campaign_id is not None)
        self.log.load(campaign_id, self.span(), self.metrics, keep=keep_entry or self.log.selected())
        self._load_page()
        self._update_buttons()

    def _load_page(self) -> None:
        """Fill the visible statistics page (the others fill when shown)."""
        page = self.pages.currentWidget()
        db, campaign_id, span = self.ledger.db, self.campaign_id, self.span()
        if page is self.totals:
            self.totals.load(db, campaign_id, span)
        elif page is self.partners:
            self.partners.load(db, campaign_id, span, self.metrics)
        elif page is self.places:
            self.places.load(db, campaign_id, span, self.metrics)
        elif page is self.volunteers:
            self.volunteers.load(db, campaign_id, span)
        elif page is self.chart:
            self.chart.load(db, campaign_id, self.today)

    def _on_span(self) -> None:
        whole = self.whole.isChecked()
        self.start.setEnabled(not whole)
        self.end.setEnabled(not whole)
        if self.campaign_id:
            self._show_campaign(self.campaign_id)

    def _on_change(self, change: Change) -> None:
        if change.touches(*_WATCHED):
            if change.touches("campaign", "campaign_entry"):
                self._reload_campaigns()
            else:
                self._show_campaign(self.campaign_id)

    def _update_buttons(self) -> None:
        has = {"campaign": self.campaign_id is not None, "entry": self.log.selected() is not None}
        for action in CAMPAIGN_ACTIONS + ENTRY_ACTIONS:
            self.buttons[action.name].setEnabled(not action.needs or has[action.needs])

    def show_record(self, record_id: str) -> None:
        """Open a campaign, or the campaign of an entry with that entry selected."""
        owner = campaigns.campaign_of_entry(self.ledger.db, record_id)
        campaign_id, entry_id = (owner, record_id) if owner else (record_id, None)
        index = self.campaign_model.row_of(campaign_id)
        if index is None:
            return
        self.campaign_view.selectionModel().setCurrentIndex(
            self.campaign_model.index(index, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if entry_id:
            self.pages.setCurrentWidget(self.log)
            self.log.select(entry_id)

    # ------------------------------------------------------------ actions

    def _community(self) -> str:
        from core.registry import ensure_community

        return ensure_community(self.ledger)

    def new_campaign(self) -> None:
        dialog = CampaignDialog(self.ledger, self._community(), parent=self)
        if dialog.exec():
            self._reload_campaigns(dialog.campaign_id)

    def edit_campaign(self) -> None:
        if self.campaign_id:
            community = campaigns.community_of_campaign(self.ledger.db, self.campaign_id)
            CampaignDialog(self.ledger, community, self.campaign_id, parent=self).exec()

    def delete_campaign(self) -> None:
        if not self.campaign_id:
            return
        name = campaigns.get_campaign(self.ledger.db, self.campaign_id).name
        if not messages.confirm(self, f"删除整治行动“{name}”？", yes="删除", danger=True):
            return
        try:
            campaigns.delete_campaign(self.ledger, self.campaign_id)
        except LedgerError as exc:
            messages.warn(self, exc.message, "行动的记录是工作台账，请确认确实不再需要后，先逐条删除记录。")
            return
        self.campaign_id = None
        self._reload_campaigns()

    def edit_metrics(self) -> None:
        MetricsDialog(self.ledger, self._community(), self).exec()
        self._show_campaign(self.campaign_id)

    def add_entry(self) -> None:
        if not self.campaign_id:
            messages.info(self, "请先在左侧选择或新建一个整治行动。")
            return
        dialog = EntryDialog(self.ledger, self.hub, self.campaign_id, parent=self, today=self.today)
        if dialog.exec():
            self.pages.setCurrentWidget(self.log)
            self.log.select(dialog.entry_id)

    def edit_entry(self) -> None:
        entry_id = self.log.selected()
        if self.campaign_id and entry_id:
            EntryDialog(self.ledger, self.hub, self.campaign_id, entry_id, parent=self, today=self.today).exec()

    def delete_entry(self) -> None:
        entry_id = self.log.selected()
        if not entry_id:
            return
        entry = campaigns.get_entry(self.ledger.db, entry_id)
        if messages.confirm(self, f"删除 {entry.date.isoformat()} {entry.place} 的记录？",
                            detail="记录的完成量、志愿者名单和照片都会删除，不能恢复。", yes="删除", danger=True):
            campaigns.delete_entry(self.ledger, entry_id)

    def export(self) -> None:
        if not self.campaign_id:
            return
        campaign_id = self.campaign_id
        name = campaigns.get_campaign(self.ledger.db, campaign_id).name
        path = ask_save_path(self, "导出整治行动", f"{name}.xlsx")
        if path is None:
            return
        ledger = self.ledger

        def work(progress):
            worker = ledger.reopen()
            try:
                return export_campaign(worker.db, campaign_id, path, progress)
            finally:
                worker.close()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                return
            messages.error(self, "导出没有完成。", describe_error(exc))

        self.export_task = run_task(
            self, "正在导出…", work,
            lambda count: messages.info(self, f"已导出 {count} 条记录。", str(Path(path))), failed)
