"""The household card (户卡): everyone who lives or lived in a household, and its history."""

from __future__ import annotations

import datetime

from core import registry
from core.registry import CompoundForm, ResidentForm


def test_household_card(ledger):
    community = registry.ensure_community(ledger, "幸福路社区")
    registry.create_compound(ledger, community, CompoundForm("红星小区", buildings=1, units_per_building=1,
                                                              floors=1, rooms_per_floor=2))
    first, second = [h for (h,) in ledger.db.execute("SELECT id FROM household ORDER BY room")]
    registry.update_household(ledger, first, unit_id=registry.get_household(ledger.db, first).unit_id,
                              room="101", tenure="租住", phone="13800001111", notes="")
    registry.add_resident(ledger, first, ResidentForm(
        "张建国", relation="户主", birth_date=datetime.date(1950, 3, 7), political_status="中共党员",
        tags=("高龄老人",), party=registry.PartyInfo(joined_date=datetime.date(1975, 7, 1), presence="长期在外")))
    wife = registry.add_resident(ledger, first, ResidentForm("李秀英", relation="配偶"))
    son = registry.add_resident(ledger, first, ResidentForm("张伟", relation="子"))
    registry.change_status(ledger, wife, "死亡", datetime.date(2024, 1, 5))
    registry.add_resident(ledger, second, ResidentForm("王芳", relation="户主"))
    registry.move_resident(ledger, son, second, datetime.date(2024, 6, 1), relation="其他")

    card = registry.household_card(ledger.db, first, today=datetime.date(2025, 3, 8))
    assert card.address == "1栋1单元101" and card.tenure == "租住" and card.phone == "13800001111"
    assert card.head == "张建国"
    assert [(m.name, m.status) for m in card.members] == [("张建国", "在住"), ("李秀英", "死亡"), ("张伟", "转出")]
    zhang = card.members[0]
    assert zhang.age == 75 and zhang.tags == ("高龄老人",)
    assert zhang.party.startswith("1975-07-01 入党") and "长期在外" in zhang.party
    kinds = [(e.name, e.kind) for e in card.history]
    assert ("李秀英", "死亡") in kinds and ("张伟", "转出") in kinds
    assert [m.name for m in card.living] == ["张建国"]
    other = registry.household_card(ledger.db, second)
    assert ("张伟", "转入") in [(e.name, e.kind) for e in other.history]
