"""Every sort order of the inspection and rectification lists, both ways."""

from __future__ import annotations

import datetime

import pytest

from core.inspections import queries as iq


@pytest.mark.parametrize("descending", [False, True])
def test_inspection_orders(demo_ledger, descending):
    db = demo_ledger.db
    f = iq.InspectionFilter()
    total = iq.inspection_count(db, f)
    for order in iq._INSPECTION_ORDER:
        rows = iq.inspection_page(db, f, 0, 1000, order, descending)
        assert len(rows) == total, order
    rates = [r["rate"] for r in iq.inspection_page(db, f, 0, 1000, "rate", descending)
             if r["rate"] is not None]
    assert rates == sorted(rates, reverse=descending)


@pytest.mark.parametrize("descending", [False, True])
def test_rectification_orders(demo_ledger, descending):
    db = demo_ledger.db
    f = iq.RectificationFilter(datetime.date.today(), iq.FIX_ALL)
    total = iq.rectification_count(db, f)
    for order in iq._RECTIFICATION_ORDER:
        assert len(iq.rectification_page(db, f, 0, 1000, order, descending)) == total, order


def test_filters_and_search(demo_ledger):
    db = demo_ledger.db
    today = datetime.date.today()
    every = iq.rectification_count(db, iq.RectificationFilter(today, iq.FIX_ALL))
    parts = [iq.rectification_count(db, iq.RectificationFilter(today, s)) for s in (iq.FIX_OPEN, iq.FIX_DONE)]
    assert sum(parts) == every
    overdue = iq.rectification_count(db, iq.RectificationFilter(today, iq.FIX_OVERDUE))
    assert 0 < overdue <= parts[0]
    found = iq.rectification_page(db, iq.RectificationFilter(today, iq.FIX_ALL, "门禁"), 0, 100)
    assert found and all("门禁" in r["item"] for r in found)
    drafts = iq.inspection_page(db, iq.InspectionFilter(outcome=iq.OUTCOME_DRAFT), 0, 100)
    assert drafts and all(r["status"] == "草稿" for r in drafts)
    open_ = iq.inspection_page(db, iq.InspectionFilter(outcome=iq.OUTCOME_OPEN), 0, 100)
    assert open_ and all(r["open_fixes"] > 0 for r in open_)
