"""Compounds, buildings and units: laying a compound out, adding, renaming
and deleting empty ones.
"""

from __future__ import annotations

import datetime

from sqlite_utils import Database

from core import address
from core.errors import ValidationError
from core.ledger import CURRENT_COMMUNITY, Ledger, new_id, now
from core.registry import index as registry_index
from core.registry.records import (
    T_BUILDING,
    T_COMPOUND,
    T_HOUSEHOLD,
    T_RESIDENT,
    T_UNIT,
    CompoundForm,
)
from core.text_rules import clean_line, clean_notes


def ensure_community(ledger: Ledger, name: str = "", subdistrict: str = "") -> str:
    """The id of the ledger's current community, created on first use.

    A name or sub-district given renames the current community.
    """
    existing = ledger.community_id
    if existing:
        if name.strip() or subdistrict.strip():
            ledger.write(
                "community.edit", {"community"},
                lambda db: db.execute(
                    "UPDATE community SET name = coalesce(nullif(?, ''), name), "
                    "subdistrict = coalesce(nullif(?, ''), subdistrict) WHERE id = ?",
                    [name.strip(), subdistrict.strip(), existing],
                ),
            )
        return existing
    community_id = new_id()

    def apply(db: Database) -> None:
        if db.execute("SELECT 1 FROM community").fetchone():
            # Several communities (a sub-district's roll-up) and none chosen.
            raise ValidationError("账本中有多个社区，请先选择要处理的社区")
        db["community"].insert({
            "id": community_id, "name": name.strip() or "本社区",
            "subdistrict": subdistrict.strip(), "created_at": now(),
        })
        db.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [CURRENT_COMMUNITY, community_id])

    ledger.write("community.create", {"community", "setting"}, apply, ids=[community_id])
    return community_id


def create_community(ledger: Ledger, name: str, subdistrict: str = "") -> str:
    """Add another community to the ledger (a sub-district's roll-up holds
    several); returns its id. The current community stays as it was."""
    name = name.strip()
    if not name:
        raise ValidationError("请填写社区名称", "community")
    community_id = new_id()

    def apply(db: Database) -> None:
        if db.execute("SELECT 1 FROM community WHERE name = ?", [name]).fetchone():
            raise ValidationError(f"已经有名为“{name}”的社区", "community")
        if not db.execute("SELECT 1 FROM setting WHERE key = ?", [CURRENT_COMMUNITY]).fetchone():
            # The one worked on so far stays the current one.
            only = db.execute("SELECT id FROM community").fetchall()
            if len(only) == 1:
                db.execute("INSERT INTO setting (key, value) VALUES (?, ?)", [CURRENT_COMMUNITY, only[0][0]])
        db["community"].insert({"id": community_id, "name": name, "subdistrict": subdistrict.strip(),
                                "created_at": now()})

    ledger.write("community.create", {"community", "setting"}, apply, ids=[community_id])
    return community_id


def community_of_compound(db: Database, compound_id: str) -> str:
    return db.execute("SELECT community_id FROM compound WHERE id = ?", [compound_id]).fetchone()[0]


def create_compound(ledger: Ledger, community_id: str, form: CompoundForm) -> str:
    """Create a compound, laying out buildings, units and rooms if asked.

    Rooms are numbered floor by floor: floor 3 with 2 rooms per floor gives
    301 and 302.
    """
    name = clean_line(form.name, label="小区名称", field="name", limit=60)
    if not name:
        raise ValidationError("请填写小区名称", "name")
    this_year = datetime.date.today().year
    if form.year_built is not None and not 1900 <= form.year_built <= this_year:
        raise ValidationError(f"建成年份应在 1900 到 {this_year} 之间", "year_built")
    if form.floor_area is not None and form.floor_area < 0:
        raise ValidationError("总面积不能为负数", "floor_area")
    if ledger.db.execute(
        "SELECT 1 FROM compound WHERE community_id = ? AND name = ?", [community_id, name]
    ).fetchone():
        raise ValidationError(f"已有名为“{name}”的小区", "name")
    if not (0 <= form.buildings <= 200 and 0 <= form.units_per_building <= 20
            and 0 <= form.floors <= 60 and 0 <= form.rooms_per_floor <= 20):
        raise ValidationError("楼栋、单元、楼层或每层户数超出范围", "buildings")
    compound_id = new_id()
    stamp = now()

    def apply(db: Database) -> None:
        db["compound"].insert({
            "id": compound_id, "community_id": community_id, "name": name,
            "year_built": form.year_built, "floor_area": form.floor_area,
            "notes": clean_notes(form.notes), "created_at": stamp, "updated_at": stamp,
        })
        for b in range(1, form.buildings + 1):
            building_id = new_id()
            db["building"].insert({
                "id": building_id, "compound_id": compound_id,
                "name": address.building_name(b), "sort_key": b, "created_at": stamp,
            })
            for u in range(1, form.units_per_building + 1):
                unit_id = new_id()
                db["unit"].insert({
                    "id": unit_id, "building_id": building_id,
                    "name": address.unit_name(u), "sort_key": u, "created_at": stamp,
                })
                db["household"].insert_all(
                    household_row(community_id, unit_id, f"{floor}{room:02d}", stamp)
                    for floor in range(1, form.floors + 1)
                    for room in range(1, form.rooms_per_floor + 1)
                )
        registry_index.reindex_households(db, "c.id = ?", [compound_id])

    ledger.write("compound.create", {T_COMPOUND, T_BUILDING, T_UNIT, T_HOUSEHOLD}, apply, ids=[compound_id])
    return compound_id


