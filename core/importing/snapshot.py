"""What the ledger already holds, loaded once so that 20,000 rows are
matched against dictionaries instead of 20,000 queries.

:func:`fingerprint` summarises the registry tables; the import is committed
only if it is unchanged since the preview was made.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sqlite_utils import Database

from core import vocab
from core.registry import PartyInfo
from core.ledger import current_community


@dataclass
class ExistingResident:
    """A resident as stored, the columns the importer compares."""

    id: str
    household_id: str
    name: str
    sex: str
    id_number: str | None
    birth_date: str | None
    phone: str
    relation: str
    political_status: str
    status: str
    notes: str


@dataclass
class ExistingHousehold:
    id: str
    unit_id: str
    room: str
    tenure: str
    phone: str
    notes: str


@dataclass
class Snapshot:
    """The registry of one community, keyed the ways the importer looks things up.

    Attributes:
        community_id: None for an empty ledger (the import creates one).
        compounds: name → id.
        buildings: (compound id, name) → id.
        units: (building id, name) → id.
        households: (unit id, room) → household.
        residents: id → resident.
        by_id_number: ID number → resident id.
        by_name: (household id, name) → resident ids.
        by_household: household id → resident ids.
        tags: resident id → tags.
        party: resident id → party details.
        places: household id → (building name, unit name, room).
    """

    community_id: str | None = None
    compounds: dict[str, str] = field(default_factory=dict)
    buildings: dict[tuple[str, str], str] = field(default_factory=dict)
    units: dict[tuple[str, str], str] = field(default_factory=dict)
    households: dict[tuple[str, str], ExistingHousehold] = field(default_factory=dict)
    residents: dict[str, ExistingResident] = field(default_factory=dict)
    by_id_number: dict[str, str] = field(default_factory=dict)
    by_name: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    by_household: dict[str, list[str]] = field(default_factory=dict)
    tags: dict[str, set[str]] = field(default_factory=dict)
    party: dict[str, PartyInfo] = field(default_factory=dict)
    places: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def address_of(self, household_id: str) -> str:
        building, unit, room = self.places.get(household_id, ("", "", ""))
        return f"{building}{unit}{room}"


def load_snapshot(db: Database) -> Snapshot:
    """Everything of the ledger's current community the importer matches against."""
    snap = Snapshot()
    community = current_community(db)
    if community is None:
        return snap
    snap.community_id = community
    for cid, name in db.execute("SELECT id, name FROM compound WHERE community_id = ?", [community]):
        snap.compounds[name] = cid
    for bid, cid, name in db.execute(
            "SELECT b.id, b.compound_id, b.name FROM building b JOIN compound c ON c.id = b.compound_id "
            "WHERE c.community_id = ?", [community]):
        snap.buildings[(cid, name)] = bid
    unit_names: dict[str, tuple[str, str]] = {}
    for uid, bid, name, building in db.execute(
            "SELECT u.id, u.building_id, u.name, b.name FROM unit u JOIN building b ON b.id = u.building_id "
            "JOIN compound c ON c.id = b.compound_id WHERE c.community_id = ?", [community]):
        snap.units[(bid, name)] = uid
        unit_names[uid] = (building, name)
    for values in db.execute(
            "SELECT id, unit_id, room, tenure, phone, notes FROM household WHERE community_id = ?", [community]):
        household = ExistingHousehold(*values)
        snap.households[(household.unit_id, household.room)] = household
        building, unit = unit_names.get(household.unit_id, ("", ""))
        snap.places[household.id] = (building, unit, household.room)
    for values in db.execute(
            "SELECT id, household_id, name, sex, id_number, birth_date, phone, relation, "
            "political_status, status, notes FROM resident WHERE community_id = ?", [community]):
        resident = ExistingResident(*values)
        snap.residents[resident.id] = resident
        if resident.id_number:
            snap.by_id_number[resident.id_number] = resident.id
        snap.by_name.setdefault((resident.household_id, resident.name), []).append(resident.id)
        snap.by_household.setdefault(resident.household_id, []).append(resident.id)
    for resident_id, tag in db.execute(
            "SELECT t.resident_id, t.tag FROM resident_tag t JOIN resident r ON r.id = t.resident_id "
            "WHERE r.community_id = ?", [community]):
        snap.tags.setdefault(resident_id, set()).add(tag)
    for resident_id, joined, branch, group, presence, reachable, notes in db.execute(
            "SELECT p.resident_id, p.joined_date, p.branch, p.party_group, p.presence, p.reachable, p.notes "
            "FROM party_member p JOIN resident r ON r.id = p.resident_id WHERE r.community_id = ?", [community]):
        snap.party[resident_id] = PartyInfo(
            datetime.date.fromisoformat(joined) if joined else None, branch, group, presence,
            bool(reachable), notes)
    return snap


def living_head(snap: Snapshot, household_id: str, exclude: set[str]) -> tuple[str, str] | None:
    """(id, name) of the household's living head in the ledger, ignoring ``exclude``."""
    for resident_id in snap.by_household.get(household_id, ()):
        resident = snap.residents[resident_id]
        if resident_id not in exclude and resident.relation == "户主" and resident.status == vocab.STATUS_LIVING:
            return resident_id, resident.name
    return None


_FINGERPRINT_SQL = (
    "SELECT (SELECT count(*) || '/' || ifnull(max(updated_at), '') FROM resident), "
    "(SELECT count(*) || '/' || ifnull(max(updated_at), '') FROM household), "
    "(SELECT count(*) FROM building), (SELECT count(*) FROM unit), (SELECT count(*) FROM compound), "
    "(SELECT count(*) FROM community), (SELECT count(*) FROM resident_tag), "
    "(SELECT count(*) FROM party_member)"
)


def fingerprint(db: Database) -> tuple:
    """A summary of the registry tables that changes when any of them does."""
    return tuple(db.execute(_FINGERPRINT_SQL).fetchone())
