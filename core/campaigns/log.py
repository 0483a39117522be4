"""A campaign's log as the exports print it: each entry with its partner
units, volunteers and quantities, in date order."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from core.campaigns.places import PLACE_JOINS, PLACE_SQL


@dataclass(frozen=True)
class LogLine:
    entry_id: str
    date: datetime.date
    place: str
    head_count: int | None
    notes: str
    partners: tuple[str, ...]
    volunteers: tuple[tuple[str, int], ...]  # (name, stored hours)
    quantities: dict[str, int]  # metric key → stored amount


def campaign_log(db: Database, campaign_id: str) -> list[LogLine]:
    entries = db.execute(
        f"SELECT e.id, e.date, {PLACE_SQL}, e.head_count, e.notes FROM campaign_entry e {PLACE_JOINS} "
        "WHERE e.campaign_id = ? ORDER BY e.date, e.created_at", [campaign_id]).fetchall()
    partners = _grouped(db.execute(
        "SELECT ep.entry_id, p.name FROM campaign_entry_partner ep JOIN partner_unit p ON p.id = ep.partner_unit_id "
        "JOIN campaign_entry e ON e.id = ep.entry_id WHERE e.campaign_id = ? ORDER BY p.name", [campaign_id]))
    volunteers = _grouped(db.execute(
        "SELECT v.entry_id, v.name, v.hours FROM campaign_volunteer v JOIN campaign_entry e ON e.id = v.entry_id "
        "WHERE e.campaign_id = ? ORDER BY v.sort_key", [campaign_id]))
    quantities: dict[str, dict[str, int]] = {}
    for entry_id, metric, amount in db.execute(
            "SELECT q.entry_id, q.metric, q.amount FROM campaign_quantity q JOIN campaign_entry e "
            "ON e.id = q.entry_id WHERE e.campaign_id = ?", [campaign_id]):
        quantities.setdefault(entry_id, {})[metric] = amount
    return [LogLine(entry_id, datetime.date.fromisoformat(date), place, head_count, notes or "",
                    tuple(name for (name,) in partners.get(entry_id, [])),
                    tuple(volunteers.get(entry_id, [])), quantities.get(entry_id, {}))
            for entry_id, date, place, head_count, notes in entries]


def _grouped(rows: Iterable[tuple]) -> dict[str, list[tuple]]:
    grouped: dict[str, list[tuple]] = {}
    for key, *rest in rows:
        grouped.setdefault(key, []).append(tuple(rest))
    return grouped
