"""Chinese resident ID numbers (居民身份证号码).

Length, format, birth date and check digit are checked with python-stdnum's
``cn.ric`` helpers. Its ``validate()`` is not used: it also requires the area
code to have existed in the holder's birth year, which real cards of older
residents break (python-stdnum issue #442): someone born in 1951 carries the
county code of the year the card was issued. A code that never named any
county is only a warning here; one that named a county at some other time
is accepted silently.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache


from core.text_rules import strip_invisible

#: Excel keeps 15 significant digits; an 18-digit ID stored as a number cell
#: comes back like this and its tail is gone for good.
EXCEL_NUMBER_HINT = "身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”后重新录入完整号码"


class InvalidIdNumber(ValueError):
    """An ID number that cannot be accepted; ``str()`` is the reason in Chinese."""


@dataclass(frozen=True)
class IdInfo:
    """What an accepted ID number tells about its holder."""

    number: str
    birth_date: datetime.date
    sex: str
    warnings: tuple[str, ...] = field(default=())


def _ric():
    """python-stdnum's ``cn.ric``, imported when a number is first checked
    (stdnum costs ~20 ms to import; the start screen needs none of it)."""
    from stdnum.cn import ric

    return ric


def normalize(raw: str) -> str:
    """Strip spaces (of every width) and separators, invisible characters
    (zero-width spaces, direction controls), turn full-width digits and a
    lower-case x into their plain forms."""
    text = str(raw).translate(_FULLWIDTH).strip()
    if len(text) == 18 and text.isascii() and text[:17].isdigit() and text[17] in "0123456789X":
        return text  # already compact: skip the slower general clean-up
    text = strip_invisible(text)[0]
    return _ric().compact(re.sub(r"[\s\-\u3000]", "", text))


_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")

#: Said when an ID number carried characters that show nothing.
HIDDEN_CHARACTERS = "身份证号中有看不见的字符（零宽空格、不换行空格或文字方向控制符），已去掉"


def parse(raw: str, *, today: datetime.date | None = None) -> IdInfo:
    """Check an ID number and return what it says, or raise InvalidIdNumber."""
    number = normalize(raw)
    text = str(raw)
    hidden = not text.isascii() and (strip_invisible(text)[1] or any(c in text for c in "\u00a0\u2007\u202f"))
    if not number:
        raise InvalidIdNumber("身份证号为空")
    if _looks_like_excel_number(number):
        raise InvalidIdNumber(EXCEL_NUMBER_HINT)
    if len(number) != 18:
        raise InvalidIdNumber(f"身份证号应为 18 位，这里是 {len(number)} 位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber("身份证号只能是数字，最后一位可以是 X")
    try:
        # What ric.get_birth_date does, without cleaning the number a second
        # time (that clean-up was most of an import's ID checking).
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(f"身份证号中的出生日期 {number[6:14]} 不存在") from None
    today = today or datetime.date.today()
    if birth > today or birth.year < 1880:
        raise InvalidIdNumber(f"身份证号中的出生日期 {birth.isoformat()} 不可能")
    if _ric().calc_check_digit(number) != number[17]:
        raise InvalidIdNumber("身份证号最后一位（校验码）不对，请核对是否有数字输错")
    warnings: list[str] = [HIDDEN_CHARACTERS] if hidden else []
    if not known_area_code(number[:6]):
        warnings.append(f"地区码 {number[:6]} 未查到，请核对前 6 位")
    sex = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=birth, sex=sex, warnings=tuple(warnings))


def _numdb():
    from stdnum import numdb

    return numdb


@lru_cache(maxsize=4096)
def known_area_code(code: str) -> bool:
    """True if the code names a county at any time.

    A code that existed only after (or before) the holder's birth year is
    normal on real cards and is not questioned. Cached: the lookup is slow
    and a compound's residents share a handful of codes.
    """
    info = {key for _, props in _numdb().get("cn/loc").info(code) for key in props}
    return "county" in info


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except InvalidIdNumber:
        return False
    return True


def _looks_like_excel_number(number: str) -> bool:
    """True for what Excel makes of an 18-digit number: scientific notation
    (``1.10101E+17``), a decimal point, or 18 digits whose last three were
    rounded to zeros and no longer fit the check digit."""
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", number) or re.fullmatch(r"\d+\.\d*", number):
        return True
    return (
        len(number) == 18
        and number.isdigit()
        and number.endswith("000")
        and _ric().calc_check_digit(number) != number[17]
    )


def make_check_digit(first17: str) -> str:
    """The check digit for the first 17 digits (used by the demo generator)."""
    return _ric().calc_check_digit(first17 + "0")
