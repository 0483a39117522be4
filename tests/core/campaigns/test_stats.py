"""Totals, goal progress, date ranges, partner units, places, volunteers, the series."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.campaigns import metrics as cm
from core.campaigns import stats
from tests.core.campaign_fixtures import END, START, log, make_setup, volunteer

DAY2 = START + datetime.timedelta(days=1)
DAY3 = START + datetime.timedelta(days=2)


@pytest.fixture
def setup(ledger):
    return make_setup(ledger)


def _total(rows, key: str) -> stats.MetricTotal:
    return next(t for t in rows if t.metric.key == key)


def test_decimal_totals_are_exact(setup) -> None:
    log(setup, START, garbage="0.1")
    log(setup, START, "2栋", garbage="0.2")
    for _ in range(3):
        log(setup, DAY2, garbage="4.1")
    garbage = _total(stats.totals(setup.ledger.db, setup.campaign_id), "garbage")
    assert garbage.total == Decimal("12.6")
    assert garbage.total_text == "12.6 吨"
    assert _total(stats.totals(setup.ledger.db, setup.campaign_id, end=START), "garbage").total == Decimal("0.3")
    investment = [Decimal("0.01")] * 7
    for amount in investment:
        log(setup, DAY3, investment=str(amount))
    assert _total(stats.totals(setup.ledger.db, setup.campaign_id), "investment").total == Decimal("0.07")


def test_goal_progress_keeps_the_true_value(setup) -> None:
    log(setup, START, garbage="9.9", parking="6")
    rows = stats.totals(setup.ledger.db, setup.campaign_id)
    garbage, parking = _total(rows, "garbage"), _total(rows, "parking")
    assert garbage.goal == Decimal(10) and not garbage.met
    assert garbage.percent == Decimal(99) and garbage.bar == 99
    assert garbage.percent_text == "99%" and garbage.remaining == Decimal("0.1")
    assert parking.met and parking.percent == Decimal(150)
    assert parking.bar == 100 and parking.percent_text == "150%" and parking.remaining == 0
    demolish = _total(rows, "demolish")
    assert demolish.goal is None and demolish.percent is None and demolish.bar == 0 and demolish.percent_text == ""


def test_percent_never_rounds_up_to_a_met_goal(setup) -> None:
    log(setup, START, garbage="9.9")
    rows = stats.totals(setup.ledger.db, setup.campaign_id)
    assert _total(rows, "garbage").percent_text == "99%"
    setup2_total = stats.MetricTotal(cm.BUILTIN_METRICS[1], Decimal("9.999"), Decimal(10))
    assert setup2_total.percent_text == "99.9%"


def test_date_filters(setup) -> None:
    log(setup, START, garbage="1", volunteers=[volunteer("甲", "2")])
    log(setup, DAY2, garbage="2", volunteers=[volunteer("甲", "3")])
    log(setup, DAY3, garbage="4", volunteers=[volunteer("乙", "1")])
    db = setup.ledger.db
    assert _total(stats.totals(db, setup.campaign_id, start=DAY2), "garbage").total == 6
    assert _total(stats.totals(db, setup.campaign_id, start=DAY2, end=DAY2), "garbage").total == 2
    assert _total(stats.totals(db, setup.campaign_id, end=START), "garbage").total == 1
    assert _total(stats.totals(db, setup.campaign_id, start=END), "garbage").total == 0
    summary = stats.summary(db, setup.campaign_id, start=DAY2)
    assert (summary.entries, summary.days, summary.volunteers, summary.hours) == (2, 2, 2, Decimal(4))
    assert summary.first == DAY2 and summary.last == DAY3
    assert "志愿服务 4 小时" in summary.text()


def test_custom_metric_totals(setup) -> None:
    key = cm.add_custom_metric(setup.ledger, setup.community_id, "修剪树木", "棵", 0)
    log(setup, START, **{key: "12"})
    log(setup, DAY2, **{key: "30"})
    rows = stats.totals(setup.ledger.db, setup.campaign_id)
    assert rows[-1].metric.key == key and rows[-1].total == 42 and rows[-1].total_text == "42 棵"


def test_volunteer_hours_per_person_and_unit(setup) -> None:
    zhang = setup.resident_ids[0]
    log(setup, START, volunteers=[volunteer("张建国", "2.5", setup.residents_team, zhang),
                                  volunteer("王市民", "3", setup.city), volunteer("赵路人", "1")],
        head_count=10, garbage="1")
    log(setup, START, "2栋", volunteers=[volunteer("张建国", "1.5", setup.residents_team, zhang)], garbage="1")
    log(setup, DAY2, volunteers=[volunteer("张建国", "0.1", setup.residents_team, zhang),
                                 volunteer("王市民", "0.2", setup.city)], garbage="1")
    db = setup.ledger.db
    roster = {r.name: r for r in stats.volunteer_roster(db, setup.campaign_id)}
    assert roster["张建国"].hours == Decimal("4.1") and roster["张建国"].days == 2
    assert roster["张建国"].entries == 3 and roster["张建国"].address == "1栋1单元101"
    assert roster["张建国"].units == "小区居民志愿队"
    assert roster["王市民"].hours == Decimal("3.2") and roster["王市民"].resident_id is None
    assert roster["赵路人"].units == ""
    assert list(roster)[0] == "张建国"  # most hours first
    units = {r.name: r for r in stats.unit_roster(db, setup.campaign_id)}
    assert units["小区居民志愿队"].hours == Decimal("4.1")
    assert units["小区居民志愿队"].person_days == 2 and units["小区居民志愿队"].volunteers == 1
    assert units["市城市管理局"].hours == Decimal("3.2") and units["市城市管理局"].days == 2
    assert units[stats.NO_UNIT].hours == 1
    summary = stats.summary(db, setup.campaign_id)
    assert summary.volunteers == 3 and summary.hours == Decimal("8.3") and summary.head_count == 10 + 1 + 2


def test_same_free_text_name_in_two_units_are_two_people(setup) -> None:
    log(setup, START, volunteers=[volunteer("王强", "2", setup.city), volunteer("王强", "2", setup.district)],
        garbage="1")
    assert len(stats.volunteer_roster(setup.ledger.db, setup.campaign_id)) == 2


def test_by_partner_and_by_place(setup) -> None:
    log(setup, START, "1栋1单元", partners=[setup.city, setup.district], garbage="2", head_count=8)
    log(setup, DAY2, "北侧绿化带", partners=[setup.city], greening="120.5", head_count=4,
        volunteers=[volunteer("王市民", "3", setup.city)])
    log(setup, DAY2, "1栋1单元", garbage="1.5", head_count=2)
    db = setup.ledger.db
    partners = {r.name: r for r in stats.by_partner(db, setup.campaign_id)}
    city = partners["市城市管理局"]
    assert (city.entries, city.days, city.volunteers, city.hours) == (2, 2, 1, Decimal(3))
    assert city.quantities == {"garbage": Decimal(2), "greening": Decimal("120.5")}
    assert partners["区住建局"].quantities == {"garbage": Decimal(2)}
    assert partners["小区居民志愿队"].entries == 0  # a partner of the campaign who has not come yet
    assert list(partners)[0] == "市城市管理局"
    places = stats.by_place(db, setup.campaign_id)
    assert [p.place for p in places] == ["1栋1单元", "北侧绿化带"]
    assert places[0].quantities == {"garbage": Decimal("3.5")} and places[0].entries == 2
    assert places[0].head_count == 10
    assert [p.place for p in stats.by_place(db, setup.campaign_id, end=START)] == ["1栋1单元"]


def test_cumulative_series(setup) -> None:
    log(setup, START, garbage="1.1")
    log(setup, DAY3, garbage="2.2", parking="3")
    series = stats.cumulative(setup.ledger.db, setup.campaign_id)
    assert series.days[0] == START and series.days[-1] == END and len(series.days) == 30
    assert series.values["garbage"][:4] == [Decimal("1.1"), Decimal("1.1"), Decimal("3.3"), Decimal("3.3")]
    assert series.final("garbage") == Decimal("3.3") and series.final("parking") == 3
    assert series.goals["parking"] == 4
    cut = stats.cumulative(setup.ledger.db, setup.campaign_id, through=DAY2)
    assert len(cut.days) == 2 and cut.final("garbage") == Decimal("1.1")


def test_series_widens_to_entries_outside_the_campaign(setup) -> None:
    from core import campaigns
    from core.campaigns import EntryForm
    from tests.core.campaign_fixtures import TODAY

    late = END + datetime.timedelta(days=3)
    campaigns.save_entry(setup.ledger, setup.campaign_id, EntryForm(late, "北侧", quantities={"garbage": Decimal(5)}),
                         allow_outside=True, today=TODAY)
    series = stats.cumulative(setup.ledger.db, setup.campaign_id)
    assert series.days[-1] == late and series.final("garbage") == 5
