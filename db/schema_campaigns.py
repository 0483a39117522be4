"""Schema of the volunteer campaigns (专项整治行动): partner units, campaigns,
their goals, the daily entries with places, partner units, volunteers and
quantities, and the office's own metrics.

Quantities, goals and hours are exact: stored as INTEGER counts of
ten-thousandths of their unit (``core.campaign_metrics.SCALE``), so that
``3.2 吨`` is ``32000`` and SQL ``sum()`` over them is exact. The built-in
metrics live in ``core.campaign_metrics``; ``metric`` columns hold their
ASCII key, or the id of a row of ``campaign_metric``.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations import execute_script, migration


@migration(5, "campaigns")
def create_campaigns(db: Database) -> None:
    execute_script(db, _CAMPAIGNS_SQL)


_CAMPAIGNS_SQL = """
CREATE TABLE campaign_metric (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    precision INTEGER NOT NULL DEFAULT 0 CHECK (precision BETWEEN 0 AND 4),
    sort_key INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (community_id, name)
);
CREATE TABLE partner_unit (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (community_id, name)
);
CREATE TABLE campaign (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    organiser TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE TABLE campaign_partner (
    campaign_id TEXT NOT NULL REFERENCES campaign(id),
    partner_unit_id TEXT NOT NULL REFERENCES partner_unit(id),
    sort_key INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, partner_unit_id)
);
CREATE TABLE campaign_goal (
    campaign_id TEXT NOT NULL REFERENCES campaign(id),
    metric TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (campaign_id, metric)
);
CREATE TABLE campaign_entry (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaign(id),
    date TEXT NOT NULL,
    building_id TEXT REFERENCES building(id),
    unit_id TEXT REFERENCES unit(id),
    place_text TEXT NOT NULL DEFAULT '',
    head_count INTEGER NOT NULL DEFAULT 0 CHECK (head_count >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX campaign_entry_campaign_date ON campaign_entry (campaign_id, date);
CREATE TABLE campaign_entry_partner (
    entry_id TEXT NOT NULL REFERENCES campaign_entry(id),
    partner_unit_id TEXT NOT NULL REFERENCES partner_unit(id),
    PRIMARY KEY (entry_id, partner_unit_id)
);
CREATE INDEX campaign_entry_partner_unit ON campaign_entry_partner (partner_unit_id);
CREATE TABLE campaign_volunteer (
    id TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES campaign_entry(id),
    resident_id TEXT REFERENCES resident(id),
    name TEXT NOT NULL,
    partner_unit_id TEXT REFERENCES partner_unit(id),
    hours INTEGER NOT NULL CHECK (hours >= 0),
    sort_key INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX campaign_volunteer_entry ON campaign_volunteer (entry_id);
CREATE TABLE campaign_quantity (
    entry_id TEXT NOT NULL REFERENCES campaign_entry(id),
    metric TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (entry_id, metric)
);
"""
