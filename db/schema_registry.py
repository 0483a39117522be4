"""Schema of the household registry: community › compound › building › unit
› household › resident, party membership, tags and the history of moves."""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations import execute_script, migration


@migration(1, "registry")
def create_registry(db: Database) -> None:
    execute_script(db, _REGISTRY_SQL)


_REGISTRY_SQL = """
CREATE TABLE community (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    subdistrict TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE compound (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    name TEXT NOT NULL,
    year_built INTEGER,
    floor_area REAL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE building (
    id TEXT PRIMARY KEY,
    compound_id TEXT NOT NULL REFERENCES compound(id),
    name TEXT NOT NULL,
    sort_key INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (compound_id, name)
);
CREATE TABLE unit (
    id TEXT PRIMARY KEY,
    building_id TEXT NOT NULL REFERENCES building(id),
    name TEXT NOT NULL,
    sort_key INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (building_id, name)
);
CREATE TABLE household (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    unit_id TEXT NOT NULL REFERENCES unit(id),
    room TEXT NOT NULL,
    room_key INTEGER NOT NULL DEFAULT 0,
    tenure TEXT NOT NULL DEFAULT '自有',
    phone TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    address_key TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_id, room)
);
CREATE TABLE resident (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    household_id TEXT NOT NULL REFERENCES household(id),
    name TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT '',
    id_number TEXT,
    birth_date TEXT,
    phone TEXT NOT NULL DEFAULT '',
    relation TEXT NOT NULL DEFAULT '',
    political_status TEXT NOT NULL DEFAULT '群众',
    status TEXT NOT NULL DEFAULT '在住',
    status_date TEXT,
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    address_key TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX resident_id_number ON resident (community_id, id_number)
    WHERE id_number IS NOT NULL;
CREATE INDEX resident_household ON resident (household_id);
CREATE INDEX resident_order ON resident (address_key);
CREATE INDEX household_order ON household (address_key);
CREATE INDEX household_unit ON household (unit_id);
CREATE INDEX unit_building ON unit (building_id);
CREATE INDEX building_compound ON building (compound_id);
CREATE TABLE party_member (
    resident_id TEXT PRIMARY KEY REFERENCES resident(id),
    joined_date TEXT,
    branch TEXT NOT NULL DEFAULT '',
    party_group TEXT NOT NULL DEFAULT '',
    presence TEXT NOT NULL DEFAULT '在小区',
    reachable INTEGER NOT NULL DEFAULT 1,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE resident_tag (
    resident_id TEXT NOT NULL REFERENCES resident(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (resident_id, tag)
);
CREATE INDEX resident_tag_tag ON resident_tag (tag);
CREATE TABLE resident_event (
    id TEXT PRIMARY KEY,
    resident_id TEXT NOT NULL REFERENCES resident(id),
    kind TEXT NOT NULL,
    date TEXT,
    from_household_id TEXT REFERENCES household(id),
    to_household_id TEXT REFERENCES household(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX resident_event_resident ON resident_event (resident_id);
CREATE INDEX resident_event_date ON resident_event (date);
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
