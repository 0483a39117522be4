"""From a sheet's data rows to parsed rows: each cell normalised, each
problem noted against its column.

Blank rows, 合计 / 总计 rows, signature lines (填表人：…) and the
template's example row are skipped without comment. A building or unit left
empty under a filled one carries down (people write it once per block).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.importing import cells
from core.importing.cells import CellError, PartialDate
from core.importing.header import FIELD_BY_KEY, TEMPLATE_EXAMPLE_MARK
from core.importing.reader import SheetData
from core.masking import mask_phone

DEFAULT_UNIT = "1单元"

_FOOTER = ("合计", "总计", "小计", "共计", "填表人", "填报人", "制表人", "审核人", "负责人",
           "填表日期", "制表日期", "说明：", "注：")
_CJK_SPACED = re.compile(r"^[\u3400-\u9fff·\s\u3000]+$")

#: Fields of a resident (as opposed to a household or place).
PERSON_FIELDS = frozenset({"sex", "id_number", "birth_date", "phone", "relation", "political_status",
                           "tags", "status", "status_date", "joined_date", "branch", "party_group",
                           "presence", "reachable"})


@dataclass(slots=True)
class ParsedRow:
    """One data row of a sheet, its cells normalised.

    Attributes:
        sheet / row: where it is (row number as Excel shows it).
        values: the row's cells as read, merged cells filled.
        data: field key → normalised value, for cells that were filled in.
        problems: (field key, reason) that reject the row.
        warnings: (field key, remark) worth showing; the row is still imported.
        masked: fields whose cell held a masked number (treated as empty).
    """

    sheet: str
    row: int
    values: list
    data: dict[str, object] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    masked: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.data.get("name", "")  # type: ignore[return-value]

    @property
    def is_household_only(self) -> bool:
        return not self.name


#: A formula cell saved without its result (written by a program, not Excel).
UNCACHED_FORMULA = ("这一格是公式，文件中没有保存它的计算结果，未导入。请在 Excel 中打开这个文件、"
                    "保存后再导入，或把公式改成数值")


def _person_name(value: object) -> str:
    raw = cells.text(value)
    if (" " in raw or "\u3000" in raw) and _CJK_SPACED.match(raw):  # 张　三: names padded to line up in the sheet
        return re.sub(r"[\s\u3000]+", "", raw)
    return raw


_CHOICES: dict[str, Callable[[object], object]] = {
    "sex": cells.sex, "relation": cells.relation, "political_status": cells.political_status,
    "tenure": cells.tenure, "presence": cells.presence, "status": cells.status,
    "reachable": cells.reachable, "tags": cells.tags,
}
_TEXTS = ("compound", "branch", "party_group", "notes")


def parse_sheet(sheet: SheetData) -> tuple[list[ParsedRow], list[str]]:
    """The sheet's rows worth importing, and notes about the sheet as a whole."""
    header = sheet.header
    if header is None:
        return [], []
    columns = header.columns
    notes: list[str] = []
    has_building = "building" in columns or "address" in columns
    has_unit = "unit" in columns or "address" in columns
    if not has_building:
        if sheet.building:
            notes.append(f"工作表“{sheet.name}”没有楼栋列，按表名记为 {sheet.building}")
        else:
            notes.append(f"工作表“{sheet.name}”没有楼栋列，表名也不是楼栋，各行无法确定楼栋")
    if not has_unit:
        notes.append(f"工作表“{sheet.name}”没有单元列，全部记为 {DEFAULT_UNIT}")
    parsed: list[ParsedRow] = []
    carry: dict[str, str] = {}
    for number, values in sheet.data_rows():
        row = _parse_row(sheet, number, values, columns)
        if row is None:
            continue
        _fill_place(row, sheet, carry, has_building, has_unit)
        parsed.append(row)
    return parsed, notes


def _parse_row(sheet: SheetData, number: int, values: list, columns: dict[str, int]) -> ParsedRow | None:
    width = len(values)
    raw = {key: values[column] for key, column in columns.items()
           if column < width and values[column] is not None}
    if not raw:
        return None
    name = _person_name(raw.pop("name", None))
    head = _person_name(raw.pop("head", None))
    if _is_footer(values, bool(name or head)):
        return None
    if raw.get("notes") == TEMPLATE_EXAMPLE_MARK:
        return None
    row = ParsedRow(sheet.name, number, values)
    data = row.data
    if "name" not in columns and head:
        name = head  # a register of households: one row per household, its head named
        data["relation"] = "户主"
    if name:
        data["name"] = name
    if head:
        data["head"] = head
    for key, value in raw.items():
        try:
            _PARSERS[key](row, key, value)
        except CellError as exc:
            row.problems.append((key, str(exc)))
    formulas = sheet.uncached.get(number)
    if formulas:
        for key, column in columns.items():
            if column in formulas:
                row.warnings.append((key, UNCACHED_FORMULA))
    if "relation" not in data and head and name and head == name:
        data["relation"] = "户主"
    if "name" not in columns and "notes" in data:
        data["household_notes"] = data.pop("notes")  # one row per household: its 备注
    return row


