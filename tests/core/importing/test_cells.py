"""Cells as people fill them in, normalised."""

from __future__ import annotations

import datetime

import pytest

from core.importing import cells
from core.importing.cells import CellError, PartialDate


@pytest.mark.parametrize("value", [3, 3.0, "3", "3栋", "3号楼", "三栋", "３", "３栋", "第三栋", "3幢", "3#"])
def test_buildings_written_many_ways_are_one(value: object) -> None:
    assert cells.building(value) == "3栋"


def test_building_without_a_number_is_kept() -> None:
    assert cells.building("综合楼") == "综合楼"


@pytest.mark.parametrize("value", [2, "2", "2单元", "二单元", "第二单元", "２单元"])
def test_units(value: object) -> None:
    assert cells.unit(value) == "2单元"


@pytest.mark.parametrize("value", [301, 301.0, "301", "301室", "３０１", "2-301"])
def test_rooms(value: object) -> None:
    assert cells.room(value) == "301"


@pytest.mark.parametrize("text, parts", [
    ("3栋2单元301", ("3栋", "2单元", "301")),
    ("3号楼2单元301室", ("3栋", "2单元", "301")),
    ("红星小区3栋2单元301", ("3栋", "2单元", "301")),
    ("3-2-301", ("3栋", "2单元", "301")),
    ("三栋二单元301", ("3栋", "2单元", "301")),
    ("3栋301", ("3栋", "", "301")),
])
def test_whole_addresses(text: str, parts: tuple[str, str, str]) -> None:
    assert cells.split_address(text) == parts


def test_not_an_address() -> None:
    assert cells.split_address("厂区东门") is None


@pytest.mark.parametrize("name, building", [("3号楼", "3栋"), ("三栋", "3栋"), ("12栋", "12栋"),
                                            ("Sheet1", None), ("汇总", None)])
def test_sheet_names_naming_a_building(name: str, building: str | None) -> None:
    assert cells.building_of_sheet(name) == building


@pytest.mark.parametrize("value", [
    datetime.datetime(1950, 3, 7), datetime.date(1950, 3, 7), 18329, 18329.0, "1950.3.7", "1950-03-07",
    "1950/3/7", "1950年3月7日", "19500307", "１９５０．３．７", "1950-03-07 00:00:00",
])
def test_dates(value: object) -> None:
    assert cells.date(value) == datetime.date(1950, 3, 7)


def test_partial_dates() -> None:
    assert cells.date("1950.3") == PartialDate(1950, 3, "1950.3")
    assert cells.date("1950年") == PartialDate(1950, None, "1950年")
    assert cells.date(1950.03).month is None  # typed into a number cell: the month is not reliable


@pytest.mark.parametrize("value, reason", [("1950.2.30", "不存在"), ("去年", "看不懂"), ("1950.13", "不存在")])
def test_impossible_dates(value: str, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        cells.date(value)


def test_an_id_stored_as_a_number_is_refused_with_how_to_fix() -> None:
    with pytest.raises(CellError, match="文本"):
        cells.id_number(1.10101195003071e17)
    with pytest.raises(CellError, match="文本"):
        cells.id_number(110101195003071234)


def test_masked_numbers_are_recognised() -> None:
    assert cells.is_masked("410102********0010")
    assert not cells.is_masked("410102195003070010")


def test_phones() -> None:
    assert cells.phones(13812345678) == ["13812345678"]
    assert cells.phones(13812345678.0) == ["13812345678"]
    assert cells.phones("138 1234 5678") == ["13812345678"]
    assert cells.phones("13812345678/0371-12345678") == ["13812345678", "0371-12345678"]
    assert cells.phones(None) == []


@pytest.mark.parametrize("fn, value, result", [
    (cells.relation, "本人", "户主"), (cells.relation, "妻子", "配偶"), (cells.relation, "长子", "子"),
    (cells.relation, "岳母", "其他"), (cells.political_status, "党员", "中共党员"),
    (cells.political_status, "团员", "共青团员"), (cells.political_status, "九三学社", "民主党派"),
    (cells.tenure, "自住", "自有"), (cells.tenure, "租房", "租住"), (cells.sex, "女性", "女"),
    (cells.presence, "在外", "长期在外"), (cells.status, "已故", "死亡"),
])
def test_words_people_use(fn, value: str, result: str) -> None:
    assert fn(value) == result


def test_unknown_words_are_refused_with_the_list() -> None:
    with pytest.raises(CellError, match="可填：男、女"):
        cells.sex("未知")
    with pytest.raises(CellError, match="与户主关系“邻居”不在列表中"):
        cells.relation("邻居")


def test_tags() -> None:
    assert cells.tags("高龄老人、低保") == ("高龄老人", "低保")
    assert cells.tags("独居，空巢 独居") == ("独居", "空巢")
    assert cells.tags("无") == ()
