"""Inspections to Excel."""

from __future__ import annotations

import datetime

import pytest
from openpyxl import load_workbook

from core import inspections, photos
from core.inspections import rectifications
from core.inspections import Inspector, ResultEntry
from core.errors import ValidationError
from reports.inspection_xlsx import export_inspections
from tests.photo_files import jpeg_bytes
from tests.site_helpers import TODAY

DAY = datetime.timedelta(days=1)


def _inspection(ledger, site, date, fail=True):
    iid = inspections.start_inspection(ledger, site.nine_id, date=date, scope_kind="unit",
                                       scope_id=site.units[0], inspectors=[Inspector("刘主任")],
                                       today=TODAY)
    rows = inspections.get_inspection(ledger.db, iid).results
    entries = {r.id: ResultEntry("达标") for r in rows}
    if fail:
        entries[rows[3].id] = ResultEntry("不达标", "门禁坏", "王志勇", None, date + 3 * DAY)
        photos.add_photo(ledger, jpeg_bytes(), owner_kind="inspection_item", owner_id=rows[3].id)
    return iid, inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)


def test_three_sheets_with_date_range(ledger, site, tmp_path):
    _inspection(ledger, site, TODAY - 40 * DAY, fail=False)
    _iid, (rid,) = _inspection(ledger, site, TODAY - 10 * DAY)
    photos.add_photo(ledger, jpeg_bytes(colour="green"), owner_kind="rectification", owner_id=rid,
                     slot="after")
    rectifications.start(ledger, rid, today=TODAY)
    out = tmp_path / "检查.xlsx"
    count = export_inspections(ledger.db, out, date_from=TODAY - 20 * DAY, date_to=TODAY, today=TODAY)
    assert count == 1
    wb = load_workbook(out)
    assert wb.sheetnames == ["检查记录", "检查结果", "整改"]
    rows = list(wb["检查记录"].values)
    assert rows[0][:5] == ("检查日期", "检查表", "检查范围", "检查人", "状态")
    assert rows[1][:9] == ((TODAY - 10 * DAY).isoformat(), "九个有", "1栋1单元", "刘主任", "已完成",
                           8, 1, 0, "89%")
    results = list(wb["检查结果"].values)
    assert len(results) == 10
    assert results[4][4:8] == ("有简便的单元门禁系统", "不达标", "门禁坏", 1)
    fixes = list(wb["整改"].values)
    assert len(fixes) == 2
    assert fixes[1][:8] == ("1栋1单元", "有简便的单元门禁系统", "门禁坏", (TODAY - 10 * DAY).isoformat(),
                            "王志勇", (TODAY - 7 * DAY).isoformat(), "整改中", "逾期 7 天")
    assert fixes[1][11:] == (1, 1)
    assert export_inspections(ledger.db, tmp_path / "all.xlsx", today=TODAY) == 2


def test_bad_range_writes_nothing(ledger, site, tmp_path):
    out = tmp_path / "x.xlsx"
    with pytest.raises(ValidationError, match="开始日期晚于结束日期"):
        export_inspections(ledger.db, out, date_from=TODAY, date_to=TODAY - DAY)
    assert not out.exists()


def test_demo_exports(demo_ledger, tmp_path):
    count = export_inspections(demo_ledger.db, tmp_path / "demo.xlsx")
    assert count > 250
    wb = load_workbook(tmp_path / "demo.xlsx", read_only=True)
    assert wb["整改"].max_row > 20
