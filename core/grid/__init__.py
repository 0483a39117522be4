"""The four-level grid (四级网格) and the party organisation's tree: the rules.

Both trees are made of the same nodes (``grid_node``): the grid has four
levels (community party-committee head › retired party-branch secretary ›
former factory managers › building-unit heads, 楼栋单元长), the party
organisation two (小区党支部 › 党小组; its members and its 楼栋单元长 tier
are in :mod:`core.party_org`).

Level rules: a node of level k has children of level k + 1 only; level 1
has no parent; a level is never skipped; moving a subtree re-checks the
level every node would end up at. Only level-4 grid nodes cover units, at
least one each, and a unit is covered by at most one of them.

Nothing is orphaned: deleting a node that has children, units or party
members requires saying where they go. A deleted node is kept, ended on
the day it was deleted, so the people who held it stay in the history.

Every change goes through ``ledger.write``; every check that can fail
raises :class:`~core.errors.ValidationError` with a Chinese message before
anything is written. The ``*_problem`` functions return that message (or
None) without raising, for the drag-and-drop of the tab.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from core import vocab
from core.ledger import Ledger, new_id, now
from core.errors import ValidationError

TREE_GRID = "grid"
TREE_PARTY = "party"

#: Tables written by the grid's operations, for change notifications.
T_NODE = "grid_node"
T_ASSIGNMENT = "grid_assignment"
T_BINDING = "grid_unit"
T_STAFF = "staff"
T_UNIT_HEAD = "party_unit_head"
T_PARTY_MEMBER = "party_member"
GRID_TABLES = frozenset({T_NODE, T_ASSIGNMENT, T_BINDING, T_STAFF, T_UNIT_HEAD, T_PARTY_MEMBER})

#: Tables of the registry whose changes alter what the grid shows (counts,
#: a head who moved out, unit names).
REGISTRY_TABLES = frozenset({"resident", "household", "unit", "building", "compound", "party_member"})


@dataclass(frozen=True)
class Level:
    """One level of a tree, as the users name it.

    Attributes:
        number: 1 for the top.
        title: the level's name (``四级网格``).
        role: the title of the person who holds a node of this level.
        who: who usually holds it, from the community's account.
        duties: the duties text a new node of this level starts with.
    """

    number: int
    title: str
    role: str
    who: str
    duties: str


GRID_LEVELS: tuple[Level, ...] = (
    Level(1, "一级网格", "一级网格长", "社区党委负责人",
          "统筹全社区网格工作，督促、指导各级网格长履职。"),
    Level(2, "二级网格", "二级网格长", "离退休党支部书记",
          "联系小区党支部和自治委员会，协调本小区的网格事务，倾听民声、问需于民。"),
    Level(3, "三级网格", "三级网格长", "原企业破产遗留管理人员",
          "联络、督促片区内的楼栋单元长，收集居民诉求并上报。"),
    Level(4, "四级网格", "楼栋单元长", "楼栋单元长",
          "负责本单元居民宣传、业务联络，为居民办理力所能及的事，如电灯维修、代收水电费、"
          "物品搬运、入户宣传、疏通下水道等。"),
)

PARTY_LEVELS: tuple[Level, ...] = (
    Level(1, "小区党支部", "支部书记", "小区党支部书记",
          "发挥组织核心作用：组织主题党日，联系党员，带领居民参与小区治理。"),
    Level(2, "党小组", "党小组长", "党小组长",
          "联系本组党员，带领党员主动宣传政策、参与管理、开展志愿服务。"),
)

TREE_LEVELS: dict[str, tuple[Level, ...]] = {TREE_GRID: GRID_LEVELS, TREE_PARTY: PARTY_LEVELS}
TREE_TITLES: dict[str, str] = {TREE_GRID: "四级网格", TREE_PARTY: "小区党组织"}


def level_info(tree: str, level: int) -> Level:
    return TREE_LEVELS[tree][level - 1]


def max_level(tree: str) -> int:
    return len(TREE_LEVELS[tree])


@dataclass(frozen=True)
class Node:
    """A node of either tree, as stored. ``end_date`` is set once deleted."""

    id: str
    community_id: str
    tree: str
    parent_id: str | None
    level: int
    name: str
    duties: str
    start_date: datetime.date | None
    end_date: datetime.date | None

    @property
    def level_title(self) -> str:
        return level_info(self.tree, self.level).title

    @property
    def role(self) -> str:
        return level_info(self.tree, self.level).role

    @property
    def active(self) -> bool:
        return self.end_date is None


@dataclass(frozen=True)
class NodeForm:
    """What the user enters for a node."""

    name: str
    duties: str = ""
    start_date: datetime.date | None = None


_NODE_COLUMNS = "id, community_id, tree, parent_id, level, name, duties, start_date, end_date"


def _node(row: tuple) -> Node:
    return Node(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                parse_date(row[7]), parse_date(row[8]))


def parse_date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def get_node(db: Database, node_id: str) -> Node:
    row = db.execute(f"SELECT {_NODE_COLUMNS} FROM grid_node WHERE id = ?", [node_id]).fetchone()
    if row is None:
        raise ValidationError("该网格不存在，可能已被删除", "node")
    return _node(row)


def active_node(db: Database, node_id: str) -> Node:
    node = get_node(db, node_id)
    if not node.active:
        raise ValidationError(f"“{node.name}”已于 {node.end_date} 撤销", "node")
    return node


def nodes(db: Database, tree: str, level: int | None = None) -> list[Node]:
    """Active nodes of a tree (of one level), in tree order within each level."""
    sql = f"SELECT {_NODE_COLUMNS} FROM grid_node WHERE tree = ? AND end_date IS NULL"
    params: list = [tree]
    if level is not None:
        sql += " AND level = ?"
        params.append(level)
    return [_node(r) for r in db.execute(sql + " ORDER BY level, sort_key, name", params)]


def children(db: Database, node_id: str) -> list[Node]:
    return [_node(r) for r in db.execute(
        f"SELECT {_NODE_COLUMNS} FROM grid_node WHERE parent_id = ? AND end_date IS NULL "
        "ORDER BY sort_key, name", [node_id])]


def subtree(db: Database, node_id: str) -> list[Node]:
    """The node and its active descendants, parents before children."""
    rows = db.execute(
        "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
        " SELECT g.id FROM grid_node g JOIN sub ON g.parent_id = sub.id WHERE g.end_date IS NULL) "
        f"SELECT {_NODE_COLUMNS} FROM grid_node WHERE id IN (SELECT id FROM sub) ORDER BY level",
        [node_id]).fetchall()
    return [_node(r) for r in rows]


def path_names(db: Database, node_id: str) -> list[str]:
    """Names from the top of the tree down to the node."""
    names: list[str] = []
    current: str | None = node_id
    while current:
        row = db.execute("SELECT name, parent_id FROM grid_node WHERE id = ?", [current]).fetchone()
        if row is None:
            break
        names.append(row[0])
        current = row[1]
    return names[::-1]


def default_community(db: Database) -> str:
    """The ledger's community (the first one), for new top-level nodes and staff."""
    row = db.execute("SELECT id FROM community ORDER BY created_at LIMIT 1").fetchone()
    if row is None:
        raise ValidationError("还没有建立社区和小区，请先在“住户档案”中新建小区", "community")
    return row[0]


