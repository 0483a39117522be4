"""The registry's records and forms, and the names of its tables.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

#: Tables touched by the registry's operations, for change notifications.
T_COMPOUND = "compound"


T_BUILDING = "building"


T_UNIT = "unit"


T_HOUSEHOLD = "household"


T_RESIDENT = "resident"


RESIDENT_TABLES = frozenset({T_RESIDENT, "party_member", "resident_tag", "resident_event"})


@dataclass(frozen=True)
class PartyInfo:
    """Party-member details of a resident (党员信息)."""

    joined_date: datetime.date | None = None
    branch: str = ""
    party_group: str = ""
    presence: str = "在小区"
    reachable: bool = True
    notes: str = ""


@dataclass(frozen=True)
class ResidentForm:
    """What a user enters for a resident; ``id_number`` as typed."""

    name: str
    sex: str = ""
    id_number: str = ""
    birth_date: datetime.date | None = None
    phone: str = ""
    relation: str = ""
    political_status: str = "群众"
    tags: tuple[str, ...] = ()
    notes: str = ""
    party: PartyInfo | None = None


@dataclass(frozen=True)
class Resident:
    """A resident as stored, with party details and tags."""

    id: str
    household_id: str
    name: str
    sex: str
    id_number: str | None
    birth_date: datetime.date | None
    phone: str
    relation: str
    political_status: str
    status: str
    status_date: datetime.date | None
    notes: str
    tags: tuple[str, ...] = ()
    party: PartyInfo | None = None

    def form(self) -> ResidentForm:
        return ResidentForm(
            name=self.name, sex=self.sex, id_number=self.id_number or "",
            birth_date=self.birth_date, phone=self.phone, relation=self.relation,
            political_status=self.political_status, tags=self.tags,
            notes=self.notes, party=self.party,
        )


@dataclass(frozen=True)
class Household:
    id: str
    unit_id: str
    room: str
    tenure: str
    phone: str
    notes: str


@dataclass(frozen=True)
class CompoundForm:
    """A new compound, optionally with its buildings, units and rooms laid out."""

    name: str
    year_built: int | None = None
    floor_area: float | None = None
    notes: str = ""
    buildings: int = 0
    units_per_building: int = 0
    floors: int = 0
    rooms_per_floor: int = 0


@dataclass(frozen=True)
class CheckedResident:
    """A validated resident ready to store, and warnings the user should see."""

    values: dict
    tags: tuple[str, ...]
    party: PartyInfo | None
    warnings: tuple[str, ...] = field(default=())
