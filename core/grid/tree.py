"""Changing the trees: adding, editing, moving and deleting nodes.

Moving a subtree re-checks the level every node would end up at. Nothing
is orphaned: deleting a node that has children, units or party members
requires saying where they go. A deleted node is kept, ended on the day it
was deleted, so the people who held it stay in the history. The
``*_problem`` functions return the refusal (or None) without raising, for
the drag-and-drop of the tab.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from core import vocab
from core.errors import ValidationError
from core.text_rules import clean_line
from core.grid.levels import (
    GRID_TABLES,
    T_ASSIGNMENT,
    T_BINDING,
    T_NODE,
    T_PARTY_MEMBER,
    TREE_GRID,
    TREE_LEVELS,
    TREE_PARTY,
    TREE_TITLES,
    level_info,
    max_level,
)
from core.grid.people import PersonRef, assign_person
from core.grid.records import (
    Node,
    NodeForm,
    active_node,
    default_community,
    get_node,
    nodes,
    sort_key,
    subtree,
)
from core.grid.units import _bind, _check_bindable
from core.ledger import Ledger, new_id, now


def check_node_form(db: Database, form: NodeForm, *, tree: str, parent_id: str | None,
                    node_id: str | None = None, today: datetime.date | None = None) -> dict:
    """Validate a node's fields; returns the values to store."""
    today = today or datetime.date.today()
    name = " ".join(clean_line(form.name, label="名称", field="name", limit=40).split())
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

    ledger.write("grid.node_create", {T_NODE, T_BINDING}, apply, ids=[node_id],
                 label=f"新建{level_info(tree, level).title}")
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

    ledger.write("grid.node_edit", {T_NODE, T_PARTY_MEMBER}, apply, ids=[node_id],
                 label=f"修改{node.level_title}")


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

    ledger.write("grid.node_move", {T_NODE, T_PARTY_MEMBER}, apply, ids=[node_id],
                 label=f"调整{node.level_title}归属")


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

    ledger.write("grid.node_delete", GRID_TABLES, apply, ids=[node_id], label=f"删除{node.level_title}")


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


def add_node_with_person(ledger: Ledger, tree: str, parent_id: str | None, form: NodeForm, *,
                         person: PersonRef | None = None, units: Iterable[str] = (),
                         take_over: bool = False) -> str:
    """Create a node and (optionally) its first holder in one write.

    The holder starts on the node's start date, or today.
    """
    def apply(_db: Database) -> str:
        node_id = add_node(ledger, tree, parent_id, form, units=units, take_over=take_over)
        if person is not None:
            assign_person(ledger, node_id, person, form.start_date or datetime.date.today())
        return node_id

    return ledger.write("grid.node_create", {T_NODE, T_ASSIGNMENT, T_BINDING}, apply)