def sort_key(name: str) -> int:
    """Nodes named ``3栋2单元`` or ``第二党小组`` sort by their numbers."""
    digits = "".join(c for c in name if c.isdigit())[:6]
    if digits:
        return int(digits)
    for number, char in enumerate("一二三四五六七八九十", start=1):
        if char in name:
            return number
    return 0


# ---------------------------------------------------------------- nodes


def check_node_form(db: Database, form: NodeForm, *, tree: str, parent_id: str | None,
                    node_id: str | None = None, today: datetime.date | None = None) -> dict:
    """Validate a node's fields; returns the values to store."""
    today = today or datetime.date.today()
    name = " ".join((form.name or "").split())
    level = 1 if parent_id is None else get_node(db, parent_id).level + 1
    if not name:
        raise ValidationError(f"请填写{level_info(tree, min(level, max_level(tree))).title}的名称", "name")
    if len(name) > 40:
        raise ValidationError("名称太长（最多 40 个字）", "name")
    clash = db.execute(
        "SELECT 1 FROM grid_node WHERE tree = ? AND end_date IS NULL AND name = ? "
        "AND parent_id IS ? AND id IS NOT ?", [tree, name, parent_id, node_id]).fetchone()
    if clash:
        where = "同一上级下" if parent_id else "最上一级中"
        raise ValidationError(f"{where}已有名为“{name}”的网格，请换一个名称", "name")
    start = form.start_date
    if start is not None and start > today:
        raise ValidationError("起始日期不能晚于今天", "start_date")
    if start is not None and start.year < 1950:
        raise ValidationError("起始日期太早，请核对", "start_date")
    if node_id is not None and start is not None:
        first = db.execute("SELECT min(start_date) FROM grid_assignment WHERE node_id = ?",
                           [node_id]).fetchone()[0]
        if first and start.isoformat() > first:
            raise ValidationError(f"起始日期不能晚于第一任负责人的起始日期（{first}）", "start_date")
    return {"name": name, "duties": (form.duties or "").strip(),
            "start_date": start.isoformat() if start else None}


