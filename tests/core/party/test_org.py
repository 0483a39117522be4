"""The party organisation: members, the 楼栋单元长 tier, and the registry's text."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from core import grid, registry, vocab
from core.party import org as party_org
from core.grid import TREE_GRID, TREE_PARTY, NodeForm
from core.errors import ValidationError
from tests.core.grid_fixtures import build_compound


@pytest.fixture
def compound(ledger):
    return build_compound(ledger)


def text_of(ledger, resident_id):
    return ledger.db.execute("SELECT branch, party_group, group_node_id FROM party_member WHERE resident_id = ?",
                             [resident_id]).fetchone()


def test_placing_a_member_writes_the_registry_text_in_the_same_write(ledger, compound):
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("测试小区党支部"))
    group = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    member = compound.party[0]
    seen = []
    ledger.bus.subscribe(seen.append)
    party_org.assign_member(ledger, member, group)
    assert text_of(ledger, member) == ("测试小区党支部", "第一党小组", group)
    assert len(seen) == 1 and seen[0].touches("party_member")
    # Renaming the group or the branch follows into the registry.
    grid.update_node(ledger, group, NodeForm("一组"))
    grid.update_node(ledger, branch, NodeForm("红星党支部"))
    assert text_of(ledger, member)[:2] == ("红星党支部", "一组")
    # Editing the resident in the registry keeps the tree's text.
    form = registry.get_resident(ledger.db, member).form()
    registry.update_resident(ledger, member, replace(form, party=replace(form.party, party_group="乱写")))
    assert text_of(ledger, member)[:2] == ("红星党支部", "一组")
    # Taken out of the group: link and group text go.
    party_org.assign_member(ledger, member, None)
    assert text_of(ledger, member) == ("红星党支部", "", None)


def test_who_can_be_placed_where(ledger, compound):
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    group = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    assert "不是党员" in party_org.member_problem(ledger.db, compound.resident(0, 1), group)
    assert "只能编入党小组" in party_org.member_problem(ledger.db, compound.party[0], branch)
    assert "本来就没有编入" in party_org.member_problem(ledger.db, compound.party[0], None)
    party_org.assign_member(ledger, compound.party[0], group)
    assert "本来就在" in party_org.member_problem(ledger.db, compound.party[0], group)
    registry.change_status(ledger, compound.party[1], vocab.STATUS_MOVED_OUT, datetime.date(2024, 1, 1))
    assert "已迁出" in party_org.member_problem(ledger.db, compound.party[1], group)
    with pytest.raises(ValidationError, match="不是党员"):
        party_org.assign_members(ledger, [compound.party[2], compound.resident(0, 1)], group)
    assert party_org.get_member(ledger.db, compound.party[2]).group_id is None  # all or nothing


def test_a_member_who_becomes_a_non_member_leaves_the_group(ledger, compound):
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    group = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    member = compound.party[0]
    party_org.assign_member(ledger, member, group)
    form = registry.get_resident(ledger.db, member).form()
    registry.update_resident(ledger, member, replace(form, political_status="群众", party=None))
    assert party_org.members_of(ledger.db, group) == []


def test_a_member_who_left_keeps_the_last_group_text(ledger, compound):
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    group = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    member = compound.party[0]
    party_org.assign_member(ledger, member, group)
    registry.change_status(ledger, member, vocab.STATUS_DECEASED, datetime.date(2024, 1, 1))
    party_org.assign_member(ledger, member, None)
    assert text_of(ledger, member) == ("支部", "第一党小组", None)


def test_deleting_a_group_moves_or_releases_its_members(ledger, compound):
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    one = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    two = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第二党小组"))
    party_org.assign_members(ledger, compound.party[:2], one)
    with pytest.raises(ValidationError, match="2 名党员"):
        grid.delete_node(ledger, one)
    grid.delete_node(ledger, one, transfer_to=two)
    assert [text_of(ledger, m)[1] for m in compound.party[:2]] == ["第二党小组", "第二党小组"]
    grid.delete_node(ledger, two, release=True)
    assert [text_of(ledger, m)[1:] for m in compound.party[:2]] == [("", None), ("", None)]


def test_unit_heads_tier(ledger, compound):
    l1 = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    l2 = grid.add_node(ledger, TREE_GRID, l1, NodeForm("小区"))
    l3 = grid.add_node(ledger, TREE_GRID, l2, NodeForm("东片"))
    head = grid.add_node(ledger, TREE_GRID, l3, NodeForm("1栋1单元"), units=[compound.units[0]])
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    one = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第一党小组"))
    two = grid.add_node(ledger, TREE_PARTY, branch, NodeForm("第二党小组"))
    assert "只有楼栋单元长" in party_org.unit_head_problem(ledger.db, l3, one)
    party_org.link_unit_heads(ledger, [head], one)
    assert party_org.unit_heads_of(ledger.db, one) == [head]
    party_org.link_unit_heads(ledger, [head], two)  # a unit head is in one group's tier only
    assert party_org.unit_heads_of(ledger.db, one) == [] and party_org.group_of_unit_head(ledger.db, head) == two
    grid.delete_node(ledger, head, release=True)
    assert party_org.unit_heads_of(ledger.db, two) == []


def test_adopting_the_registry_text(ledger, compound):
    for number, member in enumerate(compound.party):
        form = registry.get_resident(ledger.db, member).form()
        group = "第一党小组" if number % 2 == 0 else "第二党小组"
        registry.update_resident(ledger, member, replace(form, party=replace(form.party, party_group=group)))
    assert not party_org.has_party_tree(ledger.db)
    assert party_org.adopt_registry_groups(ledger) == len(compound.party)
    branches = grid.nodes(ledger.db, TREE_PARTY, 1)
    assert [b.name for b in branches] == ["测试小区党支部"]  # no branch text: named after the compound
    groups = grid.nodes(ledger.db, TREE_PARTY, 2)
    assert sorted(g.name for g in groups) == ["第一党小组", "第二党小组"]
    assert party_org.adopt_registry_groups(ledger) == 0  # nothing left to place
    assert party_org.has_party_tree(ledger.db)
