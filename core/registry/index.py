"""Columns kept beside the registry's data so that finding and sorting are fast.

``resident.search_text`` and ``household.search_text`` hold everything
search-as-you-type matches (name, pinyin initials, full pinyin, ID number,
phones, the room as ``301``, ``3-2-301`` and ``3栋2单元301``), and
``address_key`` sorts by compound, building, unit and room (with the head of
household first) without joining four tables for every row: at 50,000
residents those joins cost ten times the scan.

Every operation that changes a name, a number or an address calls
:func:`reindex_residents` / :func:`reindex_households` for the rows it
touched, inside its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from core import address
from core.pinyin import search_key
from core.surnames import COMPOUND_SURNAMES, SURNAMES
from core.registry.queries import HOUSEHOLD_JOINS, RESIDENT_JOINS

_SEP = "\x1f"

def household_key(compound_created: str, compound: str, building_sort: int, building: str,
                  unit_sort: int, unit: str, room: str) -> str:
    """Sort key of a household: compound, building, unit, room in order."""
    return _SEP.join((
        f"{compound_created}{compound}",
        f"{building_sort:06d}{building}",
        f"{unit_sort:04d}{unit}",
        f"{address.room_key(room):010d}{room}",
    ))


def resident_key(household: str, relation: str, birth_date: str | None) -> str:
    """Sort key of a resident: their household's, the head first, then by age."""
    return f"{household}{_SEP}{0 if relation == '户主' else 1}{birth_date or '9999'}"


def _room_forms(building: str, unit: str, room: str) -> list[str]:
    forms = [f"{building}{unit}{room}"]
    b, u = address.leading_number(building), address.leading_number(unit)
    if b is not None and u is not None:
        forms.append(f"{b}-{u}-{room}")
    return forms


def resident_search_text(name: str, id_number: str | None, phone: str, building: str,
                         unit: str, room: str, household_phone: str = "") -> str:
    """What search-as-you-type matches a resident against."""
    parts = [name, search_key(name), id_number or "", phone, household_phone,
             *_room_forms(building, unit, room)]
    return " ".join(p for p in parts if p).lower()


def household_search_text(building: str, unit: str, room: str, phone: str) -> str:
    """What finds a household by itself (an empty flat has no residents to match)."""
    return " ".join(p for p in (*_room_forms(building, unit, room), room, phone) if p).lower()


#: What a unit contributes to its households' keys and texts:
#: (compound created_at, compound name, building sort key, building name,
#: unit sort key, unit name).
UnitPlace = tuple[str, str, int, str, int, str]


def unit_places(db: Database) -> dict[str, UnitPlace]:
    """Every unit's place, read once so that many rows can be keyed without joins."""
    return {row[0]: tuple(row[1:]) for row in db.execute(
        "SELECT u.id, c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name "
        "FROM unit u JOIN building b ON b.id = u.building_id JOIN compound c ON c.id = b.compound_id")}


def household_columns(place: UnitPlace, room: str, phone: str) -> tuple[str, str]:
    """(search_text, address_key) of a household in ``place``."""
    c_created, c_name, b_sort, b_name, u_sort, u_name = place
    return (household_search_text(b_name, u_name, room, phone),
            household_key(c_created, c_name, b_sort, b_name, u_sort, u_name, room))


def resident_columns(place: UnitPlace, room: str, household_phone: str, name: str,
                     id_number: str | None, phone: str, relation: str,
                     birth_date: str | None) -> tuple[str, str]:
    """(search_text, address_key) of a resident of a household in ``place``."""
    c_created, c_name, b_sort, b_name, u_sort, u_name = place
    key = household_key(c_created, c_name, b_sort, b_name, u_sort, u_name, room)
    return (resident_search_text(name, id_number, phone, b_name, u_name, room, household_phone),
            resident_key(key, relation, birth_date))


class Home:
    """What a household gives each of its residents' search text and sort
    key, worked out once per household (an import keys 20,000 residents of
    8,000 households): the same results as :func:`resident_columns`."""

    __slots__ = ("_key", "_tail")

    def __init__(self, place: UnitPlace, room: str, household_phone: str) -> None:
        c_created, c_name, b_sort, b_name, u_sort, u_name = place
        self._key = household_key(c_created, c_name, b_sort, b_name, u_sort, u_name, room)
        self._tail = [p for p in (household_phone, *_room_forms(b_name, u_name, room)) if p]

    def resident_columns(self, name: str, id_number: str | None, phone: str, relation: str,
                         birth_date: str | None) -> tuple[str, str]:
        parts = [p for p in (name, search_key(name), id_number, phone) if p]
        return (" ".join(parts + self._tail).lower(), resident_key(self._key, relation, birth_date))


def reindex_residents(db: Database, where: str, params: Iterable = ()) -> int:
    """Recompute search text and sort key of the residents matching ``where``
    (an SQL condition over r/h/u/b/c). Returns how many were updated."""
    places = unit_places(db)
    rows = db.execute(
        "SELECT r.id, h.unit_id, h.room, h.phone, r.name, r.id_number, r.phone, r.relation, r.birth_date "
        f"FROM resident r {RESIDENT_JOINS} WHERE {where}", list(params)).fetchall()
    updates = [(*resident_columns(places[unit], room, h_phone, name, id_number, phone, relation, birth), rid)
               for rid, unit, room, h_phone, name, id_number, phone, relation, birth in rows]
    db.conn.executemany("UPDATE resident SET search_text = ?, address_key = ? WHERE id = ?", updates)
    return len(updates)


def reindex_households(db: Database, where: str, params: Iterable = ()) -> int:
    """Recompute search text and sort key of the households matching ``where``
    (over h/u/b/c)."""
    places = unit_places(db)
    rows = db.execute(f"SELECT h.id, h.unit_id, h.room, h.phone FROM household h {HOUSEHOLD_JOINS} "
                      f"WHERE {where}", list(params)).fetchall()
    updates = [(*household_columns(places[unit], room, phone), hid) for hid, unit, room, phone in rows]
    db.conn.executemany("UPDATE household SET search_text = ?, address_key = ? WHERE id = ?", updates)
    return len(updates)


def reindex_all(db: Database) -> None:
    """Recompute every row (after a bulk import, or to repair)."""
    reindex_households(db, "1")
    reindex_residents(db, "1")


def search_texts_stale(db: Database, sample: int = 200) -> bool:
    """True if residents' search texts were made by an older program that
    read surnames like any other character (丁 also as zheng, 王 also as
    yu …): their initials then do not all start with the surname's reading
    (``core.surnames``). Looks at the first ``sample`` residents whose
    surname the table knows; a ledger whose texts are current never is.
    """
    rows = db.execute("SELECT name, search_text FROM resident WHERE length(name) > 1 LIMIT ?",
                      [sample]).fetchall()
    for name, text in rows:
        reading = SURNAMES.get(name[0])
        if reading is None or name[:2] in COMPOUND_SURNAMES or not text:
            continue
        tokens = text[len(name) + 1:].split(" ")
        initials = []
        for token in tokens:  # the initials, then the full pinyin (core.registry.index)
            if not (token.isascii() and token.isalpha()):
                break
            initials.append(token)
        if any(not token.startswith(reading[0]) for token in initials):
            return True
    return False


def refresh_search_texts(ledger) -> None:
    """Recompute every search text and sort key (after :func:`search_texts_stale`)."""
    ledger.write("registry.reindex", {"household", "resident"}, reindex_all)
