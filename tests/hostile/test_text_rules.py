"""Class 8, beyond the registry: every free-text field of the other domains
(campaigns, partner units, households, compounds, inspections) keeps the same
text rules — invisible characters stripped, control characters and endless
text refused, nothing written when refused."""

from __future__ import annotations

import datetime

import pytest

from core import campaigns, registry
from core.campaigns import CampaignForm
from core.errors import ValidationError
from core.ledger import Ledger
from core.text_rules import MAX_NOTES
from tests.site_helpers import make_site

DAY = datetime.date(2025, 5, 1)


def _count(ledger: Ledger, table: str) -> int:
    return ledger.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_campaign_name_with_a_control_character_is_refused_and_nothing_saved(ledger: Ledger) -> None:
    site = make_site(ledger)
    with pytest.raises(ValidationError, match="控制字符") as info:
        campaigns.create_campaign(ledger, site.community_id, CampaignForm("整治\x07行动", DAY, DAY))
    assert info.value.field == "name"
    assert _count(ledger, "campaign") == 0


def test_a_campaign_name_with_a_direction_override_is_stored_clean(ledger: Ledger) -> None:
    site = make_site(ledger)
    campaign_id = campaigns.create_campaign(
        ledger, site.community_id, CampaignForm("\u202e环境整治\u202c", DAY, DAY, notes="第一行\n第二行\u200b"))
    assert ledger.db.execute("SELECT name, notes FROM campaign WHERE id = ?", [campaign_id]).fetchone() \
        == ("环境整治", "第一行\n第二行")


def test_endless_notes_are_refused_everywhere(ledger: Ledger) -> None:
    site = make_site(ledger)
    endless = "很长" * MAX_NOTES
    with pytest.raises(ValidationError, match="太长"):
        campaigns.create_campaign(ledger, site.community_id, CampaignForm("整治", DAY, DAY, notes=endless))
    with pytest.raises(ValidationError, match="太长"):
        campaigns.add_partner_unit(ledger, site.community_id, "市城市管理局", "市直单位", notes=endless)
    with pytest.raises(ValidationError, match="太长"):
        registry.add_household(ledger, site.units[0], "909", notes=endless)
    assert (_count(ledger, "campaign"), _count(ledger, "partner_unit")) == (0, 0)
    assert not ledger.db.execute("SELECT 1 FROM household WHERE room = '909'").fetchone()


def test_a_partner_unit_and_a_compound_refuse_control_characters(ledger: Ledger) -> None:
    site = make_site(ledger)
    with pytest.raises(ValidationError, match="控制字符"):
        campaigns.add_partner_unit(ledger, site.community_id, "城管\x1b局")
    with pytest.raises(ValidationError, match="控制字符"):
        registry.create_compound(ledger, site.community_id, registry.CompoundForm(
            "新\x00小区", buildings=1, units_per_building=1, floors=1, rooms_per_floor=1))
    assert _count(ledger, "compound") == 1