def child_level_problem(db: Database, tree: str, parent_id: str | None) -> str | None:
    """Why no node can be added under ``parent_id`` (None: it can)."""
    if parent_id is None:
        return None
    parent = get_node(db, parent_id)
    if parent.tree != tree:
        return "网格和党组织是两棵不同的树"
    if not parent.active:
        return f"“{parent.name}”已撤销"
    if parent.level >= max_level(tree):
        last = level_info(tree, parent.level)
        return f"{last.title}（{last.role}）是最末一级，下面不能再建下级"
    return None


def add_node(ledger: Ledger, tree: str, parent_id: str | None, form: NodeForm, *,
             units: Iterable[str] = (), community_id: str | None = None,
             take_over: bool = False) -> str:
    """Create a node under ``parent_id`` (None: at level 1); returns its id.

    A level-4 grid node must be given its units at once.
    """
    if tree not in TREE_LEVELS:
        raise ValueError(tree)
    problem = child_level_problem(ledger.db, tree, parent_id)
    if problem:
        raise ValidationError(problem, "parent")
    values = check_node_form(ledger.db, form, tree=tree, parent_id=parent_id)
    if parent_id is not None:
        parent = get_node(ledger.db, parent_id)
        level, community_id = parent.level + 1, parent.community_id
    else:
        level, community_id = 1, community_id or default_community(ledger.db)
    units = list(dict.fromkeys(units))
    if tree == TREE_GRID and level == 4 and not units:
        raise ValidationError("楼栋单元长的四级网格要负责至少一个单元，请选择单元", "units")
    if units and not (tree == TREE_GRID and level == 4):
        raise ValidationError("只有四级网格（楼栋单元长）负责单元", "units")
    node_id = new_id()
    for unit_id in units:
        _check_bindable(ledger.db, unit_id, community_id, node_id, take_over)
    stamp = now()

    def apply(db: Database) -> None:
        db["grid_node"].insert({
            "id": node_id, "community_id": community_id, "tree": tree, "parent_id": parent_id,
            "level": level, **values, "end_date": None, "sort_key": sort_key(values["name"]),
            "created_at": stamp, "updated_at": stamp,
        })
        _bind(db, node_id, units)

    ledger.write(f"新建{level_info(tree, level).title}", {T_NODE, T_BINDING}, apply, ids=[node_id])
    return node_id


def update_node(ledger: Ledger, node_id: str, form: NodeForm) -> None:
    node = active_node(ledger.db, node_id)
    values = check_node_form(ledger.db, form, tree=node.tree, parent_id=node.parent_id, node_id=node_id)

    def apply(db: Database) -> None:
        db.execute(
            "UPDATE grid_node SET name = ?, duties = ?, start_date = ?, sort_key = ?, updated_at = ? "
            "WHERE id = ?",
            [values["name"], values["duties"], values["start_date"], sort_key(values["name"]),
             now(), node_id])
        if node.tree == TREE_PARTY:
            sync_party_text(db)

    ledger.write(f"修改{node.level_title}", {T_NODE, T_PARTY_MEMBER}, apply, ids=[node_id])


