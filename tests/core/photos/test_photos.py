"""Storing photos in the ledger: add, list, count, captions, duplicates,
delete, moving, refusals that write nothing, and reopening the file."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from core import photos
from core.ledger import Change, Ledger
from core.photos import (
    PHOTO_TABLES,
    DuplicatePhotoError,
    PhotoError,
    add_photo,
    count_photos,
    delete_photo,
    delete_photos_of,
    get_photo,
    image_bytes,
    list_photos,
    move_photos,
    prepare_photo,
    reassign_photos,
    set_caption,
    store_photo,
    thumbnail_bytes,
)
from tests import photo_files as pf

KIND = "inspection_item"


def _rows(ledger: Ledger) -> tuple[int, int]:
    return (ledger.db.execute("SELECT count(*) FROM photo").fetchone()[0],
            ledger.db.execute("SELECT count(*) FROM photo_data").fetchone()[0])


def _changes(ledger: Ledger) -> list[Change]:
    seen: list[Change] = []
    ledger.bus.subscribe(seen.append)
    return seen


def test_migration_makes_tables_and_index(ledger: Ledger) -> None:
    tables = set(ledger.db.table_names())
    assert {"photo", "photo_data"} <= tables
    indexes = {row[0] for row in ledger.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'photo'")}
    assert "photo_owner" in indexes
    assert ledger.db.execute("PRAGMA user_version").fetchone()[0] >= 2


def test_add_and_read_back(ledger: Ledger, tmp_path: Path) -> None:
    seen = _changes(ledger)
    taken = datetime.datetime(2025, 4, 2, 15, 4, 5)
    path = pf.write_jpeg(tmp_path / "IMG_1.jpg", (3000, 2000), orientation=6, taken=taken)
    photo = add_photo(ledger, path, owner_kind=KIND, owner_id="item-1", caption="  消防栓  缺盖 ")
    assert photo.owner_kind == KIND and photo.owner_id == "item-1" and photo.slot == ""
    assert photo.caption == "消防栓 缺盖"
    assert photo.taken_at == taken
    assert (photo.width, photo.height) == (1365, 2048)
    assert photo.original_name == "IMG_1.jpg"
    assert photo.sort_order == 1
    stored = image_bytes(ledger.db, photo.id)
    assert photo.byte_size == len(stored)
    assert Image.open(io.BytesIO(stored)).size == (1365, 2048)
    assert max(Image.open(io.BytesIO(thumbnail_bytes(ledger.db, photo.id))).size) == 256
    assert list_photos(ledger.db, KIND, "item-1") == [photo]
    assert get_photo(ledger.db, photo.id) == photo
    assert seen and seen[-1].tables == PHOTO_TABLES
    assert {photo.id, "item-1"} <= seen[-1].ids


def test_list_is_in_order_and_by_slot(ledger: Ledger, tmp_path: Path) -> None:
    colours = ["red", "green", "blue"]
    slots = ["before", "after", "before"]
    added = [add_photo(ledger, pf.write_jpeg(tmp_path / f"{c}.jpg", colour=c), owner_kind="rectification",
                       owner_id="r1", slot=s) for c, s in zip(colours, slots)]
    add_photo(ledger, pf.write_jpeg(tmp_path / "other.jpg", colour="black"),
              owner_kind="rectification", owner_id="r2")
    assert [p.id for p in list_photos(ledger.db, "rectification", "r1")] == [p.id for p in added]
    assert [p.original_name for p in list_photos(ledger.db, "rectification", "r1", slot="before")] == \
        ["red.jpg", "blue.jpg"]
    assert [p.original_name for p in list_photos(ledger.db, "rectification", "r1", slot="after")] == \
        ["green.jpg"]
    assert list_photos(ledger.db, KIND, "r1") == []  # another kind, same id
    assert count_photos(ledger.db, "rectification", ["r1", "r2", "r3"]) == {"r1": 3, "r2": 1, "r3": 0}
    assert count_photos(ledger.db, "rectification", ["r1"], slot="before") == {"r1": 2}


def test_count_photos_many_owners(ledger: Ledger, tmp_path: Path) -> None:
    prepared = prepare_photo(pf.write_jpeg(tmp_path / "a.jpg"))
    store_photo(ledger, prepared, owner_kind=KIND, owner_id="owner-1234")
    ids = [f"owner-{n}" for n in range(1500)]
    counts = count_photos(ledger.db, KIND, ids)
    assert len(counts) == 1500 and counts["owner-1234"] == 1 and sum(counts.values()) == 1


def _empty_file(folder: Path) -> Path:
    path = folder / "empty.jpg"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("make", [
    lambda p: pf.write_text_as_jpeg(p / "notes.jpg"),
    lambda p: pf.write_truncated_jpeg(p / "cut.jpg"),
    _empty_file,
    lambda p: p / "missing.jpg",
], ids=["text", "truncated", "empty", "missing"])
def test_refusals_write_nothing(ledger: Ledger, tmp_path: Path, make: Callable[[Path], Path]) -> None:
    add_photo(ledger, pf.write_jpeg(tmp_path / "good.jpg"), owner_kind=KIND, owner_id="i")
    seen = _changes(ledger)
    before = _rows(ledger)
    with pytest.raises(PhotoError):
        add_photo(ledger, make(tmp_path), owner_kind=KIND, owner_id="i")
    assert _rows(ledger) == before == (1, 1)
    assert seen == []


def test_same_photo_twice_is_refused_politely(ledger: Ledger, tmp_path: Path) -> None:
    path = pf.write_jpeg(tmp_path / "a.jpg")
    first = add_photo(ledger, path, owner_kind=KIND, owner_id="i")
    copy = tmp_path / "a-copy.jpg"
    copy.write_bytes(path.read_bytes())
    with pytest.raises(DuplicatePhotoError, match="已经添加过") as caught:
        add_photo(ledger, copy, owner_kind=KIND, owner_id="i", slot="after")
    assert caught.value.existing == first
    assert "a-copy.jpg" in caught.value.message and "a.jpg" in caught.value.message
    assert _rows(ledger) == (1, 1)
    # Another owner may carry the same photo.
    add_photo(ledger, copy, owner_kind=KIND, owner_id="j")
    assert _rows(ledger) == (2, 2)


def test_store_inside_an_outer_write(ledger: Ledger, tmp_path: Path) -> None:
    seen = _changes(ledger)
    good = prepare_photo(pf.write_jpeg(tmp_path / "a.jpg"))

    def work(db) -> None:
        store_photo(ledger, good, owner_kind=KIND, owner_id="i")
        with pytest.raises(DuplicatePhotoError):
            store_photo(ledger, good, owner_kind=KIND, owner_id="i")
        db.execute("INSERT INTO setting (key, value) VALUES ('x', '1')")

    ledger.write("inspection.save", {"setting", *PHOTO_TABLES}, work)
    assert _rows(ledger) == (1, 1)
    assert [c.action for c in seen] == ["添加照片", "保存检查"]

    def failing(db) -> None:
        store_photo(ledger, prepare_photo(pf.write_jpeg(tmp_path / "b.jpg", colour="red")),
                    owner_kind=KIND, owner_id="i")
        raise RuntimeError("the owner's save failed")

    with pytest.raises(RuntimeError):
        ledger.write("inspection.save", {"setting", *PHOTO_TABLES}, failing)
    assert _rows(ledger) == (1, 1)


def test_captions(ledger: Ledger, tmp_path: Path) -> None:
    photo = add_photo(ledger, pf.write_jpeg(tmp_path / "a.jpg"), owner_kind=KIND, owner_id="i")
    updated = set_caption(ledger, photo.id, "垃圾分类亭\n已清洗")
    assert updated.caption == "垃圾分类亭 已清洗"
    assert get_photo(ledger.db, photo.id).caption == "垃圾分类亭 已清洗"
    with pytest.raises(PhotoError, match="最多 200 个字"):
        set_caption(ledger, photo.id, "长" * 201)
    assert get_photo(ledger.db, photo.id).caption == "垃圾分类亭 已清洗"
    set_caption(ledger, photo.id, "")
    assert get_photo(ledger.db, photo.id).caption == ""


def test_delete(ledger: Ledger, tmp_path: Path) -> None:
    a = add_photo(ledger, pf.write_jpeg(tmp_path / "a.jpg", colour="red"), owner_kind=KIND, owner_id="i")
    b = add_photo(ledger, pf.write_jpeg(tmp_path / "b.jpg", colour="blue"), owner_kind=KIND, owner_id="i")
    seen = _changes(ledger)
    delete_photo(ledger, a.id)
    assert list_photos(ledger.db, KIND, "i") == [b]
    assert _rows(ledger) == (1, 1)
    assert seen[-1].action == "删除照片" and "i" in seen[-1].ids
    with pytest.raises(PhotoError, match="已被删除"):
        delete_photo(ledger, a.id)
    with pytest.raises(PhotoError, match="已被删除"):
        image_bytes(ledger.db, a.id)
    with pytest.raises(PhotoError):
        set_caption(ledger, a.id, "x")


def test_delete_photos_of_owner_inside_its_write(ledger: Ledger, tmp_path: Path) -> None:
    for n, slot in enumerate(["before", "after", "after"]):
        add_photo(ledger, pf.write_jpeg(tmp_path / f"{n}.jpg", colour=["red", "green", "blue"][n]),
                  owner_kind="rectification", owner_id="r", slot=slot)
    add_photo(ledger, pf.write_jpeg(tmp_path / "x.jpg"), owner_kind="rectification", owner_id="keep")
    removed = ledger.write("photo.delete", PHOTO_TABLES,
                           lambda db: delete_photos_of(db, "rectification", "r", slot="after"))
    assert removed == 2
    removed = ledger.write("photo.delete", PHOTO_TABLES, lambda db: delete_photos_of(db, "rectification", "r"))
    assert removed == 1
    assert _rows(ledger) == (1, 1)


def test_move_and_reassign(ledger: Ledger, tmp_path: Path) -> None:
    a = add_photo(ledger, pf.write_jpeg(tmp_path / "a.jpg", colour="red"),
                  owner_kind="rectification", owner_id="r", slot="before")
    b = add_photo(ledger, pf.write_jpeg(tmp_path / "b.jpg", colour="blue"),
                  owner_kind="rectification", owner_id="r", slot="before")
    assert move_photos(ledger, [b.id], owner_kind="rectification", owner_id="r", slot="after") == 1
    assert [p.id for p in list_photos(ledger.db, "rectification", "r", slot="after")] == [b.id]
    moved = ledger.write("photo.move", PHOTO_TABLES,
                         lambda db: reassign_photos(db, "rectification", "r", "r-final"))
    assert moved == 2
    assert list_photos(ledger.db, "rectification", "r") == []
    final = list_photos(ledger.db, "rectification", "r-final")
    assert [(p.id, p.slot) for p in final] == [(a.id, "before"), (b.id, "after")]


def test_owner_is_required(ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        add_photo(ledger, pf.write_jpeg(tmp_path / "a.jpg"), owner_kind=KIND, owner_id="")
    assert _rows(ledger) == (0, 0)


def test_photos_survive_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    ledger = Ledger.open(path)
    taken = datetime.datetime(2025, 1, 2, 3, 4, 5)
    photo = add_photo(ledger, pf.write_jpeg(tmp_path / "a.jpg", (900, 600), taken=taken),
                      owner_kind=KIND, owner_id="i", caption="单元门禁")
    jpeg = image_bytes(ledger.db, photo.id)
    ledger.close()
    again = Ledger.open(path)
    try:
        assert list_photos(again.db, KIND, "i") == [photo]
        assert image_bytes(again.db, photo.id) == jpeg
        assert again.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert again.db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        again.close()


def test_store_is_usable_from_a_worker_connection(ledger: Ledger, tmp_path: Path) -> None:
    seen = _changes(ledger)
    worker = ledger.reopen()
    try:
        photo = add_photo(worker, pf.write_jpeg(tmp_path / "a.jpg"), owner_kind=KIND, owner_id="i")
    finally:
        worker.close()
    assert list_photos(ledger.db, KIND, "i") == [photo]
    assert seen and seen[-1].action == "添加照片"


def test_public_api_names() -> None:
    for name in photos.__all__:
        assert hasattr(photos, name), name
