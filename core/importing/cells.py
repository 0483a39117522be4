"""Turning the cells of a hand-made register into the values the ledger stores.

Each function takes a cell's value as openpyxl read it (text, number,
datetime or None) and returns the normalised value, or raises
:class:`CellError` with a Chinese reason. Words people write for the same
thing (``本人`` for 户主, ``党员`` for 中共党员, ``租房`` for 租住) are mapped
onto the lists of :mod:`core.vocab`; anything else is refused with the list.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from core import address, idcard, vocab


class CellError(ValueError):
    """A cell that cannot be used; ``str()`` is the reason in Chinese."""


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／：　", "0123456789.-/: ")
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)


def text(value: object) -> str:
    """A cell as text: ``301.0`` → ``301``, None → ``""``."""
    if value.__class__ is str:
        return value.strip()  # type: ignore[union-attr]
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def is_masked(value: str) -> bool:
    """True for a number exported masked (``110101********1234``)."""
    return "*" in value or "＊" in value


# ---------------------------------------------------------------- places

_BUILDING_WORDS = r"(?:栋|号楼|幢|号|楼|#|＃)"
_NUM = r"[0-9一二三四五六七八九十两〇零]+"
_ADDRESS = re.compile(
    rf"^(?:.*?(?:小区|生活区|家属院|院)\s*)?第?(?P<b>{_NUM})\s*(?:{_BUILDING_WORDS}|-)\s*"
    rf"(?:第?(?P<u>{_NUM})\s*(?:单元|-)\s*)?(?P<r>[0-9]+)\s*(?:室|号)?$"
)
_SHEET_BUILDING = re.compile(rf"^\s*第?({_NUM})\s*{_BUILDING_WORDS}")


def split_address(value: object) -> tuple[str, str, str] | None:
    """``3栋2单元301``, ``3号楼2单元301室``, ``3-2-301`` → (``3栋``, ``2单元``, ``301``).

    The unit is ``""`` when the address has none (``3栋301``). None when the
    text is not an address of this shape.
    """
    raw = text(value).translate(_FULLWIDTH).replace(" ", "")
    match = _ADDRESS.match(raw)
    if not match:
        return None
    b = address.leading_number(match.group("b"))
    u = address.leading_number(match.group("u")) if match.group("u") else None
    if b is None:
        return None
    return address.building_name(b), address.unit_name(u) if u is not None else "", match.group("r")


@lru_cache(maxsize=4096)
def building(value: object) -> str:
    """``3``, ``3栋``, ``3号楼``, ``三栋``, ``３`` → ``3栋``; ``综合楼`` stays."""
    raw = text(value)
    return address.normalize_building(raw.translate(_FULLWIDTH)) if raw else ""


@lru_cache(maxsize=4096)
def unit(value: object) -> str:
    raw = text(value)
    return address.normalize_unit(raw.translate(_FULLWIDTH)) if raw else ""


@lru_cache(maxsize=16384)
def room(value: object) -> str:
    """``301``, ``301.0``, ``301室``, ``３０１``, ``2-301`` → ``301``."""
    raw = text(value)
    if not raw:
        return ""
    result = address.normalize_room(raw)
    if len(result) > 20:
        raise CellError("房号太长，请只写房号，如 301")
    return result


def building_of_sheet(name: str) -> str | None:
    """The building a sheet is named after (``3号楼``, ``三栋``), or None."""
    match = _SHEET_BUILDING.match(name.translate(_FULLWIDTH))
    if not match:
        return None
    number = address.leading_number(match.group(1))
    return address.building_name(number) if number is not None else None


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class PartialDate:
    """A date written without its day (``1950.3``) or only as a year."""

    year: int
    month: int | None
    written: str

    def first_day(self) -> datetime.date | None:
        return datetime.date(self.year, self.month, 1) if self.month else None


_FULL_DATE = re.compile(r"^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")


def date(value: object) -> datetime.date | PartialDate | None:
    """A date cell: a real date, an Excel serial number, ``1950.3.7``,
    ``1950-03-07``, ``1950/3/7``, ``1950年3月7日``, ``19500307``; or a
    :class:`PartialDate` for ``1950.3`` / ``1950年``. Raises CellError."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError("日期看不懂，请写成 1950-03-07")
    if isinstance(value, (int, float)):
        return _number_date(value)
    raw = str(value).translate(_FULLWIDTH).strip()
    if not raw:
        return None
    for pattern in (_FULL_DATE, _COMPACT_DATE):
        match = pattern.match(raw)
        if match:
            return _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), raw)
    match = _YEAR_MONTH.match(raw)
    if match:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise CellError(f"日期“{raw}”不存在")
        return PartialDate(int(match.group(1)), month, raw)
    match = _YEAR.match(raw)
    if match:
        return PartialDate(int(match.group(1)), None, raw)
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        return _number_date(float(raw))
    raise CellError(f"日期“{raw}”看不懂，请写成 1950-03-07")


