"""Schema of the grid (四级网格) and the party organisation (小区党组织).

Both trees live in ``grid_node``, told apart by ``tree``. Who held a node
when is kept in ``grid_assignment`` (one open row per node at most), so a
roster of last year still names last year's people. Level-4 grid nodes are
bound to the registry's units in ``grid_unit``: a unit belongs to at most
one node (the UNIQUE index says so, core.grid checks it first and explains).
``staff`` holds office workers who are not residents of the compound.
Party members are placed in a party group by ``party_member.group_node_id``;
the registry's ``branch`` / ``party_group`` text follows the tree.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations import execute_script, migration


@migration(3, "grid")
def create_grid(db: Database) -> None:
    execute_script(db, _GRID_SQL)


_GRID_SQL = """
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX staff_community ON staff (community_id);
CREATE TABLE grid_node (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    tree TEXT NOT NULL CHECK (tree IN ('grid', 'party')),
    parent_id TEXT REFERENCES grid_node(id),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    name TEXT NOT NULL,
    duties TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    end_date TEXT,
    sort_key INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((level = 1) = (parent_id IS NULL))
);
CREATE INDEX grid_node_parent ON grid_node (parent_id);
CREATE INDEX grid_node_tree ON grid_node (community_id, tree, level);
CREATE TABLE grid_assignment (
    id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL REFERENCES grid_node(id),
    resident_id TEXT REFERENCES resident(id),
    staff_id TEXT REFERENCES staff(id),
    start_date TEXT NOT NULL,
    end_date TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK ((resident_id IS NULL) <> (staff_id IS NULL)),
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX grid_assignment_node ON grid_assignment (node_id, start_date);
CREATE INDEX grid_assignment_resident ON grid_assignment (resident_id);
CREATE INDEX grid_assignment_staff ON grid_assignment (staff_id);
CREATE UNIQUE INDEX grid_assignment_current ON grid_assignment (node_id) WHERE end_date IS NULL;
CREATE TABLE grid_unit (
    node_id TEXT NOT NULL REFERENCES grid_node(id),
    unit_id TEXT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX grid_unit_unit ON grid_unit (unit_id);
CREATE INDEX grid_unit_node ON grid_unit (node_id);
CREATE TABLE party_unit_head (
    grid_node_id TEXT PRIMARY KEY REFERENCES grid_node(id),
    group_id TEXT NOT NULL REFERENCES grid_node(id),
    created_at TEXT NOT NULL
);
CREATE INDEX party_unit_head_group ON party_unit_head (group_id);
ALTER TABLE party_member ADD COLUMN group_node_id TEXT REFERENCES grid_node(id);
CREATE INDEX party_member_group ON party_member (group_node_id);
"""
