"""A small compound and a campaign to log work against, shared by the tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from core import campaigns, registry
from core.campaigns import CampaignForm, EntryForm, VolunteerForm
from core.ledger import Ledger

START = datetime.date(2025, 4, 1)
END = datetime.date(2025, 4, 30)
TODAY = datetime.date(2025, 6, 1)


@dataclass
class Setup:
    ledger: Ledger
    community_id: str
    campaign_id: str
    city: str
    district: str
    residents_team: str
    resident_ids: list[str]


def make_setup(ledger: Ledger, goals: dict[str, Decimal] | None = None) -> Setup:
    community_id = registry.ensure_community(ledger, "幸福路社区")
    registry.create_compound(ledger, community_id, registry.CompoundForm(
        "红星机械厂生活区", buildings=3, units_per_building=2, floors=2, rooms_per_floor=2))
    household_id = ledger.db.execute("SELECT id FROM household ORDER BY room LIMIT 1").fetchone()[0]
    residents = [registry.add_resident(ledger, household_id, registry.ResidentForm(name))
                 for name in ("张建国", "李秀英")]
    city = campaigns.add_partner_unit(ledger, community_id, "市城市管理局", "市直单位")
    district = campaigns.add_partner_unit(ledger, community_id, "区住建局", "区直单位")
    team = campaigns.add_partner_unit(ledger, community_id, "小区居民志愿队", "居民志愿队")
    campaign_id = campaigns.create_campaign(ledger, community_id, CampaignForm(
        "弃管小区环境综合整治", START, END, "幸福路社区", partner_unit_ids=(city, district, team),
        goals=goals if goals is not None else {"garbage": Decimal("10"), "parking": Decimal("4")}))
    return Setup(ledger, community_id, campaign_id, city, district, team, residents)


def log(setup: Setup, date: datetime.date, place: str = "北侧绿化带", *, volunteers=(),
        head_count: int | None = None, partners=(), **quantities: str) -> str:
    return campaigns.save_entry(setup.ledger, setup.campaign_id, EntryForm(
        date, place, tuple(partners), tuple(volunteers), head_count,
        {key: Decimal(value) for key, value in quantities.items()}), today=TODAY)


def volunteer(name: str, hours: str, unit: str | None = None, resident: str | None = None) -> VolunteerForm:
    return VolunteerForm(name, Decimal(hours), resident, unit)
