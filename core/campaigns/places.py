"""Where a campaign's work was done: a building, a unit, or a place named in
free text (``小区北门``), typed the way workers write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from core import address


@dataclass(frozen=True)
class Place:
    """A building or unit of the registry offered as a place."""

    label: str
    building_id: str
    unit_id: str | None = None


def place_choices(db: Database, community_id: str | None = None) -> list[Place]:
    """Buildings and their units in order (``3栋``, ``3栋1单元`` …); with several
    compounds in the community, each label starts with the compound's name."""
    where, params = "", []
    if community_id:
        where, params = "WHERE c.community_id = ?", [community_id]
    compounds = db.execute(f"SELECT count(*) FROM compound c {where}", params).fetchone()[0]
    rows = db.execute(
        "SELECT c.name, b.id, b.name, u.id, u.name FROM building b "
        "JOIN compound c ON c.id = b.compound_id LEFT JOIN unit u ON u.building_id = b.id "
        f"{where} ORDER BY c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name", params).fetchall()
    places: list[Place] = []
    seen: set[str] = set()
    for compound, building_id, building, unit_id, unit in rows:
        prefix = f"{compound} " if compounds > 1 else ""
        if building_id not in seen:
            seen.add(building_id)
            places.append(Place(prefix + building, building_id))
        if unit_id:
            places.append(Place(prefix + building + unit, building_id, unit_id))
    return places


def resolve_place(db: Database, text: str, community_id: str | None = None) -> tuple[str | None, str | None, str]:
    """(building_id, unit_id, place_text) for what was typed in 地点.

    ``3栋2单元``, ``3号楼2单元`` and ``三栋二单元`` name the registry's unit;
    anything else (``北侧绿化带``, ``3栋楼前``) is kept as free text.
    """
    raw = (text or "").strip()
    if not raw:
        return None, None, ""
    choices = place_choices(db, community_id)
    by_label = {p.label: p for p in choices}
    place = by_label.get(raw) or by_label.get(_normalise_place(raw))
    if place is not None:
        return place.building_id, place.unit_id, ""
    return None, None, raw


_PLACE = re.compile(r"^(?:第)?([0-9０-９零〇一二两三四五六七八九十百]+)(?:栋|号楼|幢|号)"
                    r"(?:(?:第)?([0-9０-９零〇一二两三四五六七八九十百]+)单元)?$")


def _normalise_place(text: str) -> str:
    """``3号楼2单元`` / ``三栋二单元`` → ``3栋2单元``; other text unchanged."""
    match = _PLACE.match(text.replace(" ", ""))
    if not match:
        return text
    building = address.building_name(address.leading_number(match.group(1)))
    if match.group(2):
        return building + address.unit_name(address.leading_number(match.group(2)))
    return building


def place_label(db: Database, building_id: str | None, unit_id: str | None, place_text: str) -> str:
    """The label of a stored place."""
    if unit_id:
        row = db.execute("SELECT b.name || u.name FROM unit u JOIN building b ON b.id = u.building_id "
                         "WHERE u.id = ?", [unit_id]).fetchone()
        return row[0] if row else place_text
    if building_id:
        row = db.execute("SELECT name FROM building WHERE id = ?", [building_id]).fetchone()
        return row[0] if row else place_text
    return place_text


#: SQL giving an entry ``e``'s place label (joins PLACE_JOINS).
PLACE_SQL = "coalesce(pb.name || coalesce(pu.name, ''), e.place_text)"


PLACE_JOINS = ("LEFT JOIN building pb ON pb.id = e.building_id "
               "LEFT JOIN unit pu ON pu.id = e.unit_id")
