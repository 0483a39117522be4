"""The figures on the start screen: the compound at a glance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sqlite_utils import Database

from core import vocab
from core.ledger import current_community


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


def overview(db: Database, today: datetime.date | None = None, recent: int = 8, *,
             community_id: str | None = None) -> Overview:
    """The figures of one community: ``community_id``, else the ledger's current one."""
    today = today or datetime.date.today()
    community = community_id or current_community(db)
    year_start = today.replace(month=1, day=1).isoformat()
    sixty = today.replace(year=today.year - 60).isoformat() if not (today.month == 2 and today.day == 29) \
        else datetime.date(today.year - 60, 2, 28).isoformat()
    eighty = datetime.date(today.year - 80, today.month, min(today.day, 28)).isoformat()
    places = db.execute(
        "SELECT (SELECT count(*) FROM compound c WHERE c.community_id = :c), "
        "(SELECT count(*) FROM building b JOIN compound c ON c.id = b.compound_id WHERE c.community_id = :c), "
        "(SELECT count(*) FROM unit u JOIN building b ON b.id = u.building_id "
        " JOIN compound c ON c.id = b.compound_id WHERE c.community_id = :c), "
        "(SELECT count(*) FROM household WHERE community_id = :c), "
        "(SELECT count(*) FROM household WHERE community_id = :c AND tenure = '空置')", {"c": community}).fetchone()
    # One pass over the residents for all their figures.
    people = db.execute(
        "SELECT total(status = '在住'), "
        "total(status = '在住' AND political_status IN ('中共党员', '中共预备党员')), "
        "total(status = '在住' AND birth_date <= ?), total(status = '在住' AND birth_date <= ?), "
        "total(status = '迁出' AND status_date >= ?), total(status = '死亡' AND status_date >= ?) "
        "FROM resident WHERE community_id = ?", [sixty, eighty, year_start, year_start, community]).fetchone()
    party = db.execute(
        "SELECT total(p.presence = '长期在外'), total(p.reachable = 0) FROM party_member p "
        "JOIN resident r ON r.id = p.resident_id WHERE r.status = '在住' AND r.community_id = ?",
        [community]).fetchone()
    living, members, elderly_60, elderly_80, moved_out, deceased = (int(n) for n in people)
    row = (*places, living, members, int(party[0]), int(party[1]), elderly_60, elderly_80, moved_out, deceased)
    tag_counts = dict(db.execute(
        "SELECT t.tag, count(*) FROM resident_tag t JOIN resident r ON r.id = t.resident_id "
        "WHERE r.status = '在住' AND r.community_id = ? GROUP BY t.tag", [community]).fetchall())
    tags = [(tag, tag_counts.get(tag, 0)) for tag in vocab.VULNERABLE_TAGS]
    tags += [(tag, n) for tag, n in sorted(tag_counts.items()) if tag not in vocab.VULNERABLE_TAGS]
    events = db.execute(
        "SELECT e.date, e.kind, r.name, coalesce("
        " (SELECT b.name || u.name || h.room FROM household h JOIN unit u ON u.id = h.unit_id "
        "  JOIN building b ON b.id = u.building_id WHERE h.id = coalesce(e.to_household_id, e.from_household_id)), '') "
        "FROM resident_event e JOIN resident r ON r.id = e.resident_id "
        "WHERE e.date IS NOT NULL AND e.date <= ? AND r.community_id = ? "
        "ORDER BY e.date DESC, e.created_at DESC LIMIT ?",
        [today.isoformat(), community, recent]).fetchall()
    return Overview(*row, tags=tags, recent=[tuple(e) for e in events])
