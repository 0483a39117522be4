"""Every model of the grid tab passes pytest-qt's model tester."""

from __future__ import annotations

import pytest

from core import grid
from core.grid import TREE_GRID, TREE_PARTY
from core.grid import queries as gq
from ui.grid.grid_page import MIME_GRID
from ui.grid.models import GRID_COLUMNS, PARTY_COLUMNS, ContactModel, TreeRowModel, UnitChoiceModel

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")


def test_grid_tree_model(qtmodeltester, demo_ledger):
    model = TreeRowModel(GRID_COLUMNS, MIME_GRID)
    qtmodeltester.check(model)  # empty
    model.load(gq.grid_tree(demo_ledger.db))
    qtmodeltester.check(model)
    level4 = grid.nodes(demo_ledger.db, TREE_GRID, 4)[0]
    index = model.find("node", level4.id)
    assert model.rowCount(index) == 1  # its unit
    assert model.index(0, 0, index).data() == level4.name
    # Reloading invalidates old indexes instead of pointing at freed rows.
    model.load(gq.grid_tree(demo_ledger.db))
    qtmodeltester.check(model)
    assert model.row_at(index) is None or model.row_at(index).id == level4.id


def test_party_tree_model(qtmodeltester, demo_ledger):
    model = TreeRowModel(PARTY_COLUMNS, "application/x-test")
    model.load(gq.party_tree(demo_ledger.db))
    qtmodeltester.check(model)
    group = grid.nodes(demo_ledger.db, TREE_PARTY, 2)[0]
    assert model.rowCount(model.find("node", group.id)) > 0


def test_phone_masked_until_revealed(demo_ledger):
    model = TreeRowModel(GRID_COLUMNS, MIME_GRID)
    model.load(gq.grid_tree(demo_ledger.db))
    top = model.index(0, 3)
    row = model.row_at(top)
    assert model.data(top) != row.phone and "****" in model.data(top)
    model.reveal(row.id)
    assert model.data(top) == row.phone


def test_unit_choice_model(qtmodeltester, demo_ledger):
    owners = gq.unit_owners(demo_ledger.db)
    model = UnitChoiceModel(owners, {owners[0].unit_id}, owners[0].node_id)
    qtmodeltester.check(model)
    assert model.index(0, 3).data() == "本网格"
    assert model.index(23, 3).data() == "无人负责"
    model.set_checked(owners[1].unit_id)
    assert [o.unit_id for o in model.taken_checked()] == [owners[1].unit_id]


def test_contact_model(qtmodeltester, demo_ledger):
    model = ContactModel()
    model.set_contacts(gq.grid_contacts(demo_ledger.db))
    qtmodeltester.check(model)
    model.set_contacts(gq.party_contacts(demo_ledger.db))
    qtmodeltester.check(model)


def test_panel_models(qtmodeltester, qtbot, demo_ledger):
    from ui.grid.coverage_panel import CoveragePanel
    from ui.grid.detail import DetailPanel
    from ui.grid.party_page import UnitHeadsDialog

    panel = CoveragePanel(demo_ledger)
    qtbot.addWidget(panel)
    panel.reload()
    qtmodeltester.check(panel.model)
    detail = DetailPanel(demo_ledger)
    qtbot.addWidget(detail)
    tree = gq.grid_tree(demo_ledger.db)
    level4 = next(r for r in tree[0].walk() if r.kind == "node" and r.node.level == 4)
    detail.show_row(level4)
    qtmodeltester.check(detail.history_model)
    qtmodeltester.check(detail.covered_model)
    assert detail.covered_model.rowCount() == 1
    group = grid.nodes(demo_ledger.db, TREE_PARTY, 2)[0]
    dialog = UnitHeadsDialog(demo_ledger, group.id)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert len(dialog.checked()) > 0
