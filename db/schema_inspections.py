"""Schema of inspections: versioned checklists, inspections with their
results, rectifications (整改) followed to closure, and the hygiene rotation.

A checklist template has numbered versions; a version's items never change
once written. Editing a template writes a new version. An inspection copies
the text of every item into its own result rows, so nothing done to a
template later changes an inspection already made. ``item_key`` stays the
same for an item across versions (a reworded item is still the same item),
which is what the compliance matrix lines results up by.

Photos of a result are stored by the photo module with owner kind
``inspection_item`` (owner id = ``inspection_result.id``); the "after"
photos of a rectification with owner kind ``rectification``, slot ``after``.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations import execute_script, migration


@migration(4, "inspections")
def create_inspections(db: Database) -> None:
    execute_script(db, _INSPECTIONS_SQL)


_INSPECTIONS_SQL = """
CREATE TABLE checklist_template (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    code TEXT,
    name TEXT NOT NULL,
    scope_kind TEXT NOT NULL DEFAULT 'compound',
    notes TEXT NOT NULL DEFAULT '',
    retired INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX checklist_template_code ON checklist_template (community_id, code)
    WHERE code IS NOT NULL;
CREATE TABLE checklist_version (
    id TEXT PRIMARY KEY,
    template_id TEXT NOT NULL REFERENCES checklist_template(id),
    number INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (template_id, number)
);
CREATE TABLE checklist_item (
    id TEXT PRIMARY KEY,
    version_id TEXT NOT NULL REFERENCES checklist_version(id),
    item_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (version_id, item_key)
);
CREATE INDEX checklist_item_version ON checklist_item (version_id, position);

CREATE TABLE rotation_slot (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    unit_id TEXT NOT NULL REFERENCES unit(id),
    week_start TEXT NOT NULL,
    supervisor_name TEXT NOT NULL,
    supervisor_resident_id TEXT REFERENCES resident(id),
    edited INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_id, week_start)
);
CREATE INDEX rotation_slot_week ON rotation_slot (week_start);

CREATE TABLE inspection (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    template_id TEXT NOT NULL REFERENCES checklist_template(id),
    version_id TEXT NOT NULL REFERENCES checklist_version(id),
    template_name TEXT NOT NULL,
    date TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '草稿',
    notes TEXT NOT NULL DEFAULT '',
    rotation_slot_id TEXT REFERENCES rotation_slot(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE INDEX inspection_date ON inspection (date);
CREATE INDEX inspection_template ON inspection (template_id, status, date);
CREATE INDEX inspection_scope ON inspection (scope_id);
CREATE INDEX inspection_slot ON inspection (rotation_slot_id);
CREATE TABLE inspection_inspector (
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    resident_id TEXT REFERENCES resident(id),
    PRIMARY KEY (inspection_id, position)
);
CREATE TABLE inspection_result (
    id TEXT PRIMARY KEY,
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    item_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '',
    remark TEXT NOT NULL DEFAULT '',
    fix_responsible TEXT NOT NULL DEFAULT '',
    fix_resident_id TEXT REFERENCES resident(id),
    fix_deadline TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (inspection_id, item_key)
);
CREATE INDEX inspection_result_inspection ON inspection_result (inspection_id, position);
CREATE INDEX inspection_result_key ON inspection_result (item_key, result);

CREATE TABLE rectification (
    id TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES community(id),
    inspection_id TEXT NOT NULL REFERENCES inspection(id),
    result_id TEXT NOT NULL UNIQUE REFERENCES inspection_result(id),
    responsible_name TEXT NOT NULL DEFAULT '',
    responsible_resident_id TEXT REFERENCES resident(id),
    deadline TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '待整改',
    started_date TEXT,
    closed_date TEXT,
    close_note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX rectification_status ON rectification (status, deadline);
CREATE INDEX rectification_inspection ON rectification (inspection_id);
CREATE TABLE rectification_event (
    id TEXT PRIMARY KEY,
    rectification_id TEXT NOT NULL REFERENCES rectification(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX rectification_event_rectification ON rectification_event (rectification_id);
"""
