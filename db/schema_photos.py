"""Schema of photos: metadata in ``photo``, the JPEGs in ``photo_data``.

Photos live inside the ledger file, so backups, data packages and
transactions carry them and nothing is ever half-written. The blobs sit in
their own table so that listing photos never reads them. A photo belongs to
one record of any kind (``owner_kind``, ``owner_id``: an inspection item, a
rectification, a campaign entry…) and carries that record's community
(``community_id``, from migration 7), so a community's rows can be found
and replaced as a whole; ``slot`` tells apart photos of one record
(``before`` / ``after``).
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations import execute_script, migration


@migration(2, "photos")
def create_photos(db: Database) -> None:
    execute_script(db, _PHOTOS_SQL)


_PHOTOS_SQL = """
CREATE TABLE photo (
    id TEXT PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    slot TEXT NOT NULL DEFAULT '',
    caption TEXT NOT NULL DEFAULT '',
    taken_at TEXT,
    original_name TEXT NOT NULL DEFAULT '',
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    byte_size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX photo_owner ON photo (owner_kind, owner_id);
CREATE TABLE photo_data (
    photo_id TEXT PRIMARY KEY REFERENCES photo(id) ON DELETE CASCADE,
    image BLOB NOT NULL,
    thumb BLOB NOT NULL
);
"""


@migration(7, "photo_community")
def add_photo_community(db: Database) -> None:
    """Photos name their community; those of known owners are filled in."""
    execute_script(db, _PHOTO_COMMUNITY_SQL)


# Owner kinds as they were when this migration shipped.
_PHOTO_COMMUNITY_SQL = """
ALTER TABLE photo ADD COLUMN community_id TEXT REFERENCES community(id);
UPDATE photo SET community_id = (SELECT i.community_id FROM inspection_result r
    JOIN inspection i ON i.id = r.inspection_id WHERE r.id = photo.owner_id)
    WHERE owner_kind = 'inspection_item';
UPDATE photo SET community_id = (SELECT community_id FROM inspection WHERE id = photo.owner_id)
    WHERE owner_kind = 'inspection';
UPDATE photo SET community_id = (SELECT community_id FROM rectification WHERE id = photo.owner_id)
    WHERE owner_kind = 'rectification';
UPDATE photo SET community_id = (SELECT c.community_id FROM campaign_entry e
    JOIN campaign c ON c.id = e.campaign_id WHERE e.id = photo.owner_id)
    WHERE owner_kind = 'campaign_entry';
UPDATE photo SET community_id = (SELECT id FROM community)
    WHERE community_id IS NULL AND (SELECT count(*) FROM community) = 1;
CREATE INDEX photo_community ON photo (community_id);
"""