def _number_date(value: float) -> datetime.date | PartialDate:
    if 1880 <= value < 2101 and not float(value).is_integer():
        # 1950.03 typed into a number cell: the month is not reliable (1950.1 may be October).
        return PartialDate(int(value), None, str(value))
    number = int(value)
    if 1880 <= number <= 2100:
        return PartialDate(number, None, str(number))
    if 18000101 <= number <= 21001231:
        return _make_date(number // 10000, number // 100 % 100, number % 100, str(number))
    if 1 <= number <= 80000:  # an Excel serial number in a cell not formatted as a date
        return (_EXCEL_EPOCH + datetime.timedelta(days=number)).date()
    raise CellError(f"日期“{text(value)}”看不懂，请写成 1950-03-07")


def _make_date(year: int, month: int, day: int, raw: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(f"日期“{raw}”不存在") from None


# ---------------------------------------------------------------- numbers


def id_number(value: object) -> str:
    """An ID cell as text. A number cell is refused: Excel has already
    dropped the last digits of an 18-digit number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(idcard.EXCEL_NUMBER_HINT)
    return text(value)


_PHONE_SPLIT = re.compile(r"[/、,，;；\s]+")


def phones(value: object) -> list[str]:
    """A phone cell as a list: ``13812345678/0371-12345678`` holds two."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text(value).translate(_FULLWIDTH)
    if not raw:
        return []
    compact = raw.replace(" ", "").replace("-", "")
    if compact.isdigit():
        return [raw.replace(" ", "")]
    return [part for part in _PHONE_SPLIT.split(raw) if part]


# ---------------------------------------------------------------- words


_WHITESPACE = re.compile(r"\s+")


def _choice(value: object, allowed: tuple[str, ...], aliases: dict[str, str], what: str) -> str:
    if value in allowed:
        return value  # type: ignore[return-value]
    raw = _WHITESPACE.sub("", text(value))
    if not raw:
        return ""
    if raw in allowed:
        return raw
    if raw in aliases:
        return aliases[raw]
    raise CellError(f"{what}“{raw}”不在列表中（可填：{'、'.join(allowed)}）")


_SEX = {"男性": "男", "女性": "女", "M": "男", "F": "女"}
_POLITICAL = {
    "党员": "中共党员", "共产党员": "中共党员", "中国共产党党员": "中共党员",
    "预备党员": "中共预备党员", "中国共产党预备党员": "中共预备党员",
    "团员": "共青团员", "共青团团员": "共青团员", "中国共产主义青年团团员": "共青团员",
    "无": "群众", "无党派": "群众", "无党派人士": "群众", "群众（居民）": "群众",
    **{p: "民主党派" for p in ("民革", "民革党员", "民盟", "民盟盟员", "民建", "民建会员", "民进",
                            "民进会员", "农工党", "农工党党员", "致公党", "致公党党员", "九三学社",
                            "九三学社社员", "台盟", "台盟盟员")},
}
_RELATION = {
    "本人": "户主", "户主本人": "户主",
    "妻": "配偶", "妻子": "配偶", "丈夫": "配偶", "夫": "配偶", "夫妻": "配偶", "爱人": "配偶",
    "儿子": "子", "长子": "子", "次子": "子", "三子": "子", "独子": "子", "之子": "子",
    "女儿": "女", "长女": "女", "次女": "女", "三女": "女", "独女": "女", "之女": "女",
    "儿媳妇": "儿媳", "媳妇": "儿媳", "孙": "孙子", "外孙": "外孙子",
    "父": "父亲", "母": "母亲", "兄": "兄弟姐妹", "弟": "兄弟姐妹", "姐": "兄弟姐妹", "妹": "兄弟姐妹",
    "哥哥": "兄弟姐妹", "弟弟": "兄弟姐妹", "姐姐": "兄弟姐妹", "妹妹": "兄弟姐妹", "兄弟": "兄弟姐妹",
    "姐妹": "兄弟姐妹", "租客": "租户", "承租人": "租户", "租住": "租户",
    **{k: "其他" for k in ("岳父", "岳母", "公公", "婆婆", "祖父", "祖母", "外祖父", "外祖母",
                          "侄子", "侄女", "外甥", "外甥女", "孙媳", "孙女婿", "保姆", "亲属", "其它")},
}
_TENURE = {
    "自住": "自有", "产权房": "自有", "私有": "自有", "房改房": "自有", "自有住房": "自有", "自购": "自有",
    "租赁": "租住", "出租": "租住", "租房": "租住", "租户": "租住", "租用": "租住", "承租": "租住",
    "空房": "空置", "闲置": "空置", "无人居住": "空置",
}
_PRESENCE = {
    "在家": "在小区", "本小区": "在小区", "常住": "在小区", "是": "在小区", "在": "在小区",
    "在外": "长期在外", "外出": "长期在外", "外地": "长期在外", "否": "长期在外", "流动": "长期在外",
    "流动党员": "长期在外",
}
_STATUS = {
    "在册": "在住", "正常": "在住", "居住": "在住", "已迁出": "迁出", "搬走": "迁出", "外迁": "迁出",
    "去世": "死亡", "已故": "死亡", "已去世": "死亡", "病故": "死亡", "亡故": "死亡",
}


def sex(value: object) -> str:
    return _choice(value, vocab.SEXES, _SEX, "性别")


def political_status(value: object) -> str:
    return _choice(value, vocab.POLITICAL_STATUSES, _POLITICAL, "政治面貌")


def relation(value: object) -> str:
    return _choice(value, vocab.RELATIONS, _RELATION, "与户主关系")


def tenure(value: object) -> str:
    return _choice(value, vocab.TENURES, _TENURE, "居住性质")


def presence(value: object) -> str:
    return _choice(value, vocab.PARTY_PRESENCE, _PRESENCE, "党员所在")


def status(value: object) -> str:
    return _choice(value, vocab.STATUSES, _STATUS, "状态")


def reachable(value: object) -> bool | None:
    raw = text(value)
    if not raw:
        return None
    if raw in ("能", "是", "可以", "可", "能联系"):
        return True
    if raw in ("否", "不能", "无法联系", "联系不上", "失联"):
        return False
    raise CellError(f"能否联系“{raw}”看不懂（填 能 或 否）")


_TAG_SPLIT = re.compile(r"[、,，;；/\s]+")


def tags(value: object) -> tuple[str, ...]:
    """``高龄老人、低保`` → (``高龄老人``, ``低保``). Words outside the tag list
    are kept: the registry allows the community's own tags."""
    raw = text(value)
    if not raw or raw in ("无", "否", "/"):
        return ()
    return tuple(dict.fromkeys(t for t in _TAG_SPLIT.split(raw) if t and t not in ("无",)))
