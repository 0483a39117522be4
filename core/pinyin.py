"""Pinyin keys for finding residents by typing ``zs`` for 张三.

A name's surname is read as a surname (``core.surnames``: 单 shàn, 曾 zēng,
解 xiè, 丁 dīng …, one reading each, for every common surname and the
compound ones); the given name gets every reading pypinyin knows (its
多音字, up to two per character), so either spelling a worker might type
finds the person. A surname missing from the table is read like the given
name.
"""

from __future__ import annotations

import os
from functools import lru_cache
from itertools import product

from core.surnames import COMPOUND_SURNAMES, SURNAMES

# pypinyin keeps a copy of its dictionaries for custom entries, which this
# program never adds: without the copy it loads faster and holds less.
# Set before pypinyin is first imported; an explicit setting wins.
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")

#: At most this many initial variants per name, however many 多音字 it has.
_MAX_VARIANTS = 4


def _split_surname(name: str) -> tuple[list[str] | None, str]:
    """(the surname's syllables if the table knows it, the rest of the name)."""
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES[name[:2]].split(), name[2:]
    if len(name) > 1 and name[0] in SURNAMES:
        return [SURNAMES[name[0]]], name[1:]
    return None, name


@lru_cache(maxsize=65536)
def initials_variants(name: str) -> tuple[str, ...]:
    """All plausible initial strings of a name, the usual reading first."""
    if not name:
        return ()
    surname, parts = _parts(name)
    head = "".join(syllable[0] for syllable in surname) if surname else ""
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


def _parts(name: str) -> tuple[list[str] | None, list[str]]:
    """The surname's syllables (if the table knows it) and the pieces read by pypinyin.

    A surname is read apart from the given name: a surname and a given name
    do not form a word, and reading them apart lets the readings of the few
    thousand given names in a register be cached and shared (importing
    20,000 residents needs this to stay fast).
    """
    surname, rest = _split_surname(name)
    if surname is not None or len(rest) < 2:
        return surname, [rest] if rest else []
    return None, [rest[0], rest[1:]]


@lru_cache(maxsize=65536)
def _part_readings(text: str) -> tuple[str, tuple[tuple[str, ...], ...], str]:
    """(usual initials, up to two initials per character, full pinyin) of a piece of a name.

    The readings ``pinyin(text, heteronym=True)`` gives, each character's
    usual one first, without its per-call machinery for the common case (an
    import reads thousands of given names): a word of pypinyin's phrase
    dictionary (长江: chang jiang) takes its readings there, one or two
    characters otherwise from its dictionary of characters. Longer pieces,
    and text it does not hold (latin letters, digits), go through pypinyin.
    """
    from pypinyin.constants import PHRASES_DICT  # imported only when names are written

    phrase = PHRASES_DICT.get(text) if len(text) > 1 else None
    if phrase is not None:
        readings = [tuple(dict.fromkeys(_untoned(r) for r in opts)) for opts in phrase]
    else:
        readings = [_char_readings(ch) for ch in text] if len(text) <= 2 else []
    if not readings or not all(readings):
        from pypinyin import Style, pinyin

        readings = [tuple(r.lower() for r in opts) for opts in
                    pinyin(text, style=Style.NORMAL, heteronym=True, errors="default") if opts]
    choices = tuple(tuple(dict.fromkeys(r[0] for r in opts if r))[:2] for opts in readings)
    usual = "".join(opts[0][0] for opts in readings if opts and opts[0])
    return usual, choices, "".join(opts[0] for opts in readings if opts)


@lru_cache(maxsize=None)
def _untoned(reading: str) -> str:
    from pypinyin.contrib.tone_convert import to_normal

    return to_normal(reading).lower()


@lru_cache(maxsize=None)
def _char_readings(ch: str) -> tuple[str, ...]:
    """A character's readings without tones (``lv`` for 绿), its usual one
    first; () if pypinyin's dictionary does not hold it."""
    from pypinyin.constants import PINYIN_DICT

    raw = PINYIN_DICT.get(ord(ch))
    if not raw:
        return ()
    return tuple(dict.fromkeys(_untoned(r) for r in raw.split(",")))


@lru_cache(maxsize=65536)
def full_pinyin(name: str) -> str:
    """``张三`` → ``zhangsan``."""
    surname, parts = _parts(name)
    return ("".join(surname or ()) + "".join(_part_readings(part)[2] for part in parts)).lower()


@lru_cache(maxsize=65536)
def search_key(name: str) -> str:
    """The pinyin part of a resident's search text."""
    return " ".join((*initials_variants(name), full_pinyin(name)))
