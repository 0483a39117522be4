"""A ledger holding two communities (as the sub-district's roll-up will):
every tab's figures and every export keep them apart."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core import campaigns, grid, registry
from core.due import due_items
from core.grid import TREE_GRID
from core.grid.queries import grid_tree
from core.inspections import queries as iq
from core.ledger import Ledger
from core.overview import overview
from core.registry import queries as rq
from core.registry.search import RegistrySearch
from core.rosters import Privacy, care_roster, party_roster, resident_roster
from reports.excel_export import EXPORT_KINDS, export


@pytest.fixture
def two(demo_ledger: Ledger):
    """The demo community (A) and a small second one (B), B chosen last."""
    a = demo_ledger.community_id
    before = overview(demo_ledger.db, community_id=a)
    b = registry.create_community(demo_ledger, "第二社区")
    assert demo_ledger.community_id == a  # adding one does not switch to it
    demo_ledger.choose_community(b)
    compound = registry.create_compound(demo_ledger, b, registry.CompoundForm(
        "测试小区", buildings=2, units_per_building=2, floors=1, rooms_per_floor=1))
    households = [h for (h,) in demo_ledger.db.execute(
        "SELECT h.id FROM household h JOIN unit u ON u.id = h.unit_id JOIN building x ON x.id = u.building_id "
        "WHERE x.compound_id = ? ORDER BY h.rowid", [compound])]
    for household, name in zip(households, ("张建国", "李秀英", "王志勇")):
        registry.add_resident(demo_ledger, household, registry.ResidentForm(name=name, relation="户主"))
    grid.add_node(demo_ledger, TREE_GRID, None, grid.NodeForm("第二社区网格"))
    return demo_ledger, a, b, before


def test_figures_of_each_community_are_its_own(two):
    ledger, a, b, before = two
    db = ledger.db
    assert overview(db, community_id=a) == before
    small = overview(db, community_id=b)
    assert (small.compounds, small.residents) == (1, 3)
    assert [n.name for n in rq.registry_tree(db, b)] == ["测试小区"]
    assert "测试小区" not in [n.name for n in rq.registry_tree(db, a)]
    assert RegistrySearch(db, b).find(rq.RegistryFilter()).residents == 3
    assert RegistrySearch(db, a).find(rq.RegistryFilter()).residents == before.residents
    counts = rq.resident_counts(db, rq.RegistryFilter(community_id=b))
    assert counts.residents == 3
    assert [r.name for r in grid_tree(db, b)] == ["第二社区网格"]
    assert "第二社区网格" not in [r.name for r in grid_tree(db, a)]
    assert campaigns.campaign_list(db, b) == [] and campaigns.campaign_list(db, a)
    assert iq.inspection_count(db, iq.InspectionFilter(community_id=b)) == 0
    assert iq.inspection_count(db, iq.InspectionFilter(community_id=a)) > 0
    assert iq.rectification_counts(db, datetime.date.today(), b) == {"未完成": 0, "已逾期": 0, "已完成": 0}
    assert all(item.kind != "整改" for item in due_items(db, community_id=b))
    assert any(item.kind == "整改" for item in due_items(db, community_id=a))
    names_b = {r.name for r in resident_roster(db, b)}
    assert names_b == {"张建国", "李秀英", "王志勇"}
    assert not names_b & {r.name for r in resident_roster(db, a)}
    assert party_roster(db, b) == [] and care_roster(db, b) == []
    assert len(party_roster(db, a)) == before.party_members


def test_exports_are_of_the_current_community(two, tmp_path: Path):
    ledger, a, b, before = two
    path = tmp_path / "b.xlsx"
    assert export(ledger.db, "residents", path) == 3
    sheet = load_workbook(path).active
    assert "测试小区" in sheet["A1"].value
    ledger.choose_community(a)
    for kind in EXPORT_KINDS:
        out = tmp_path / f"{kind}.xlsx"
        export(ledger.db, kind, out)
        text = " ".join(str(c.value) for ws in load_workbook(out).worksheets
                        for row in ws.iter_rows() for c in row if c.value is not None)
        assert "测试小区" not in text and "第二社区网格" not in text and "张建国" not in text, kind
    assert export(ledger.db, "residents", tmp_path / "a.xlsx") == \
        len(resident_roster(ledger.db, a, Privacy.MASKED))
