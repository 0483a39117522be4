"""Campaigns, partner units and entries: validation and what is stored."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.campaigns import metrics as cm
from core.campaigns import due as campaign_due
from core import campaigns
from core.campaigns import CampaignForm, EntryForm, OutsideCampaign
from core.errors import ValidationError
from tests.core.campaign_fixtures import END, START, TODAY, log, make_setup, volunteer


@pytest.fixture
def setup(ledger):
    return make_setup(ledger)


def _count(ledger, table: str) -> int:
    return ledger.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_campaign_is_stored_with_partners_and_goals(setup) -> None:
    campaign = campaigns.get_campaign(setup.ledger.db, setup.campaign_id)
    assert campaign.name == "弃管小区环境综合整治"
    assert campaign.days == 30
    assert campaign.partner_unit_ids == (setup.city, setup.district, setup.residents_team)
    assert campaign.goals == {"garbage": Decimal("10"), "parking": Decimal("4")}
    stored = setup.ledger.db.execute("SELECT amount FROM campaign_goal WHERE metric = 'garbage'").fetchone()[0]
    assert stored == 100000
    assert campaigns.campaign_list(setup.ledger.db)[0]["entries"] == 0


@pytest.mark.parametrize("form, field", [
    (CampaignForm("", START, END), "name"),
    (CampaignForm("整治", None, END), "start_date"),
    (CampaignForm("整治", END, START), "end_date"),
    (CampaignForm("整治", START, END, goals={"garbage": Decimal("-1")}), "garbage"),
    (CampaignForm("整治", START, END, goals={"parking": Decimal("1.5")}), "parking"),
    (CampaignForm("整治", START, END, partner_unit_ids=("nope",)), "partners"),
])
def test_campaign_checks(setup, form: CampaignForm, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        campaigns.create_campaign(setup.ledger, setup.community_id, form)
    assert caught.value.field == field
    assert _count(setup.ledger, "campaign") == 1


def test_partner_units_are_a_reusable_list(setup) -> None:
    units = campaigns.partner_units(setup.ledger.db, setup.community_id)
    assert [u.name for u in units] == ["市城市管理局", "区住建局", "小区居民志愿队"]
    with pytest.raises(ValidationError, match="已有名为"):
        campaigns.add_partner_unit(setup.ledger, setup.community_id, "区住建局")
    with pytest.raises(ValidationError, match="不在列表中"):
        campaigns.add_partner_unit(setup.ledger, setup.community_id, "某单位", "外星单位")
    campaigns.update_partner_unit(setup.ledger, setup.district, "区住房和城乡建设局", "区直单位")
    assert campaigns.partner_units(setup.ledger.db)[1].name == "区住房和城乡建设局"


def test_entry_round_trip(setup) -> None:
    entry_id = log(setup, START, "2栋1单元",
                   volunteers=[volunteer("张建国", "3", setup.residents_team, setup.resident_ids[0]),
                               volunteer("王市民", "2.5", setup.city)],
                   head_count=12, partners=[setup.district], garbage="3.2", ads="12.5", parking="0")
    entry = campaigns.get_entry(setup.ledger.db, entry_id)
    assert entry.place == "2栋1单元" and entry.unit_id is not None
    assert entry.head_count == 12
    assert entry.quantities == {"garbage": Decimal("3.2"), "ads": Decimal("12.5")}  # zero left out
    assert [v.name for v in entry.volunteers] == ["张建国", "王市民"]
    assert entry.volunteers[1].hours == Decimal("2.5")
    # The volunteers' units took part, ticked or not.
    assert set(entry.partner_unit_ids) == {setup.city, setup.district, setup.residents_team}
    assert setup.ledger.db.execute(
        "SELECT amount FROM campaign_quantity WHERE metric = 'garbage'").fetchone()[0] == 32000


def test_entry_update_replaces_details(setup) -> None:
    entry_id = log(setup, START, garbage="3", volunteers=[volunteer("王市民", "2", setup.city)])
    form = campaigns.get_entry(setup.ledger.db, entry_id).form()
    campaigns.save_entry(setup.ledger, setup.campaign_id,
                         EntryForm(form.date, "3号楼", (), (), 5, {"demolish": Decimal(2)}),
                         entry_id=entry_id, today=TODAY)
    entry = campaigns.get_entry(setup.ledger.db, entry_id)
    assert entry.place == "3栋" and entry.building_id and entry.unit_id is None
    assert entry.quantities == {"demolish": Decimal(2)}
    assert entry.volunteers == () and entry.partner_unit_ids == ()
    assert _count(setup.ledger, "campaign_entry") == 1


def test_places_resolve_to_the_registry_or_stay_free_text(setup) -> None:
    db = setup.ledger.db
    assert campaigns.resolve_place(db, "2栋1单元")[1] is not None
    assert campaigns.resolve_place(db, "二栋一单元")[1] == campaigns.resolve_place(db, "2栋1单元")[1]
    assert campaigns.resolve_place(db, "2号楼")[0] is not None
    assert campaigns.resolve_place(db, "北侧绿化带") == (None, None, "北侧绿化带")
    assert campaigns.resolve_place(db, "9栋") == (None, None, "9栋")  # not in the registry
    labels = [p.label for p in campaigns.place_choices(db)]
    assert labels[:3] == ["1栋", "1栋1单元", "1栋2单元"]


def test_head_count_must_cover_named_volunteers(setup) -> None:
    people = [volunteer("甲", "2"), volunteer("乙", "2"), volunteer("丙", "2")]
    with pytest.raises(ValidationError) as caught:
        log(setup, START, volunteers=people, head_count=2, garbage="1")
    assert caught.value.field == "head_count"
    assert "少于登记了姓名的志愿者 3 人" in caught.value.message
    assert _count(setup.ledger, "campaign_entry") == 0
    entry_id = log(setup, START, volunteers=people, garbage="1")  # None: the named ones
    assert campaigns.get_entry(setup.ledger.db, entry_id).head_count == 3


@pytest.mark.parametrize("kwargs, field, message", [
    (dict(garbage="-2"), "garbage", "不能是负数"),
    (dict(garbage="3.25"), "garbage", "最多保留 1 位小数"),
    (dict(place="", garbage="1"), "place", "请填写地点"),
    (dict(), "quantities", "至少填写一项"),
    (dict(volunteers=[volunteer("甲", "0")], garbage="1"), "volunteers", "大于 0"),
    (dict(volunteers=[volunteer("甲", "2"), volunteer("甲", "1")], garbage="1"), "volunteers", "填了两次"),
    (dict(volunteers=[volunteer(" ", "2")], garbage="1"), "volunteers", "没有填姓名"),
])
def test_entry_checks_change_nothing(setup, kwargs: dict, field: str, message: str) -> None:
    place = kwargs.pop("place", "北侧绿化带")
    quantities = {k: v for k, v in kwargs.items() if k != "volunteers"}
    with pytest.raises(ValidationError) as caught:
        campaigns.save_entry(setup.ledger, setup.campaign_id, EntryForm(
            START, place, (), tuple(kwargs.get("volunteers", ())), None,
            {k: Decimal(v) for k, v in quantities.items()}), today=TODAY)
    assert caught.value.field == field
    assert message in caught.value.message
    for table in campaigns.ENTRY_TABLES:
        assert _count(setup.ledger, table) == 0


def test_dates_outside_the_campaign_need_confirmation(setup) -> None:
    late = END + datetime.timedelta(days=2)
    with pytest.raises(OutsideCampaign) as caught:
        log(setup, late, garbage="1")
    assert "不在行动" in caught.value.message and caught.value.field == "date"
    assert _count(setup.ledger, "campaign_entry") == 0
    campaigns.save_entry(setup.ledger, setup.campaign_id, EntryForm(late, "北侧", quantities={"garbage": Decimal(1)}),
                         allow_outside=True, today=TODAY)
    assert _count(setup.ledger, "campaign_entry") == 1
    with pytest.raises(ValidationError, match="不能晚于今天"):
        campaigns.save_entry(setup.ledger, setup.campaign_id,
                             EntryForm(TODAY + datetime.timedelta(days=1), "北侧", quantities={"garbage": Decimal(1)}),
                             allow_outside=True, today=TODAY)


def test_narrowing_campaign_dates_asks_about_stranded_entries(setup) -> None:
    log(setup, END, garbage="1")
    form = campaigns.get_campaign(setup.ledger.db, setup.campaign_id).form()
    narrower = CampaignForm(form.name, START, END - datetime.timedelta(days=5), goals=form.goals)
    with pytest.raises(OutsideCampaign, match="1 条记录"):
        campaigns.update_campaign(setup.ledger, setup.campaign_id, narrower)
    campaigns.update_campaign(setup.ledger, setup.campaign_id, narrower, allow_outside=True)
    assert campaigns.get_campaign(setup.ledger.db, setup.campaign_id).end_date == END - datetime.timedelta(days=5)


def test_delete_entry_and_campaign(setup) -> None:
    entry_id = log(setup, START, garbage="1", volunteers=[volunteer("甲", "2")])
    with pytest.raises(ValidationError, match="已有 1 条工作记录"):
        campaigns.delete_campaign(setup.ledger, setup.campaign_id)
    campaigns.delete_entry(setup.ledger, entry_id)
    for table in campaigns.ENTRY_TABLES:
        assert _count(setup.ledger, table) == 0
    campaigns.delete_campaign(setup.ledger, setup.campaign_id)
    assert _count(setup.ledger, "campaign") == 0


def test_previous_volunteers_and_default_date(setup) -> None:
    log(setup, START, garbage="1", volunteers=[volunteer("甲", "2", setup.city)])
    log(setup, START + datetime.timedelta(days=1), garbage="1", volunteers=[volunteer("乙", "3")])
    db = setup.ledger.db
    assert [v.name for v in campaigns.previous_volunteers(db, setup.campaign_id)] == ["乙"]
    assert [v.name for v in campaigns.previous_volunteers(db, setup.campaign_id, START)] == ["甲"]
    campaign = campaigns.get_campaign(db, setup.campaign_id)
    assert campaigns.default_entry_date(db, campaign, TODAY) == START + datetime.timedelta(days=2)
    assert campaigns.default_entry_date(db, campaign, START + datetime.timedelta(days=9)) == \
        START + datetime.timedelta(days=9)


def test_find_residents(setup) -> None:
    found = campaigns.find_residents(setup.ledger.db, "张建")
    assert [(name, place) for _id, name, place in found] == [("张建国", "1栋1单元101")]
    assert campaigns.find_residents(setup.ledger.db, "") == []


def test_due_items_list_unmet_goals_of_running_campaigns(setup) -> None:
    log(setup, START, garbage="4", parking="4")
    items = campaign_due.due_items(setup.ledger.db, START + datetime.timedelta(days=3))
    assert len(items) == 1
    assert "1 项目标未完成" in items[0].title and "清运垃圾 完成 40%" in items[0].title
    assert items[0].due == END and items[0].tab == "整治行动"
    assert campaign_due.due_items(setup.ledger.db, TODAY) == []  # over


def test_custom_metric_quantities_and_precision_change(setup) -> None:
    key = cm.add_custom_metric(setup.ledger, setup.community_id, "修剪树木", "棵", 1)
    log(setup, START, **{key: "2.5"})
    with pytest.raises(ValidationError, match="更多小数位"):
        cm.update_custom_metric(setup.ledger, key, "修剪树木", "棵", 0)
    with pytest.raises(ValidationError, match="不能删除"):
        cm.delete_custom_metric(setup.ledger, key)


def test_deleting_an_entry_deletes_its_photos(setup) -> None:
    from core import photos
    from tests.photo_files import jpeg_bytes

    entry_id = log(setup, START, garbage="1")
    other_id = log(setup, START, garbage="2")
    for slot, colour in (("before", "brown"), ("after", "green")):
        photos.add_photo(setup.ledger, jpeg_bytes(colour=colour), owner_kind=campaigns.PHOTO_OWNER,
                         owner_id=entry_id, slot=slot)
    photos.add_photo(setup.ledger, jpeg_bytes(colour="grey"), owner_kind=campaigns.PHOTO_OWNER,
                     owner_id=other_id, slot="before")
    campaigns.delete_entry(setup.ledger, entry_id)
    assert photos.list_photos(setup.ledger.db, campaigns.PHOTO_OWNER, entry_id) == []
    assert len(photos.list_photos(setup.ledger.db, campaigns.PHOTO_OWNER, other_id)) == 1
