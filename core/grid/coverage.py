"""The coverage check: who answers for which doorway, and where nobody does.

Listed, most urgent first: grid and party posts whose holder has moved
out or died; units that no level-4 node covers; nodes nobody holds;
level-4 nodes left without units; and, once a party tree exists, party
groups with no members, members who left but are still on a group's
list, and members not placed in any group. Each problem names what to
select to fix it. The same problems feed the start screen's due list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlite_utils import Database

from core import vocab
from core.due import DueItem
from core.grid.levels import TREE_GRID, TREE_PARTY
from core.grid.people import current_holders
from core.grid.queries import unit_owners
from core.grid.records import nodes
from core.party.org import has_party_tree, ungrouped_members

HOLDER_GONE = "holder_gone"
UNIT_UNCOVERED = "unit_uncovered"
NODE_VACANT = "node_vacant"
NO_UNITS = "no_units"
GROUP_EMPTY = "group_empty"
MEMBER_GONE = "member_gone"
UNGROUPED = "ungrouped"

#: Kinds of problem, in the order they are listed, with the short label shown.
KINDS: dict[str, str] = {
    HOLDER_GONE: "负责人已迁出或去世",
    UNIT_UNCOVERED: "单元无人负责",
    NODE_VACANT: "负责人空缺",
    NO_UNITS: "四级网格没有单元",
    GROUP_EMPTY: "党小组没有党员",
    MEMBER_GONE: "离开的党员仍在党小组",
    UNGROUPED: "党员未编入党小组",
}

#: Title of the tab whose ``show_record`` opens a problem.
TAB_TITLE = "网格"


@dataclass(frozen=True)
class Problem:
    """One coverage problem.

    Attributes:
        kind: a key of :data:`KINDS`.
        text: the line shown, self-explanatory (``8栋3单元：没有楼栋单元长``).
        tree: the tree to open (``grid`` / ``party``).
        node_id / unit_id / resident_id: what to select to fix it.
    """

    kind: str
    text: str
    tree: str
    node_id: str | None = None
    unit_id: str | None = None
    resident_id: str | None = None

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def record_id(self) -> str:
        """The id passed to the tab's ``show_record``."""
        return self.node_id or self.unit_id or self.resident_id or ""


def coverage(db: Database, community_id: str | None = None) -> list[Problem]:
    """Every coverage problem of the ledger (of one community when given), most urgent first."""
    problems: list[Problem] = []
    holders = current_holders(db)
    grid_nodes = nodes(db, TREE_GRID, community_id=community_id)
    party_nodes = nodes(db, TREE_PARTY, community_id=community_id)
    units = None if community_id is None else {u for (u,) in db.execute(
        "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id JOIN compound c "
        "ON c.id = b.compound_id WHERE c.community_id = ?", [community_id])}
    for node in grid_nodes + party_nodes:
        holder = holders.get(node.id)
        if holder is not None and holder.gone:
            when = f"（{_status_date(db, holder.person.id)}）"
            problems.append(Problem(
                HOLDER_GONE, f"{node.name}：{node.role} {holder.name} 已{holder.status}{when}，请更换",
                node.tree, node_id=node.id))
    for owner in unit_owners(db, counts={}, holders=holders):  # counts are not needed here
        if owner.node_id is None and (units is None or owner.unit_id in units):
            problems.append(Problem(
                UNIT_UNCOVERED, f"{owner.label}：没有楼栋单元长（未划入任何四级网格）", TREE_GRID,
                unit_id=owner.unit_id))
    for node in grid_nodes + party_nodes:
        if node.id not in holders:
            problems.append(Problem(NODE_VACANT, f"{node.name}：{node.role}空缺", node.tree, node_id=node.id))
    bound = {r[0] for r in db.execute("SELECT DISTINCT node_id FROM grid_unit")}
    for node in grid_nodes:
        if node.level == 4 and node.id not in bound:
            problems.append(Problem(NO_UNITS, f"{node.name}：没有负责的单元", TREE_GRID, node_id=node.id))
    if party_nodes:
        problems.extend(_party_problems(db, party_nodes, community_id))
    return problems


def _party_problems(db: Database, party_nodes, community_id: str | None) -> list[Problem]:
    problems: list[Problem] = []
    living = dict(db.execute(
        f"SELECT p.group_node_id, count(*) FROM party_member p JOIN resident r ON r.id = p.resident_id "
        f"WHERE r.status = '{vocab.STATUS_LIVING}' AND p.group_node_id IS NOT NULL GROUP BY p.group_node_id"))
    for node in party_nodes:
        if node.level == 2 and not living.get(node.id):
            problems.append(Problem(GROUP_EMPTY, f"{node.name}：没有党员", TREE_PARTY, node_id=node.id))
    for resident_id, name, status, group in db.execute(
            "SELECT r.id, r.name, r.status, g.name FROM party_member p JOIN resident r ON r.id = p.resident_id "
            "JOIN grid_node g ON g.id = p.group_node_id "
            f"WHERE r.status != '{vocab.STATUS_LIVING}' AND g.end_date IS NULL "
            "AND (? IS NULL OR g.community_id = ?) ORDER BY g.sort_key, r.name", [community_id, community_id]):
        problems.append(Problem(MEMBER_GONE, f"{group}：党员 {name} 已{status}，仍在名单中，请移出",
                                TREE_PARTY, resident_id=resident_id))
    if has_party_tree(db):
        loose = ungrouped_members(db, community_id)
        if loose:
            names = "、".join(m.name for m in loose[:3]) + ("等" if len(loose) > 3 else "")
            problems.append(Problem(UNGROUPED, f"{len(loose)} 名党员未编入党小组（{names}）", TREE_PARTY,
                                    resident_id=loose[0].resident_id))
    return problems


def _status_date(db: Database, resident_id: str) -> str:
    row = db.execute("SELECT status_date FROM resident WHERE id = ?", [resident_id]).fetchone()
    return row[0] if row and row[0] else "日期未记"


def due_items(db: Database, today: datetime.date, community_id: str | None = None) -> list[DueItem]:
    """Coverage problems for the start screen (no deadline: they are due now).

    Before any grid exists, one line says so instead of one per unit.
    """
    if not nodes(db, TREE_GRID, community_id=community_id):
        units = db.execute(
            "SELECT count(*) FROM unit u JOIN building b ON b.id = u.building_id JOIN compound c "
            "ON c.id = b.compound_id WHERE ? IS NULL OR c.community_id = ?", [community_id, community_id]).fetchone()[0]
        return [DueItem("网格", f"尚未建立四级网格：{units} 个单元没有楼栋单元长", None, TAB_TITLE)] if units else []
    return [DueItem("网格", p.text, None, TAB_TITLE, p.record_id) for p in coverage(db, community_id)
            if p.kind in (HOLDER_GONE, UNIT_UNCOVERED, NODE_VACANT)]
