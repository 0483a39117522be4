"""Demo section: the community's four-level grid and the compound's party branch.

As the account tells it (三定网格责任): level 1 the community party-committee
head, an office worker who does not live in the compound; level 2 the
retired party-branch secretary; level 3 managers left from the factory's
bankruptcy, one per part of the compound; level 4 one building-unit head
(楼栋单元长) per unit, living there, some of them party members. One unit is
left without a head and one head has moved out, so the coverage panel
shows real problems; two heads were replaced last year, so the history is
not empty. Beside it the party branch with three party groups, their
members and the unit heads each group guides.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from sqlite_utils import Database

from core import grid, registry, vocab
from core.grid import GRID_LEVELS, PARTY_LEVELS, TREE_GRID, TREE_PARTY, NodeForm
from core.grid import people as grid_people
from core.grid.people import PersonRef, StaffForm
from core.ledger import Ledger
from core.party import org as party_org

if TYPE_CHECKING:
    from core.demo.context import DemoContext

#: Parts of the account's compound (buildings 1–8), each under a level-3 head.
AREAS: tuple[tuple[str, range], ...] = (
    ("东片（1—3栋）", range(1, 4)), ("中片（4—6栋）", range(4, 7)), ("西片（7—8栋）", range(7, 9)))
GROUPS = ("第一党小组", "第二党小组", "第三党小组")


def section(ledger: Ledger, ctx: DemoContext) -> None:
    """Build the grid and the party organisation of every demo compound."""
    ledger.write("demo.grid", grid.GRID_TABLES | registry.RESIDENT_TABLES,
                 lambda db: _build(ledger, db, ctx))


def _build(ledger: Ledger, db: Database, ctx: DemoContext) -> None:
    rng = ctx.rng
    founded = datetime.date(ctx.today.year - 3, 3, 1)
    community = db.execute("SELECT name FROM community WHERE id = ?", [ctx.community_id]).fetchone()[0]
    head = grid_people.add_staff(ledger, StaffForm(
        "刘红梅", _phone(rng), "社区党委书记", "一级网格长；不住本小区"), ctx.community_id)
    grid_people.add_staff(ledger, StaffForm("赵志刚", _phone(rng), "社区党建指导员", "包保红星机械厂生活区"),
                          ctx.community_id)
    top = grid.add_node_with_person(
        ledger, TREE_GRID, None, NodeForm(community, GRID_LEVELS[0].duties, founded),
        person=PersonRef.staff(head))
    # Heads are reachable: only residents with their own phone are picked.
    phoned = {r[0] for r in db.execute("SELECT id FROM resident WHERE phone != ''")}
    for number, compound_id in enumerate(ctx.compound_ids):
        _compound(ledger, db, ctx, top, compound_id, founded, phoned, first=number == 0)


def _compound(ledger: Ledger, db: Database, ctx: DemoContext, top: str, compound_id: str,
              founded: datetime.date, phoned: set[str], *, first: bool) -> None:
    rng = ctx.rng
    name = db.execute("SELECT name FROM compound WHERE id = ?", [compound_id]).fetchone()[0]
    units = _units(db, compound_id)
    unit_set = {u[0] for u in units}
    everyone = [r for r in ctx.residents if r[4] in unit_set]
    people = [r for r in everyone if r[0] in phoned]
    party = _party_members(db, [r[0] for r in everyone], set(ctx.party_member_ids))
    used: set[str] = set()

    present = [p for p in party if p[2] == "在小区" and p[0] in phoned]
    # The retired branch secretary: one of the oldest members living here.
    oldest = [p[0] for p in sorted(present or party, key=lambda p: p[3])[:3]]
    secretary = _pick(rng, oldest or [r[0] for r in people if r[2] >= 62], used)
    level2 = grid.add_node_with_person(
        ledger, TREE_GRID, top, NodeForm(name, GRID_LEVELS[1].duties, founded),
        person=PersonRef.resident(secretary))

    area_nodes: list[tuple[str, set[int]]] = []
    for area_name, buildings in AREAS:
        in_area = {u[0] for u in units if u[1] in buildings}
        managers = [r[0] for r in people if r[4] in in_area and 58 <= r[2] <= 76]
        manager = _pick(rng, managers, used)
        node = grid.add_node_with_person(
            ledger, TREE_GRID, level2, NodeForm(area_name, GRID_LEVELS[2].duties, founded),
            person=PersonRef.resident(manager))
        area_nodes.append((node, set(buildings)))

    party_ids = {p[0] for p in party}
    present_ids = {p[0] for p in present}
    unit_heads: dict[int, list[str]] = {}
    heads: list[tuple[str, str]] = []
    for index, (unit_id, building_no, label) in enumerate(units):
        if first and index == len(units) - 1:
            continue  # the account's compound: the last unit has nobody yet
        area = next(i for i, (_n, b) in enumerate(area_nodes) if building_no in b)
        living = [r for r in people if r[4] == unit_id and 35 <= r[2] <= 74 and r[0] not in used]
        members = [r[0] for r in living if r[0] in present_ids]
        pool = members if members and rng.random() < 0.6 else [r[0] for r in living] or members
        head = _pick(rng, pool, used)
        node = grid.add_node_with_person(
            ledger, TREE_GRID, area_nodes[area][0], NodeForm(label, GRID_LEVELS[3].duties, founded),
            units=[unit_id])
        if first and index in (4, 13):
            # Replaced last year: the first head served from the start.
            former = _pick(rng, [r[0] for r in people if r[4] == unit_id and r[2] >= 66 and r[0] != head], used)
            grid_people.assign_person(ledger, node, PersonRef.resident(former), founded)
            grid_people.assign_person(ledger, node, PersonRef.resident(head),
                                      datetime.date(ctx.today.year - 1, 9, 15), "原单元长年事已高，主动卸任")
        else:
            grid_people.assign_person(ledger, node, PersonRef.resident(head), founded)
        unit_heads.setdefault(area, []).append(node)
        heads.append((node, head))

    _party(ledger, ctx, name, founded, secretary, party, used, unit_heads, phoned)
    if first:
        gone = next(h for _n, h in heads[8:] if h not in party_ids)
        registry.change_status(ledger, gone, vocab.STATUS_MOVED_OUT, ctx.today - datetime.timedelta(days=12),
                               "随子女到外地居住")


def _party(ledger: Ledger, ctx: DemoContext, compound: str, founded: datetime.date, secretary: str,
           party: list[tuple[str, str, str, str]], used: set[str], unit_heads: dict[int, list[str]],
           phoned: set[str]) -> None:
    if not party:
        return
    rng = ctx.rng
    branch = grid.add_node_with_person(
        ledger, TREE_PARTY, None, NodeForm(f"{compound}党支部", PARTY_LEVELS[0].duties, founded),
        person=PersonRef.resident(secretary))
    for number, group_name in enumerate(GROUPS):
        members = [p for p in party if p[1] == group_name] or [p for p in party[number::3]]
        group = grid.add_node(ledger, TREE_PARTY, branch, NodeForm(group_name, PARTY_LEVELS[1].duties, founded))
        party_org.assign_members(ledger, [p[0] for p in members], group)
        candidates = [p[0] for p in members if p[2] == "在小区" and p[0] in phoned and p[0] not in used] or \
            [p[0] for p in members if p[0] not in used]
        if candidates:
            leader = _pick(rng, candidates, used)
            grid_people.assign_person(ledger, group, PersonRef.resident(leader), founded)
        party_org.link_unit_heads(ledger, unit_heads.get(number, []), group)


def _units(db: Database, compound_id: str) -> list[tuple[str, int, str]]:
    """(unit id, building number, ``3栋2单元``) of a compound, in order."""
    rows = db.execute(
        "SELECT u.id, b.sort_key, b.name || u.name FROM unit u JOIN building b ON b.id = u.building_id "
        "WHERE b.compound_id = ? ORDER BY b.sort_key, u.sort_key", [compound_id]).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def _party_members(db: Database, resident_ids: list[str], living_members: set[str]
                   ) -> list[tuple[str, str, str, str]]:
    """(id, registry group text, presence, birth date) of the living party members among ``resident_ids``."""
    ids = [r for r in resident_ids if r in living_members]
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        f"SELECT p.resident_id, p.party_group, p.presence, r.birth_date FROM party_member p "
        f"JOIN resident r ON r.id = p.resident_id WHERE p.resident_id IN ({marks}) ORDER BY r.birth_date, r.id",
        ids).fetchall()
    return [(r[0], r[1], r[2], r[3] or "") for r in rows]


def _pick(rng, pool: list[str], used: set[str]) -> str:
    choices = [p for p in pool if p not in used] or list(pool)
    if not choices:
        raise ValueError("demo compound has nobody to pick")
    choice = rng.choice(choices)
    used.add(choice)
    return choice


def _phone(rng) -> str:
    return rng.choice(("138", "139", "137", "186", "155")) + f"{rng.randint(0, 99999999):08d}"
