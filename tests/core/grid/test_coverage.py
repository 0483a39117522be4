"""The coverage check and the start screen's items it feeds."""

from __future__ import annotations

import datetime

import pytest

from core import grid, registry, vocab
from core.grid import coverage as gc
from core.party import org as party_org
from core.grid import TREE_GRID, TREE_PARTY, NodeForm
from core.grid.people import PersonRef, assign_person, vacate
from tests.core.grid_fixtures import build_compound


@pytest.fixture
def compound(ledger):
    return build_compound(ledger)


def kinds(ledger):
    return [p.kind for p in gc.coverage(ledger.db)]


def full_grid(ledger, compound):
    """Every unit covered and every node held: no problems."""
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    assign_person(ledger, l1, PersonRef.staff(compound.staff_id))
    l2 = grid.add_node(ledger, TREE_GRID, l1, NodeForm("小区"))
    assign_person(ledger, l2, PersonRef.resident(compound.party[0]))
    l3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("全区"))
    assign_person(ledger, l3, PersonRef.resident(compound.party[1]))
    heads = {}
    for index, unit_id in enumerate(compound.units):
        node = grid.add_node(ledger, TREE_GRID, l3, NodeForm(f"单元{index}"), units=[unit_id])
        assign_person(ledger, node, PersonRef.resident(compound.resident(index, 1)))
        heads[unit_id] = node
    return heads


def test_an_empty_grid_lists_every_unit(ledger, compound):
    problems = gc.coverage(ledger.db)
    assert [p.kind for p in problems] == [gc.UNIT_UNCOVERED] * 4
    assert problems[0].text == "1栋1单元：没有楼栋单元长（未划入任何四级网格）"
    assert problems[0].unit_id == compound.units[0] and problems[0].tree == TREE_GRID


def test_a_full_grid_has_no_problems_until_a_head_moves_out(ledger, compound):
    heads = full_grid(ledger, compound)
    assert gc.coverage(ledger.db) == []
    head = compound.resident(2, 1)
    registry.change_status(ledger, head, vocab.STATUS_MOVED_OUT, datetime.date(2025, 3, 1))
    problems = gc.coverage(ledger.db)
    assert [p.kind for p in problems] == [gc.HOLDER_GONE]
    assert problems[0].node_id == heads[compound.units[2]]
    assert "已迁出（2025-03-01）" in problems[0].text
    # A dead head is flagged the same way; a replacement clears it.
    registry.change_status(ledger, compound.resident(3, 1), vocab.STATUS_DECEASED, datetime.date(2025, 4, 1))
    assert kinds(ledger) == [gc.HOLDER_GONE, gc.HOLDER_GONE]
    assign_person(ledger, heads[compound.units[2]], PersonRef.resident(compound.resident(2, 2)))
    vacate(ledger, heads[compound.units[3]])
    assert kinds(ledger) == [gc.NODE_VACANT]


def test_uncovered_unit_and_vacant_nodes_are_listed_in_order(ledger, compound):
    heads = full_grid(ledger, compound)
    grid.delete_node(ledger, heads[compound.units[3]], release=True)
    vacate(ledger, heads[compound.units[0]])
    assert kinds(ledger) == [gc.UNIT_UNCOVERED, gc.NODE_VACANT]


def test_party_checks_start_with_a_party_tree(ledger, compound):
    full_grid(ledger, compound)
    assert kinds(ledger) == []
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    assign_person(ledger, branch, PersonRef.resident(compound.party[0]))
    group = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    assert kinds(ledger) == [gc.NODE_VACANT, gc.GROUP_EMPTY, gc.UNGROUPED]
    ungrouped = gc.coverage(ledger.db)[-1]
    assert ungrouped.text.startswith("4 名党员未编入党小组")
    party_org.assign_members(ledger, compound.party, group)
    assign_person(ledger, group, PersonRef.resident(compound.party[3]))
    assert kinds(ledger) == []
    registry.change_status(ledger, compound.party[2], vocab.STATUS_MOVED_OUT, datetime.date(2025, 1, 1))
    problems = gc.coverage(ledger.db)
    assert [p.kind for p in problems] == [gc.MEMBER_GONE]
    assert problems[0].resident_id == compound.party[2]


def test_due_items_for_the_start_screen(ledger, compound):
    heads = full_grid(ledger, compound)
    registry.change_status(ledger, compound.resident(1, 1), vocab.STATUS_MOVED_OUT, datetime.date(2025, 3, 1))
    items = gc.due_items(ledger.db, datetime.date.today())
    assert len(items) == 1
    assert items[0].tab == "网格" and items[0].record_id == heads[compound.units[1]]
    assert "core.grid.coverage:due_items" in __import__("core.due", fromlist=["PROVIDERS"]).PROVIDERS


def test_a_ledger_without_a_grid_gets_one_start_screen_item(ledger, compound):
    items = gc.due_items(ledger.db, datetime.date.today())
    assert [i.title for i in items] == ["尚未建立四级网格：4 个单元没有楼栋单元长"]
