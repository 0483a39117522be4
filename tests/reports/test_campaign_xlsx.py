"""The campaign workbook, read back with openpyxl."""

from __future__ import annotations

import datetime

import openpyxl
import pytest

from core.errors import LedgerError
from reports.campaign_xlsx import export_campaign
from tests.core.campaign_fixtures import START, log, make_setup, volunteer


def test_export_reads_back_as_numbers(ledger, tmp_path) -> None:
    setup = make_setup(ledger)
    for amount in ("4.1", "4.1", "4.1"):
        log(setup, START, garbage=amount, investment="0.1")
    log(setup, START + datetime.timedelta(days=1), "1栋2单元", garbage="0.2", parking="3",
        volunteers=[volunteer("张建国", "2.5", setup.residents_team, setup.resident_ids[0]),
                    volunteer("王市民", "3", setup.city)], head_count=9, partners=[setup.district])
    path = tmp_path / "整治.xlsx"
    assert export_campaign(ledger.db, setup.campaign_id, path) == 4
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["日志", "合计", "志愿者"]

    log_sheet = book["日志"]
    header = [c.value for c in log_sheet[1]]
    garbage_col = header.index("清运垃圾（吨）") + 1
    assert header.index("清理小广告（平方米）") > 0
    last = log_sheet.max_row
    assert last == 5
    assert log_sheet.cell(row=2, column=1).value == datetime.datetime(2025, 4, 1)
    assert log_sheet.cell(row=2, column=garbage_col).value == pytest.approx(4.1)
    assert log_sheet.cell(row=2, column=garbage_col).number_format == "#,##0.0"
    assert log_sheet.cell(row=last, column=2).value == "1栋2单元"
    assert log_sheet.cell(row=last, column=4).value == 9
    assert "张建国（2.5 小时）" in log_sheet.cell(row=last, column=5).value
    assert log_sheet.cell(row=last, column=6).value == pytest.approx(5.5)
    assert "区住建局" in log_sheet.cell(row=last, column=3).value

    totals = book["合计"]
    rows = {row[0].value: row for row in totals.iter_rows() if row[0].value}
    garbage = rows["清运垃圾"]
    assert garbage[2].value == pytest.approx(12.5)  # 4.1 × 3 + 0.2, no float noise
    assert str(garbage[2].value) == "12.5"
    assert garbage[3].value == 10 and garbage[4].number_format == "0.0%"
    assert garbage[4].value == pytest.approx(1.25)
    parking = rows["施划停车位"]
    assert parking[2].value == 3 and parking[5].value == 1 and parking[2].number_format == "#,##0"
    assert str(rows["投资"][2].value) == "0.3"
    assert totals["A1"].value == "弃管小区环境综合整治"

    people = book["志愿者"]
    names = {people.cell(row=r, column=1).value: r for r in range(2, people.max_row + 1)}
    assert people.cell(row=names["张建国"], column=2).value == "1栋1单元101"
    assert people.cell(row=names["王市民"], column=6).value == 3
    assert people.cell(row=names["合计"], column=6).value == pytest.approx(5.5)


def test_export_refuses_other_suffixes_and_leaves_nothing(ledger, tmp_path) -> None:
    setup = make_setup(ledger)
    with pytest.raises(LedgerError, match=".xlsx"):
        export_campaign(ledger.db, setup.campaign_id, tmp_path / "out.csv")
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".csv", ".xlsx")]


def test_demo_campaign_exports(demo_ledger, tmp_path) -> None:
    campaign_id = demo_ledger.db.execute(
        "SELECT id FROM campaign WHERE name = '弃管小区环境综合整治'").fetchone()[0]
    count = export_campaign(demo_ledger.db, campaign_id, tmp_path / "demo.xlsx")
    assert count >= 40
    book = openpyxl.load_workbook(tmp_path / "demo.xlsx")
    assert book["志愿者"].max_row >= 100
    for row in book["合计"].iter_rows(min_row=7, values_only=True):
        for value in row[2:4]:
            if isinstance(value, float):
                assert len(repr(value)) < 12  # no 12.299999…
