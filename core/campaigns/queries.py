"""Read queries of the campaign tab's entry log, page by page.

Each row carries the entry's place label, partner units, named volunteers
and their hours, photo count and its quantities (exact Decimals by metric
key), so the log shows a day's work on one line.
"""

from __future__ import annotations

import datetime

from sqlite_utils import Database

from core.campaigns.metrics import from_stored
from core.campaigns.places import PLACE_JOINS, PLACE_SQL
from core.campaigns.records import PHOTO_OWNER

ENTRY_COLUMNS: dict[str, str] = {
    "id": "e.id",
    "date": "e.date",
    "place": PLACE_SQL,
    "head_count": "e.head_count",
    "notes": "e.notes",
    "partners": "(SELECT group_concat(name, '、') FROM (SELECT p.name FROM campaign_entry_partner ep "
                "JOIN partner_unit p ON p.id = ep.partner_unit_id WHERE ep.entry_id = e.id ORDER BY p.name))",
    "named": "(SELECT count(*) FROM campaign_volunteer v WHERE v.entry_id = e.id)",
    "hours": "(SELECT sum(v.hours) FROM campaign_volunteer v WHERE v.entry_id = e.id)",
    "photos": f"(SELECT count(*) FROM photo f WHERE f.owner_kind = '{PHOTO_OWNER}' AND f.owner_id = e.id)",
}

_ORDER = {
    "date": "e.date, e.created_at",
    "place": f"{PLACE_SQL}, e.date",
    "head_count": "e.head_count, e.date",
    "hours": "hours, e.date",
    "photos": "photos, e.date",
}


def _where(campaign_id: str, start: datetime.date | None, end: datetime.date | None) -> tuple[str, list]:
    sql, params = "e.campaign_id = ?", [campaign_id]
    if start is not None:
        sql += " AND e.date >= ?"
        params.append(start.isoformat())
    if end is not None:
        sql += " AND e.date <= ?"
        params.append(end.isoformat())
    return sql, params


def entry_page(db: Database, campaign_id: str, start: datetime.date | None, end: datetime.date | None,
               offset: int, limit: int, order: str = "date", descending: bool = False) -> list[dict]:
    """One page of a campaign's entries in the range; ``row["quantities"]`` maps metric key → Decimal."""
    where, params = _where(campaign_id, start, end)
    order_sql = _ORDER.get(order, _ORDER["date"])
    if descending:
        order_sql = ", ".join(part.strip() + " DESC" for part in order_sql.split(","))
    columns = ", ".join(f"{sql} AS {key}" for key, sql in ENTRY_COLUMNS.items())
    rows = db.execute(
        f"SELECT {columns} FROM campaign_entry e {PLACE_JOINS} WHERE {where} "
        f"ORDER BY {order_sql}, e.id LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    keys = list(ENTRY_COLUMNS)
    page = [dict(zip(keys, row)) for row in rows]
    by_id = {row["id"]: row for row in page}
    for row in page:
        row["hours"] = from_stored(row["hours"]) if row["hours"] is not None else None
        row["quantities"] = {}
    if by_id:
        marks = ", ".join("?" * len(by_id))
        for entry_id, metric, amount in db.execute(
                f"SELECT entry_id, metric, amount FROM campaign_quantity WHERE entry_id IN ({marks})", list(by_id)):
            by_id[entry_id]["quantities"][metric] = from_stored(amount)
    return page


def entry_count(db: Database, campaign_id: str, start: datetime.date | None = None,
                end: datetime.date | None = None) -> int:
    where, params = _where(campaign_id, start, end)
    return db.execute(f"SELECT count(*) FROM campaign_entry e WHERE {where}", params).fetchone()[0]


def used_places(db: Database, campaign_id: str) -> list[str]:
    """Free-text places already used in the campaign, most used first (for the place field)."""
    return [place for (place,) in db.execute(
        "SELECT place_text FROM campaign_entry WHERE campaign_id = ? AND place_text != '' "
        "GROUP BY place_text ORDER BY count(*) DESC, place_text", [campaign_id])]
