"""The pages of the campaign tab under the campaign's header: totals with
goal progress bars, work by unit and by place, the volunteer roster, and
the progress chart. Each is filled with :meth:`load` from core statistics."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.campaigns import stats
from core.campaigns.metrics import Metric
from ui.campaigns.chart import ALL_METRICS, ProgressChart
from ui.campaigns.models import (
    MetRole,
    PartnerModel,
    PlaceModel,
    ProgressRole,
    TotalsModel,
    UnitHoursModel,
    VolunteerModel,
)
from ui.widgets import Heading, LedgerTableView, stacked

Index = QModelIndex | QPersistentModelIndex
Range = tuple[datetime.date | None, datetime.date | None]

_MET = QColor("#2e8b57")
_UNDER_WAY = QColor("#3b7dd8")


class ProgressDelegate(QStyledItemDelegate):
    """Draws the goal progress as a bar (capped at 100) with the true percentage as text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(ProgressRole)
        if value is None:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        bar = QStyleOptionProgressBar()
        margin = max(option.rect.height() // 6, 2)
        bar.rect = option.rect.adjusted(4, margin, -4, -margin)
        bar.minimum, bar.maximum, bar.progress = 0, 100, int(value)
        bar.text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = QPalette(option.palette)
        bar.palette.setColor(QPalette.ColorRole.Highlight, _MET if index.data(MetRole) else _UNDER_WAY)
        bar.fontMetrics = option.fontMetrics
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


class FitTableView(LedgerTableView):
    """A table whose columns fit their contents (each at most ``max_chars``
    average characters), again whenever the text size changes. Rows keep
    the model's own order until a header is clicked."""

    def __init__(self, model, max_chars: int = 40, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_chars = max_chars
        model._order = ""  # the order core gave, until the user sorts
        self.setModel(model)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        model.modelReset.connect(self.fit)

    def fit(self) -> None:
        self.resizeColumnsToContents()
        limit = self.fontMetrics().averageCharWidth() * self._max_chars
        wanted = [min(self.columnWidth(c), limit) for c in range(self.model().columnCount())]
        self.set_widths_in_view(wanted)  # every column in sight; numbers whole

    def refit(self) -> None:
        if not self._user_sized and self.model() is not None:
            self.fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()


def _table(model) -> FitTableView:
    return FitTableView(model)


class TotalsPage(QWidget):
    """Totals per metric for the range, with goal progress bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("campaignSummary")
        self.model = TotalsModel(self)
        self.view = _table(self.model)
        self.view.setSortingEnabled(False)
        self.view.setItemDelegateForColumn(TotalsModel.PROGRESS_COLUMN, ProgressDelegate(self.view))
        note = QLabel("进度条按目标计，超过目标时进度条满格，百分比显示实际数。")
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)

    def load(self, db: Database, campaign_id: str | None, span: Range) -> None:
        if campaign_id is None:
            self.summary.setText("")
            self.model.set_totals([])
            return
        self.summary.setText(stats.summary(db, campaign_id, *span).text())
        self.model.set_totals(stats.totals(db, campaign_id, *span))


class PartnerPage(QWidget):
    """What each partner unit took part in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PartnerModel(self)
        self.view = _table(self.model)
        note = QLabel("“完成量”是该单位参与的记录的合计；几个单位一起完成的工作计入每个参与单位，"
                      "所以各单位之和可能大于总计。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)

    def load(self, db: Database, campaign_id: str | None, span: Range, metrics: list[Metric]) -> None:
        self.model.set_data(stats.by_partner(db, campaign_id, *span) if campaign_id else [], metrics)


class PlacePage(QWidget):
    """The work done at each place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlaceModel(self)
        self.view = _table(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)

    def load(self, db: Database, campaign_id: str | None, span: Range, metrics: list[Metric]) -> None:
        self.model.set_data(stats.by_place(db, campaign_id, *span) if campaign_id else [], metrics)


class VolunteerPage(QWidget):
    """The roster per person and per unit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = VolunteerModel(self)
        self.units = UnitHoursModel(self)
        self.people_view = _table(self.people)
        self.units_view = _table(self.units)
        self.people_title = Heading("按人", scale=1.05)
        self.units_title = Heading("按单位", scale=1.05)
        left = stacked(self.people_title, self.people_view)
        right = stacked(self.units_title, self.units_view)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def load(self, db: Database, campaign_id: str | None, span: Range) -> None:
        roster = stats.volunteer_roster(db, campaign_id, *span) if campaign_id else []
        self.people.set_roster(roster)
        self.units.set_units(stats.unit_roster(db, campaign_id, *span) if campaign_id else [])
        self.people_title.setText(f"按人（{len(roster)} 人，按时长排列）")


class ChartPage(QWidget):
    """The cumulative progress chart with its metric picker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = QComboBox()
        self.picker.setObjectName("chartMetric")
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chart = ProgressChart()
        row = QHBoxLayout()
        row.addWidget(QLabel("显示"))
        row.addWidget(self.picker)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.chart, 1)
        self.picker.currentIndexChanged.connect(lambda _i: self.chart.set_metric(self.picker.currentData()))

    def load(self, db: Database, campaign_id: str | None, today: datetime.date) -> None:
        current = self.picker.currentData()
        series = stats.cumulative(db, campaign_id) if campaign_id else None
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItem("全部指标（占目标的百分比）", ALL_METRICS)
        for metric in series.metrics if series else []:
            self.picker.addItem(metric.label, metric.key)
        self.picker.setCurrentIndex(max(self.picker.findData(current), 0))
        self.picker.blockSignals(False)
        self.chart.set_metric(self.picker.currentData())
        self.chart.set_series(series, today if series and today < series.days[-1] else None)
