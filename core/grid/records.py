"""Grid and party nodes as records, and reading them: one node, a level, the
children, a subtree, the path of names from the top.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlite_utils import Database

from core.errors import ValidationError
from core.grid.levels import level_info
from core.ledger import current_community


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


def nodes(db: Database, tree: str, level: int | None = None, *,
          community_id: str | None = None) -> list[Node]:
    """Active nodes of a tree (of one level, of one community), in tree order within each level."""
    sql = f"SELECT {_NODE_COLUMNS} FROM grid_node WHERE tree = ? AND end_date IS NULL"
    params: list = [tree]
    if community_id is not None:
        sql += " AND community_id = ?"
        params.append(community_id)
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
    """The ledger's current community, for new top-level nodes and staff."""
    community = current_community(db)
    if community is None:
        raise ValidationError("还没有建立社区和小区，请先在“住户档案”中新建小区", "community")
    return community


def sort_key(name: str) -> int:
    """Nodes named ``3栋2单元`` or ``第二党小组`` sort by their numbers."""
    digits = "".join(c for c in name if c.isdigit())[:6]
    if digits:
        return int(digits)
    for number, char in enumerate("一二三四五六七八九十", start=1):
        if char in name:
            return number
    return 0
