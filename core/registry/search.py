"""Search-as-you-type over the registry, held in memory.

Every keystroke in the registry tab filters all residents by scope, status,
party membership, tag and the typed words, counts them, and lists their
households. Done in SQL that is two or three scans of 50,000 rows per
keystroke; here it is one pass over a list already in address order, a few
milliseconds. The list is loaded once per session from the ``search_text``
and ``address_key`` columns that ``core.registry_index`` keeps, and kept in
step with the database by :meth:`RegistrySearch.refresh` after each change.

Residents found by text come in order of how well they match the first
word typed (:data:`core.registry.ranking.RANKS`): the exact name, then names starting with it,
then pinyin initials from the start of the name (``zs`` → 张三), then the
full pinyin from the start (``zhang``), then a match anywhere else (inside
the initials or the name, an ID, a phone, a room); address order within
each. Ranking is a few C-level passes over the matches (``str.startswith``
and ``str.find`` mapped over the texts, bounded to the pinyin part of each),
not a Python sort: the first letter, which matches most of the residents,
stays as cheap as the filter itself.

The rows shown are still read from the database (a page at a time, by id),
so nothing here is the source of truth for what a resident's record says.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from typing import Any

from sqlite_utils import Database

from core import vocab
from core.registry import ranking
from core.registry.ranking import RANKS  # noqa: F401 (re-exported)
from core.registry.queries import (
    SCOPE_ALL,
    SCOPE_BUILDING,
    SCOPE_COMPOUND,
    SCOPE_UNIT,
    RegistryFilter,
)

#: What joins the parts of an address_key (core.registry.index).
_SEP = "\x1f"

_RESIDENT_SQL = (
    "SELECT r.id, r.household_id, h.unit_id, u.building_id, b.compound_id, r.search_text, "
    "r.address_key, r.status, r.political_status, r.name, r.sex, r.birth_date, r.relation, "
    "(SELECT group_concat(tag, char(31)) FROM resident_tag t WHERE t.resident_id = r.id) "
    "FROM resident r JOIN household h ON h.id = r.household_id JOIN unit u ON u.id = h.unit_id "
    "JOIN building b ON b.id = u.building_id"
)
_HOUSEHOLD_SQL = (
    "SELECT h.id, h.unit_id, u.building_id, b.compound_id, h.search_text, h.address_key, h.tenure "
    "FROM household h JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id"
)


@dataclass(slots=True)
class _Resident:
    id: str
    household: str
    unit: str
    building: str
    compound: str
    text: str
    #: The resident's address_key in two parts: the household's (the same
    #: string object as the household's own key) and the rest (head first,
    #: then age), shared between residents; compared as a pair they order
    #: exactly as the whole key does.
    home_key: str
    rank_key: str
    status: str
    political_status: str
    name: str
    sex: str
    birth_date: str
    relation: str
    tags: frozenset[str]
    party: bool
    #: Where in ``text`` the pinyin initials start (the space after the
    #: name) and where the full pinyin starts (after the initials).
    initials_at: int
    full_at: int


#: How a resident matches the first word typed, best first.


@dataclass(slots=True)
class _Household:
    id: str
    unit: str
    building: str
    compound: str
    text: str
    key: str
    tenure: str


class IdList(Sequence[str]):
    """The ids of a list of records, read only as far as they are asked for:
    a keystroke matching 45,000 residents shows only the first page."""

    __slots__ = ("_records",)

    def __init__(self, records: list) -> None:
        self._records = records

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, item):  # type: ignore[override]
        if isinstance(item, slice):
            return list(map(_ID, self._records[item]))
        return self._records[item].id

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdList):
            other = list(other)
        return isinstance(other, list) and list(self) == other

    def __repr__(self) -> str:
        return f"IdList({len(self)} ids)"


@dataclass(frozen=True)
class SearchResult:
    """What a filter selects.

    Attributes:
        resident_ids: the residents, in address order (narrowed to the
            filter's household if it names one).
        household_ids: the households shown beside them, in address order.
        households / residents / party_members: counts for the status bar,
            over the residents before narrowing to one household.
    """

    resident_ids: Sequence[str]
    household_ids: list[str]
    households: int
    residents: int
    party_members: int


#: Sort keys of the resident table's columns (see db.registry_queries).
RESIDENT_ORDERS = {
    "address": attrgetter("home_key", "rank_key"),
    "name": attrgetter("name", "home_key", "rank_key"),
    "sex": attrgetter("sex", "home_key", "rank_key"),
    "birth_date": attrgetter("birth_date", "home_key", "rank_key"),
    "relation": attrgetter("relation", "home_key", "rank_key"),
    "political_status": attrgetter("political_status", "home_key", "rank_key"),
    "status": attrgetter("status", "home_key", "rank_key"),
}
#: The order of the resident list, and of finding a resident in it.
_RESIDENT_ORDER = attrgetter("home_key", "rank_key", "id")

HOUSEHOLD_ORDERS = {"address": attrgetter("key"), "tenure": attrgetter("tenure", "key")}

_ID, _TEXT, _HOUSEHOLD, _PARTY = attrgetter("id"), attrgetter("text"), attrgetter("household"), attrgetter("party")
_UNIT = attrgetter("unit")

#: The results of a single letter or digit matching at least this many
#: residents are kept, the last _KEEP of them (a few hundred KB each at most).
_KEEP_FROM, _KEEP = 2000, 8



class RegistrySearch:
    """The registry's residents and households, ready to be filtered."""

    def __init__(self, db: Database, community_id: str | None = None, *,
                 open_reader: Callable[[], Any] | None = None) -> None:
        """The residents of ``community_id`` (None: of every community held).

        ``open_reader`` (e.g. ``ledger.reopen``) opens a second connection
        for loading everything; see :meth:`reload`.
        """
        self._db = db
        self._open_reader = open_reader
        self._community = community_id
        self._residents: list[_Resident] = []
        self._by_id: dict[str, _Resident] = {}
        self._households: list[_Household] = []
        self._last: tuple | None = None
        self._results: dict[tuple, tuple] = {}
        self._previous: tuple | None = None
        self._household_text: tuple | None = None
        self._base_cache: tuple | None = None
        self._household_cache: tuple | None = None
        self.reload()

    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read everything again (after structural changes: renames, imports).

        Read through a connection of its own when the ledger can open one
        (``open_reader``), closed afterwards: reading every resident maps
        most of the file into this process (SQLite's mmap), and on the
        ledger's own connection those pages would stay counted in its
        memory for the session.
        """
        share = _sharer()
        where, params = self._where("r")
        reader = self._open_reader() if self._open_reader is not None else None
        db = reader.db if reader is not None else self._db
        try:
            households = [_Household(h_id, share(unit), share(building), share(compound), text or "",
                                     share(key or ""), tenure)
                          for h_id, unit, building, compound, text, key, tenure
                          in db.execute(f"{_HOUSEHOLD_SQL} WHERE {self._where('h')[0]}", params)]
            residents = [self._resident(row, share) for row in db.execute(f"{_RESIDENT_SQL} WHERE {where}", params)]
        finally:
            if reader is not None:
                reader.close()
        households.sort(key=attrgetter("key", "id"))
        residents.sort(key=_RESIDENT_ORDER)
        self._residents = residents
        self._by_id = {r.id: r for r in residents}
        self._households = households
        self._household_by_id = {h.id: h for h in households}
        self._forget()

    @staticmethod
    def _resident(row: tuple, share) -> _Resident:
        (rid, household, unit, building, compound, text, key, status, political, name, sex,
         birth, relation, tags) = row
        text = text or ""
        initials_at, full_at = ranking.pinyin_bounds(text, name or "")
        home_key, _sep, rank_key = (key or "").rpartition(_SEP)
        return _Resident(rid, share(household), share(unit), share(building), share(compound),
                         text, share(home_key), share(rank_key), share(status), share(political), name, share(sex),
                         share(birth or ""), share(relation),
                         frozenset(tags.split("\x1f")) if tags else frozenset(),
                         political in vocab.PARTY_STATUSES, initials_at, full_at)

    def refresh(self, resident_ids: Iterable[str]) -> None:
        """Re-read some residents (added, edited, moved, or gone) in place."""
        ids = list(dict.fromkeys(resident_ids))
        if not ids:
            return
        self._forget()
        for rid in ids:
            old = self._by_id.pop(rid, None)
            if old is not None:
                at = bisect.bisect_left(self._residents, _RESIDENT_ORDER(old), key=_RESIDENT_ORDER)
                del self._residents[at]
        share = _sharer()
        where, params = self._where("r")
        rows = self._db.execute(
            f"{_RESIDENT_SQL} WHERE r.id IN ({', '.join('?' * len(ids))}) AND {where}", [*ids, *params])
        for row in rows:
            resident = self._resident(row, share)
            at = bisect.bisect_left(self._residents, _RESIDENT_ORDER(resident), key=_RESIDENT_ORDER)
            self._residents.insert(at, resident)
            self._by_id[resident.id] = resident

    def unit_counts(self) -> dict[str, tuple[int, int]]:
        """{unit: (households, living residents)} of the residents held, for
        the compound tree (``queries.registry_tree``)."""
        households = Counter(map(_UNIT, self._households))
        living = Counter(r.unit for r in self._residents if r.status == vocab.STATUS_LIVING)
        return {unit: (count, living.get(unit, 0)) for unit, count in households.items()}

    def _where(self, alias: str) -> tuple[str, list]:
        if self._community is None:
            return "1", []
        return f"+{alias}.community_id = ?", [self._community]

    def __len__(self) -> int:
        return len(self._residents)

    # ------------------------------------------------------------ filtering

    def find(self, f: RegistryFilter, order: str = "address", descending: bool = False,
             household_order: str = "address", household_descending: bool = False) -> SearchResult:
        """Apply ``f``; residents in ``order`` (a key of RESIDENT_ORDERS),
        households in ``household_order`` (``address`` or ``tenure``)."""
        words = f.text.lower().split()
        key = (f.scope, f.scope_id, f.statuses, f.party_only, f.tag, tuple(words))
        found = self._results.pop(key, None)
        if found is None:
            matched, texts = self._matching(f)
            ranked = ranking.ranked(matched, texts, words[0]) if words else matched
            previous = self._previous
            if previous is not None and previous[0] is ranked:
                # One more digit of an ID that all of them share: the same
                # residents in the same order, so the same households.
                households, party = previous[3], previous[5]
            else:
                # Residents are in address order (or in rank, then address
                # order), so their households come out in the same order.
                households = list(dict.fromkeys(map(_HOUSEHOLD, ranked)))
                party = sum(map(_PARTY, matched))
            found = (matched, texts, ranked, households,
                     self._households_for(f, households, "address", False), party)
        else:  # typing on from here narrows this result
            self._last = (key[:5], words, found[0], found[1])
        self._previous = (found[2], *found[1:])
        matched, _texts, ranked, households, by_address, party = found
        if len(matched) >= _KEEP_FROM and len(f.text.strip()) == 1:
            # The first letter of a query matches most residents and costs
            # several passes over them: the last few such results are kept.
            self._results[key] = found
            while len(self._results) > _KEEP:
                del self._results[next(iter(self._results))]
        if household_order == "address" and not household_descending:
            household_ids = by_address
        else:
            household_ids = self._households_for(f, households, household_order, household_descending)
        shown = ranked if order == "address" and not descending else matched
        if f.household_id:
            shown = [r for r in shown if r.household == f.household_id]
        if order != "address" or descending:
            shown = sorted(shown, key=RESIDENT_ORDERS.get(order, RESIDENT_ORDERS["address"]),
                           reverse=descending)
        return SearchResult(
            resident_ids=IdList(shown),
            household_ids=household_ids,
            households=len(households),
            residents=len(matched),
            party_members=party,
        )

    def _matching(self, f: RegistryFilter) -> tuple[list[_Resident], list[str]]:
        """Residents passing every condition but the household narrowing, and their texts.

        Typing one more letter can only narrow the previous result, so the
        last result is the starting point when the new words extend the old.
        """
        base_key = (f.scope, f.scope_id, f.statuses, f.party_only, f.tag)
        words = f.text.lower().split()
        last = self._last
        if last is not None and last[0] == base_key and ranking.narrows(last[1], words):
            records, texts, already = last[2], last[3], last[1]
        else:
            records, texts = self._base(f, base_key)
            already = []
        for number, word in enumerate(words):
            if number < len(already) and already[number] == word:
                continue
            keep = [word in text for text in texts]
            if not all(keep):  # else the same lists: find() sees nothing changed
                records = list(compress(records, keep))
                texts = list(compress(texts, keep))
        self._last = (base_key, words, records, texts)
        return records, texts

    def _base(self, f: RegistryFilter, key: tuple) -> tuple[list[_Resident], list[str]]:
        """Residents of the scope, statuses, party and tag filter, and their texts."""
        if self._base_cache is not None and self._base_cache[0] == key:
            return self._base_cache[1], self._base_cache[2]
        rows = _in_scope(self._residents, f)
        if f.statuses:
            wanted = set(f.statuses)
            rows = [r for r in rows if r.status in wanted]
        if f.party_only:
            rows = [r for r in rows if r.party]
        if f.tag:
            tag = f.tag
            rows = [r for r in rows if tag in r.tags]
        texts = list(map(_TEXT, rows))
        self._base_cache = (key, rows, texts)
        return rows, texts

    def _households_for(self, f: RegistryFilter, with_residents: list[str], order: str,
                        descending: bool) -> list[str]:
        """Households beside the residents: all of the scope, or those of the
        matching residents plus (for a plain text search) those whose own
        address or phone matches, which finds empty flats by room number."""
        scoped, ids, texts = self._scoped_households(f)
        if not f.filters_residents:
            chosen = ids
        else:
            chosen = with_residents
            words = f.text.lower().split()
            if words and not f.party_only and not f.tag:
                by_text = self._households_by_text(f, ids, texts, words)
                if by_text:
                    wanted = set(with_residents)
                    if not wanted.issuperset(by_text):
                        # Flats found by their own room or phone (an empty
                        # one has no residents to match) follow those of
                        # the residents found, in address order.
                        chosen = with_residents + [i for i in by_text if i not in wanted]
        if order == "tenure" or descending:
            by_id = self._household_by_id
            rows = sorted((by_id[i] for i in chosen), key=HOUSEHOLD_ORDERS.get(order, HOUSEHOLD_ORDERS["address"]),
                          reverse=descending)
            return list(map(_ID, rows))
        return chosen

    def _households_by_text(self, f: RegistryFilter, ids: list[str], texts: list[str],
                            words: list[str]) -> list[str]:
        """Households of the scope whose own text holds every word, narrowing
        the last such answer when the words extend the last ones."""
        key = (f.scope, f.scope_id)
        last = self._household_text
        if last is not None and last[0] == key and ranking.narrows(last[1], words):
            ids, texts = last[2], last[3]
        for word in words:
            keep = [word in text for text in texts]
            if not all(keep):
                ids = list(compress(ids, keep))
                texts = list(compress(texts, keep))
        self._household_text = (key, words, ids, texts)
        return ids

    def _scoped_households(self, f: RegistryFilter) -> tuple[list[_Household], list[str], list[str]]:
        key = (f.scope, f.scope_id)
        if self._household_cache is None or self._household_cache[0] != key:
            scoped = _in_scope(self._households, f)
            self._household_cache = (key, scoped, list(map(_ID, scoped)), list(map(_TEXT, scoped)))
        return self._household_cache[1:]

    def _forget(self) -> None:
        self._results.clear()
        self._previous = None
        self._household_text = None
        self._last = None
        self._base_cache = None
        self._household_cache = None


def _sharer():
    """A function returning one shared object per distinct string (None as
    ""), so 50,000 rows hold each household, unit and status id once."""
    strings: dict[str, str] = {}
    return lambda text: strings.setdefault(text, text) if text is not None else ""


def _in_scope(rows: list, f: RegistryFilter) -> list:
    if f.scope == SCOPE_ALL or not f.scope_id:
        return rows
    attribute = {SCOPE_COMPOUND: "compound", SCOPE_BUILDING: "building", SCOPE_UNIT: "unit"}[f.scope]
    target = f.scope_id
    get = attrgetter(attribute)
    return [row for row in rows if get(row) == target]
