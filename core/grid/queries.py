"""Read queries of the grid and the party organisation: the trees with their
people and counts, the units with who covers them, and the contact sheets.

Counts come from the registry's tables by SQL: each level-4 node counts the
households, living residents and living party members of the units it
covers, and a recursive query adds them up to every ancestor.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sqlite_utils import Database

from core import vocab
from core.grid.levels import TREE_GRID, TREE_PARTY, level_info
from core.grid.people import Holder, current_holders
from core.grid.records import Node, nodes
from core.pinyin import search_key

KIND_NODE = "node"
KIND_UNIT = "unit"
KIND_MEMBER = "member"
KIND_UNIT_HEAD = "unit_head"
KIND_UNGROUPED = "ungrouped"

_PARTY = "('中共党员', '中共预备党员')"


@dataclass(frozen=True)
class Counts:
    """户数 / 在住人数 / 党员数 under a node or in a unit."""

    households: int = 0
    residents: int = 0
    party_members: int = 0


@dataclass(frozen=True)
class PartyCounts:
    """Living members under a party node: all, in the compound, away for long."""

    members: int = 0
    present: int = 0
    away: int = 0


#: Households, living residents and living party members per unit.
_UNIT_COUNTS = (
    "uh(unit_id, households) AS (SELECT unit_id, count(*) FROM household GROUP BY unit_id), "
    "ur(unit_id, residents, party) AS (SELECT h.unit_id, count(*), "
    f" sum(r.political_status IN {_PARTY}) FROM resident r JOIN household h ON h.id = r.household_id "
    f" WHERE r.status = '{vocab.STATUS_LIVING}' GROUP BY h.unit_id) "
)


def unit_counts(db: Database) -> dict[str, Counts]:
    rows = db.execute(
        "WITH " + _UNIT_COUNTS + "SELECT uh.unit_id, uh.households, coalesce(ur.residents, 0), "
        "coalesce(ur.party, 0) FROM uh LEFT JOIN ur ON ur.unit_id = uh.unit_id")
    return {r[0]: Counts(r[1], r[2], r[3]) for r in rows}


_ANCESTRY = (
    "up(node_id, ancestor_id) AS ("
    " SELECT id, id FROM grid_node WHERE tree = ? AND end_date IS NULL"
    " UNION ALL SELECT up.node_id, g.parent_id FROM up JOIN grid_node g ON g.id = up.ancestor_id"
    " WHERE g.parent_id IS NOT NULL) "
)


def grid_counts(db: Database, units: dict[str, Counts] | None = None) -> dict[str, Counts]:
    """Counts of the units covered under every active grid node, added up the tree.

    The units' counts come from SQL (:func:`unit_counts`, or ``units`` if
    the caller has them); a unit is covered by one node only and a node has
    one chain of ancestors, so adding each unit to its node and the node's
    ancestors counts nothing twice.
    """
    units = unit_counts(db) if units is None else units
    parents = dict(db.execute("SELECT id, parent_id FROM grid_node WHERE tree = ? AND end_date IS NULL",
                              [TREE_GRID]).fetchall())
    totals: dict[str, list[int]] = {node_id: [0, 0, 0] for node_id in parents}
    for node_id, unit_id in db.execute("SELECT node_id, unit_id FROM grid_unit"):
        c = units.get(unit_id, Counts())
        current = node_id if node_id in parents else None
        while current is not None:
            total = totals[current]
            total[0] += c.households
            total[1] += c.residents
            total[2] += c.party_members
            current = parents.get(current)
    return {node_id: Counts(*t) for node_id, t in totals.items()}


def party_counts(db: Database) -> dict[str, PartyCounts]:
    """Living members under every active party node, added up the tree."""
    rows = db.execute(
        "WITH RECURSIVE " + _ANCESTRY + "SELECT up.ancestor_id, count(DISTINCT r.id), "
        "count(DISTINCT CASE WHEN p.presence = '在小区' THEN r.id END), "
        "count(DISTINCT CASE WHEN p.presence != '在小区' THEN r.id END) "
        "FROM up JOIN party_member p ON p.group_node_id = up.node_id "
        f"JOIN resident r ON r.id = p.resident_id AND r.status = '{vocab.STATUS_LIVING}' "
        "GROUP BY up.ancestor_id", [TREE_PARTY])
    return {r[0]: PartyCounts(r[1], r[2], r[3]) for r in rows}


# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class UnitOwner:
    """A unit of the registry and the level-4 node covering it, if any."""

    unit_id: str
    label: str
    building_no: str
    counts: Counts
    node_id: str | None
    node_name: str
    holder: str


def unit_owners(db: Database, *, counts: dict[str, Counts] | None = None,
                holders: dict[str, Holder] | None = None) -> list[UnitOwner]:
    """Every unit in address order, with who covers it."""
    several = db.execute("SELECT count(*) FROM compound").fetchone()[0] > 1
    counts = unit_counts(db) if counts is None else counts
    holders = current_holders(db) if holders is None else holders
    rows = db.execute(
        "SELECT u.id, c.name, b.name, u.name, g.id, g.name FROM unit u "
        "JOIN building b ON b.id = u.building_id JOIN compound c ON c.id = b.compound_id "
        "LEFT JOIN grid_unit gu ON gu.unit_id = u.id "
        "LEFT JOIN grid_node g ON g.id = gu.node_id AND g.end_date IS NULL "
        "ORDER BY c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name").fetchall()
    owners = []
    for unit_id, compound, building, unit, node_id, node_name in rows:
        label = f"{compound} {building}{unit}" if several else f"{building}{unit}"
        holder = holders.get(node_id) if node_id else None
        owners.append(UnitOwner(unit_id, label, building, counts.get(unit_id, Counts()), node_id,
                                node_name or "", holder.name if holder else ""))
    return owners


# ---------------------------------------------------------------- trees


@dataclass
class TreeRow:
    """One row of a tree as the tab shows it, without any Qt.

    Attributes:
        kind: ``node``, ``unit``, ``member``, ``unit_head`` or ``ungrouped``.
        id: the node's, unit's or resident's id (the folder's: ``ungrouped``).
        level: what the row is (``四级网格``, ``单元``, ``党员``).
        person / person_status / phone: the holder (or member) and their
            status (迁出、死亡; ``空缺`` when nobody holds the node).
        numbers: counts shown in the number columns.
        note: what the row covers (units of a level-4 node, a member's address).
    """

    kind: str
    id: str
    name: str
    level: str
    node: Node | None = None
    holder: Holder | None = None
    person: str = ""
    person_status: str = ""
    phone: str = ""
    numbers: tuple[int, ...] = ()
    note: str = ""
    children: list[TreeRow] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _node_row(node: Node, holder: Holder | None, numbers: tuple[int, ...]) -> TreeRow:
    status = "空缺" if holder is None else ("" if not holder.gone else holder.status)
    return TreeRow(KIND_NODE, node.id, node.name, node.level_title, node=node, holder=holder,
                   person=holder.name if holder else "", person_status=status,
                   phone=holder.phone if holder else "", numbers=numbers)


def _assemble(all_nodes: list[Node], make_row) -> list[TreeRow]:
    rows: dict[str, TreeRow] = {}
    roots: list[TreeRow] = []
    for node in all_nodes:  # ordered by level, so parents come first
        row = make_row(node)
        rows[node.id] = row
        parent = rows.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(row)
    return roots


def grid_tree(db: Database, community_id: str | None = None) -> list[TreeRow]:
    """The grid (of one community when given): nodes with holder and counts;
    level-4 nodes carry their units."""
    holders = current_holders(db)
    units = unit_counts(db)
    counts = grid_counts(db, units)
    owners = [o for o in unit_owners(db, holders=holders, counts=units) if o.node_id]
    by_node: dict[str, list[UnitOwner]] = {}
    for owner in owners:
        by_node.setdefault(owner.node_id, []).append(owner)

    def make(node: Node) -> TreeRow:
        c = counts.get(node.id, Counts())
        row = _node_row(node, holders.get(node.id), (c.households, c.residents, c.party_members))
        units = by_node.get(node.id, [])
        if node.level == 4:
            row.note = "、".join(u.label for u in units)
            for unit in units:
                u = unit.counts
                row.children.append(TreeRow(KIND_UNIT, unit.unit_id, unit.label, "单元",
                                            numbers=(u.households, u.residents, u.party_members)))
        return row

    return _assemble(nodes(db, TREE_GRID, community_id=community_id), make)


def party_tree(db: Database, community_id: str | None = None) -> list[TreeRow]:
    """Branches › groups › members and 楼栋单元长, then the members not in a group."""
    from core.party.org import grouped_members, ungrouped_members, unit_head_links

    holders = current_holders(db)
    counts = party_counts(db)
    members = grouped_members(db)
    links = unit_head_links(db)

    def make(node: Node) -> TreeRow:
        c = counts.get(node.id, PartyCounts())
        row = _node_row(node, holders.get(node.id), (c.members, c.present, c.away))
        if node.level == 2:
            for member in members.get(node.id, []):
                row.children.append(_member_row(member))
            for head_id, head in links.get(node.id, []):
                holder = holders.get(head_id)
                row.children.append(TreeRow(
                    KIND_UNIT_HEAD, head_id, head, "楼栋单元长", holder=holder,
                    person=holder.name if holder else "",
                    person_status="空缺" if holder is None else (holder.status if holder.gone else ""),
                    phone=holder.phone if holder else ""))
        return row

    roots = _assemble(nodes(db, TREE_PARTY, community_id=community_id), make)
    loose = ungrouped_members(db, community_id)
    if loose or roots:
        folder = TreeRow(KIND_UNGROUPED, KIND_UNGROUPED, "未编入党小组的党员", "待编组",
                         numbers=(len(loose), sum(m.presence == "在小区" for m in loose),
                                  sum(m.presence != "在小区" for m in loose)))
        folder.children = [_member_row(m) for m in loose]
        roots.append(folder)
    return roots


def _member_row(member) -> TreeRow:
    kind = "预备党员" if member.political_status == "中共预备党员" else "党员"
    if member.presence != "在小区":
        kind += " · " + member.presence
    return TreeRow(KIND_MEMBER, member.resident_id, member.name, kind,
                   person_status="" if member.living else member.status,
                   phone=member.phone, note=member.address)


# ---------------------------------------------------------------- contact sheets


@dataclass(frozen=True)
class Contact:
    """A line of the contact sheet (通讯录). ``phone`` unmasked: mask it to show."""

    tree: str
    node_id: str
    person_id: str
    level: str
    grid: str
    role: str
    name: str
    phone: str
    covers: str
    where: str
    status: str
    search: str


def _search_text(*parts: str) -> str:
    return " ".join(p for p in parts if p).lower()


def _unit_aliases(label: str) -> str:
    """``3栋2单元`` → also ``3-2`` (``3栋2单元301`` → ``3-2-301``) so a worker may type it short."""
    digits = "".join(c if c.isdigit() else " " for c in label).split()
    return "-".join(digits) if len(digits) >= 2 else ""


def grid_contacts(db: Database, community_id: str | None = None) -> list[Contact]:
    """The current holder of every grid node, in tree order (vacant nodes too)."""
    contacts: list[Contact] = []
    for root in grid_tree(db, community_id):
        for row in root.walk():
            if row.kind != KIND_NODE:
                continue
            node, holder = row.node, row.holder
            aliases = " ".join(_unit_aliases(u) for u in row.note.split("、") if u)
            contacts.append(Contact(
                TREE_GRID, node.id, holder.person.id if holder else "", node.level_title, node.name,
                node.role, holder.name if holder else "", holder.phone if holder else "", row.note,
                holder.where if holder else "", row.person_status,
                _search_text(node.name, row.note, aliases, *(
                    (holder.name, search_key(holder.name), holder.phone, holder.where) if holder else ()))))
    return contacts


def party_contacts(db: Database, community_id: str | None = None) -> list[Contact]:
    """Secretaries and group leaders, then each group's living members."""
    contacts: list[Contact] = []
    for root in party_tree(db, community_id):
        group = ""
        for row in root.walk():
            if row.kind == KIND_NODE and row.node.level == 2:
                group = row.node.name
            elif row.kind == KIND_UNGROUPED:
                group = ""
            if row.kind == KIND_NODE:
                node, holder = row.node, row.holder
                contacts.append(Contact(
                    TREE_PARTY, node.id, holder.person.id if holder else "", node.level_title, node.name,
                    node.role, holder.name if holder else "", holder.phone if holder else "", "",
                    holder.where if holder else "", row.person_status,
                    _search_text(node.name, *((holder.name, search_key(holder.name), holder.phone,
                                               holder.where) if holder else ()))))
            elif row.kind == KIND_MEMBER and not row.person_status:
                contacts.append(Contact(
                    TREE_PARTY, "", row.id, "党员", group or "未编组", row.level, row.name, row.phone,
                    "", row.note, "", _search_text(row.name, search_key(row.name), row.phone, row.note,
                                                   _unit_aliases(row.note), group)))
    return contacts


def search_contacts(contacts: list[Contact], text: str) -> list[Contact]:
    """Contacts matching every word typed: name, pinyin initials, phone, unit, grid."""
    words = text.lower().split()
    return [c for c in contacts if all(w in c.search for w in words)]


# ---------------------------------------------------------------- roster


@dataclass(frozen=True)
class RosterLine:
    """A line of the grid responsibility table (网格责任表)."""

    level: int
    level_title: str
    grid: str
    parent: str
    role: str
    person: str
    person_kind: str
    phone: str
    status: str
    units: str
    counts: Counts
    duties: str
    since: datetime.date | None


def grid_roster(db: Database, on_date: datetime.date | None = None,
                community_id: str | None = None) -> list[RosterLine]:
    """The grid in tree order with who held each node on ``on_date`` (default today).

    Nodes and units are as they are now; the people are those of ``on_date``.
    """
    from core.grid.people import people_of

    lines: list[RosterLine] = []
    names = {n.id: n.name for n in nodes(db, TREE_GRID, community_id=community_id)}
    for root in grid_tree(db, community_id):
        for row in root.walk():
            if row.kind != KIND_NODE:
                continue
            node = row.node
            holder = row.holder
            if on_date is not None:
                held = people_of(db, node.id, on_date)
                holder = held[-1] if held else None
            status = "空缺" if holder is None else (holder.status if holder.gone else "")
            lines.append(RosterLine(
                node.level, level_info(TREE_GRID, node.level).title, node.name,
                names.get(node.parent_id or "", ""), node.role,
                holder.name if holder else "", holder.kind_label if holder else "",
                holder.phone if holder else "", status, row.note,
                Counts(*row.numbers), node.duties, holder.start_date if holder else None))
    return lines
