"""Pinyin keys for finding residents by typing ``zs`` for 张三.

Surnames with several readings (单 shan/dan, 曾 zeng/ceng, 解 xie/jie …)
get every reading's initials, so both spellings a worker might type find
the person.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product


#: At most this many initial variants per name, however many 多音字 it has.
_MAX_VARIANTS = 4

#: Surnames read differently from the character's everyday reading.
#: pypinyin reads characters as words; as surnames these take the reading here.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao",
    "区": "ou", "查": "zha", "缪": "miao", "翟": "zhai", "盖": "ge",
    "乐": "yue", "覃": "qin", "秘": "bi", "种": "chong", "黑": "he",
    "折": "she", "召": "shao", "员": "yun", "繁": "po", "逄": "pang",
    "谌": "chen", "柏": "bai", "贲": "ben", "重": "chong", "车": "che",
    "薄": "bo", "尉迟": "yuchi", "万俟": "moqi", "长孙": "zhangsun",
    "澹台": "tantai", "宿": "su", "郇": "huan", "燕": "yan", "句": "gou",
}


def _split_surname(name: str) -> tuple[str | None, str]:
    for length in (2, 1):
        head = name[:length]
        if len(name) > length and head in SURNAME_READINGS:
            return SURNAME_READINGS[head], name[length:]
    return None, name


@lru_cache(maxsize=65536)
def initials_variants(name: str) -> tuple[str, ...]:
    """All plausible initial strings of a name, the usual reading first."""
    if not name:
        return ()
    from pypinyin import Style, lazy_pinyin, pinyin  # 0.3 s to import: only when names are written

    surname, rest = _split_surname(name)
    head = "".join(part[0] for part in _syllables(surname)) if surname else ""
    readings = pinyin(rest, style=Style.FIRST_LETTER, heteronym=True, errors="default")
    choices = [[r.lower() for r in dict.fromkeys(opts)][:2] for opts in readings]
    variants: list[str] = []
    for combo in product(*choices):
        variants.append(head + "".join(combo))
        if len(variants) >= _MAX_VARIANTS:
            break
    usual = head + "".join(lazy_pinyin(rest, style=Style.FIRST_LETTER)).lower()
    return tuple(dict.fromkeys([usual, *variants]))


def _syllables(reading: str) -> list[str]:
    """``yuchi`` → ``["yu", "chi"]`` for the two-character surnames."""
    known = {"yuchi": ["yu", "chi"], "moqi": ["mo", "qi"],
             "zhangsun": ["zhang", "sun"], "tantai": ["tan", "tai"]}
    return known.get(reading, [reading])


@lru_cache(maxsize=65536)
def full_pinyin(name: str) -> str:
    """``张三`` → ``zhangsan``."""
    from pypinyin import lazy_pinyin

    surname, rest = _split_surname(name)
    return ((surname or "") + "".join(lazy_pinyin(rest))).lower()


def search_key(name: str) -> str:
    """The pinyin part of a resident's search text."""
    return " ".join((*initials_variants(name), full_pinyin(name)))
