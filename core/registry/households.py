"""Households (户): adding, editing and reading them.
"""

from __future__ import annotations

from sqlite_utils import Database

from core import address
from core.errors import ValidationError
from core.ledger import Ledger, now
from core.registry import index as registry_index
from core.registry.places import community_of_unit, household_row
from core.registry.records import T_HOUSEHOLD, T_RESIDENT, Household
from core.registry.rules import check_household
from core.text_rules import clean_notes


def add_household(ledger: Ledger, unit_id: str, room: str, *, tenure: str = "自有",
                  phone: str = "", notes: str = "") -> str:
    community_id = community_of_unit(ledger.db, unit_id)
    room, phone = check_household(ledger.db, unit_id, room, tenure, phone)
    row = household_row(community_id, unit_id, room, now(),
                         tenure=tenure, phone=phone, notes=clean_notes(notes))

    def apply(db: Database) -> None:
        db["household"].insert(row)
        registry_index.reindex_households(db, "h.id = ?", [row["id"]])

    ledger.write("household.add", {T_HOUSEHOLD}, apply, ids=[row["id"]])
    return row["id"]


def update_household(ledger: Ledger, household_id: str, *, unit_id: str, room: str,
                     tenure: str, phone: str, notes: str) -> None:
    room, phone = check_household(ledger.db, unit_id, room, tenure, phone, household_id)
    def apply(db: Database) -> None:
        db.execute(
            "UPDATE household SET unit_id = ?, room = ?, room_key = ?, tenure = ?, phone = ?, "
            "notes = ?, updated_at = ? WHERE id = ?",
            [unit_id, room, address.room_key(room), tenure, phone, clean_notes(notes), now(), household_id],
        )
        registry_index.reindex_households(db, "h.id = ?", [household_id])
        registry_index.reindex_residents(db, "h.id = ?", [household_id])

    ledger.write("household.edit", {T_HOUSEHOLD, T_RESIDENT}, apply, ids=[household_id])


def get_household(db: Database, household_id: str) -> Household:
    row = db.execute(
        "SELECT id, unit_id, room, tenure, phone, notes FROM household WHERE id = ?",
        [household_id]).fetchone()
    if row is None:
        raise ValidationError("该户不存在，可能已被删除", "household")
    return Household(*row)
