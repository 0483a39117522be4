"""The demo's grid: the account's four levels with real problems to fix."""

from __future__ import annotations

from core import grid
from core.grid import coverage as gc
from core.grid import TREE_GRID, TREE_PARTY
from core.grid.people import current_holder, history
from core.grid import queries as gq


def test_demo_grid_follows_the_account(demo_ledger):
    db = demo_ledger.db
    levels = [len(grid.nodes(db, TREE_GRID, level)) for level in (1, 2, 3, 4)]
    assert levels == [1, 1, 3, 23]
    top = grid.nodes(db, TREE_GRID, 1)[0]
    assert current_holder(db, top.id).person.kind == "staff"
    secretary = current_holder(db, grid.nodes(db, TREE_GRID, 2)[0].id)
    assert secretary.party and not secretary.gone
    heads = [current_holder(db, n.id) for n in grid.nodes(db, TREE_GRID, 4)]
    assert all(h is not None and h.person.kind == "resident" for h in heads)
    assert any(h.party for h in heads)
    # Every level-4 head lives in the unit they answer for (at least when chosen).
    for node in grid.nodes(db, TREE_GRID, 4):
        unit_of_head = db.execute(
            "SELECT h.unit_id FROM grid_assignment a JOIN resident r ON r.id = a.resident_id "
            "JOIN household h ON h.id = r.household_id WHERE a.node_id = ? AND a.end_date IS NULL",
            [node.id]).fetchone()[0]
        assert grid.units_of(db, node.id) == [unit_of_head]
    replaced = [n for n in grid.nodes(db, TREE_GRID, 4) if len(history(db, n.id)) == 2]
    assert len(replaced) == 2


def test_demo_coverage_shows_real_problems(demo_ledger):
    problems = gc.coverage(demo_ledger.db)
    assert [p.kind for p in problems] == [gc.HOLDER_GONE, gc.UNIT_UNCOVERED]
    assert "已迁出" in problems[0].text
    assert problems[1].text.startswith("8栋3单元")


def test_demo_party_branch(demo_ledger):
    db = demo_ledger.db
    (branch,) = grid.nodes(db, TREE_PARTY, 1)
    groups = grid.nodes(db, TREE_PARTY, 2)
    assert [g.name for g in groups] == ["第一党小组", "第二党小组", "第三党小组"]
    counts = gq.party_counts(db)
    assert counts[branch.id].members == db.execute(
        "SELECT count(*) FROM party_member p JOIN resident r ON r.id = p.resident_id WHERE r.status = '在住'"
    ).fetchone()[0]
    assert all(counts[g.id].members > 0 for g in groups)
    assert all(current_holder(db, g.id) for g in groups)
    # The registry's text matches the tree for every placed member.
    mismatched = db.execute(
        "SELECT count(*) FROM party_member p JOIN grid_node g ON g.id = p.group_node_id "
        "JOIN grid_node b ON b.id = g.parent_id WHERE p.party_group != g.name OR p.branch != b.name"
    ).fetchone()[0]
    assert mismatched == 0
    links = db.execute("SELECT count(*) FROM party_unit_head").fetchone()[0]
    assert links == 23
