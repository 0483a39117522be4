"""The grid's rules, without Qt: levels, moves, unit binding, deletion."""

from __future__ import annotations

import datetime
import sqlite3

import pytest

from core import grid
from core.grid import TREE_GRID, TREE_PARTY, NodeForm
from core.grid.people import PersonRef, assign_person, current_holder
from core.errors import ValidationError
from tests.core.grid_fixtures import build_compound


@pytest.fixture
def compound(ledger):
    return build_compound(ledger)


def four_levels(ledger, compound):
    """Level 1 › 2 › 3 › two level-4 nodes covering units 0 and 1."""
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    l2 = grid.add_node(ledger, TREE_GRID, l1, NodeForm("测试小区"))
    l3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("东片"))
    a = grid.add_node(ledger, TREE_GRID, l3, NodeForm("1栋1单元"), units=[compound.units[0]])
    b = grid.add_node(ledger, TREE_GRID, l3, NodeForm("1栋2单元"), units=[compound.units[1]])
    return l1, l2, l3, a, b


def test_levels_follow_the_parent_and_cannot_be_skipped(ledger, compound):
    l1, l2, l3, a, _b = four_levels(ledger, compound)
    assert [grid.get_node(ledger.db, n).level for n in (l1, l2, l3, a)] == [1, 2, 3, 4]
    with pytest.raises(ValidationError, match="最末一级"):
        grid.add_node(ledger, TREE_GRID, a, NodeForm("五级"))
    with pytest.raises(ValidationError, match="至少一个单元"):
        grid.add_node(ledger, TREE_GRID, l3, NodeForm("空的"))
    with pytest.raises(ValidationError, match="只有四级网格"):
        grid.add_node(ledger, TREE_GRID, l2, NodeForm("片区"), units=[compound.units[2]])
    with pytest.raises(ValidationError, match="两棵不同的树"):
        grid.add_node(ledger, TREE_PARTY, l1, NodeForm("支部"))
    # The database refuses a level-1 node with a parent, whatever the code does.
    with pytest.raises(sqlite3.IntegrityError):
        ledger.write("grid.node_move", {"grid_node"}, lambda db: db.execute(
            "UPDATE grid_node SET parent_id = ? WHERE id = ?", [l2, l1]))


def test_node_form_is_validated(ledger, compound):
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("  社区  "))
    assert grid.get_node(ledger.db, l1).name == "社区"
    with pytest.raises(ValidationError) as exc:
        grid.add_node(ledger, TREE_GRID, None, NodeForm(" "))
    assert exc.value.field == "name"
    with pytest.raises(ValidationError, match="已有名为“社区”"):
        grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    with pytest.raises(ValidationError, match="晚于今天"):
        grid.add_node(ledger, TREE_GRID, None, NodeForm("明天", start_date=datetime.date.today()
                                                       + datetime.timedelta(days=1)))
    assert ledger.db.execute("SELECT count(*) FROM grid_node").fetchone()[0] == 1


def test_a_unit_belongs_to_one_level4_node(ledger, compound):
    *_, a, b = four_levels(ledger, compound)
    l3 = grid.get_node(ledger.db, a).parent_id
    with pytest.raises(ValidationError, match="已由“1栋1单元”负责"):
        grid.add_node(ledger, TREE_GRID, l3, NodeForm("重复"), units=[compound.units[0]])
    with pytest.raises(ValidationError, match="已由“1栋1单元”负责"):
        grid.set_units(ledger, b, [compound.units[1], compound.units[0]])
    # Taking over is explicit, and may not strip the other node of its last unit.
    with pytest.raises(ValidationError, match="没有单元"):
        grid.set_units(ledger, b, [compound.units[1], compound.units[0]], take_over=True)
    grid.set_units(ledger, a, [compound.units[0], compound.units[2]])
    grid.set_units(ledger, b, [compound.units[1], compound.units[2]], take_over=True)
    assert grid.units_of(ledger.db, a) == [compound.units[0]]
    assert grid.units_of(ledger.db, b) == [compound.units[1], compound.units[2]]
    with pytest.raises(ValidationError, match="至少要负责一个单元"):
        grid.set_units(ledger, b, [])
    # The UNIQUE index holds even if the code's check were skipped.
    with pytest.raises(sqlite3.IntegrityError):
        ledger.write("grid.units_set", {"grid_unit"}, lambda db: db.execute(
            "INSERT INTO grid_unit (node_id, unit_id, created_at) VALUES (?, ?, '')", [a, compound.units[1]]))


def test_moving_a_unit_by_drag_and_drop(ledger, compound):
    l1, l2, l3, a, b = four_levels(ledger, compound)
    grid.set_units(ledger, a, [compound.units[0], compound.units[2]])
    assert "只能交给四级网格" in grid.unit_move_problem(ledger.db, compound.units[0], l3)
    assert "本来就由" in grid.unit_move_problem(ledger.db, compound.units[0], a)
    assert "这一个单元" in grid.unit_move_problem(ledger.db, compound.units[1], a)
    grid.move_unit(ledger, compound.units[2], b)
    assert grid.owner_of_unit(ledger.db, compound.units[2]) == b


