"""The demo campaign looks like the community's account."""

from __future__ import annotations

from decimal import Decimal

from core.campaigns import stats
from core import campaigns


def test_demo_campaign_matches_the_account(demo_ledger) -> None:
    db = demo_ledger.db
    listed = {c["name"]: c for c in campaigns.campaign_list(db)}
    main = listed["弃管小区环境综合整治"]
    campaign = campaigns.get_campaign(db, main["id"])
    assert 35 <= campaign.days <= 45 and main["days"] >= 30
    totals = {t.metric.name: t for t in stats.totals(db, main["id"])}
    expected = {"拆除私搭乱建": 30, "清运垃圾": 80, "清理小广告": 600, "疏通下水沟": 50, "增绿补绿": 1200,
                "硬化路面": 800, "施划停车位": 120, "安装休闲椅": 20, "新建晾衣架": 8, "投资": 60}
    for name, about in expected.items():
        assert Decimal(about) * Decimal("0.9") <= totals[name].total <= Decimal(about) * Decimal("1.15"), name
    met = [t for t in totals.values() if t.goal is not None and t.met]
    unmet = [t for t in totals.values() if t.goal is not None and not t.met]
    assert met and unmet and all(t.percent > 75 for t in unmet)
    summary = stats.summary(db, main["id"])
    assert 95 <= summary.volunteers <= 130
    roster = stats.volunteer_roster(db, main["id"])
    assert any(r.resident_id for r in roster) and any(not r.resident_id for r in roster)
    assert len(stats.by_partner(db, main["id"])) >= 6
    assert any(t.metric.name == "铲除小菜地" for t in totals.values())
