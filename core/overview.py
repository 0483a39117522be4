"""The figures on the start screen: the compound at a glance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sqlite_utils import Database

from core import vocab


@dataclass(frozen=True)
class Overview:
    """Counts of living residents unless said otherwise.

    Attributes:
        tags: residents per vulnerable-group tag, in the order of core.vocab.
        recent: (date, kind, name, address) of the latest registry events.
    """

    compounds: int
    buildings: int
    units: int
    households: int
    vacant_households: int
    residents: int
    party_members: int
    party_away: int
    party_unreachable: int
    elderly_60: int
    elderly_80: int
    moved_out_this_year: int
    deceased_this_year: int
    tags: list[tuple[str, int]] = field(default_factory=list)
    recent: list[tuple[str, str, str, str]] = field(default_factory=list)


def overview(db: Database, today: datetime.date | None = None, recent: int = 8) -> Overview:
    today = today or datetime.date.today()
    year_start = today.replace(month=1, day=1).isoformat()
    sixty = today.replace(year=today.year - 60).isoformat() if not (today.month == 2 and today.day == 29) \
        else datetime.date(today.year - 60, 2, 28).isoformat()
    eighty = datetime.date(today.year - 80, today.month, min(today.day, 28)).isoformat()
    places = db.execute(
        "SELECT (SELECT count(*) FROM compound), (SELECT count(*) FROM building), (SELECT count(*) FROM unit), "
        "(SELECT count(*) FROM household), (SELECT count(*) FROM household WHERE tenure = '空置')").fetchone()
    # One pass over the residents for all their figures.
    people = db.execute(
        "SELECT total(status = '在住'), "
        "total(status = '在住' AND political_status IN ('中共党员', '中共预备党员')), "
        "total(status = '在住' AND birth_date <= ?), total(status = '在住' AND birth_date <= ?), "
        "total(status = '迁出' AND status_date >= ?), total(status = '死亡' AND status_date >= ?) "
        "FROM resident", [sixty, eighty, year_start, year_start]).fetchone()
    party = db.execute(
        "SELECT total(p.presence = '长期在外'), total(p.reachable = 0) FROM party_member p "
        "JOIN resident r ON r.id = p.resident_id WHERE r.status = '在住'").fetchone()
    living, members, elderly_60, elderly_80, moved_out, deceased = (int(n) for n in people)
    row = (*places, living, members, int(party[0]), int(party[1]), elderly_60, elderly_80, moved_out, deceased)
    tag_counts = dict(db.execute(
        "SELECT t.tag, count(*) FROM resident_tag t JOIN resident r ON r.id = t.resident_id "
        "WHERE r.status = '在住' GROUP BY t.tag").fetchall())
    tags = [(tag, tag_counts.get(tag, 0)) for tag in vocab.VULNERABLE_TAGS]
    tags += [(tag, n) for tag, n in sorted(tag_counts.items()) if tag not in vocab.VULNERABLE_TAGS]
    events = db.execute(
        "SELECT e.date, e.kind, r.name, coalesce("
        " (SELECT b.name || u.name || h.room FROM household h JOIN unit u ON u.id = h.unit_id "
        "  JOIN building b ON b.id = u.building_id WHERE h.id = coalesce(e.to_household_id, e.from_household_id)), '') "
        "FROM resident_event e JOIN resident r ON r.id = e.resident_id "
        "WHERE e.date IS NOT NULL AND e.date <= ? "
        "ORDER BY e.date DESC, e.created_at DESC LIMIT ?",
        [today.isoformat(), recent]).fetchall()
    return Overview(*row, tags=tags, recent=[tuple(e) for e in events])
