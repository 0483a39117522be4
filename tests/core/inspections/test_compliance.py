"""The compliance matrix and the rate over time."""

from __future__ import annotations

import datetime

from core import inspections
from core.inspections import compliance
from core.inspections import Inspector, ResultEntry
from tests.site_helpers import TODAY

DAY = datetime.timedelta(days=1)


def _inspect(ledger, site, kind, scope_id, date, results, template=None):
    iid = inspections.start_inspection(ledger, template or site.nine_id, date=date, scope_kind=kind,
                                       scope_id=scope_id, inspectors=[Inspector("刘主任")], today=TODAY)
    rows = inspections.get_inspection(ledger.db, iid).results
    entries = {}
    for row, result in zip(rows, results):
        entries[row.id] = ResultEntry(result, fix_responsible="李秀英" if result == "不达标" else "",
                                      fix_deadline=date + 7 * DAY if result == "不达标" else None)
    inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)
    return iid


def test_matrix_latest_covering_result(ledger, site):
    monthly = _inspect(ledger, site, "compound", site.compound_id, TODAY - 30 * DAY,
                       ["达标", "达标", "达标", "不达标", "达标", "达标", "不适用", "达标", "达标"])
    matrix = compliance.compliance_matrix(ledger.db, site.nine_id, site.compound_id)
    assert [label for _id, label in matrix.rows] == ["1栋1单元", "1栋2单元", "2栋1单元", "2栋2单元"]
    assert len(matrix.items) == 9
    assert all(matrix.cell(r, 3).result == "不达标" for r in range(4))
    assert matrix.cell(0, 3).inspection_id == monthly and matrix.cell(0, 3).fix_status == "待整改"
    assert matrix.cell(0, 6).result == "不适用"
    # a re-inspection of unit 2 turns only that unit; its 不适用 hides nothing
    recheck = _inspect(ledger, site, "unit", site.units[1], TODAY - 2 * DAY,
                       ["不适用"] * 3 + ["达标"] + ["不适用"] * 5)
    matrix = compliance.compliance_matrix(ledger.db, site.nine_id, site.compound_id)
    assert matrix.cell(1, 3).result == "达标" and matrix.cell(1, 3).inspection_id == recheck
    assert matrix.cell(0, 3).result == "不达标"
    assert matrix.cell(1, 0).result == "达标" and matrix.cell(1, 0).inspection_id == monthly
    assert matrix.row_rate(1) == 1.0
    assert matrix.row_rate(0) == 7 / 8
    # by building: 1栋 has one red unit of two
    by_building = compliance.compliance_matrix(ledger.db, site.nine_id, site.compound_id,
                                               compliance.LEVEL_BUILDING)
    assert [label for _id, label in by_building.rows] == ["1栋", "2栋"]
    cell = by_building.cell(0, 3)
    assert (cell.result, cell.failing, cell.counted, cell.inspection_id) == ("不达标", 1, 2, monthly)
    # a building inspection covers both its units
    _inspect(ledger, site, "building", site.buildings[1], TODAY - DAY, ["达标"] * 9)
    by_building = compliance.compliance_matrix(ledger.db, site.nine_id, site.compound_id,
                                               compliance.LEVEL_BUILDING)
    assert by_building.cell(1, 3).result == "达标" and by_building.cell(1, 6).result == "达标"


def test_drafts_do_not_count(ledger, site):
    inspections.start_inspection(ledger, site.nine_id, date=TODAY, scope_kind="compound",
                                 scope_id=site.compound_id, today=TODAY)
    matrix = compliance.compliance_matrix(ledger.db, site.nine_id, site.compound_id)
    assert matrix.cells == {} and matrix.overall_rate() is None
    assert compliance.compliance_series(ledger.db, template_id=site.nine_id) == []


def test_series_pools_results_per_month_and_week(ledger, site):
    _inspect(ledger, site, "compound", site.compound_id, datetime.date(2025, 9, 10),
             ["达标"] * 6 + ["不达标"] * 3)
    _inspect(ledger, site, "compound", site.compound_id, datetime.date(2025, 10, 9),
             ["达标"] * 8 + ["不达标"])
    _inspect(ledger, site, "unit", site.units[0], datetime.date(2025, 10, 20),
             ["达标"] * 8 + ["不适用"])
    series = compliance.compliance_series(ledger.db, template_id=site.nine_id)
    assert [(p.label, p.passed, p.failed, p.inspections) for p in series] == [
        ("2025年9月", 6, 3, 1), ("2025年10月", 16, 1, 2)]
    assert series[1].rate == 16 / 17
    weekly = compliance.compliance_series(ledger.db, template_id=site.nine_id, period="week",
                                          date_from=datetime.date(2025, 10, 1))
    assert [p.start for p in weekly] == [datetime.date(2025, 10, 6), datetime.date(2025, 10, 20)]


def test_same_day_reinspection_wins(ledger, site):
    """Several inspections on one day: the one completed last is the latest."""
    for _ in range(5):
        _inspect(ledger, site, "unit", site.units[0], TODAY, ["不达标"] + ["达标"] * 8)
        last = _inspect(ledger, site, "unit", site.units[0], TODAY, ["达标"] * 9)
        matrix = compliance.compliance_matrix(ledger.db, site.nine_id, site.compound_id)
        assert matrix.cell(0, 0).result == "达标" and matrix.cell(0, 0).inspection_id == last
