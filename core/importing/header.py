"""The columns the importer understands, and finding the header row.

Each :class:`ImportField` has the label the template and the exports use
and the synonyms real registers use for it. Header cells are compared after
dropping spaces, line breaks, ``*`` marks, parenthesised notes and a
trailing colon, so ``身份证号码（18位）*`` is ``身份证号码``.

The header is the row among the first :data:`HEADER_SEARCH_ROWS` that names
the most fields, at least two of them, one being 姓名 or 户主. Title rows
and 填报单位 rows above it are skipped. A two-level header (``住址`` over
``楼栋 | 单元 | 房号``) is read as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportField:
    """A column the importer reads.

    Attributes:
        key: the name used in code.
        label: the header written by the template and the exports.
        synonyms: other headers meaning the same, as found in real registers.
    """

    key: str
    label: str
    synonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


#: Every column the importer reads, in the template's order.
FIELDS: tuple[ImportField, ...] = (
    ImportField("compound", "小区", ("小区名称", "所在小区", "小区名")),
    ImportField("building", "楼栋", ("楼号", "栋号", "楼栋号", "栋", "幢", "幢号", "楼", "所在楼栋", "楼宇")),
    ImportField("unit", "单元", ("单元号", "所在单元")),
    ImportField("room", "房号", ("门牌号", "室", "房间号", "户号", "门牌", "室号", "门牌号码", "房屋号")),
    ImportField("address", "住址", ("地址", "家庭住址", "现住址", "居住地址", "房屋地址", "详细地址")),
    ImportField("tenure", "居住性质", ("居住情况", "住房性质", "房屋性质", "居住类型", "居住方式")),
    ImportField("household_phone", "户联系电话", ("家庭电话", "户电话", "住宅电话", "家庭联系电话")),
    ImportField("head", "户主", ("户主姓名",)),
    ImportField("name", "姓名", ("居民姓名", "名字", "人员姓名", "成员姓名", "家庭成员姓名")),
    ImportField("sex", "性别", ()),
    ImportField("id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证", "证件号码",
                                       "公民身份证号码", "身份证件号码", "身份号码")),
    ImportField("birth_date", "出生日期", ("出生年月", "出生年月日", "生日")),
    ImportField("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码",
                                    "本人电话", "个人电话")),
    ImportField("relation", "与户主关系", ("关系", "家庭关系", "与户主的关系")),
    ImportField("political_status", "政治面貌", ()),
    ImportField("tags", "标签", ("人员类别", "人员类型", "特殊人群", "重点人群", "困难类别", "人群类别",
                               "类别", "特殊群体")),
    ImportField("status", "状态", ("人员状态", "居住状态")),
    ImportField("status_date", "状态日期", ("迁出日期", "变动日期", "迁出或去世日期")),
    ImportField("joined_date", "入党日期", ("入党时间", "入党年月")),
    ImportField("branch", "所在支部", ("党支部", "支部", "所属支部", "所属党支部")),
    ImportField("party_group", "党小组", ("所在党小组", "所属党小组")),
    ImportField("presence", "党员所在", ("是否在小区", "党员去向", "在外情况", "流动情况")),
    ImportField("reachable", "能否联系", ("是否能联系", "能否联系上")),
    ImportField("notes", "备注", ("说明",)),
)
FIELD_BY_KEY: dict[str, ImportField] = {f.key: f for f in FIELDS}

#: How many rows from the top are searched for the header.
HEADER_SEARCH_ROWS = 30

#: The template's example row carries this in its 备注 cell; such a row is skipped.
TEMPLATE_EXAMPLE_MARK = "示例行：导入时自动跳过，可删除"

_SPACES = re.compile(r"[\s\u3000]+")
_NOTES = re.compile(r"[（(][^）)]*[）)]")
_SYNONYMS: dict[str, str] = {}


def clean_header(text: object) -> str:
    """``身份证号码（18位）*`` → ``身份证号码``."""
    if text is None:
        return ""
    value = _SPACES.sub("", str(text))
    value = _NOTES.sub("", value)
    return value.strip("*＊:：")


def field_of(text: object) -> str | None:
    """The field a header cell names, or None."""
    if not _SYNONYMS:
        for f in FIELDS:
            for name in f.names:
                _SYNONYMS[name] = f.key
    if not isinstance(text, str):
        return None
    return _SYNONYMS.get(clean_header(text))


@dataclass
class HeaderMatch:
    """Where a sheet's header is and what its columns mean.

    Attributes:
        row: the (1-based) header row; with a two-level header, its lower row.
        first_row: the upper row of a two-level header (else ``row``).
        columns: field key → 0-based column index.
        titles: field key → the header text as written in the sheet.
        ignored: header texts of columns not imported.
        duplicates: header texts naming a field already taken by an earlier column.
    """

    row: int
    first_row: int
    columns: dict[str, int] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def data_start(self) -> int:
        """The first row after the header (1-based)."""
        return self.row + 1


def _matches(row: Sequence[object]) -> dict[int, str]:
    return {i: key for i, value in enumerate(row) if (key := field_of(value)) is not None}


def _is_header(matches: dict[int, str]) -> bool:
    keys = set(matches.values())
    return len(keys) >= 2 and bool(keys & {"name", "head"})


def find_header(rows: Sequence[Sequence[object]]) -> HeaderMatch | None:
    """The header among the first rows of a sheet, or None if there is none.

    ``rows`` are the sheet's rows from the top, merged cells already filled.
    """
    best: tuple[int, int, dict[int, str]] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matches = _matches(row)
        if _is_header(matches) and (best is None or len(set(matches.values())) > len(set(best[2].values()))):
            best = (index, index, matches)
    if best is None:
        return None
    index, first, matches = best
    if index + 1 < len(rows):
        lower = _matches(rows[index + 1])
        if lower and _is_sub_header(rows[index], rows[index + 1], lower):
            merged = dict(matches)
            merged.update(lower)
            matches, index = merged, index + 1
    return _build_match(rows[first], rows[index], first, index, matches)


def _is_sub_header(upper: Sequence[object], lower: Sequence[object], lower_matches: dict[int, str]) -> bool:
    """True if ``lower`` is the second row of a two-level header: every cell
    in it names a field or repeats the cell above (a merged header cell)."""
    for i, value in enumerate(lower):
        if value is None or str(value).strip() == "" or i in lower_matches:
            continue
        if i < len(upper) and upper[i] == value:
            continue
        return False
    return True


def _build_match(upper: Sequence[object], lower: Sequence[object], first: int, index: int,
                 matches: dict[int, str]) -> HeaderMatch:
    header = HeaderMatch(row=index + 1, first_row=first + 1)
    for column in range(max(len(upper), len(lower))):
        text = lower[column] if column < len(lower) and lower[column] not in (None, "") else \
            (upper[column] if column < len(upper) else None)
        key = matches.get(column)
        title = clean_header(text)
        if key is None:
            if title:
                header.ignored.append(title)
        elif key in header.columns:
            if title != header.titles[key]:  # not a header cell merged across columns
                header.duplicates.append(title)
        else:
            header.columns[key] = column
            header.titles[key] = title
    return header


def expected_headers() -> str:
    """The main headers, for messages: ``姓名、身份证号、楼栋、单元、房号 …``."""
    keys = ("name", "id_number", "building", "unit", "room", "relation", "phone")
    return "、".join(FIELD_BY_KEY[k].label for k in keys)
