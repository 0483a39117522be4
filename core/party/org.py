"""The party organisation: 小区党支部 › 党小组 › its members and 楼栋单元长.

The branches and groups are nodes of the ``party`` tree (:mod:`core.grid`),
held by a 支部书记 / 党小组长 with history like any grid node. Members are
the registry's party members (政治面貌 中共党员 / 中共预备党员), placed in a
group by ``party_member.group_node_id``. The 楼栋单元长 tier refers to the
level-4 grid nodes (``party_unit_head``): the unit heads a group guides.

Consistency with the registry's free-text ``party_member.branch`` and
``party_group``: the tree is the truth. Every write that places a member,
renames, moves or deletes a branch or group copies the tree's names into
those two fields in the same transaction (:func:`core.grid.sync_party_text`),
and the resident dialog shows them read-only once a party tree exists.
Text recorded before the tree existed (typed, imported, or of the demo) is
turned into branches and groups by :func:`adopt_registry_groups`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from core import vocab
from core.errors import ValidationError
from core.grid import (
    PARTY_LEVELS,
    T_NODE,
    T_PARTY_MEMBER,
    T_UNIT_HEAD,
    TREE_GRID,
    TREE_PARTY,
    NodeForm,
    add_node,
    get_node,
    release_members,
    sync_party_text,
)
from core.ledger import Ledger, now

BRANCH_LEVEL = 1
GROUP_LEVEL = 2


@dataclass(frozen=True)
class Member:
    """A party member as the party tab shows them (phone unmasked: mask it to show)."""

    resident_id: str
    name: str
    phone: str
    address: str
    status: str
    presence: str
    reachable: bool
    group_id: str | None
    political_status: str
    unit_id: str

    @property
    def living(self) -> bool:
        return self.status == vocab.STATUS_LIVING


_MEMBER_SELECT = (
    "SELECT r.id, r.name, coalesce(nullif(r.phone, ''), h.phone, ''), b.name || u.name || h.room, "
    "r.status, p.presence, p.reachable, p.group_node_id, r.political_status, u.id "
    "FROM party_member p JOIN resident r ON r.id = p.resident_id "
    "JOIN household h ON h.id = r.household_id JOIN unit u ON u.id = h.unit_id "
    "JOIN building b ON b.id = u.building_id "
)
_MEMBER_ORDER = " ORDER BY r.status != '在住', b.sort_key, b.name, u.sort_key, u.name, h.room_key, r.name"


def _member(row: tuple) -> Member:
    return Member(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7], row[8], row[9])


def members_of(db: Database, group_id: str) -> list[Member]:
    """The group's members, living first."""
    return [_member(r) for r in db.execute(_MEMBER_SELECT + "WHERE p.group_node_id = ?" + _MEMBER_ORDER,
                                           [group_id])]


def grouped_members(db: Database) -> dict[str, list[Member]]:
    """Every group's members (living first), by group id, in one query."""
    groups: dict[str, list[Member]] = {}
    for row in db.execute(_MEMBER_SELECT + "WHERE p.group_node_id IS NOT NULL" + _MEMBER_ORDER):
        member = _member(row)
        groups.setdefault(member.group_id, []).append(member)
    return groups


def ungrouped_members(db: Database, community_id: str | None = None) -> list[Member]:
    """Living party members (of one community when given) not placed in any group."""
    where = "AND r.community_id = ? " if community_id is not None else ""
    return [_member(r) for r in db.execute(
        _MEMBER_SELECT + f"WHERE p.group_node_id IS NULL AND r.status = '{vocab.STATUS_LIVING}' "
        + where + _MEMBER_ORDER, [community_id] if community_id is not None else [])]


def get_member(db: Database, resident_id: str) -> Member:
    row = db.execute(_MEMBER_SELECT + "WHERE r.id = ?", [resident_id]).fetchone()
    if row is None:
        name = db.execute("SELECT name FROM resident WHERE id = ?", [resident_id]).fetchone()
        who = name[0] if name else "该居民"
        raise ValidationError(f"{who} 不是党员（政治面貌不是中共党员或预备党员），不能编入党小组", "member")
    return _member(row)


