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

_SEP = "\x1f"

#: The joins that give residents (r) their household (h), unit (u),
#: building (b) and compound (c).
RESIDENT_JOINS = (
    "JOIN household h ON h.id = r.household_id "
    "JOIN unit u ON u.id = h.unit_id "
    "JOIN building b ON b.id = u.building_id "
    "JOIN compound c ON c.id = b.compound_id"
)
HOUSEHOLD_JOINS = (
    "JOIN unit u ON u.id = h.unit_id "
    "JOIN building b ON b.id = u.building_id "
    "JOIN compound c ON c.id = b.compound_id"
)


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


def reindex_residents(db: Database, where: str, params: Iterable = ()) -> int:
    """Recompute search text and sort key of the residents matching ``where``
    (an SQL condition over r/h/u/b/c). Returns how many were updated."""
    rows = db.execute(
        "SELECT r.id, r.name, r.id_number, r.phone, r.relation, r.birth_date, "
        "c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name, h.room, h.phone "
        f"FROM resident r {RESIDENT_JOINS} WHERE {where}", list(params)).fetchall()
    updates = []
    for (rid, name, id_number, phone, relation, birth, c_created, c_name, b_sort, b_name,
         u_sort, u_name, room, h_phone) in rows:
        key = household_key(c_created, c_name, b_sort, b_name, u_sort, u_name, room)
        updates.append((
            resident_search_text(name, id_number, phone, b_name, u_name, room, h_phone),
            resident_key(key, relation, birth), rid))
    db.conn.executemany("UPDATE resident SET search_text = ?, address_key = ? WHERE id = ?", updates)
    return len(updates)


def reindex_households(db: Database, where: str, params: Iterable = ()) -> int:
    """Recompute search text and sort key of the households matching ``where``
    (over h/u/b/c)."""
    rows = db.execute(
        "SELECT h.id, c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name, h.room, h.phone "
        f"FROM household h {HOUSEHOLD_JOINS} WHERE {where}", list(params)).fetchall()
    updates = [
        (household_search_text(b_name, u_name, room, phone),
         household_key(c_created, c_name, b_sort, b_name, u_sort, u_name, room), hid)
        for hid, c_created, c_name, b_sort, b_name, u_sort, u_name, room, phone in rows]
    db.conn.executemany("UPDATE household SET search_text = ?, address_key = ? WHERE id = ?", updates)
    return len(updates)


def reindex_all(db: Database) -> None:
    """Recompute every row (after a bulk import, or to repair)."""
    reindex_households(db, "1")
    reindex_residents(db, "1")
