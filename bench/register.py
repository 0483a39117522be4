"""A generated resident register as community offices really keep them.

``write_register(path, rows=20_000)`` writes a workbook of one sheet per
building with everything the importer must cope with: title and 填报单位
rows above the header, header synonyms in a different order on every sheet,
户主 / 楼栋 / 房号 cells merged down across a family, buildings written as
``3``, ``3栋``, ``3号楼``, ``三栋`` and full-width ``３``, dates as serial
numbers, ``1950.3.7``, ``1950-03-07`` and ``1950年3月7日``, blank rows, a
合计 row at the bottom, and (unless ``bad_rows=False``) a few rows that must
be rejected: an 18-digit ID stored as a number, a bad check digit, an
impossible birth date inside the ID, and an ID repeated within the file.

The returned :class:`RegisterFacts` says what a correct import yields, so
tests can check the importer against it. Used by ``bench/bench_import.py``
at full size and by the tests at a small one.
"""

from __future__ import annotations

import datetime
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from core import idcard
from core.demo import AREA_CODES, GIVEN_FEMALE, GIVEN_MALE, SURNAMES

#: Header synonyms, one list per field; each sheet picks one of each.
HEADERS: dict[str, tuple[str, ...]] = {
    "building": ("楼栋", "楼号", "栋号"),
    "unit": ("单元", "单元号"),
    "room": ("门牌号", "房号", "室"),
    "head": ("户主", "户主姓名"),
    "name": ("姓名", "居民姓名"),
    "sex": ("性别",),
    "relation": ("与户主关系", "关系"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "birth_date": ("出生日期", "出生年月日"),
    "phone": ("联系电话", "手机号码"),
    "political_status": ("政治面貌",),
    "tags": ("人员类别", "标签"),
    "tenure": ("居住性质",),
    "notes": ("备注",),
}
_CN = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
COMPOUND = "红星机械厂生活区"


@dataclass
class RegisterFacts:
    """What the generated register holds.

    Attributes:
        residents: (building, unit, room, name, id_number) of every row a
            correct import accepts.
        households: (building, unit, room) of those residents.
        rejected: (sheet, row, kind) of every row that must be rejected;
            kind is ``numeric_id``, ``check_digit``, ``bad_date`` or ``duplicate``.
        data_rows: rows holding a resident, accepted or not.
    """

    residents: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    households: set[tuple[str, str, str]] = field(default_factory=set)
    rejected: list[tuple[str, int, str]] = field(default_factory=list)
    data_rows: int = 0


def building_variant(rng: random.Random, number: int) -> str | int:
    """One of the ways people write building ``number``."""
    choice = rng.randrange(5)
    if choice == 0:
        return number
    if choice == 1:
        return f"{number}栋"
    if choice == 2:
        return f"{number}号楼"
    if choice == 3 and number < 10:
        return f"{_CN[number]}栋"
    return str(number).translate(_FULLWIDTH)


def date_variant(rng: random.Random, date: datetime.date) -> object:
    """One of the ways people enter a date (or leave it out)."""
    choice = rng.randrange(7)
    if choice == 0:
        return datetime.datetime(date.year, date.month, date.day)
    if choice == 1:  # a serial number in a cell without a date format
        return (date - datetime.date(1899, 12, 30)).days
    if choice == 2:
        return f"{date.year}.{date.month}.{date.day}"
    if choice == 3:
        return date.isoformat()
    if choice == 4:
        return f"{date.year}年{date.month}月{date.day}日"
    if choice == 5:
        return f"{date.year}/{date.month}/{date.day}"
    return None


def _id_number(rng: random.Random, birth: datetime.date, sex: str, used: set[str]) -> str:
    while True:
        serial = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "男" else (0, 2, 4, 6, 8))
        first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{serial:03d}"
        number = first17 + idcard.make_check_digit(first17)
        if number not in used:
            used.add(number)
            return number