def test_moving_a_subtree_rechecks_every_level(ledger, compound):
    l1, l2, l3, a, b = four_levels(ledger, compound)
    other3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("西片"))
    # A level-4 node moves to another level-3 node: fine.
    assert grid.move_problem(ledger.db, a, other3) is None
    grid.move_node(ledger, a, other3)
    assert grid.get_node(ledger.db, a).parent_id == other3
    # Under a level-4 node: the last level has no children.
    assert "最末一级" in grid.move_problem(ledger.db, other3, b)
    # A level-3 node with level-4 children under another level-3 node: too deep.
    assert "超过" in grid.move_problem(ledger.db, l3, other3)
    # A level-4 node with units under a level-2 node would become level 3.
    assert "负责着 1 个单元" in grid.move_problem(ledger.db, a, l2)
    # Into its own subtree, onto itself, where it already is.
    assert "自己的下级" in grid.move_problem(ledger.db, l2, l3)
    assert "本来就在这里" in grid.move_problem(ledger.db, l3, l2)
    # A level-2 subtree moved to the top would put units at level 3.
    assert grid.move_problem(ledger.db, l2, None) is not None
    with pytest.raises(ValidationError):
        grid.move_node(ledger, l3, other3)
    # A second community-level node, then the whole level-2 subtree under it.
    top2 = grid.add_node(ledger, TREE_GRID, None, NodeForm("另一个社区"))
    grid.move_node(ledger, l2, top2)
    assert [n.level for n in grid.subtree(ledger.db, l2)] == [2, 3, 3, 4, 4]


def test_moving_to_and_from_the_top_level(ledger, compound):
    l1, l2, l3, a, b = four_levels(ledger, compound)
    lone2 = grid.add_node(ledger, TREE_GRID, l1, NodeForm("另一小区"))
    grid.move_node(ledger, lone2, None)  # a childless level-2 node becomes a level-1 node
    assert (grid.get_node(ledger.db, lone2).level, grid.get_node(ledger.db, lone2).parent_id) == (1, None)
    grid.move_node(ledger, lone2, l1)  # and back under the community
    assert grid.get_node(ledger.db, lone2).level == 2
    top2 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区二"))
    grid.move_node(ledger, l2, top2)  # a level-2 subtree under another level-1 node
    grid.move_node(ledger, l1, top2)  # the emptied level-1 node becomes level 2
    assert grid.get_node(ledger.db, l1).level == 2
    assert [n.level for n in grid.subtree(ledger.db, lone2)] == [3]


def test_an_empty_level3_node_cannot_become_level4(ledger, compound):
    l1, l2, l3, a, b = four_levels(ledger, compound)
    empty3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("空片"))
    assert "没有负责的单元" in grid.move_problem(ledger.db, empty3, l3)


def test_party_groups_keep_members_at_their_level(ledger, compound):
    from core.party import org as party_org

    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    group = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    party_org.assign_member(ledger, compound.party[0], group)
    branch2 = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部二"))
    assert "有 1 名党员" in grid.move_problem(ledger.db, group, None)
    assert "最末一级" in grid.move_problem(ledger.db, branch2, group)
    grid.move_node(ledger, group, branch2)
    assert ledger.db.execute("SELECT branch FROM party_member WHERE resident_id = ?",
                             [compound.party[0]]).fetchone()[0] == "支部二"


def test_deleting_a_node_requires_saying_where_things_go(ledger, compound):
    l1, l2, l3, a, b = four_levels(ledger, compound)
    assign_person(ledger, a, PersonRef.resident(compound.resident(0)), datetime.date(2024, 1, 1))
    other3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("西片"))
    with pytest.raises(ValidationError, match="下面还有 2 个四级网格"):
        grid.delete_node(ledger, l3)
    with pytest.raises(ValidationError, match="下面还有"):
        grid.delete_node(ledger, l3, release=True)  # children cannot be released
    with pytest.raises(ValidationError, match="只能转给另一个三级网格"):
        grid.delete_node(ledger, l3, transfer_to=a)
    grid.delete_node(ledger, l3, transfer_to=other3)
    assert {n.id for n in grid.children(ledger.db, other3)} == {a, b}
    assert grid.get_node(ledger.db, l3).end_date == datetime.date.today()
    # A level-4 node with units: transfer them, or release them explicitly.
    with pytest.raises(ValidationError, match="1 个单元"):
        grid.delete_node(ledger, a)
    grid.delete_node(ledger, a, transfer_to=b)
    assert grid.units_of(ledger.db, b) == [compound.units[0], compound.units[1]]
    # The deleted node's holder stays in the history, ended today.
    history = ledger.db.execute("SELECT end_date FROM grid_assignment WHERE node_id = ?", [a]).fetchall()
    assert history == [(datetime.date.today().isoformat(),)]
    assert current_holder(ledger.db, a) is None
    grid.delete_node(ledger, b, release=True)
    assert grid.owner_of_unit(ledger.db, compound.units[0]) is None
    # A deleted node's name is free again; a deleted node cannot be edited.
    grid.add_node(ledger, TREE_GRID, other3, NodeForm("1栋1单元"), units=[compound.units[0]])
    with pytest.raises(ValidationError, match="撤销"):
        grid.update_node(ledger, a, NodeForm("改名"))


def test_writes_announce_the_grid_tables(ledger, compound):
    seen = []
    ledger.bus.subscribe(seen.append)
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    grid.update_node(ledger, l1, NodeForm("社区网格"))
    assert all(change.touches(grid.T_NODE) for change in seen)
    assert [c.action for c in seen] == ["新建一级网格", "修改一级网格"]


def test_a_unit_deleted_from_the_registry_leaves_the_node_flagged(ledger, compound):
    from core import registry
    from core.grid.coverage import NO_UNITS, coverage

    *_, a, b = four_levels(ledger, compound)
    empty_unit = registry.add_unit(ledger, ledger.db.execute(
        "SELECT building_id FROM unit WHERE id = ?", [compound.units[0]]).fetchone()[0], "9单元")
    grid.set_units(ledger, b, [compound.units[1], empty_unit])
    registry.delete_empty_node(ledger, "unit", empty_unit)  # cascades to grid_unit
    assert grid.units_of(ledger.db, b) == [compound.units[1]]
    assert NO_UNITS not in {p.kind for p in coverage(ledger.db)}
