"""Class 2: text that Excel would run as a formula. Every workbook the program
writes holds user text as text cells; the importer stores what a cell shows
(its cached value), never a formula, and says so when there is nothing shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.ledger import Ledger
from reports.excel_export import EXPORT_KINDS, export
from reports.xlsx import XlsxColumn, save_workbook, write_table
from tests.core.importing.workbooks import ZHANG, LI, valid_id
from tests.hostile import raw_xlsx as rx
from tests.hostile.helpers import assert_message, cli

HOSTILE = ['=HYPERLINK("http://example.invalid/x","点我")', "=cmd|' /C calc'!A0", "+1+2", "-3+4",
           "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def _text_register(path: Path, extra_rows: list[list]) -> Path:
    """A register whose hostile cells are text cells (as Excel saves text typed after an apostrophe)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "居民"
    ws.append(["楼栋", "单元", "房号", "姓名", "身份证号", "备注"])
    for row in extra_rows:
        ws.append(row)
    for cells in ws.iter_rows():
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
    wb.save(path)
    return path


def _formula_cells(path: Path) -> list[str]:
    wb = load_workbook(path)  # formulas as formulas
    return [f"{ws.title}!{c.coordinate}={c.value!r}" for ws in wb.worksheets
            for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_hostile_text_round_trips_as_text(tmp_path: Path, capsys) -> None:
    rows = [["3栋", "2单元", f"30{n}", "张三" if n % 2 else "李四", valid_id(f"4101021950030700{n}"), text]
            for n, text in enumerate(HOSTILE, 1)]
    register = _text_register(tmp_path / "登记表.xlsx", rows)
    db = tmp_path / "l.sqlite3"
    code, _out, err = cli(capsys, "import", register, "--db", db, "--compound", "红星小区")
    assert code == 0, err
    for kind in ("residents",):
        out = tmp_path / f"{kind}.xlsx"
        code, _o, err = cli(capsys, "export", kind, out, "--db", db, "--full-id")
        assert code == 0, err
        assert _formula_cells(out) == []
        shown = {c.value for row in load_workbook(out).active.iter_rows() for c in row}
        assert {t.strip() for t in HOSTILE} & shown  # the text is kept, as text


def test_every_export_kind_holds_no_formula(demo_ledger: Ledger, tmp_path: Path) -> None:
    demo_ledger.write("resident.edit", {"resident"}, lambda db: db.execute(
        "UPDATE resident SET notes = ?, name = ? WHERE rowid IN (SELECT rowid FROM resident LIMIT 3)",
        [HOSTILE[1], HOSTILE[0]]))
    for kind in EXPORT_KINDS:
        out = tmp_path / f"{kind}.xlsx"
        export(demo_ledger.db, kind, out, full_id=True)
        assert _formula_cells(out) == [], kind


def test_the_one_writer_defuses_formulas(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = HOSTILE[0]
    wb.create_sheet("二")["B2"] = "=1+1"
    save_workbook(wb, tmp_path / "a.xlsx")
    assert _formula_cells(tmp_path / "a.xlsx") == []
    assert load_workbook(tmp_path / "a.xlsx").active["A1"].value == HOSTILE[0]
    write_table(tmp_path / "b.xlsx", sheet_title="表", title="标题", columns=[XlsxColumn("备注")],
                rows=[[t] for t in HOSTILE])
    assert _formula_cells(tmp_path / "b.xlsx") == []


def test_error_workbook_holds_no_formula(tmp_path: Path, capsys) -> None:
    bad = ZHANG[:17] + str((int(ZHANG[17]) + 1) % 10)
    register = _text_register(tmp_path / "登记表.xlsx", [["3栋", "2单元", "301", "张三", bad, HOSTILE[1]]])
    errors = tmp_path / "错误.xlsx"
    code, _out, err = cli(capsys, "import", register, "--db", tmp_path / "l.sqlite3", "--errors", errors,
                          "--compound", "红星小区", "--dry-run")
    assert code == 1, err
    assert _formula_cells(errors) == []
    values = [c.value for row in load_workbook(errors).active.iter_rows() for c in row]
    assert HOSTILE[1] in values


def test_importer_stores_the_cached_value_and_warns_of_a_formula_without_one(tmp_path: Path, capsys) -> None:
    sheet = rx.sheet(rx.HEADER + rx.row(
        2, rx.inline("A2", "3栋"), rx.inline("B2", "2单元"), rx.inline("C2", "301"),
        '<c r="D2" t="str"><f>"张"&amp;"建国"</f><v>张建国</v></c>',
        f'<c r="E2" t="str"><f>"{ZHANG[:9]}"&amp;"{ZHANG[9:]}"</f><v>{ZHANG}</v></c>') + rx.row(
        3, rx.inline("A3", "3栋"), rx.inline("B3", "2单元"), rx.inline("C3", "302"), rx.inline("D3", "李秀英"),
        '<c r="E3"><f>CONCATENATE("4101",B3)</f></c>'))
    register = rx.write(tmp_path / "公式.xlsx", sheet)
    db = tmp_path / "l.sqlite3"
    code, out, err = cli(capsys, "import", register, "--db", db, "--compound", "红星小区")
    assert code == 0, err
    assert_message(out, "第 3 行", "公式", "计算结果")
    ledger = Ledger.open(db, create=False)
    try:
        rows = ledger.db.execute("SELECT name, id_number FROM resident ORDER BY name").fetchall()
    finally:
        ledger.close()
    assert sorted(rows) == sorted([("张建国", ZHANG), ("李秀英", None)])
    assert LI  # the uncached ID was not guessed


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_never_becomes_a_formula_cell(tmp_path: Path, text: str) -> None:
    write_table(tmp_path / "c.xlsx", sheet_title="表", title=text, columns=[XlsxColumn(text)], rows=[[text]])
    assert _formula_cells(tmp_path / "c.xlsx") == []
