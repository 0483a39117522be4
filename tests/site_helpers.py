"""A small compound for inspection tests: 2 buildings × 2 units, a few residents."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from core import registry
from core.inspections import checklists
from core.ledger import Ledger


@dataclass
class Site:
    """What :func:`make_site` built."""

    community_id: str
    compound_id: str
    buildings: list[str]
    units: list[str]
    residents: list[str]
    nine_id: str
    hygiene_id: str


def make_site(ledger: Ledger) -> Site:
    community_id = registry.ensure_community(ledger, "测试社区")
    compound_id = registry.create_compound(
        ledger, community_id,
        registry.CompoundForm("测试小区", buildings=2, units_per_building=2, floors=1, rooms_per_floor=1))
    buildings = [b for (b,) in ledger.db.execute(
        "SELECT id FROM building WHERE compound_id = ? ORDER BY sort_key", [compound_id])]
    units = [u for (u,) in ledger.db.execute(
        "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id "
        "WHERE b.compound_id = ? ORDER BY b.sort_key, u.sort_key", [compound_id])]
    households = [h for (h,) in ledger.db.execute("SELECT id FROM household ORDER BY rowid")]
    residents = [
        registry.add_resident(ledger, households[n], registry.ResidentForm(name=name, relation="户主"))
        for n, name in enumerate(("张建国", "李秀英", "王志勇"))
    ]
    codes = checklists.ensure_builtin_templates(ledger, community_id)
    return Site(community_id, compound_id, buildings, units, residents,
                codes[checklists.CODE_NINE], codes[checklists.CODE_HYGIENE])


TODAY = datetime.date(2025, 11, 20)