def has_party_tree(db: Database, community_id: str | None = None) -> bool:
    """True once the community has a branch or group in the party tree."""
    sql = "SELECT 1 FROM grid_node WHERE tree = 'party' AND end_date IS NULL"
    params: list = []
    if community_id:
        sql += " AND community_id = ?"
        params.append(community_id)
    return db.execute(sql + " LIMIT 1", params).fetchone() is not None


def _group_problem(db: Database, group_id: str) -> str | None:
    try:
        group = get_node(db, group_id)
    except ValidationError as exc:
        return exc.message
    if group.tree != TREE_PARTY or group.level != GROUP_LEVEL:
        return f"只能编入党小组；“{group.name}”是{group.level_title}"
    if not group.active:
        return f"“{group.name}”已撤销"
    return None


def member_problem(db: Database, resident_id: str, group_id: str | None) -> str | None:
    """Why the member cannot be placed in ``group_id`` (None: take out of their group)."""
    try:
        member = get_member(db, resident_id)
    except ValidationError as exc:
        return exc.message
    if group_id is None:
        return None if member.group_id else f"{member.name} 本来就没有编入党小组"
    problem = _group_problem(db, group_id)
    if problem:
        return problem
    group = get_node(db, group_id)
    if member.group_id == group_id:
        return f"{member.name} 本来就在“{group.name}”"
    if not member.living:
        return f"{member.name} 已{member.status}，不能编入党小组"
    community = db.execute("SELECT community_id FROM resident WHERE id = ?", [resident_id]).fetchone()[0]
    if community != group.community_id:
        return f"{member.name} 不属于“{group.name}”所在的社区"
    return None


def assign_member(ledger: Ledger, resident_id: str, group_id: str | None) -> None:
    """Place a party member in a group (None: take them out of their group).

    ``party_member.branch`` / ``party_group`` follow in the same write.
    """
    assign_members(ledger, [resident_id], group_id)


def assign_members(ledger: Ledger, resident_ids: Iterable[str], group_id: str | None) -> int:
    """Place several members at once; those already there are skipped. Returns how many moved."""
    todo: list[str] = []
    for resident_id in dict.fromkeys(resident_ids):
        if get_member(ledger.db, resident_id).group_id == group_id:
            continue
        problem = member_problem(ledger.db, resident_id, group_id)
        if problem:
            raise ValidationError(problem, "member")
        todo.append(resident_id)
    if not todo:
        return 0

    def apply(db: Database) -> None:
        marks = ", ".join("?" * len(todo))
        if group_id is None:
            release_members(db, f"resident_id IN ({marks})", todo)
        else:
            db.execute(f"UPDATE party_member SET group_node_id = ? WHERE resident_id IN ({marks})",
                       [group_id, *todo])
            sync_party_text(db)

    operation = "party.group_leave" if group_id is None else "party.group_join"
    ledger.write(operation, {T_PARTY_MEMBER}, apply, ids=todo)
    return len(todo)


# ---------------------------------------------------------------- 楼栋单元长 tier


def group_of_unit_head(db: Database, grid_node_id: str) -> str | None:
    row = db.execute("SELECT group_id FROM party_unit_head WHERE grid_node_id = ?", [grid_node_id]).fetchone()
    return row[0] if row else None


def unit_heads_of(db: Database, group_id: str) -> list[str]:
    """Ids of the level-4 grid nodes a group guides, in tree order."""
    return [r[0] for r in db.execute(
        "SELECT g.id FROM party_unit_head l JOIN grid_node g ON g.id = l.grid_node_id "
        "WHERE l.group_id = ? AND g.end_date IS NULL ORDER BY g.sort_key, g.name", [group_id])]


def unit_head_links(db: Database) -> dict[str, list[tuple[str, str]]]:
    """(grid node id, name) of the 楼栋单元长 of every group, by group id."""
    links: dict[str, list[tuple[str, str]]] = {}
    for group_id, node_id, name in db.execute(
            "SELECT l.group_id, g.id, g.name FROM party_unit_head l JOIN grid_node g ON g.id = l.grid_node_id "
            "WHERE g.end_date IS NULL ORDER BY g.sort_key, g.name"):
        links.setdefault(group_id, []).append((node_id, name))
    return links


