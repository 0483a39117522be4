"""Photos as evidence, stored inside the ledger.

Any record can carry photos: it is their *owner*, named by a kind and an id
(``owner_kind="inspection_item"``, ``owner_id=item.id``), and a *slot* tells
apart groups of one owner (``"before"`` / ``"after"`` of a rectification;
``""`` when there is one group). Taking a photo in has two parts:

- :func:`prepare_photo` (in :mod:`core.photo_intake`, re-exported here): the
  slow, pure part — decode, turn upright, downscale, thumbnail — safe on a
  worker thread;
- :func:`store_photo`: the fast database part, through ``Ledger.write``.

:func:`add_photo` does both. Either refuses bad input with a
:class:`PhotoError` and then has written nothing. Adding the same file
(same SHA-256) to the same owner twice raises :class:`DuplicatePhotoError`.

    photo = add_photo(ledger, Path("IMG_0012.HEIC"), owner_kind="rectification",
                      owner_id=rect.id, slot="after", caption="已清理")
    for photo in list_photos(ledger.db, "rectification", rect.id, slot="after"):
        jpeg = image_bytes(ledger.db, photo.id)

An owner deleting itself removes its photos inside its own write with
:func:`delete_photos_of`, listing :data:`PHOTO_TABLES` among its tables.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from core.ledger import Ledger, new_id, now
from core.photos.intake import (
    IMAGE_SUFFIXES,
    MAX_SIDE,
    THUMB_SIDE,
    PhotoError,
    PreparedPhoto,
    heif_supported,
    prepare_photo,
)

__all__ = [
    "IMAGE_SUFFIXES", "MAX_SIDE", "THUMB_SIDE", "PHOTO_TABLES", "MAX_CAPTION",
    "Photo", "PhotoError", "DuplicatePhotoError", "PreparedPhoto",
    "heif_supported", "prepare_photo", "store_photo", "add_photo",
    "get_photo", "list_photos", "count_photos", "image_bytes", "thumbnail_bytes",
    "set_caption", "delete_photo", "delete_photos_of", "move_photos", "reassign_photos",
]

T_PHOTO = "photo"
T_PHOTO_DATA = "photo_data"
#: The tables every photo write touches; an owner's own write that adds or
#: removes photos lists these too, so galleries refresh.
PHOTO_TABLES = frozenset({T_PHOTO, T_PHOTO_DATA})
MAX_CAPTION = 200

_COLUMNS = (
    "id, owner_kind, owner_id, slot, caption, taken_at, original_name, "
    "width, height, byte_size, sha256, sort_order, created_at, updated_at"
)
_ORDER = "ORDER BY sort_order, created_at, id"
_CHUNK = 500


@dataclass(frozen=True)
class Photo:
    """A stored photo's metadata (the JPEGs are read with :func:`image_bytes`
    and :func:`thumbnail_bytes`).

    Attributes:
        owner_kind / owner_id / slot: what the photo belongs to.
        caption: the user's caption (说明), may be empty.
        taken_at: when it was taken (EXIF), or None.
        original_name: the file name it came from.
        width / height: of the stored image, upright.
        byte_size: size of the stored JPEG in bytes.
        sha256: of the original file.
        sort_order: position among the owner's photos.
    """

    id: str
    owner_kind: str
    owner_id: str
    slot: str
    caption: str
    taken_at: datetime.datetime | None
    original_name: str
    width: int
    height: int
    byte_size: int
    sha256: str
    sort_order: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class DuplicatePhotoError(PhotoError):
    """The same photo is already attached to this owner; nothing was added.

    Attributes:
        existing: the photo already there.
    """

    def __init__(self, message: str, existing: Photo) -> None:
        super().__init__(message)
        self.existing = existing


# ---------------------------------------------------------------- writes


def store_photo(ledger: Ledger, prepared: PreparedPhoto, *, owner_kind: str, owner_id: str,
                slot: str = "", caption: str = "", community_id: str | None = None) -> Photo:
    """Store a prepared photo for its owner; fast, for the GUI thread.

    The photo belongs to ``community_id``, by default the ledger's current
    community (the one whose records are being worked on).

    Works inside an outer ``ledger.write`` too (it becomes a savepoint).
    Raises DuplicatePhotoError if this owner already has the same photo.
    """
    _check_owner(owner_kind, owner_id)
    caption = _clean_caption(caption)
    photo_id = new_id()

    def write(db: Database) -> Photo:
        existing = db.execute(
            f"SELECT {_COLUMNS} FROM photo WHERE owner_kind = ? AND owner_id = ? AND sha256 = ? "
            "LIMIT 1", [owner_kind, owner_id, prepared.sha256]).fetchone()
        if existing is not None:
            same = _photo(existing)
            raise DuplicatePhotoError(
                f"“{prepared.original_name}”已经添加过了（与“{same.original_name}”是同一张照片），"
                "没有重复添加。", same)
        order = db.execute(
            "SELECT coalesce(max(sort_order), 0) + 1 FROM photo WHERE owner_kind = ? AND owner_id = ?",
            [owner_kind, owner_id]).fetchone()[0]
        stamp = now()
        taken = prepared.taken_at.isoformat(timespec="seconds") if prepared.taken_at else None
        db.execute(
            f"INSERT INTO photo ({_COLUMNS}, community_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [photo_id, owner_kind, owner_id, slot, caption, taken, prepared.original_name,
             prepared.width, prepared.height, len(prepared.image), prepared.sha256, order,
             stamp, stamp, community_id or ledger.community_id])
        db.execute("INSERT INTO photo_data (photo_id, image, thumb) VALUES (?, ?, ?)",
                   [photo_id, prepared.image, prepared.thumb])
        return get_photo(db, photo_id)

    return ledger.write("photo.add", PHOTO_TABLES, write, ids={photo_id, owner_id})


def add_photo(ledger: Ledger, source: Path | str | bytes, *, owner_kind: str, owner_id: str,
              slot: str = "", caption: str = "", name: str = "") -> Photo:
    """Prepare and store a photo in one call (see :func:`prepare_photo`)."""
    prepared = prepare_photo(source, name)
    return store_photo(ledger, prepared, owner_kind=owner_kind, owner_id=owner_id,
                       slot=slot, caption=caption)


def set_caption(ledger: Ledger, photo_id: str, caption: str) -> Photo:
    """Change a photo's caption; returns the photo as now stored."""
    caption = _clean_caption(caption)

    def write(db: Database) -> Photo:
        photo = get_photo(db, photo_id)
        db.execute("UPDATE photo SET caption = ?, updated_at = ? WHERE id = ?",
                   [caption, now(), photo_id])
        return get_photo(db, photo.id)

    owner = _owner_id(ledger.db, photo_id)
    return ledger.write("photo.caption", {T_PHOTO}, write, ids={photo_id, owner})


