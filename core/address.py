"""Buildings, units and rooms as people write them.

``3``, ``3栋``, ``3号楼``, ``三栋``, ``３单元`` and ``第三单元`` all mean number
3. The registry sorts by these numbers and the Excel importer uses them to
match a sheet's cells to the buildings and units it already knows.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}


def chinese_number(text: str) -> int | None:
    """``十二`` → 12, ``二十`` → 20, ``一百零五`` → 105; None if not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    if digit is not None:
        total += digit
    return total


_NUMBER = re.compile(r"(\d+)|([零〇一二两三四五六七八九十百]+)")


@lru_cache(maxsize=8192)
def leading_number(text: str | int | float | None) -> int | None:
    """The first number written in ``text``, Arabic or Chinese (cached: the
    same few building and unit names come up for every resident)."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return int(text)
    match = _NUMBER.search(str(text).translate(_FULLWIDTH))
    if not match:
        return None
    if match.group(1):
        return int(match.group(1))
    return chinese_number(match.group(2))


def building_name(number: int) -> str:
    return f"{number}栋"


def unit_name(number: int) -> str:
    return f"{number}单元"


def normalize_building(text: str | int | float) -> str:
    """The name a building is stored under: ``3号楼`` → ``3栋``; names
    without a number (``综合楼``) are kept as written."""
    number = leading_number(text)
    return building_name(number) if number is not None else str(text).strip()


def normalize_unit(text: str | int | float) -> str:
    number = leading_number(text)
    return unit_name(number) if number is not None else str(text).strip()


def normalize_room(text: str | int | float) -> str:
    """``301``, ``301室``, ``３０１`` → ``301``; ``2-301`` keeps its last part."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    raw = str(text).translate(_FULLWIDTH).strip()
    raw = raw.removesuffix("室").removesuffix("号").strip()
    if "-" in raw:
        raw = raw.rsplit("-", 1)[-1]
    return raw


def room_key(room: str) -> int:
    """Sort key for rooms: ``301`` before ``1201``; non-numeric rooms last."""
    match = re.match(r"\d+", str(room).translate(_FULLWIDTH))
    return int(match.group()) if match else 10**9
