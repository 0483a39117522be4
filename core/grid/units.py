"""Which units each level-4 grid node (楼栋单元长) covers: at least one each,
and a unit is covered by at most one of them (a UNIQUE index says so too).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from core.errors import ValidationError
from core.grid.levels import T_BINDING, TREE_GRID
from core.grid.records import Node, active_node, get_node
from core.ledger import Ledger, now


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


def building_parent(db: Database, unit_id: str) -> str | None:
    """The level-3 node whose heads already cover units of this unit's building."""
    row = db.execute(
        "SELECT g.parent_id FROM grid_unit gu JOIN grid_node g ON g.id = gu.node_id "
        "JOIN unit u ON u.id = gu.unit_id WHERE g.end_date IS NULL AND u.building_id = "
        "(SELECT building_id FROM unit WHERE id = ?) LIMIT 1", [unit_id]).fetchone()
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

    ledger.write("grid.units_set", {T_BINDING}, apply, ids=[node_id])


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
    ledger.write("grid.unit_transfer", {T_BINDING}, lambda db: _bind(db, to_node_id, [unit_id]), ids=[unit_id])