# ---------------------------------------------------------------- moving


def move_problem(db: Database, node_id: str, new_parent_id: str | None) -> str | None:
    """Why ``node_id`` cannot be moved under ``new_parent_id`` (None: it can).

    Every node of the moved subtree keeps its distance from the moved node,
    so each one's new level is checked: none may pass the last level, and
    whatever only the last level may carry (units of a 楼栋单元长, party
    members of a 党小组) must stay at the last level.
    """
    node = get_node(db, node_id)
    if not node.active:
        return f"“{node.name}”已撤销"
    if new_parent_id == node.parent_id:
        return f"“{node.name}”本来就在这里"
    new_level = 1
    if new_parent_id is not None:
        parent = get_node(db, new_parent_id)
        if parent.tree != node.tree:
            return "四级网格和党组织是两棵不同的树，不能互相拖放"
        if not parent.active:
            return f"“{parent.name}”已撤销"
        if parent.id == node.id:
            return "不能把网格放到它自己下面"
        new_level = parent.level + 1
    members = subtree(db, node_id)
    if new_parent_id is not None and any(m.id == new_parent_id for m in members):
        return f"不能把“{node.name}”放到它自己的下级“{get_node(db, new_parent_id).name}”下面"
    last = max_level(node.tree)
    delta = new_level - node.level
    deepest = max(m.level for m in members) + delta
    where = f"放到“{get_node(db, new_parent_id).name}”下面" if new_parent_id else "放到最上一级"
    if new_level > last:
        parent_level = level_info(node.tree, last)
        return f"{parent_level.title}（{parent_level.role}）是最末一级，下面不能再有下级"
    if deepest > last:
        depth = max(m.level for m in members) - node.level + 1
        return (f"“{node.name}”连同下级共 {depth} 级，{where}会超过{TREE_TITLES[node.tree]}的 {last} 级，"
                "请先调整它的下级")
    for member in members:
        new = member.level + delta
        carried = _carried(db, member)
        if carried and new != last:
            return (f"“{member.name}”{carried}，只有{level_info(member.tree, last).title}才能这样；"
                    f"{where}后它会变成{level_info(member.tree, new).title}")
        if member.tree == TREE_GRID and new == last and member.level != last and not carried:
            return (f"{where}后“{member.name}”会变成四级网格，但它没有负责的单元；"
                    "楼栋单元长的四级网格要先有单元")
    return None


def _carried(db: Database, node: Node) -> str:
    """What the node carries that only the last level may ('' if nothing)."""
    if node.tree == TREE_GRID:
        count = db.execute("SELECT count(*) FROM grid_unit WHERE node_id = ?", [node.id]).fetchone()[0]
        return f"负责着 {count} 个单元" if count else ""
    members = db.execute("SELECT count(*) FROM party_member WHERE group_node_id = ?", [node.id]).fetchone()[0]
    heads = db.execute("SELECT count(*) FROM party_unit_head WHERE group_id = ?", [node.id]).fetchone()[0]
    if members or heads:
        return f"有 {members} 名党员" + (f"、{heads} 位楼栋单元长" if heads else "")
    return ""


def move_node(ledger: Ledger, node_id: str, new_parent_id: str | None) -> None:
    """Move a node and its subtree under another parent (None: to level 1)."""
    problem = move_problem(ledger.db, node_id, new_parent_id)
    if problem:
        raise ValidationError(problem, "parent")
    node = get_node(ledger.db, node_id)
    new_level = 1 if new_parent_id is None else get_node(ledger.db, new_parent_id).level + 1
    delta = new_level - node.level
    ids = [m.id for m in subtree(ledger.db, node_id)]

    def apply(db: Database) -> None:
        stamp = now()
        # Parent and level change in one statement: a level-1 node has no parent (CHECK).
        db.execute("UPDATE grid_node SET parent_id = ?, level = level + ?, updated_at = ? WHERE id = ?",
                   [new_parent_id, delta, stamp, node_id])
        below = [i for i in ids if i != node_id]
        if delta and below:
            marks = ", ".join("?" * len(below))
            db.execute(f"UPDATE grid_node SET level = level + ?, updated_at = ? WHERE id IN ({marks})",
                       [delta, stamp, *below])
        if node.tree == TREE_PARTY:
            sync_party_text(db)

    ledger.write(f"调整{node.level_title}归属", {T_NODE, T_PARTY_MEMBER}, apply, ids=[node_id])


