"""The household card (户卡): one household on one page — its address,
tenure and phone, every member (living first, then moved out and deceased,
kept as history) with relation, age, tags, party details and status, and
the household's history (who came, left, died, when)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sqlite_utils import Database

from core import vocab
from core.registry.choices import household_address
from core.registry.households import get_household
from core.registry.residents import get_resident
from core.registry.rules import age

_RELATION_ORDER = {relation: n for n, relation in enumerate(vocab.RELATIONS)}
_STATUS_ORDER = {status: n for n, status in enumerate(vocab.STATUSES)}


@dataclass(frozen=True)
class CardMember:
    """One member as the card shows it (numbers unmasked here; the screen masks)."""

    resident_id: str
    name: str
    relation: str
    sex: str
    age: int | None
    birth_date: datetime.date | None
    id_number: str
    phone: str
    political_status: str
    status: str
    status_date: datetime.date | None
    tags: tuple[str, ...]
    party: str  # "2001-07-01 入党 · 第一党小组 · 长期在外", or ""


@dataclass(frozen=True)
class CardEvent:
    date: datetime.date | None
    name: str
    kind: str  # 登记, 迁入, 转入, 转出, 迁出, 死亡 …
    note: str


@dataclass(frozen=True)
class HouseholdCard:
    household_id: str
    address: str
    tenure: str
    phone: str
    notes: str
    members: list[CardMember] = field(default_factory=list)
    history: list[CardEvent] = field(default_factory=list)

    @property
    def living(self) -> list[CardMember]:
        return [m for m in self.members if m.status == vocab.STATUS_LIVING]

    @property
    def head(self) -> str:
        return next((m.name for m in self.living if m.relation == "户主"), "")


def _party_line(resident) -> str:
    p = resident.party
    if p is None:
        return ""
    parts = [f"{p.joined_date.isoformat()} 入党" if p.joined_date else "入党日期未填"]
    if p.party_group or p.branch:
        parts.append(p.party_group or p.branch)
    parts.append(p.presence + ("" if p.reachable else "，联系不上"))
    return " · ".join(parts)


def household_card(db: Database, household_id: str, today: datetime.date | None = None) -> HouseholdCard:
    """The card of ``household_id``: everyone who lives or lived there."""
    household = get_household(db, household_id)
    today = today or datetime.date.today()
    ids = [rid for (rid,) in db.execute(
        "SELECT id FROM resident WHERE household_id = ? ORDER BY rowid", [household_id])]
    # Those who moved on to another household were here too: the events say so.
    gone = [rid for (rid,) in db.execute(
        "SELECT DISTINCT resident_id FROM resident_event WHERE from_household_id = ? OR to_household_id = ?",
        [household_id, household_id]) if rid not in ids]
    members = []
    for rid in ids + gone:
        r = get_resident(db, rid)
        here = r.household_id == household_id
        members.append(CardMember(
            resident_id=r.id, name=r.name, relation=r.relation if here else "（已转到别户）",
            sex=r.sex, age=age(r.birth_date, today) if r.status == vocab.STATUS_LIVING else None,
            birth_date=r.birth_date, id_number=r.id_number or "", phone=r.phone,
            political_status=r.political_status,
            status=r.status if here else "转出", status_date=r.status_date, tags=r.tags,
            party=_party_line(r)))
    members.sort(key=lambda m: (_STATUS_ORDER.get(m.status, len(_STATUS_ORDER)),
                                _RELATION_ORDER.get(m.relation, len(_RELATION_ORDER))))
    names = {m.resident_id: m.name for m in members}
    history = []
    for kind, date, note, rid, to_id, from_id in db.execute(
            "SELECT kind, date, note, resident_id, to_household_id, from_household_id FROM resident_event "
            "WHERE from_household_id = ? OR to_household_id = ? ORDER BY date, created_at, rowid",
            [household_id, household_id]):
        if kind == "转户":
            kind = "转入" if to_id == household_id else "转出"
        history.append(CardEvent(datetime.date.fromisoformat(date) if date else None,
                                 names.get(rid, ""), kind, note or ""))
    return HouseholdCard(household_id, household_address(db, household_id), household.tenure,
                         household.phone, household.notes, members, history)
