"""The demo's season of inspections."""

from __future__ import annotations

import datetime

from core import due
from core.inspections import compliance
from core.inspections import rotation
from core.inspections.checklists import CODE_NINE


def test_demo_season(demo_ledger):
    db = demo_ledger.db
    today = datetime.date.today()
    statuses = dict(db.execute("SELECT status, count(*) FROM inspection GROUP BY status").fetchall())
    assert statuses["已完成"] > 250 and statuses["草稿"] >= 1
    first = db.execute("SELECT min(date) FROM inspection").fetchone()[0]
    assert 80 <= (today - datetime.date.fromisoformat(first)).days <= 100
    fixes = db.execute(
        "SELECT sum(status = '已完成'), sum(status != '已完成'), "
        "sum(status != '已完成' AND deadline < ?) FROM rectification", [today.isoformat()]).fetchone()
    closed, still_open, overdue = fixes
    assert closed >= 10 and still_open >= 2 and 1 <= overdue <= 3
    after = db.execute("SELECT count(*) FROM photo WHERE owner_kind = 'rectification' "
                       "AND slot = 'after'").fetchone()[0]
    before = db.execute("SELECT count(*) FROM photo WHERE owner_kind = 'inspection_item'").fetchone()[0]
    assert after >= 8 and before >= 20
    assert any(item.kind == "整改" and item.overdue(today) for item in due.due_items(db, today))
    # the rotation has done and missed weeks
    compound_id = db.execute("SELECT id FROM compound ORDER BY created_at LIMIT 1").fetchone()[0]
    grid = rotation.rotation_grid(db, compound_id, today - datetime.timedelta(weeks=13), 14, today)
    summary = rotation.rotation_summary(grid)
    assert summary["完成"] > 250 and summary["未查"] >= 5
    # the matrix has red and green cells
    nine = db.execute("SELECT id FROM checklist_template WHERE code = ?", [CODE_NINE]).fetchone()[0]
    matrix = compliance.compliance_matrix(db, nine, compound_id)
    results = {cell.result for cell in matrix.cells.values()}
    assert {"达标", "不达标"} <= results
