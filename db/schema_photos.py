"""Schema of photos: metadata in ``photo``, the JPEGs in ``photo_data``.

Photos live inside the ledger file, so backups, data packages and
transactions carry them and nothing is ever half-written. The blobs sit in
their own table so that listing photos never reads them. A photo belongs to
one record of any kind (``owner_kind``, ``owner_id``: an inspection item, a
rectification, a campaign entry…) and reaches its community through that
record; ``slot`` tells apart photos of one record (``before`` / ``after``).
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
