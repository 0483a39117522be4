"""The campaigns' records and forms, and the names of their tables.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from core.errors import ValidationError
from core.people import Person

T_PARTNER = "partner_unit"


T_CAMPAIGN = "campaign"


T_ENTRY = "campaign_entry"


CAMPAIGN_TABLES = frozenset({T_CAMPAIGN, "campaign_partner", "campaign_goal"})


ENTRY_TABLES = frozenset({T_ENTRY, "campaign_entry_partner", "campaign_volunteer", "campaign_quantity"})


#: Every table of this module, for screens that watch them all.
ALL_TABLES = CAMPAIGN_TABLES | ENTRY_TABLES | {T_PARTNER, "campaign_metric"}


#: Kinds of partner unit (包保单位), the one list the dialogs offer.
PARTNER_KINDS: tuple[str, ...] = ("市直单位", "区直单位", "街道", "社区", "居民志愿队", "物业 / 企业", "其他")


#: Tab title, for due items that open a campaign.
TAB_TITLE = "整治行动"


#: owner_kind of entry photos in the photo module, and their two slots.
PHOTO_OWNER = "campaign_entry"


PHOTO_BEFORE = "before"


PHOTO_AFTER = "after"


class OutsideCampaign(ValidationError):
    """The entry's date lies outside its campaign; save only once confirmed."""


@dataclass(frozen=True)
class PartnerUnit:
    """A unit that sends volunteers (包保单位): 市城管局, 区住建局, 社区 …"""

    id: str
    name: str
    kind: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CampaignForm:
    """What the user enters for a campaign. Goals are exact amounts per metric key."""

    name: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    organiser: str = ""
    notes: str = ""
    partner_unit_ids: tuple[str, ...] = ()
    goals: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Campaign:
    """A campaign as stored."""

    id: str
    community_id: str
    name: str
    start_date: datetime.date
    end_date: datetime.date
    organiser: str
    notes: str
    partner_unit_ids: tuple[str, ...] = ()
    goals: Mapping[str, Decimal] = field(default_factory=dict)

    def contains(self, date: datetime.date) -> bool:
        return self.start_date <= date <= self.end_date

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def form(self) -> CampaignForm:
        return CampaignForm(self.name, self.start_date, self.end_date, self.organiser, self.notes,
                            self.partner_unit_ids, dict(self.goals))


@dataclass(frozen=True)
class VolunteerForm:
    """One named volunteer of an entry: a resident of the registry (``resident_id``)
    or a name typed in (partner staff), the unit they came with, and hours."""

    name: str
    hours: Decimal
    resident_id: str | None = None
    partner_unit_id: str | None = None

    @property
    def person(self) -> Person:
        return Person(self.name, self.resident_id)


@dataclass(frozen=True)
class EntryForm:
    """What the team leader enters for a day's or a job's work.

    Attributes:
        place: a building or unit as the registry names it (``3栋``,
            ``3栋2单元``) or any other place (``北侧绿化带``).
        head_count: everyone who came, named or not; None means the named
            volunteers only.
        quantities: exact amounts per metric key; zeros may be left out.
    """

    date: datetime.date | None
    place: str
    partner_unit_ids: tuple[str, ...] = ()
    volunteers: tuple[VolunteerForm, ...] = ()
    head_count: int | None = None
    quantities: Mapping[str, Decimal] = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True)
class Entry:
    """An entry as stored, with its place's label."""

    id: str
    campaign_id: str
    date: datetime.date
    place: str
    building_id: str | None
    unit_id: str | None
    head_count: int
    notes: str
    partner_unit_ids: tuple[str, ...]
    volunteers: tuple[VolunteerForm, ...]
    quantities: Mapping[str, Decimal]

    def form(self) -> EntryForm:
        return EntryForm(self.date, self.place, self.partner_unit_ids, self.volunteers,
                         self.head_count, dict(self.quantities), self.notes)