def _choice_cell(row: ParsedRow, key: str, value: object) -> None:
    result = _CHOICES[key](value)
    if result not in ("", None, ()):
        row.data[key] = result


def _text_cell(row: ParsedRow, key: str, value: object) -> None:
    text = cells.text(value)
    if text:
        row.data[key] = text


def _address_cell(row: ParsedRow, key: str, value: object) -> None:
    parts = cells.split_address(value)
    if parts is None:
        raise CellError(f"住址“{cells.text(value)}”看不懂，请写成“3栋2单元301”，或分列填写楼栋、单元、房号")
    row.data["address"] = parts


def _id_cell(row: ParsedRow, key: str, value: object) -> None:
    text = cells.id_number(value)
    if cells.is_masked(text):
        row.masked.add(key)
    elif text:
        row.data[key] = text


def _phone_cell(row: ParsedRow, key: str, value: object) -> None:
    numbers = cells.phones(value)
    if any(cells.is_masked(n) for n in numbers):
        row.masked.add(key)
    elif numbers:
        row.data[key] = numbers[0]
        if len(numbers) > 1:
            row.warnings.append((key, f"有 {len(numbers)} 个号码，只导入了第一个（{mask_phone(numbers[0])}）"))


def _place_cell(row: ParsedRow, key: str, value: object, normalize: Callable[[object], str]) -> None:
    """A building, unit or room cell; one holding a whole address
    (``3栋2单元301``, ``3-2-301``) counts as an address cell."""
    text = cells.text(value)
    whole = (key == "building" and ("单元" in text or "-" in text)) or (
        key == "room" and (text.count("-") >= 2 or any(c in text for c in "栋楼幢单")))
    if whole:
        parts = cells.split_address(value)
        if parts is not None:
            row.data["address"] = parts
            return
    result = normalize(value)
    if result:
        row.data[key] = result
    if key == "room" and text.count("-") == 1:  # 2-301: unit 2, room 301
        unit = cells.unit(text.split("-")[0])
        if unit:
            row.data["room_unit"] = unit


def _building_cell(row: ParsedRow, key: str, value: object) -> None:
    _place_cell(row, key, value, cells.building)


def _unit_cell(row: ParsedRow, key: str, value: object) -> None:
    _place_cell(row, key, value, cells.unit)


def _room_cell(row: ParsedRow, key: str, value: object) -> None:
    _place_cell(row, key, value, cells.room)


def _date_cell(row: ParsedRow, key: str, value: object) -> None:
    result = cells.date(value)
    label = FIELD_BY_KEY[key].label
    if isinstance(result, PartialDate):
        if key == "birth_date":
            row.data["birth_partial"] = result
        elif result.month:
            row.data[key] = result.first_day()
        else:
            row.warnings.append((key, f"{label}“{result.written}”只有年份，未导入"))
    elif result is not None:
        row.data[key] = result


_PARSERS: dict[str, Callable[[ParsedRow, str, object], None]] = {
    **{key: _choice_cell for key in _CHOICES},
    **{key: _text_cell for key in _TEXTS},
    "building": _building_cell, "unit": _unit_cell, "room": _room_cell, "address": _address_cell,
    "id_number": _id_cell, "phone": _phone_cell, "household_phone": _phone_cell,
    "birth_date": _date_cell, "status_date": _date_cell, "joined_date": _date_cell,
}


def _is_footer(values: list, has_name: bool) -> bool:
    """A 合计 / 总计 row or a signature line: its first cell says so, or a
    row without a name has such a cell anywhere."""
    first = next((v for v in values if v is not None), None)
    if isinstance(first, str) and _footer_text(first):
        return True
    return not has_name and any(isinstance(v, str) and _footer_text(v) for v in values)


def _footer_text(value: str) -> bool:
    return re.sub(r"[\s\u3000]+", "", value).startswith(_FOOTER)


def _fill_place(row: ParsedRow, sheet: SheetData, carry: dict[str, str],
                has_building: bool, has_unit: bool) -> None:
    """Building, unit and room from the row, its address cell, the sheet's
    name, or the rows above."""
    data = row.data
    parts = data.pop("address", None)
    if parts is not None:
        building, unit, room = parts  # type: ignore[misc]
        data.setdefault("building", building)
        if unit:
            data.setdefault("unit", unit)
        data.setdefault("room", room)
    room_unit = data.pop("room_unit", None)
    if room_unit is not None:
        data.setdefault("unit", room_unit)
    if not has_building and sheet.building:
        data.setdefault("building", sheet.building)
    for key in ("building", "unit"):
        if key in data:
            carry[key] = data[key]  # type: ignore[assignment]
        elif key in carry and (row.name or "room" in data):
            data[key] = carry[key]
    if "unit" not in data and not has_unit:
        data["unit"] = DEFAULT_UNIT
    if not row.name:
        if any(k in data for k in PERSON_FIELDS) and not row.problems:
            row.problems.append(("name", "缺少姓名"))
        return
    for key, reason in (("building", "缺少楼栋"), ("unit", "缺少单元"), ("room", "缺少房号")):
        if key not in data and not any(k == key for k, _ in row.problems):
            row.problems.append((key, reason))
