"""Reading workbooks: headers, merged cells, and files that cannot be used."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.importing import WorkbookError, read_workbook
from core.importing.header import clean_header, field_of, find_header
from tests.core.importing.workbooks import messy_register, write


def test_header_below_title_rows_with_synonyms(tmp_path: Path) -> None:
    book = read_workbook(messy_register(tmp_path / "m.xlsx"))
    sheet = book.sheet("3号楼")
    assert sheet.header is not None
    assert sheet.header.row == 4
    assert sheet.header.titles["id_number"] == "身份证号码"
    assert sheet.header.titles["name"] == "居民姓名"
    assert sheet.header.titles["phone"] == "手机号码"
    assert sheet.header.ignored == ["序号"]
    assert sheet.building == "3栋"
    assert book.sheet("4栋").header.row == 2
    assert book.sheet("说明").header is None
    assert [s.name for s in book.usable] == ["3号楼", "4栋"]


def test_merged_cells_are_filled_down(tmp_path: Path) -> None:
    book = read_workbook(messy_register(tmp_path / "m.xlsx"))
    three = book.sheet("3号楼")
    head = three.header.columns["head"]
    assert [three.rows[n][head] for n in (5, 6, 7)] == ["张建国"] * 3
    four = book.sheet("4栋")
    assert four.rows[4][four.header.columns["building"]] == "４"
    assert three.merged == 2


@pytest.mark.parametrize("text, field", [
    ("身份证号码（18位）*", "id_number"), ("公民身份号码", "id_number"), (" 姓 名 ", "name"),
    ("楼号", "building"), ("栋号", "building"), ("门牌号", "room"), ("室", "room"), ("户主姓名", "head"),
    ("联系电话：", "phone"), ("序号", None), ("错误原因", None),
])
def test_header_synonyms(text: str, field: str | None) -> None:
    assert field_of(text) == field


def test_clean_header() -> None:
    assert clean_header("身份证号\n（必填）") == "身份证号"


def test_two_level_header() -> None:
    rows = [
        ["序号", "姓名", "身份证号", "住址", "住址", "住址"],  # 住址 merged across three columns
        [None, None, None, "楼栋", "单元", "房号"],
        [1, "张三", "x", "3栋", "1单元", "101"],
    ]
    header = find_header(rows)
    assert header.row == 2 and header.first_row == 1 and header.data_start == 3
    assert header.columns == {"name": 1, "id_number": 2, "building": 3, "unit": 4, "room": 5}


def test_lower_header_row_complete_in_itself() -> None:
    rows = [
        ["序号", "住址", "住址", "住址", "家庭成员", "家庭成员"],
        ["序号", "楼栋", "单元", "房号", "姓名", "身份证号"],
        [1, "3栋", "1单元", "101", "张三", "x"],
    ]
    header = find_header(rows)
    assert header.row == 2
    assert header.columns == {"building": 1, "unit": 2, "room": 3, "name": 4, "id_number": 5}


def test_a_data_row_is_not_taken_for_a_second_header_row() -> None:
    header = find_header([["姓名", "与户主关系", "身份证号"], ["张三", "户主", "x"]])
    assert header.row == 1


def test_values_match_openpyxl(tmp_path: Path) -> None:
    """The fast cell reader gives what openpyxl gives, type for type."""
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    ws.append(["姓名", "身份证号", "出生日期", "数", "真假", "公式"])
    ws.append(["张三", "410102195003070010", datetime.datetime(1950, 3, 7), 3.5, True, "=1+1"])
    ws.append(["李四", None, 18329, 7, False, None])
    ws["C3"].number_format = "General"
    wb.save(tmp_path / "v.xlsx")
    ours = read_workbook(tmp_path / "v.xlsx").sheet("表").rows
    theirs = load_workbook(tmp_path / "v.xlsx", data_only=True)["表"]
    for number in (1, 2, 3):
        expected = [c.value for c in theirs[number]]
        got = ours[number] + [None] * (len(expected) - len(ours[number]))
        assert got == expected
        assert [type(v) for v in got] == [type(v) for v in expected]


# ------------------------------------------------------------ unusable files


def test_text_file_renamed(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,身份证号\n张三,110101195003071234\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="不是 Excel 工作簿"):
        read_workbook(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    with pytest.raises(WorkbookError, match="空文件"):
        read_workbook(path)


def test_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "空表.xlsx"
    Workbook().save(path)
    with pytest.raises(WorkbookError, match="是空的"):
        read_workbook(path)


def test_no_recognisable_header(tmp_path: Path) -> None:
    path = write(tmp_path / "杂.xlsx", {"Sheet1": [["物品", "数量"], ["扫帚", 3], ["簸箕", 2]]})
    with pytest.raises(WorkbookError, match="没有找到表头"):
        read_workbook(path)


def _ole(path: Path, payload: bytes) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + payload)
    return path


def test_encrypted_workbook(tmp_path: Path) -> None:
    path = _ole(tmp_path / "加密.xlsx", "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(WorkbookError, match="密码"):
        read_workbook(path)


def test_old_xls(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match=r"\.xls"):
        read_workbook(_ole(tmp_path / "旧.xls", "Workbook".encode("utf-16-le")))


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "文档.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(WorkbookError, match="无法作为 Excel 工作簿打开"):
        read_workbook(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="找不到文件"):
        read_workbook(tmp_path / "没有.xlsx")


def test_rich_text_and_shared_strings_match_openpyxl(tmp_path: Path) -> None:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "备注"])
    ws.append([CellRichText("张", TextBlock(InlineFont(b=True), "建国")), "  "])
    ws.append(["李四", "a_x005F_b"])
    wb.save(tmp_path / "r.xlsx")
    ours = read_workbook(tmp_path / "r.xlsx").sheets[0].rows
    theirs = load_workbook(tmp_path / "r.xlsx", read_only=True, data_only=True).worksheets[0]
    expected = [list(r) for r in theirs.iter_rows(values_only=True)]
    assert ours[2][0] == expected[1][0] == "张建国"
    assert len(ours[2]) == 1  # a blank text cell is no value
    assert ours[3] == expected[2]


def test_the_docs_list_every_header_the_importer_knows() -> None:
    from core.importing.header import FIELDS

    docs = (Path(__file__).resolve().parents[3] / "docs" / "excel.md").read_text(encoding="utf-8")
    for field in FIELDS:
        row = next(line for line in docs.splitlines() if line.startswith(f"| {field.label} |"))
        assert all(s in row for s in field.synonyms), field.label


def test_the_slow_way_reads_the_same(tmp_path: Path, monkeypatch) -> None:
    import core.importing.reader as reader

    def trimmed(rows: dict[int, list]) -> dict[int, list]:
        result = {}
        for number, values in rows.items():
            values = list(values)
            while values and values[-1] is None:
                values.pop()
            result[number] = values
        return result

    path = messy_register(tmp_path / "m.xlsx")
    fast = read_workbook(path)
    monkeypatch.setattr(reader, "_can_read_fast", lambda wb, ws: False)
    slow = read_workbook(path)
    for a, b in zip(fast.sheets, slow.sheets):
        assert trimmed(a.rows) == trimmed(b.rows)
        assert a.merged == b.merged
        assert (a.header and a.header.columns) == (b.header and b.header.columns)