def delete_photo(ledger: Ledger, photo_id: str) -> None:
    """Delete one photo and its image data."""

    def write(db: Database) -> None:
        get_photo(db, photo_id)  # raises if already gone
        db.execute("DELETE FROM photo_data WHERE photo_id = ?", [photo_id])
        db.execute("DELETE FROM photo WHERE id = ?", [photo_id])

    owner = _owner_id(ledger.db, photo_id)
    ledger.write("photo.delete", PHOTO_TABLES, write, ids={photo_id, owner})


def delete_photos_of(db: Database, owner_kind: str, owner_id: str, slot: str | None = None) -> int:
    """Delete an owner's photos (of one slot, or all); returns how many.

    Meant for inside the owner's own ``ledger.write`` (whose tables should
    include :data:`PHOTO_TABLES`), so the owner and its photos go together.
    """
    where, params = _owner_where(owner_kind, owner_id, slot)
    db.execute(f"DELETE FROM photo_data WHERE photo_id IN (SELECT id FROM photo WHERE {where})", params)
    return db.execute(f"DELETE FROM photo WHERE {where}", params).rowcount


def move_photos(ledger: Ledger, photo_ids: Iterable[str], *, owner_kind: str, owner_id: str,
                slot: str = "") -> int:
    """Attach photos to another owner or slot (e.g. a "before" photo that
    belongs under "after"); they go to the end of its photos. Returns how
    many moved. No duplicate check: moving never loses a photo."""
    _check_owner(owner_kind, owner_id)
    ids = list(dict.fromkeys(photo_ids))

    def write(db: Database) -> int:
        order = db.execute(
            "SELECT coalesce(max(sort_order), 0) FROM photo WHERE owner_kind = ? AND owner_id = ?",
            [owner_kind, owner_id]).fetchone()[0]
        moved = 0
        stamp = now()
        for photo_id in ids:
            order += 1
            moved += db.execute(
                "UPDATE photo SET owner_kind = ?, owner_id = ?, slot = ?, sort_order = ?, "
                "updated_at = ? WHERE id = ?",
                [owner_kind, owner_id, slot, order, stamp, photo_id]).rowcount
        return moved

    old_owners = _owner_ids(ledger.db, ids)
    return ledger.write("photo.move", {T_PHOTO}, write, ids={*ids, owner_id, *old_owners})


