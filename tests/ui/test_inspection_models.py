"""Every model of the inspections tab passes pytest-qt's model tester, on the demo."""

from __future__ import annotations

import datetime

from core.inspections import compliance
from core.inspections import rotation
from core.inspections.checklists import CODE_HYGIENE, CODE_NINE
from core.inspections import queries as iq
from core.registry import queries as rq
from ui.inspections.models import (
    InspectionTableModel,
    MatrixModel,
    RectificationTableModel,
    RotationModel,
)
from ui.registry.models import ResidentTableModel
from ui.inspections.templates_page import template_rows
from ui.sql_table_model import Column, StaticTableModel

TODAY = datetime.date.today()


def _ids(db):
    compound = db.execute("SELECT id FROM compound ORDER BY created_at LIMIT 1").fetchone()[0]
    codes = dict(db.execute("SELECT code, id FROM checklist_template WHERE code IS NOT NULL").fetchall())
    return compound, codes


def test_inspection_list_model(qtmodeltester, demo_ledger):
    db = demo_ledger.db
    model = InspectionTableModel()
    f = iq.InspectionFilter()
    model.set_source(lambda o, l, order, d: iq.inspection_page(db, f, o, l, order, d),
                     lambda: iq.inspection_count(db, f))
    assert model.total > 250
    qtmodeltester.check(model)
    model.fetchMore(model.index(0, 0).parent())
    model.sort(5)
    qtmodeltester.check(model)


def test_rectification_model(qtmodeltester, demo_ledger):
    db = demo_ledger.db
    model = RectificationTableModel()
    f = iq.RectificationFilter(TODAY, iq.FIX_ALL)
    model.set_source(lambda o, l, order, d: iq.rectification_page(db, f, o, l, order, d),
                     lambda: iq.rectification_count(db, f))
    assert model.rowCount() > 10
    qtmodeltester.check(model)
    # urgency: the open ones come first, overdue before the rest
    statuses = [model.row(r)["status"] for r in range(model.rowCount())]
    first_closed = statuses.index("已完成")
    assert all(s != "已完成" for s in statuses[:first_closed])
    assert all(s == "已完成" for s in statuses[first_closed:])


def test_matrix_model_units_and_buildings(qtmodeltester, demo_ledger):
    db = demo_ledger.db
    compound, codes = _ids(db)
    model = MatrixModel()
    qtmodeltester.check(model)  # empty
    for level in (compliance.LEVEL_UNIT, compliance.LEVEL_BUILDING):
        for code in (CODE_NINE, CODE_HYGIENE):
            model.set_matrix(compliance.compliance_matrix(db, codes[code], compound, level))
            qtmodeltester.check(model)
    assert model.rowCount() == 8 and model.columnCount() == 8  # buildings × 7 hygiene items + rate


def test_rotation_model(qtmodeltester, demo_ledger):
    db = demo_ledger.db
    compound, _codes = _ids(db)
    model = RotationModel()
    qtmodeltester.check(model)
    model.set_grid(rotation.rotation_grid(db, compound, TODAY - datetime.timedelta(weeks=13), 16, TODAY))
    assert (model.rowCount(), model.columnCount()) == (24, 16)
    qtmodeltester.check(model)


def test_picker_and_template_models(qtmodeltester, demo_ledger):
    db = demo_ledger.db
    picker = ResidentTableModel()  # the shared person picker's list (ui.people)
    f = rq.RegistryFilter(party_only=True)
    picker.set_source(lambda o, l, order, d: rq.resident_page(db, f, o, l, order, d),
                      lambda: rq.resident_counts(db, f).residents)
    qtmodeltester.check(picker)
    from core.inspections import checklists

    templates = StaticTableModel([Column("name", "检查表", "name")],
                                 template_rows(checklists.list_templates(db)))
    qtmodeltester.check(templates)