def _family(rng: random.Random, today: datetime.date) -> list[dict]:
    surname = rng.choice(SURNAMES)
    head_age = rng.randint(30, 92)
    head_sex = rng.choice("男女")
    members = [("户主", surname, head_sex, head_age)]
    if rng.random() < 0.8:
        members.append(("配偶", rng.choice(SURNAMES), "女" if head_sex == "男" else "男",
                        max(head_age + rng.randint(-4, 4), 20)))
    if rng.random() < 0.6:
        sex = rng.choice("男女")
        members.append(("子" if sex == "男" else "女", surname, sex, max(head_age - rng.randint(24, 32), 1)))
    family = []
    for relation, fam_surname, sex, age in members:
        pool = GIVEN_MALE if sex == "男" else GIVEN_FEMALE
        name = fam_surname + rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
        birth = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        family.append({"relation": relation, "name": name, "sex": sex, "birth": birth, "age": age})
    return family


def write_register(path: str | Path, *, rows: int = 20_000, seed: int = 1,
                   bad_rows: bool = True, today: datetime.date | None = None) -> RegisterFacts:
    """Write a messy register of about ``rows`` resident rows to ``path``."""
    rng = random.Random(seed)
    today = today or datetime.date.today()
    facts = RegisterFacts()
    used_ids: set[str] = set()
    accepted_ids: list[str] = []
    wb = Workbook(write_only=True)
    building = 0
    while facts.data_rows < rows:
        building += 1
        _write_building(wb, rng, building, rows, facts, used_ids, accepted_ids, today, bad_rows)
    wb.save(str(path))
    save_like_excel(path)
    return facts


_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.S)
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


_CELL_REF = re.compile(r'<c r="([A-Z]+)(\d+)"')


def save_like_excel(path: str | Path) -> None:
    """Rewrite the file the way Excel and WPS save one.

    openpyxl's write-only mode writes each text cell inline and leaves out
    the sheet's ``<dimension>``; Excel keeps text in ``xl/sharedStrings.xml``
    and states each sheet's used range at its top. Readers (openpyxl among
    them) are several times faster on the latter, and the benchmark must
    read what offices really have.
    """
    path = Path(path)
    strings: dict[str, int] = {}

    def shared(match: re.Match) -> str:
        index = strings.setdefault(match.group(3), len(strings))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{index}</v></c>'

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, content in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            xml = _INLINE.sub(shared, content.decode("utf-8"))
            refs = _CELL_REF.findall(xml)
            if refs:
                last_column = max((len(c), c) for c, _r in refs)[1]
                last_row = max(int(r) for _c, r in refs)
                xml = xml.replace("<sheetViews>", f'<dimension ref="A1:{last_column}{last_row}" /><sheetViews>', 1)
            parts[name] = xml.encode("utf-8")
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}" /></Types>'
    ).encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Type="{_SST_REL}" Target="sharedStrings.xml" Id="rIdShared" /></Relationships>'
    ).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)