def reassign_photos(db: Database, owner_kind: str, from_owner_id: str, to_owner_id: str) -> int:
    """Hand all photos of one owner to another of the same kind, keeping
    slots and order; for inside an owner's own write (e.g. when a draft
    record is saved under a new id). Returns how many moved."""
    _check_owner(owner_kind, to_owner_id)
    return db.execute(
        "UPDATE photo SET owner_id = ?, updated_at = ? WHERE owner_kind = ? AND owner_id = ?",
        [to_owner_id, now(), owner_kind, from_owner_id]).rowcount


# ---------------------------------------------------------------- reads


def get_photo(db: Database, photo_id: str) -> Photo:
    """One photo's metadata; PhotoError if it no longer exists."""
    row = db.execute(f"SELECT {_COLUMNS} FROM photo WHERE id = ?", [photo_id]).fetchone()
    if row is None:
        raise PhotoError("这张照片已被删除（可能在另一个窗口中）。请刷新后再试。")
    return _photo(row)


def list_photos(db: Database, owner_kind: str, owner_id: str, slot: str | None = None) -> list[Photo]:
    """An owner's photos in their order; only one slot if ``slot`` is given."""
    where, params = _owner_where(owner_kind, owner_id, slot)
    rows = db.execute(f"SELECT {_COLUMNS} FROM photo WHERE {where} {_ORDER}", params).fetchall()
    return [_photo(row) for row in rows]


def count_photos(db: Database, owner_kind: str, owner_ids: Iterable[str],
                 slot: str | None = None) -> dict[str, int]:
    """How many photos each owner has (0 for none), for "📷 3" columns."""
    ids = list(dict.fromkeys(owner_ids))
    counts = dict.fromkeys(ids, 0)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        sql = (f"SELECT owner_id, count(*) FROM photo WHERE owner_kind = ? "
               f"AND owner_id IN ({marks})")
        params: list[object] = [owner_kind, *chunk]
        if slot is not None:
            sql += " AND slot = ?"
            params.append(slot)
        for owner_id, count in db.execute(sql + " GROUP BY owner_id", params):
            counts[owner_id] = count
    return counts


def image_bytes(db: Database, photo_id: str) -> bytes:
    """The stored JPEG (long side at most ``MAX_SIDE``), for viewing and print."""
    return _blob(db, "image", photo_id)


def thumbnail_bytes(db: Database, photo_id: str) -> bytes:
    """The thumbnail JPEG (long side at most ``THUMB_SIDE``)."""
    return _blob(db, "thumb", photo_id)


# ---------------------------------------------------------------- helpers


def _blob(db: Database, column: str, photo_id: str) -> bytes:
    row = db.execute(f"SELECT {column} FROM photo_data WHERE photo_id = ?", [photo_id]).fetchone()
    if row is None:
        raise PhotoError("这张照片已被删除（可能在另一个窗口中）。请刷新后再试。")
    return bytes(row[0])


def _photo(row: tuple) -> Photo:
    (photo_id, owner_kind, owner_id, slot, caption, taken_at, original_name, width, height,
     byte_size, sha256, sort_order, created_at, updated_at) = row
    return Photo(
        id=photo_id, owner_kind=owner_kind, owner_id=owner_id, slot=slot, caption=caption,
        taken_at=datetime.datetime.fromisoformat(taken_at) if taken_at else None,
        original_name=original_name, width=width, height=height, byte_size=byte_size,
        sha256=sha256, sort_order=sort_order,
        created_at=datetime.datetime.fromisoformat(created_at),
        updated_at=datetime.datetime.fromisoformat(updated_at),
    )


def _owner_where(owner_kind: str, owner_id: str, slot: str | None) -> tuple[str, list[str]]:
    if slot is None:
        return "owner_kind = ? AND owner_id = ?", [owner_kind, owner_id]
    return "owner_kind = ? AND owner_id = ? AND slot = ?", [owner_kind, owner_id, slot]


def _owner_id(db: Database, photo_id: str) -> str:
    row = db.execute("SELECT owner_id FROM photo WHERE id = ?", [photo_id]).fetchone()
    return row[0] if row else photo_id


def _owner_ids(db: Database, photo_ids: list[str]) -> set[str]:
    owners: set[str] = set()
    for start in range(0, len(photo_ids), _CHUNK):
        chunk = photo_ids[start:start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        owners.update(row[0] for row in db.execute(
            f"SELECT DISTINCT owner_id FROM photo WHERE id IN ({marks})", chunk))
    return owners


def _check_owner(owner_kind: str, owner_id: str) -> None:
    if not owner_kind or not owner_id:
        raise ValueError("a photo needs an owner_kind and an owner_id")


def _clean_caption(caption: str) -> str:
    caption = " ".join(caption.split())
    if len(caption) > MAX_CAPTION:
        raise PhotoError(f"照片说明最多 {MAX_CAPTION} 个字（现在 {len(caption)} 个字），请精简后再保存。")
    return caption
