"""Excel exports: tidy, masked by default, and importable back."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.importing import apply_plan, build_plan, read_workbook
from core.ledger import Ledger
from core.errors import LedgerError
from reports.excel_export import EXPORT_KINDS, ExportKind, export, suggested_name
from reports.excel_template import example_id_number, write_template

_RESIDENTS = """
SELECT c.name || ' ' || b.name || u.name || h.room, r.name, r.id_number, r.phone, r.relation,
       r.political_status, r.status,
       (SELECT group_concat(tag, '、') FROM (SELECT tag FROM resident_tag t WHERE t.resident_id = r.id ORDER BY tag))
FROM resident r JOIN household h ON h.id = r.household_id JOIN unit u ON u.id = h.unit_id
JOIN building b ON b.id = u.building_id JOIN compound c ON c.id = b.compound_id
"""


def _sheet(path: Path):
    return load_workbook(path).worksheets[0]


#: The registers, one table each in the house layout; the grid, inspection
#: and campaign workbooks have their own layouts and their own tests.
REGISTERS = ["residents", "households", "party", "vulnerable"]


def test_every_kind_is_offered() -> None:
    assert set(REGISTERS) | {"grid", "inspections", "campaigns"} == set(EXPORT_KINDS)


@pytest.mark.parametrize("kind", REGISTERS)
def test_every_kind_is_a_tidy_masked_workbook(demo_ledger: Ledger, tmp_path: Path, kind: str) -> None:
    path = tmp_path / suggested_name(kind)
    rows = export(demo_ledger.db, kind, path)
    assert rows > 0
    ws = _sheet(path)
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == f"A2:{ws.cell(2, ws.max_column).column_letter}{rows + 2}"
    assert "已打码" in ws["A1"].value
    header = [c.value for c in ws[2]]
    assert header[0] == "序号"
    assert ws.max_row == rows + 2
    for column, title in enumerate(header, 1):
        width = ws.column_dimensions[ws.cell(2, column).column_letter].width
        assert width >= len(title) * 2, title  # Chinese headers fit
        values = [ws.cell(r, column) for r in range(3, min(rows, 200) + 3)]
        if title in ("身份证号", "联系电话", "户联系电话"):
            filled = [c for c in values if c.value]
            assert filled, title
            assert all(c.data_type == "s" and c.number_format == "@" for c in filled)
            assert all("*" in c.value for c in filled)
        if title in ("出生日期", "入党日期"):
            dates = [c.value for c in values if c.value is not None]
            assert dates and all(isinstance(d, datetime.datetime) for d in dates)
            assert all(c.number_format == "yyyy-mm-dd" for c in values if c.value is not None)


def test_full_numbers_only_when_asked(demo_ledger: Ledger, tmp_path: Path) -> None:
    export(demo_ledger.db, "party", tmp_path / "p.xlsx", full_id=True)
    ws = _sheet(tmp_path / "p.xlsx")
    header = [c.value for c in ws[2]]
    ids = [ws.cell(r, header.index("身份证号") + 1).value for r in range(3, ws.max_row + 1)]
    stored = {i for (i,) in demo_ledger.db.execute("SELECT id_number FROM resident")}
    assert all(i in stored for i in ids if i)
    assert "完整身份证号" in ws["A1"].value


def test_party_and_vulnerable_lists(demo_ledger: Ledger, tmp_path: Path) -> None:
    party = export(demo_ledger.db, "party", tmp_path / "p.xlsx")
    expected = demo_ledger.db.execute(
        "SELECT count(*) FROM resident WHERE status = '在住' AND political_status IN ('中共党员', '中共预备党员')"
    ).fetchone()[0]
    assert party == expected
    ws = _sheet(tmp_path / "p.xlsx")
    header = [c.value for c in ws[2]]
    presence = {ws.cell(r, header.index("党员所在") + 1).value for r in range(3, ws.max_row + 1)}
    assert presence == {"在小区", "长期在外"}
    vulnerable = export(demo_ledger.db, "vulnerable", tmp_path / "v.xlsx")
    assert vulnerable == demo_ledger.db.execute(
        "SELECT count(DISTINCT r.id) FROM resident r JOIN resident_tag t ON t.resident_id = r.id "
        "WHERE r.status = '在住'").fetchone()[0]


def test_round_trip_into_an_empty_ledger(demo_ledger: Ledger, tmp_path: Path) -> None:
    export(demo_ledger.db, "residents", tmp_path / "全部.xlsx", full_id=True)
    empty = Ledger.open(tmp_path / "empty.sqlite3")
    try:
        plan = build_plan(empty.db, read_workbook(tmp_path / "全部.xlsx"), compound="红星机械厂生活区")
        assert not plan.rejected
        apply_plan(empty, plan)
        assert set(empty.db.execute(_RESIDENTS)) == set(demo_ledger.db.execute(_RESIDENTS))
        households = ("SELECT b.name || u.name || h.room, h.tenure FROM household h JOIN unit u ON u.id = h.unit_id "
                      "JOIN building b ON b.id = u.building_id "
                      "WHERE EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id)")
        assert set(empty.db.execute(households)) == set(demo_ledger.db.execute(households))
        again = build_plan(empty.db, read_workbook(tmp_path / "全部.xlsx"))
        assert (len(again.new_residents), len(again.updated_residents)) == (0, 0)
    finally:
        empty.close()


def test_a_masked_export_matches_but_never_overwrites(demo_ledger: Ledger, tmp_path: Path) -> None:
    export(demo_ledger.db, "residents", tmp_path / "打码.xlsx")
    plan = build_plan(demo_ledger.db, read_workbook(tmp_path / "打码.xlsx"))
    assert (len(plan.new_residents), len(plan.updated_residents)) == (0, 0)
    assert any("打码" in note for note in plan.notes)


def test_the_dict_of_kinds_is_open(demo_ledger: Ledger, tmp_path: Path, monkeypatch) -> None:
    def write_grid(db, path, *, full_id: bool = False) -> int:
        Path(path).write_bytes(b"grid")
        return 7

    monkeypatch.setitem(EXPORT_KINDS, "grid", ExportKind("网格表", write_grid))
    assert export(demo_ledger.db, "grid", tmp_path / "g.xlsx") == 7


def test_an_unwritable_target_is_a_clear_error(demo_ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="不存在"):
        export(demo_ledger.db, "households", tmp_path / "没有的文件夹" / "x.xlsx")
    assert not list(tmp_path.glob("*.partial.xlsx"))


# ------------------------------------------------------------ template


def test_template(tmp_path: Path, ledger: Ledger) -> None:
    from core import vocab
    from core.importing import ImportSetupError

    path = tmp_path / "导入模板.xlsx"
    write_template(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["居民登记", "选项", "填写说明"]
    assert wb["选项"].sheet_state == "hidden"
    ws = wb["居民登记"]
    header = [c.value for c in ws[1]]
    book = read_workbook(path)
    assert [s.name for s in book.usable] == ["居民登记"]
    assert len(book.usable[0].header.columns) == len(header)  # every template column is understood
    for title in ("身份证号", "联系电话", "户联系电话"):
        letter = ws.cell(1, header.index(title) + 1).column_letter
        assert ws[f"{letter}2"].number_format == "@" and ws[f"{letter}500"].number_format == "@"
    assert ws.cell(2, header.index("身份证号") + 1).value == example_id_number()
    lists = {}
    options = wb["选项"]
    for validation in ws.data_validations.dataValidation:
        column = options[validation.formula1.split("!")[1].replace("$", "").split(":")[0][0]]
        lists[header[ws[str(validation.sqref).split(":")[0]].column - 1]] = [
            c.value for c in column[1:] if c.value is not None]
    assert lists["性别"] == list(vocab.SEXES)
    assert lists["政治面貌"] == list(vocab.POLITICAL_STATUSES)
    assert lists["居住性质"] == list(vocab.TENURES)
    assert lists["与户主关系"] == list(vocab.RELATIONS)
    assert lists["标签"] == list(vocab.VULNERABLE_TAGS)
    assert "身份证号" in "".join(c.value for c in wb["填写说明"]["A"])
    with pytest.raises(ImportSetupError, match="没有数据行"):  # the example row is skipped
        build_plan(ledger.db, book, compound="红星小区")
    ws.cell(3, 1, "3栋")
    ws.cell(3, 2, "2单元")
    ws.cell(3, 3, "302")
    ws.cell(3, header.index("姓名") + 1, "李四")
    wb.save(path)
    plan = build_plan(ledger.db, read_workbook(path), compound="红星小区")
    assert [r.values["name"] for r in plan.new_residents] == ["李四"]
