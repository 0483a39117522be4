"""Migration 2 upgrades a ledger made before photos existed."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.write_guard import damage

from core.ledger import Ledger
from db import migrations
from db.checks import check_database
from db.database import open_database


def test_a_version_1_ledger_gains_photo_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    migrations.latest_version()  # register every step first
    path = tmp_path / "old.sqlite3"
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "_STEPS", migrations._STEPS[:1])
        old = open_database(path)
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "photo" not in old.table_names()
        old.close()
    ledger = Ledger.open(path)
    try:
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
        assert {"photo", "photo_data"} <= set(ledger.db.table_names())
    finally:
        ledger.close()


def test_check_counts_photos_and_finds_missing_data(ledger: Ledger, tmp_path: Path) -> None:
    from core.photos import add_photo
    from tests import photo_files as pf

    photo = add_photo(ledger, pf.write_jpeg(tmp_path / "a.jpg"), owner_kind="x", owner_id="1")
    report = check_database(ledger.path)
    assert any("照片 1 张" in line for line in report.lines)
    assert report.problems == []
    ledger.db.execute("PRAGMA foreign_keys = OFF")
    damage(ledger, "DELETE FROM photo_data WHERE photo_id = ?", [photo.id])
    report = check_database(ledger.path)
    assert any("缺少图像数据" in problem for problem in report.problems)


def test_migration_7_gives_every_known_owners_photo_its_community(demo_ledger: Ledger) -> None:
    from db import schema_photos

    db = demo_ledger.db
    by_kind = dict(db.execute("SELECT owner_kind, count(*) FROM photo GROUP BY owner_kind").fetchall())
    assert {"inspection_item", "rectification", "campaign_entry"} <= set(by_kind)
    community = db.execute("SELECT id FROM community").fetchone()[0]
    # new photos are stored with it
    assert db.execute("SELECT count(*) FROM photo WHERE community_id IS NOT ?", [community]).fetchone()[0] == 0
    # and the migration's backfill finds it for photos stored before
    damage(demo_ledger, "UPDATE photo SET community_id = NULL")
    backfill = [s for s in schema_photos._PHOTO_COMMUNITY_SQL.split(";")
                if s.strip().startswith("UPDATE") and "count(*) FROM community" not in s]
    for statement in backfill:
        db.execute(statement)
    assert db.execute("SELECT count(*) FROM photo WHERE community_id IS NOT ?", [community]).fetchone()[0] == 0
