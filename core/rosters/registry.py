"""The registry's rosters: residents, households, party members, care."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlite_utils import Database

from core import vocab
from core.registry import age, community_name, compound_choices
from core.rosters.privacy import Privacy

_PLACE_JOINS = ("JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id "
                "JOIN compound c ON c.id = b.compound_id")
_PLACE_ORDER = "c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name, h.room_key, h.room"
_TAGS = "(SELECT group_concat(tag, '、') FROM resident_tag t WHERE t.resident_id = r.id)"
_RELATION_ORDER = "r.relation != '户主', r.birth_date"
_LIVING_COUNT = "(SELECT count(*) FROM resident x WHERE x.household_id = h.id AND x.status = '在住')"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ResidentLine:
    compound: str
    building: str
    unit: str
    room: str
    name: str
    sex: str
    birth_date: datetime.date | None
    id_number: str
    phone: str
    relation: str
    political_status: str
    tags: str
    status: str
    status_date: datetime.date | None
    tenure: str
    household_phone: str
    notes: str


@dataclass(frozen=True)
class HouseholdLine:
    compound: str
    building: str
    unit: str
    room: str
    head: str
    living: int
    tenure: str
    phone: str
    notes: str


@dataclass(frozen=True)
class PartyLine:
    name: str
    sex: str
    birth_date: datetime.date | None
    id_number: str
    phone: str
    compound: str
    building: str
    unit: str
    room: str
    political_status: str
    joined_date: datetime.date | None
    branch: str
    party_group: str
    presence: str
    reachable: bool | None
    notes: str


@dataclass(frozen=True)
class CareLine:
    name: str
    sex: str
    age: int | None
    birth_date: datetime.date | None
    id_number: str
    phone: str
    compound: str
    building: str
    unit: str
    room: str
    tags: str
    relation: str
    living_in_household: int
    household_phone: str


def roster_place(db: Database, community_id: str | None) -> str:
    """What a roster's title names: the compound when there is one, else the community."""
    compounds = compound_choices(db, community_id)
    return compounds[0][1] if len(compounds) == 1 else community_name(db, community_id)


def resident_roster(db: Database, community_id: str | None,
                    privacy: Privacy = Privacy.MASKED) -> list[ResidentLine]:
    """Every resident with household and status (迁出 and 去世 included, as history)."""
    rows = db.execute(
        f"SELECT c.name, b.name, u.name, h.room, r.name, r.sex, r.birth_date, r.id_number, r.phone, "
        f"r.relation, r.political_status, {_TAGS}, r.status, r.status_date, h.tenure, h.phone, r.notes "
        f"FROM resident r JOIN household h ON h.id = r.household_id {_PLACE_JOINS} "
        "WHERE r.community_id = ? "
        f"ORDER BY {_PLACE_ORDER}, r.status != '在住', {_RELATION_ORDER}, r.name", [community_id])
    return [ResidentLine(c, b, u, room, name, sex, _date(birth), privacy.id_number(idn), privacy.phone(phone),
                         relation, political, tags or "", status, _date(status_date), tenure,
                         privacy.phone(hphone), notes)
            for (c, b, u, room, name, sex, birth, idn, phone, relation, political, tags, status,
                 status_date, tenure, hphone, notes) in rows]


def household_roster(db: Database, community_id: str | None,
                     privacy: Privacy = Privacy.MASKED) -> list[HouseholdLine]:
    """Every household with its head, living count and tenure."""
    rows = db.execute(
        "SELECT c.name, b.name, u.name, h.room, "
        "(SELECT name FROM resident x WHERE x.household_id = h.id AND x.relation = '户主' "
        f" AND x.status = '在住' LIMIT 1), {_LIVING_COUNT}, "
        f"h.tenure, h.phone, h.notes FROM household h {_PLACE_JOINS} WHERE h.community_id = ? "
        f"ORDER BY {_PLACE_ORDER}", [community_id])
    return [HouseholdLine(c, b, u, room, head or "", living, tenure, privacy.phone(phone), notes)
            for c, b, u, room, head, living, tenure, phone, notes in rows]


def party_roster(db: Database, community_id: str | None,
                 privacy: Privacy = Privacy.MASKED) -> list[PartyLine]:
    """Living party members with their branch, group and whereabouts."""
    statuses = ", ".join(f"'{s}'" for s in sorted(vocab.PARTY_STATUSES))
    rows = db.execute(
        "SELECT r.name, r.sex, r.birth_date, r.id_number, r.phone, c.name, b.name, u.name, h.room, "
        "r.political_status, p.joined_date, p.branch, p.party_group, p.presence, p.reachable, p.notes "
        f"FROM resident r JOIN household h ON h.id = r.household_id {_PLACE_JOINS} "
        "LEFT JOIN party_member p ON p.resident_id = r.id "
        f"WHERE r.community_id = ? AND r.status = '在住' AND r.political_status IN ({statuses}) "
        f"ORDER BY {_PLACE_ORDER}, {_RELATION_ORDER}", [community_id])
    return [PartyLine(name, sex, _date(birth), privacy.id_number(idn), privacy.phone(phone), c, b, u, room,
                      political, _date(joined), branch or "", group or "", presence or "",
                      None if reach is None else bool(reach), notes or "")
            for (name, sex, birth, idn, phone, c, b, u, room, political, joined, branch, group,
                 presence, reach, notes) in rows]


def care_roster(db: Database, community_id: str | None,
                privacy: Privacy = Privacy.MASKED) -> list[CareLine]:
    """Living residents carrying any care tag (困难老人, 低保, 独居 …)."""
    rows = db.execute(
        f"SELECT r.name, r.sex, r.birth_date, r.id_number, r.phone, c.name, b.name, u.name, h.room, {_TAGS}, "
        f"r.relation, {_LIVING_COUNT}, h.phone "
        f"FROM resident r JOIN household h ON h.id = r.household_id {_PLACE_JOINS} "
        "WHERE r.community_id = ? AND r.status = '在住' "
        "AND EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id) "
        f"ORDER BY {_PLACE_ORDER}, {_RELATION_ORDER}", [community_id])
    return [CareLine(name, sex, age(_date(birth)), _date(birth), privacy.id_number(idn), privacy.phone(phone),
                     c, b, u, room, tags or "", relation, living, privacy.phone(hphone))
            for name, sex, birth, idn, phone, c, b, u, room, tags, relation, living, hphone in rows]