def _write_building(wb: Workbook, rng: random.Random, building: int, rows: int, facts: RegisterFacts,
                    used_ids: set[str], accepted_ids: list[str], today: datetime.date,
                    bad_rows: bool) -> None:
    sheet_name = f"{building}号楼" if building % 2 else f"{building}栋"
    ws = wb.create_sheet(sheet_name)
    # Every third sheet names its building only in the sheet's name.
    fields = [f for f in HEADERS if not (f == "building" and building % 3 == 0)]
    rng.shuffle(fields)
    columns = ["序号", *fields]
    headers = ["序号", *(rng.choice(HEADERS[f]) for f in fields)]
    col = {f: i for i, f in enumerate(columns)}
    width = len(columns)
    letter = _letters(width)

    ws.append([f"{COMPOUND}{building}号楼住户信息登记表"])
    ws.merged_cells.add(f"A1:{letter[width - 1]}1")
    ws.append(["填报单位：幸福路社区居民委员会", None, None, None, f"填报时间：{today.year}年{today.month}月"])
    if building % 2 == 0:
        ws.append([])
    ws.append(headers)
    row_number = 4 if building % 2 == 0 else 3
    serial = 0
    merge_room = building % 2 == 0
    merge_unit = building % 4 != 1
    for unit in range(1, 5):
        for floor in range(1, 16):
            for room_no in range(1, 5):
                if facts.data_rows >= rows:
                    break
                room = f"{floor}{room_no:02d}"
                family = _family(rng, today)
                tenure = rng.choices(("自有", "租住"), weights=(85, 15))[0]
                b_value = building_variant(rng, building)
                u_value = rng.choice((f"{unit}单元", unit, f"{_CN[unit]}单元"))
                first_row = row_number + 1
                for index, member in enumerate(family):
                    row_number += 1
                    serial += 1
                    values: list[object] = [None] * width
                    values[col["序号"]] = serial
                    if "building" in col and index == 0:
                        values[col["building"]] = b_value
                    values[col["unit"]] = u_value if index == 0 or not merge_unit else None
                    values[col["room"]] = (int(room) if rng.random() < 0.5 else f"{room}室") \
                        if index == 0 or not merge_room else None
                    values[col["head"]] = family[0]["name"] if index == 0 else None
                    values[col["name"]] = member["name"]
                    values[col["sex"]] = member["sex"]
                    values[col["relation"]] = member["relation"]
                    number = _id_number(rng, member["birth"], member["sex"], used_ids)
                    kind = ""
                    if bad_rows and rng.random() < 0.012:
                        kind = rng.choice(("numeric_id", "check_digit", "bad_date", "duplicate"))
                        if kind == "duplicate" and not accepted_ids:
                            kind = "check_digit"
                    id_cell: object = number
                    if rng.random() < 0.05:  # typed with spaces, or a lower-case x
                        id_cell = f"{number[:6]} {number[6:14]} {number[14:].lower()}"
                    if kind == "numeric_id":
                        id_cell = float(number[:-1] + "0")  # what Excel keeps of it
                    elif kind == "check_digit":
                        wrong = str((int(number[17]) + 1) % 10) if number[17] != "X" else "1"
                        id_cell = number[:17] + wrong
                    elif kind == "bad_date":
                        first17 = number[:10] + "0230" + number[14:17]
                        id_cell = first17 + idcard.make_check_digit(first17)
                    elif kind == "duplicate":
                        id_cell = rng.choice(accepted_ids)
                    values[col["id_number"]] = id_cell
                    values[col["birth_date"]] = date_variant(rng, member["birth"]) if not kind else None
                    if member["age"] >= 18 and rng.random() < 0.7:
                        phone = rng.choice(("138", "139", "186", "155")) + f"{rng.randint(0, 99999999):08d}"
                        values[col["phone"]] = int(phone) if rng.random() < 0.3 else phone
                    values[col["political_status"]] = (
                        "中共党员" if member["age"] > 45 and rng.random() < 0.06 else
                        "共青团员" if member["age"] < 28 and rng.random() < 0.3 else
                        rng.choice(("群众", "群众", None)))
                    tags = []
                    if member["age"] >= 80:
                        tags.append("高龄老人")
                    if rng.random() < 0.02:
                        tags.append("低保")
                    values[col["tags"]] = "、".join(tags) or None
                    values[col["tenure"]] = tenure if index == 0 else None
                    ws.append(values)
                    facts.data_rows += 1
                    sheet_row = (sheet_name, row_number)
                    if kind:
                        facts.rejected.append((*sheet_row, kind))
                    else:
                        accepted_ids.append(number)
                        facts.residents.append((f"{building}栋", f"{unit}单元", room, member["name"], number))
                        facts.households.add((f"{building}栋", f"{unit}单元", room))
                last_row = row_number
                if last_row > first_row:
                    ws.merged_cells.add(f"{letter[col['head']]}{first_row}:{letter[col['head']]}{last_row}")
                    if "building" in col:
                        ws.merged_cells.add(
                            f"{letter[col['building']]}{first_row}:{letter[col['building']]}{last_row}")
                    for key, merged in (("room", merge_room), ("unit", merge_unit)):
                        if merged:
                            ws.merged_cells.add(
                                f"{letter[col[key]]}{first_row}:{letter[col[key]]}{last_row}")
                if rng.random() < 0.03:
                    ws.append([])
                    row_number += 1
    total = WriteOnlyCell(ws, value="合计")
    ws.append([total, None, f"共 {serial} 人"])


def _letters(count: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(i + 1) for i in range(count)]
