"""Class 8: invisible characters, control characters, direction overrides and
unbounded length in what people type or import. The shared validation strips
what shows nothing (and says so), refuses control characters and overlong text."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ValidationError
from core.ledger import Ledger
from core.registry import validate_resident
from core.registry.records import ResidentForm
from tests.core.importing.workbooks import LI, ZHANG, write
from tests.hostile.helpers import assert_message, cli


@pytest.mark.parametrize("hidden", ["\u200b", "\ufeff", "\u00a0", "\u202e", "\u2060"])
def test_an_id_with_an_invisible_character(hidden: str) -> None:
    checked = validate_resident(ResidentForm(name="张建国", id_number=ZHANG[:9] + hidden + ZHANG[9:]))
    assert checked.values["id_number"] == ZHANG
    assert any("看不见的字符" in w and "已去掉" in w for w in checked.warnings)


def test_a_name_with_a_right_to_left_override() -> None:
    checked = validate_resident(ResidentForm(name="\u202e张建国\u202c"))
    assert checked.values["name"] == "张建国"
    assert any("姓名中有看不见的字符" in w for w in checked.warnings)


@pytest.mark.parametrize("name", ["张\x07三", "张\x00三", "张\n三", "李\x9b四"])
def test_control_characters_in_a_name_are_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="控制字符") as info:
        validate_resident(ResidentForm(name=name))
    assert info.value.field == "name"


def test_notes_keep_line_breaks_but_not_other_controls_nor_endless_text() -> None:
    assert validate_resident(ResidentForm(name="张三", notes="一行\n二行\t")).values["notes"] == "一行\n二行"
    with pytest.raises(ValidationError, match="控制字符"):
        validate_resident(ResidentForm(name="张三", notes="响铃\x07"))
    with pytest.raises(ValidationError, match="最多 2000 个字") as info:
        validate_resident(ResidentForm(name="张三", notes="长" * 5000))
    assert info.value.field == "notes"
    with pytest.raises(ValidationError, match="最多 30 个字"):
        validate_resident(ResidentForm(name="张" * 31))


def test_the_importer_strips_and_says_so(tmp_path: Path, capsys) -> None:
    book = write(tmp_path / "表.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "身份证号", "备注"],
        ["3栋", 2, 301, "张建国", "\u200b" + ZHANG + "\u200b", ""],
        ["3栋", 2, 301, "\u202e李秀英", LI, "长" * 3000],
    ]})
    db = tmp_path / "l.sqlite3"
    code, out, err = cli(capsys, "import", book, "--db", db, "--compound", "红星小区")
    assert code == 1, err
    assert_message(out, "看不见的字符", "已去掉", "最多 2000 个字")
    ledger = Ledger.open(db, create=False)
    try:
        assert ledger.db.execute("SELECT name, id_number FROM resident").fetchall() == [("张建国", ZHANG)]
    finally:
        ledger.close()


def test_staff_names_follow_the_same_rules() -> None:
    from core.grid.people import StaffForm, check_staff

    assert check_staff(StaffForm(name="\u202e王\u200b主任"))["name"] == "王主任"
    with pytest.raises(ValidationError, match="控制字符"):
        check_staff(StaffForm(name="王\x1b[31m主任"))
    with pytest.raises(ValidationError, match="最多 2000 个字"):
        check_staff(StaffForm(name="王主任", notes="长" * 2001))
