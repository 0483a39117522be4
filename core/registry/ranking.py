"""How well a resident matches what is typed, for the registry's search
(:mod:`core.registry.search`): the exact name, then names starting with it,
then pinyin initials from the start of the name (``zs`` → 张三), then the
full pinyin from the start, then anything else; address order within each.
Every pass is a C-level map over the matches, not a Python sort."""

from __future__ import annotations

import operator
from itertools import compress, repeat
from operator import attrgetter
from typing import Any

#: The ranks, best first.
RANKS = ("exact name", "name prefix", "initials from the start", "full pinyin from the start", "elsewhere")

_INITIALS_AT, _FULL_AT = attrgetter("initials_at"), attrgetter("full_at")


def pinyin_bounds(text: str, name: str) -> tuple[int, int]:
    """(the space before the initials, the start of the full pinyin) in a
    resident's search text ``name initials… fullpinyin id phone rooms…``
    (core.registry.index); (0, 0) if the text does not start with the name."""
    name = name.lower()
    if not name or not text.startswith(name + " "):
        return 0, 0
    at = last = len(name) + 1
    while True:
        end = text.find(" ", at)
        token = text[at:] if end < 0 else text[at:end]
        if not (token.isascii() and token.isalpha()):
            break
        last = at
        if end < 0:
            break
        at = end + 1
    return len(name), last


def ranked(records: list[Any], texts: list[str], word: str) -> list[Any]:
    """``records`` (in address order; ``texts`` theirs) in order of how they
    match ``word`` (:data:`RANKS`), address order within each rank.

    Every pass is a C-level map over the matches (startswith, find, and the
    operator module's and/or/not), so ranking costs a few list passes, not
    a Python sort or loop.
    """
    if len(records) < 2 or not word.isalpha():
        return records  # digits, dashes: an ID, a phone, a room — no name holds them
    # For a latin word only the pinyin parts can rank (a latin name has its
    # own "pinyin" there too); for a Chinese one only the name.
    latin = word.isascii()
    first = [False] * len(records) if latin else list(map(str.startswith, texts, repeat(word)))
    tiers: list[list[bool]] = []
    if not latin and any(first):
        # The exact name: the text goes on with the space after the name.
        exact = list(map(operator.and_, first, map(str.startswith, texts, repeat(" "), repeat(len(word)))))
        tiers += [exact, list(map(operator.gt, first, exact))]
    if latin:
        # Initials from the start: " word" inside the initials part;
        # full pinyin from the start: the full pinyin starts with it.
        initials = list(map(operator.ge, map(str.find, texts, repeat(" " + word), map(_INITIALS_AT, records),
                                             map(_FULL_AT, records)), repeat(0)))
        full = list(map(str.startswith, texts, repeat(word), map(_FULL_AT, records)))
        if any(initials) or any(full):
            tiers += [initials, list(map(operator.gt, full, initials))]
            first = list(map(operator.or_, initials, full))
    if not tiers:
        return records
    result: list[Any] = []
    for tier in tiers:
        result.extend(compress(records, tier))
    result.extend(compress(records, map(operator.not_, first)))
    return result


def narrows(old: list[str], new: list[str]) -> bool:
    """True if every resident matching ``new`` also matches ``old``: each old
    word is contained in the new word at its place."""
    return len(new) >= len(old) and all(o in n for o, n in zip(old, new))
