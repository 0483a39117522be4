"""Every model of the campaigns tab passes qtmodeltester; the chart draws at both text sizes."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt

from core.campaigns import metrics as cm
from core.campaigns import stats
from core import campaigns
from core.campaigns import queries as campaign_queries
from ui import settings
from ui.campaigns.chart import ALL_METRICS, ProgressChart, nice_step
from ui.campaigns.models import (
    CampaignListModel,
    EntryLogModel,
    MetricListModel,
    PartnerModel,
    PlaceModel,
    TotalsModel,
    UnitHoursModel,
    VolunteerModel,
)
from ui.campaigns.tab import CampaignsTab
from ui.campaigns.volunteers import VolunteerEditModel, VolunteerRow
from ui.changes import ChangeHub


@pytest.fixture
def main_campaign(demo_ledger) -> str:
    return demo_ledger.db.execute("SELECT id FROM campaign WHERE name = '弃管小区环境综合整治'").fetchone()[0]


def test_static_models(qtmodeltester, demo_ledger, main_campaign) -> None:
    db = demo_ledger.db
    metrics = cm.metrics(db)
    campaign_list = CampaignListModel()
    campaign_list.set_rows(campaigns.campaign_list(db))
    totals = TotalsModel()
    totals.set_totals(stats.totals(db, main_campaign))
    partners = PartnerModel()
    partners.set_data(stats.by_partner(db, main_campaign), metrics)
    places = PlaceModel()
    places.set_data(stats.by_place(db, main_campaign), metrics)
    people = VolunteerModel()
    people.set_roster(stats.volunteer_roster(db, main_campaign))
    units = UnitHoursModel()
    units.set_units(stats.unit_roster(db, main_campaign))
    metric_list = MetricListModel()
    metric_list.set_metrics(metrics)
    for model in (campaign_list, totals, partners, places, people, units, metric_list):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    assert people.rowCount() >= 100


def test_entry_log_model(qtmodeltester, demo_ledger, main_campaign) -> None:
    db = demo_ledger.db
    model = EntryLogModel(cm.metrics(db))
    model.PAGE = 16  # several pages
    model.set_source(
        lambda offset, limit, order, desc: campaign_queries.entry_page(
            db, main_campaign, None, None, offset, limit, order, desc),
        lambda: campaign_queries.entry_count(db, main_campaign))
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.row(0)["date"] >= model.row(1)["date"]
    # Checked after sorting: Qt's tester runs its checks on modelReset before
    # it has marked the reset finished, so a reset that leaves pages to fetch
    # would trip it (a limitation of the tester with fetchMore models).
    qtmodeltester.check(model)
    assert model.total >= 40
    assert "吨" in "".join(model.index(r, 2).data() for r in range(model.rowCount()))


def test_volunteer_edit_model(qtmodeltester, demo_ledger) -> None:
    units = campaigns.partner_units(demo_ledger.db)
    model = VolunteerEditModel(units)
    model.add(VolunteerRow("王市民", "3", partner_unit_id=units[0].id))
    model.add(VolunteerRow("张建国", "2.5", "rid", "1栋1单元101", units[-1].id))
    assert not model.add(VolunteerRow("张建国", "1", "rid"))  # the same resident twice
    qtmodeltester.check(model)
    assert not model.flags(model.index(1, model.NAME)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, model.HOURS_COLUMN), "1.25")
    assert "1 位小数" in model.index(0, model.HOURS_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    model.set_all_hours("4")
    assert [r.hours for r in model.rows()] == ["4", "4"]
    assert model.index(0, model.UNIT).data() == units[0].name


def test_nice_steps() -> None:
    assert [str(nice_step(x)) for x in (130, 8.8, 0.5, 1500)] == ["50", "2", "0.1", "500"]


@pytest.mark.parametrize("size", ["标准", "特大"])
def test_chart_draws_every_metric(qtbot, demo_ledger, main_campaign, size) -> None:
    settings.apply_text_size(size, save=False)
    try:
        chart = ProgressChart()
        qtbot.addWidget(chart)
        chart.resize(900, 500)
        series = stats.cumulative(demo_ledger.db, main_campaign)
        chart.set_series(series, through=series.days[10])
        for key in [ALL_METRICS] + [m.key for m in series.metrics]:
            chart.set_metric(key)
            assert not chart.grab().isNull()
        chart.set_metric("parking")
        assert chart.title() == "施划停车位：累计完成（个）"
        chart.set_series(None)
        assert not chart.grab().isNull()
    finally:
        settings.apply_text_size("标准", save=False)


def test_demo_tab_fills_every_page(qtbot, demo_ledger, main_campaign) -> None:
    hub = ChangeHub(demo_ledger)
    tab = CampaignsTab(demo_ledger, hub, today=datetime.date.today())
    qtbot.addWidget(tab)
    tab.show_record(main_campaign)
    assert tab.campaign_id == main_campaign and tab.log.model.total >= 40
    for page in (tab.totals, tab.partners, tab.places, tab.volunteers, tab.chart):
        tab.pages.setCurrentWidget(page)
    assert tab.totals.model.rowCount() == len(cm.metrics(demo_ledger.db))
    assert tab.chart.chart.series is not None
    hub.detach()