def update_compound(ledger: Ledger, compound_id: str, form: CompoundForm) -> None:
    name = clean_line(form.name, label="小区名称", field="name", limit=60)
    if not name:
        raise ValidationError("请填写小区名称", "name")
    def apply(db: Database) -> None:
        db.execute(
            "UPDATE compound SET name = ?, year_built = ?, floor_area = ?, notes = ?, "
            "updated_at = ? WHERE id = ?",
            [name, form.year_built, form.floor_area, clean_notes(form.notes), now(), compound_id])
        registry_index.reindex_households(db, "c.id = ?", [compound_id])
        registry_index.reindex_residents(db, "c.id = ?", [compound_id])

    ledger.write("compound.edit", {T_COMPOUND, T_HOUSEHOLD, T_RESIDENT}, apply, ids=[compound_id])


def add_building(ledger: Ledger, compound_id: str, name: str) -> str:
    """Add a building (``3号楼`` is stored as ``3栋``) to a compound."""
    return _add_place(ledger, T_BUILDING, "compound_id", compound_id, address.normalize_building(name)
                      if name.strip() else "", "请填写楼栋名称，如“3栋”", "本小区")


def add_unit(ledger: Ledger, building_id: str, name: str) -> str:
    """Add a unit (``二单元`` is stored as ``2单元``) to a building."""
    return _add_place(ledger, T_UNIT, "building_id", building_id, address.normalize_unit(name)
                      if name.strip() else "", "请填写单元名称，如“2单元”", "本楼栋")


def _add_place(ledger: Ledger, table: str, parent_column: str, parent_id: str, name: str,
               missing: str, within: str) -> str:
    if not name:
        raise ValidationError(missing, "name")
    if ledger.db.execute(f"SELECT 1 FROM {table} WHERE {parent_column} = ? AND name = ?",
                         [parent_id, name]).fetchone():
        raise ValidationError(f"{within}已有“{name}”", "name")
    place_id = new_id()
    ledger.write(
        "building.add" if table == T_BUILDING else "unit.add", {table},
        lambda db: db[table].insert({
            "id": place_id, parent_column: parent_id, "name": name,
            "sort_key": address.leading_number(name) or 0, "created_at": now(),
        }),
        ids=[place_id],
    )
    return place_id


def rename_node(ledger: Ledger, table: str, node_id: str, name: str) -> None:
    """Rename a building or unit (``table`` is ``building`` or ``unit``)."""
    if table not in (T_BUILDING, T_UNIT):
        raise ValueError(table)
    normalize = address.normalize_building if table == T_BUILDING else address.normalize_unit
    parent = "compound_id" if table == T_BUILDING else "building_id"
    name = normalize(name) if name.strip() else ""
    if not name:
        raise ValidationError("名称不能为空", "name")
    clash = ledger.db.execute(
        f"SELECT 1 FROM {table} WHERE name = ? AND id != ? AND {parent} = "
        f"(SELECT {parent} FROM {table} WHERE id = ?)",
        [name, node_id, node_id],
    ).fetchone()
    if clash:
        raise ValidationError(f"已有同名的“{name}”", "name")
    column = "b.id" if table == T_BUILDING else "u.id"

    def apply(db: Database) -> None:
        db.execute(f"UPDATE {table} SET name = ?, sort_key = ? WHERE id = ?",
                   [name, address.leading_number(name) or 0, node_id])
        registry_index.reindex_households(db, f"{column} = ?", [node_id])
        registry_index.reindex_residents(db, f"{column} = ?", [node_id])

    ledger.write("place.rename", {table, T_HOUSEHOLD, T_RESIDENT}, apply, ids=[node_id])


def delete_empty_node(ledger: Ledger, table: str, node_id: str) -> None:
    """Delete a building or unit that holds no households.

    One that holds households is refused: residents are history and are
    never removed this way.
    """
    if table not in (T_BUILDING, T_UNIT):
        raise ValueError(table)

    def apply(db: Database) -> None:
        if table == T_BUILDING:
            count = db.execute(
                "SELECT count(*) FROM household h JOIN unit u ON u.id = h.unit_id "
                "WHERE u.building_id = ?", [node_id]).fetchone()[0]
        else:
            count = db.execute("SELECT count(*) FROM household WHERE unit_id = ?", [node_id]).fetchone()[0]
        if count:
            raise ValidationError(f"其中还有 {count} 户，不能删除。请先把住户转到别处", "name")
        if table == T_BUILDING:
            db.execute("DELETE FROM unit WHERE building_id = ?", [node_id])
        db.execute(f"DELETE FROM {table} WHERE id = ?", [node_id])

    # A unit's place in the grid (grid_unit) goes with it (ON DELETE CASCADE).
    ledger.write("building.delete" if table == T_BUILDING else "unit.delete",
                 {T_BUILDING, T_UNIT, "grid_unit"}, apply, ids=[node_id])


def household_row(community_id: str, unit_id: str, room: str, stamp: str, **extra) -> dict:
    return {
        "id": new_id(), "community_id": community_id, "unit_id": unit_id,
        "room": room, "room_key": address.room_key(room), "tenure": extra.get("tenure", "自有"),
        "phone": extra.get("phone", ""), "notes": extra.get("notes", ""),
        "created_at": stamp, "updated_at": stamp,
    }


def community_of_unit(db: Database, unit_id: str) -> str:
    row = db.execute(
        "SELECT c.community_id FROM unit u JOIN building b ON b.id = u.building_id "
        "JOIN compound c ON c.id = b.compound_id WHERE u.id = ?", [unit_id]).fetchone()
    if row is None:
        raise ValidationError("所选单元不存在，可能已被删除", "unit")
    return row[0]
