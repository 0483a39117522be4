"""Counts under each node, the trees, contact sheets and the roster by date."""

from __future__ import annotations

import datetime

import pytest

from core import grid, registry, vocab
from core.party import org as party_org
from core.grid import TREE_GRID, TREE_PARTY, NodeForm
from core.grid.people import PersonRef, assign_person
from core.grid import queries as gq
from tests.core.grid_fixtures import build_compound


@pytest.fixture
def compound(ledger):
    return build_compound(ledger)


def test_counts_add_up_the_tree_from_the_registry(ledger, compound):
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    l2 = grid.add_node(ledger, TREE_GRID, l1, NodeForm("小区"))
    east = grid.add_node(ledger, TREE_GRID, l2, NodeForm("东片"))
    west = grid.add_node(ledger, TREE_GRID, l2, NodeForm("西片"))
    a = grid.add_node(ledger, TREE_GRID, east, NodeForm("一"), units=compound.units[:2])
    b = grid.add_node(ledger, TREE_GRID, west, NodeForm("二"), units=[compound.units[2]])
    # Each unit: 4 households, 3 living residents, 1 party member.
    counts = gq.grid_counts(ledger.db)
    assert counts[a] == gq.Counts(8, 6, 2)
    assert counts[b] == gq.Counts(4, 3, 1)
    assert counts[east] == counts[a]
    assert counts[l2] == counts[l1] == gq.Counts(12, 9, 3)  # unit 4 is covered by nobody
    # A resident who moves out no longer counts; nor does a non-member's party status.
    registry.change_status(ledger, compound.resident(0), vocab.STATUS_MOVED_OUT, datetime.date(2025, 1, 1))
    assert gq.grid_counts(ledger.db)[l1] == gq.Counts(12, 8, 2)
    assert gq.unit_counts(ledger.db)[compound.units[0]] == gq.Counts(4, 2, 0)


def test_unit_owners_show_who_covers_each_unit(ledger, compound):
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    l2 = grid.add_node(ledger, TREE_GRID, l1, NodeForm("小区"))
    l3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("东片"))
    a = grid.add_node(ledger, TREE_GRID, l3, NodeForm("一"), units=[compound.units[1]])
    assign_person(ledger, a, PersonRef.resident(compound.resident(1)))
    owners = gq.unit_owners(ledger.db)
    assert [o.label for o in owners] == ["1栋1单元", "1栋2单元", "2栋1单元", "2栋2单元"]
    assert owners[1].node_name == "一" and owners[1].holder
    assert owners[0].node_id is None and owners[0].counts == gq.Counts(4, 3, 1)


def test_trees_carry_units_members_and_unit_heads(ledger, compound):
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    l2 = grid.add_node(ledger, TREE_GRID, l1, NodeForm("小区"))
    l3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("东片"))
    head = grid.add_node(ledger, TREE_GRID, l3, NodeForm("一"), units=compound.units[:2])
    (root,) = gq.grid_tree(ledger.db)
    rows = list(root.walk())
    assert [r.kind for r in rows] == ["node"] * 4 + ["unit"] * 2
    assert rows[3].note == "1栋1单元、1栋2单元" and rows[3].person_status == "空缺"
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    group = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    party_org.assign_members(ledger, compound.party[:3], group)
    party_org.link_unit_heads(ledger, [head], group)
    roots = gq.party_tree(ledger.db)
    assert [r.kind for r in roots] == ["node", "ungrouped"]
    group_row = roots[0].children[0]
    assert [c.kind for c in group_row.children] == ["member"] * 3 + ["unit_head"]
    assert group_row.numbers == (3, 3, 0) and roots[0].numbers == (3, 3, 0)
    assert roots[1].numbers[0] == 1 and roots[1].children[0].id == compound.party[3]


def test_contact_search_by_name_initials_phone_and_unit(ledger, compound):
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    assign_person(ledger, l1, PersonRef.staff(compound.staff_id))
    l2 = grid.add_node(ledger, TREE_GRID, l1, NodeForm("小区"))
    l3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("东片"))
    head = grid.add_node(ledger, TREE_GRID, l3, NodeForm("二栋一单元"), units=[compound.units[2]])
    resident_id = compound.resident(2, 1)
    assign_person(ledger, head, PersonRef.resident(resident_id))
    name = registry.get_resident(ledger.db, resident_id).name
    contacts = gq.grid_contacts(ledger.db)
    assert [c.name for c in contacts] == ["刘书记", "", "", name]
    from core.pinyin import initials_variants

    for text in (name, initials_variants(name)[0], "1390000", "2栋1单元", "2-1", "lsj"):
        found = gq.search_contacts(contacts, text)
        assert found, text
    assert [c.name for c in gq.search_contacts(contacts, "2-1")] == [name]
    assert gq.search_contacts(contacts, "不存在的人") == []


def test_roster_names_the_people_of_a_past_day(ledger, compound):
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区", start_date=datetime.date(2020, 1, 1)))
    assign_person(ledger, l1, PersonRef.staff(compound.staff_id), datetime.date(2020, 1, 1))
    assign_person(ledger, l1, PersonRef.resident(compound.resident(0)), datetime.date(2024, 6, 1))
    now = gq.grid_roster(ledger.db)
    then = gq.grid_roster(ledger.db, datetime.date(2023, 12, 31))
    assert now[0].person != "刘书记" and now[0].person_kind == "居民"
    assert then[0].person == "刘书记" and then[0].since == datetime.date(2020, 1, 1)
    assert gq.grid_roster(ledger.db, datetime.date(2019, 1, 1))[0].status == "空缺"