# ---------------------------------------------------------------- deleting


@dataclass(frozen=True)
class Dependents:
    """What hangs under a node, which its deletion must send somewhere."""

    children: int = 0
    units: int = 0
    members: int = 0
    unit_heads: int = 0

    @property
    def payload(self) -> int:
        return self.units + self.members + self.unit_heads

    def describe(self, node: Node) -> str:
        parts = []
        if self.children:
            parts.append(f"{self.children} 个{level_info(node.tree, node.level + 1).title}")
        if self.units:
            parts.append(f"{self.units} 个单元")
        if self.members:
            parts.append(f"{self.members} 名党员")
        if self.unit_heads:
            parts.append(f"{self.unit_heads} 位楼栋单元长")
        return "、".join(parts)


def dependents(db: Database, node_id: str) -> Dependents:
    row = db.execute(
        "SELECT (SELECT count(*) FROM grid_node WHERE parent_id = ?1 AND end_date IS NULL), "
        "(SELECT count(*) FROM grid_unit WHERE node_id = ?1), "
        "(SELECT count(*) FROM party_member WHERE group_node_id = ?1), "
        "(SELECT count(*) FROM party_unit_head WHERE group_id = ?1)", [node_id]).fetchone()
    return Dependents(*row)


def transfer_targets(db: Database, node_id: str) -> list[Node]:
    """The nodes that may receive what a deleted node leaves: same tree and level."""
    node = get_node(db, node_id)
    return [n for n in nodes(db, node.tree, node.level)
            if n.id != node_id and n.community_id == node.community_id]


def delete_node(ledger: Ledger, node_id: str, *, transfer_to: str | None = None,
                release: bool = False, on_date: datetime.date | None = None) -> None:
    """Delete (end) a node, sending what hangs under it somewhere.

    ``transfer_to`` (a node of the same tree and level) receives its
    children, units, party members and unit-head links. Without it, a
    node with children is refused; units, members and links are released
    only if ``release`` is true. The node and its history are kept, ended
    on ``on_date``.
    """
    node = active_node(ledger.db, node_id)
    on_date = on_date or datetime.date.today()
    deps = dependents(ledger.db, node_id)
    target: Node | None = None
    if transfer_to is not None:
        target = active_node(ledger.db, transfer_to)
        if target.id == node.id or target.tree != node.tree or target.level != node.level \
                or target.community_id != node.community_id:
            raise ValidationError(f"只能转给另一个{node.level_title}", "transfer_to")
    elif deps.children:
        raise ValidationError(
            f"“{node.name}”下面还有 {deps.describe(node)}，请选择把它们转到哪个{node.level_title}", "transfer_to")
    elif deps.payload and not release:
        raise ValidationError(
            f"“{node.name}”还有 {deps.describe(node)}，请选择转给哪个{node.level_title}，或解除", "transfer_to")

    def apply(db: Database) -> None:
        stamp = now()
        if target is not None:
            db.execute("UPDATE grid_node SET parent_id = ?, updated_at = ? "
                       "WHERE parent_id = ? AND end_date IS NULL", [target.id, stamp, node_id])
            db.execute("UPDATE grid_unit SET node_id = ? WHERE node_id = ?", [target.id, node_id])
            db.execute("UPDATE party_member SET group_node_id = ? WHERE group_node_id = ?",
                       [target.id, node_id])
            db.execute("UPDATE party_unit_head SET group_id = ? WHERE group_id = ?", [target.id, node_id])
        else:
            db.execute("DELETE FROM grid_unit WHERE node_id = ?", [node_id])
            release_members(db, "group_node_id = ?", [node_id])
            db.execute("DELETE FROM party_unit_head WHERE group_id = ?", [node_id])
        db.execute("DELETE FROM party_unit_head WHERE grid_node_id = ?", [node_id])
        db.execute("UPDATE grid_assignment SET end_date = max(start_date, ?) "
                   "WHERE node_id = ? AND end_date IS NULL", [on_date.isoformat(), node_id])
        db.execute("UPDATE grid_node SET end_date = ?, updated_at = ? WHERE id = ?",
                   [on_date.isoformat(), stamp, node_id])
        if node.tree == TREE_PARTY:
            sync_party_text(db)

    ledger.write(f"删除{node.level_title}", GRID_TABLES, apply, ids=[node_id])


