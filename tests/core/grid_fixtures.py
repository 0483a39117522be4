"""A small compound for the grid's tests: 2 buildings × 2 units, a few
residents per unit (some of them party members), one staff member."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from core import registry
from core.grid.people import StaffForm, add_staff
from core.ledger import Ledger
from core.registry import CompoundForm, PartyInfo, ResidentForm


@dataclass
class Compound:
    community_id: str
    compound_id: str
    units: list[str]
    #: unit id → resident ids living there (the first of each unit is a party member)
    residents: dict[str, list[str]] = field(default_factory=dict)
    staff_id: str = ""

    @property
    def party(self) -> list[str]:
        return [ids[0] for ids in self.residents.values()]

    def resident(self, unit: int, number: int = 0) -> str:
        return self.residents[self.units[unit]][number]


def build_compound(ledger: Ledger) -> Compound:
    community_id = registry.ensure_community(ledger, "测试社区")
    compound_id = registry.create_compound(ledger, community_id, CompoundForm(
        "测试小区", buildings=2, units_per_building=2, floors=2, rooms_per_floor=2))
    units = [r[0] for r in ledger.db.execute(
        "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id "
        "ORDER BY b.sort_key, u.sort_key")]
    compound = Compound(community_id, compound_id, units)
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
    n = 0
    for unit_id in units:
        households = [r[0] for r in ledger.db.execute(
            "SELECT id FROM household WHERE unit_id = ? ORDER BY room", [unit_id])]
        ids = []
        for index, household_id in enumerate(households[:3]):
            party = index == 0
            form = ResidentForm(
                name=f"{surnames[n % len(surnames)]}{'建国秀英志强桂兰'[n % 8]}{n}",
                sex="男", birth_date=datetime.date(1960 + n, 1, 1), phone=f"1390000{n:04d}",
                relation="户主", political_status="中共党员" if party else "群众",
                party=PartyInfo(presence="在小区") if party else None)
            ids.append(registry.add_resident(ledger, household_id, form))
            n += 1
        compound.residents[unit_id] = ids
    compound.staff_id = add_staff(ledger, StaffForm("刘书记", "13800001111", "社区党委书记"), community_id)
    return compound
