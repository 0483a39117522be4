"""Names the screens show and pick from: the community's name, its
compounds and units in order, and a household's or resident's address."""

from __future__ import annotations

from sqlite_utils import Database

_UNIT_JOINS = "JOIN building b ON b.id = u.building_id JOIN compound c ON c.id = b.compound_id"


def community_name(db: Database, community_id: str | None) -> str:
    """The community's name, or "" when there is none."""
    if not community_id:
        return ""
    row = db.execute("SELECT name FROM community WHERE id = ?", [community_id]).fetchone()
    return row[0] if row else ""


def has_community(db: Database) -> bool:
    """Whether the ledger holds any community yet (a new ledger does not)."""
    return db.execute("SELECT 1 FROM community LIMIT 1").fetchone() is not None


def compound_choices(db: Database, community_id: str | None) -> list[tuple[str, str]]:
    """(compound id, name) of the community's compounds, oldest first."""
    return [tuple(row) for row in db.execute(
        "SELECT id, name FROM compound WHERE community_id = ? ORDER BY created_at, name",
        [community_id])]


def unit_choices(db: Database, community_id: str | None) -> list[tuple[str, str]]:
    """(unit id, ``小区 3栋2单元``) of every unit of the community, in order."""
    return [tuple(row) for row in db.execute(
        f"SELECT u.id, c.name || ' ' || b.name || u.name FROM unit u {_UNIT_JOINS} "
        "WHERE c.community_id = ? "
        "ORDER BY c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name", [community_id])]


def household_address(db: Database, household_id: str) -> str:
    """``3栋2单元301`` of a household, or "" when it is gone."""
    row = db.execute(
        "SELECT b.name || u.name || h.room FROM household h JOIN unit u ON u.id = h.unit_id "
        "JOIN building b ON b.id = u.building_id WHERE h.id = ?", [household_id]).fetchone()
    return row[0] if row else ""


def resident_address(db: Database, resident_id: str) -> str:
    """``3栋2单元301`` of a resident's household, or "" when unknown."""
    row = db.execute("SELECT household_id FROM resident WHERE id = ?", [resident_id]).fetchone()
    return household_address(db, row[0]) if row else ""