def unit_head_problem(db: Database, grid_node_id: str, group_id: str | None) -> str | None:
    """Why a level-4 grid node cannot join ``group_id``'s 楼栋单元长 (None: unlink)."""
    try:
        node = get_node(db, grid_node_id)
    except ValidationError as exc:
        return exc.message
    if node.tree != TREE_GRID or node.level != 4:
        return f"只有楼栋单元长（四级网格）归入党小组；“{node.name}”是{node.level_title}"
    if not node.active:
        return f"“{node.name}”已撤销"
    current = group_of_unit_head(db, grid_node_id)
    if group_id is None:
        return None if current else f"“{node.name}”本来就没有归入党小组"
    problem = _group_problem(db, group_id)
    if problem:
        return problem
    group = get_node(db, group_id)
    if current == group_id:
        return f"“{node.name}”本来就归“{group.name}”联系"
    if group.community_id != node.community_id:
        return f"“{node.name}”不属于“{group.name}”所在的社区"
    return None


def link_unit_heads(ledger: Ledger, grid_node_ids: Iterable[str], group_id: str | None) -> int:
    """Put level-4 grid nodes under a party group's 楼栋单元长 tier (None: unlink)."""
    todo = []
    for node_id in dict.fromkeys(grid_node_ids):
        if group_of_unit_head(ledger.db, node_id) == group_id:
            continue
        problem = unit_head_problem(ledger.db, node_id, group_id)
        if problem:
            raise ValidationError(problem, "unit_head")
        todo.append(node_id)
    if not todo:
        return 0

    def apply(db: Database) -> None:
        stamp = now()
        for node_id in todo:
            db.execute("DELETE FROM party_unit_head WHERE grid_node_id = ?", [node_id])
            if group_id is not None:
                db.execute("INSERT INTO party_unit_head (grid_node_id, group_id, created_at) VALUES (?, ?, ?)",
                           [node_id, group_id, stamp])

    ledger.write("party.unit_heads_link", {T_UNIT_HEAD}, apply, ids=todo)
    return len(todo)


# ---------------------------------------------------------------- adopting registry text


def adopt_registry_groups(ledger: Ledger) -> int:
    """Build branches and groups from the registry's ``branch`` / ``party_group``
    text and place the living members in them. Returns how many were placed.

    Members already placed, and members without a group text, are left alone.
    """
    rows = ledger.db.execute(
        "SELECT p.resident_id, trim(p.branch), trim(p.party_group), r.community_id, c.name "
        "FROM party_member p JOIN resident r ON r.id = p.resident_id "
        "JOIN household h ON h.id = r.household_id JOIN unit u ON u.id = h.unit_id "
        "JOIN building b ON b.id = u.building_id JOIN compound c ON c.id = b.compound_id "
        f"WHERE p.group_node_id IS NULL AND r.status = '{vocab.STATUS_LIVING}' AND trim(p.party_group) != ''"
    ).fetchall()
    if not rows:
        return 0

    def find(tree_parent: str | None, name: str, community_id: str) -> str | None:
        row = ledger.db.execute(
            "SELECT id FROM grid_node WHERE tree = 'party' AND end_date IS NULL AND name = ? "
            "AND parent_id IS ? AND community_id = ?", [name, tree_parent, community_id]).fetchone()
        return row[0] if row else None

    def apply(_db: Database) -> int:
        placed: dict[str, list[str]] = {}
        for resident_id, branch, group, community_id, compound in rows:
            branch = branch or f"{compound}党支部"
            branch_id = find(None, branch, community_id) or add_node(
                ledger, TREE_PARTY, None, NodeForm(branch, PARTY_LEVELS[0].duties), community_id=community_id)
            group_id = find(branch_id, group, community_id) or add_node(
                ledger, TREE_PARTY, branch_id, NodeForm(group, PARTY_LEVELS[1].duties))
            placed.setdefault(group_id, []).append(resident_id)
        return sum(assign_members(ledger, ids, group_id) for group_id, ids in placed.items())

    return ledger.write("party.build_from_register", {T_NODE, T_PARTY_MEMBER}, apply)