# ---------------------------------------------------------------- units


def unit_label(db: Database, unit_id: str) -> str:
    """``3栋2单元`` (with the compound's name when the ledger has several)."""
    row = db.execute(
        "SELECT c.name, b.name || u.name, (SELECT count(*) FROM compound) FROM unit u "
        "JOIN building b ON b.id = u.building_id JOIN compound c ON c.id = b.compound_id "
        "WHERE u.id = ?", [unit_id]).fetchone()
    if row is None:
        raise ValidationError("所选单元不存在，可能已被删除", "units")
    return f"{row[0]} {row[1]}" if row[2] > 1 else row[1]


def units_of(db: Database, node_id: str) -> list[str]:
    """Ids of the units a node covers, in address order."""
    return [r[0] for r in db.execute(
        "SELECT g.unit_id FROM grid_unit g JOIN unit u ON u.id = g.unit_id "
        "JOIN building b ON b.id = u.building_id WHERE g.node_id = ? "
        "ORDER BY b.sort_key, b.name, u.sort_key, u.name", [node_id])]


def owner_of_unit(db: Database, unit_id: str) -> str | None:
    row = db.execute("SELECT node_id FROM grid_unit WHERE unit_id = ?", [unit_id]).fetchone()
    return row[0] if row else None


def _unit_community(db: Database, unit_id: str) -> str:
    row = db.execute(
        "SELECT c.community_id FROM unit u JOIN building b ON b.id = u.building_id "
        "JOIN compound c ON c.id = b.compound_id WHERE u.id = ?", [unit_id]).fetchone()
    if row is None:
        raise ValidationError("所选单元不存在，可能已被删除", "units")
    return row[0]


def _check_bindable(db: Database, unit_id: str, community_id: str, node_id: str,
                    take_over: bool) -> None:
    if _unit_community(db, unit_id) != community_id:
        raise ValidationError(f"{unit_label(db, unit_id)} 不属于本社区", "units")
    owner = owner_of_unit(db, unit_id)
    if owner and owner != node_id and not take_over:
        from core.grid.people import current_holder

        holder = current_holder(db, owner)
        who = f"（{holder.name}）" if holder else ""
        raise ValidationError(
            f"{unit_label(db, unit_id)} 已由“{get_node(db, owner).name}”{who}负责，"
            "一个单元只能有一位楼栋单元长。如要转过来，请确认转交", "units")
    if owner and owner != node_id and take_over and len(units_of(db, owner)) == 1:
        raise ValidationError(
            f"“{get_node(db, owner).name}”只负责 {unit_label(db, unit_id)} 这一个单元，转走后它就没有单元了。"
            f"请改为删除“{get_node(db, owner).name}”，并把单元转给别的四级网格", "units")


def _bind(db: Database, node_id: str, unit_ids: Iterable[str]) -> None:
    stamp = now()
    for unit_id in unit_ids:
        db.execute("DELETE FROM grid_unit WHERE unit_id = ? AND node_id != ?", [unit_id, node_id])
        db.execute("INSERT OR IGNORE INTO grid_unit (node_id, unit_id, created_at) VALUES (?, ?, ?)",
                   [node_id, unit_id, stamp])


def _level4(db: Database, node_id: str) -> Node:
    node = active_node(db, node_id)
    if node.tree != TREE_GRID or node.level != 4:
        raise ValidationError(f"只有四级网格（楼栋单元长）负责单元；“{node.name}”是{node.level_title}", "units")
    return node


