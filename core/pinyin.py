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
    surname, parts = _parts(name)
    head = "".join(part[0] for part in _syllables(surname)) if surname else ""
    usual = head
    choices: list[tuple[str, ...]] = []
    for part in parts:
        part_usual, part_choices, _full = _part_readings(part)
        usual += part_usual
        choices.extend(part_choices)
    variants: list[str] = []
    for combo in product(*choices):
        variants.append(head + "".join(combo))
        if len(variants) >= _MAX_VARIANTS:
            break
    return tuple(dict.fromkeys([usual, *variants]))


def _parts(name: str) -> tuple[str | None, list[str]]:
    """The surname's special reading (if any) and the pieces read by pypinyin.

    An ordinary surname is read apart from the given name: a surname and a
    given name do not form a word, and reading them apart lets the readings
    of the few thousand given names in a register be cached and shared
    (importing 20,000 residents needs this to stay fast).
    """
    surname, rest = _split_surname(name)
    if surname is not None or len(rest) < 2:
        return surname, [rest] if rest else []
    return None, [rest[0], rest[1:]]


@lru_cache(maxsize=65536)
def _part_readings(text: str) -> tuple[str, tuple[tuple[str, ...], ...], str]:
    """(usual initials, up to two initials per character, full pinyin) of a piece of a name.

    One pypinyin call: with ``heteronym=True`` each character's usual
    reading comes first, so initials and full pinyin both follow from it.
    """
    from pypinyin import Style, pinyin  # 0.3 s to import: only when names are written

    readings = pinyin(text, style=Style.NORMAL, heteronym=True, errors="default")
    choices = tuple(tuple(dict.fromkeys(r[0].lower() for r in opts if r))[:2] for opts in readings)
    usual = "".join(opts[0][0].lower() for opts in readings if opts and opts[0])
    return usual, choices, "".join(opts[0] for opts in readings if opts).lower()


def _syllables(reading: str) -> list[str]:
    """``yuchi`` → ``["yu", "chi"]`` for the two-character surnames."""
    known = {"yuchi": ["yu", "chi"], "moqi": ["mo", "qi"],
             "zhangsun": ["zhang", "sun"], "tantai": ["tan", "tai"]}
    return known.get(reading, [reading])


@lru_cache(maxsize=65536)
def full_pinyin(name: str) -> str:
    """``张三`` → ``zhangsan``."""
    surname, parts = _parts(name)
    return ((surname or "") + "".join(_part_readings(part)[2] for part in parts)).lower()


def search_key(name: str) -> str:
    """The pinyin part of a resident's search text."""
    return " ".join((*initials_variants(name), full_pinyin(name)))