def set_units(ledger: Ledger, node_id: str, unit_ids: Iterable[str], *, take_over: bool = False) -> None:
    """Make the level-4 node cover exactly ``unit_ids`` (at least one).

    Units covered by another node are refused unless ``take_over``; then
    they move here (the other node must keep at least one unit).
    """
    node = _level4(ledger.db, node_id)
    wanted = list(dict.fromkeys(unit_ids))
    if not wanted:
        raise ValidationError(
            "四级网格至少要负责一个单元。如要撤销这个网格，请用“删除”，并说明单元转给谁", "units")
    for unit_id in wanted:
        _check_bindable(ledger.db, unit_id, node.community_id, node_id, take_over)
    taken: dict[str, int] = {}
    for unit_id in wanted:
        owner = owner_of_unit(ledger.db, unit_id)
        if owner and owner != node_id:
            taken[owner] = taken.get(owner, 0) + 1
    for owner, count in taken.items():
        if count >= len(units_of(ledger.db, owner)):
            name = get_node(ledger.db, owner).name
            raise ValidationError(f"“{name}”的单元将全部转走，它就没有单元了。请改为删除“{name}”并转交单元", "units")

    def apply(db: Database) -> None:
        marks = ", ".join("?" * len(wanted))
        db.execute(f"DELETE FROM grid_unit WHERE node_id = ? AND unit_id NOT IN ({marks})", [node_id, *wanted])
        _bind(db, node_id, wanted)

    ledger.write("调整负责单元", {T_BINDING}, apply, ids=[node_id])


def unit_move_problem(db: Database, unit_id: str, to_node_id: str) -> str | None:
    """Why a unit cannot be handed to ``to_node_id`` by drag and drop (None: it can)."""
    try:
        label = unit_label(db, unit_id)
        node = get_node(db, to_node_id)
    except ValidationError as exc:
        return exc.message
    if node.tree != TREE_GRID or node.level != 4:
        return f"单元只能交给四级网格（楼栋单元长）负责；“{node.name}”是{node.level_title}"
    if not node.active:
        return f"“{node.name}”已撤销"
    owner = owner_of_unit(db, unit_id)
    if owner == to_node_id:
        return f"{label} 本来就由“{node.name}”负责"
    if _unit_community(db, unit_id) != node.community_id:
        return f"{label} 不属于“{node.name}”所在的社区"
    if owner and len(units_of(db, owner)) == 1:
        name = get_node(db, owner).name
        return (f"“{name}”只负责 {label} 这一个单元，移走后它就没有单元了。"
                f"如要合并，请删除“{name}”并把单元转给“{node.name}”")
    return None


def move_unit(ledger: Ledger, unit_id: str, to_node_id: str) -> None:
    """Hand one unit to another level-4 node (the drag and drop of the tree)."""
    problem = unit_move_problem(ledger.db, unit_id, to_node_id)
    if problem:
        raise ValidationError(problem, "units")
    ledger.write("转交单元", {T_BINDING}, lambda db: _bind(db, to_node_id, [unit_id]), ids=[unit_id])


# ---------------------------------------------------------------- party text


def sync_party_text(db: Database) -> None:
    """Copy the tree's names into ``party_member.branch`` / ``party_group``
    for every member placed in a group, inside the caller's transaction."""
    db.execute(
        "UPDATE party_member SET "
        "party_group = (SELECT g.name FROM grid_node g WHERE g.id = party_member.group_node_id), "
        "branch = coalesce((SELECT b.name FROM grid_node g JOIN grid_node b ON b.id = g.parent_id "
        "                   WHERE g.id = party_member.group_node_id), branch) "
        "WHERE group_node_id IS NOT NULL")


def release_members(db: Database, where: str, params: list) -> None:
    """Take party members out of their group, inside the caller's transaction.

    A living member's group text is cleared with the link; one who moved
    out or died keeps it as the last group they belonged to.
    """
    db.execute(
        "UPDATE party_member SET group_node_id = NULL, party_group = CASE WHEN "
        f"(SELECT status FROM resident r WHERE r.id = party_member.resident_id) = '{vocab.STATUS_LIVING}' "
        f"THEN '' ELSE party_group END WHERE {where}", params)
