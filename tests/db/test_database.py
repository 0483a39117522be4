"""Opening files: migrations, and refusing what we must not touch."""

import hashlib
import sqlite3

import pytest

from db import migrations
from db.checks import check_database
from db.database import APPLICATION_ID, open_database
from core.errors import DatabaseOpenError, NewerDatabaseError
from tests.write_guard import damage


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_migrated_to_the_latest_version(tmp_path):
    db = open_database(tmp_path / "new.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    applied = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied[0] == "0001_registry"
    db.close()


def test_reopening_applies_nothing_twice(tmp_path):
    path = tmp_path / "x.sqlite3"
    open_database(path).close()
    db = open_database(path)
    names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names)) == len(migrations.build_migrations()._migrations)
    db.close()


def test_database_from_a_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.sqlite3"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 5}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = digest(path)
    with pytest.raises(NewerDatabaseError, match="更新版本") as info:
        open_database(path)
    assert "未做任何改动" in info.value.message
    assert digest(path) == before


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("这不是数据库", encoding="utf-8")
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="不是小区治理台账的数据文件"):
        open_database(path)
    assert digest(path) == before


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="其他程序"):
        open_database(path)
    assert digest(path) == before


def test_a_damaged_file_is_refused(tmp_path):
    path = tmp_path / "damaged.sqlite3"
    open_database(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseOpenError):
        open_database(path)


def test_a_failing_migration_leaves_the_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "x.sqlite3"
    open_database(path).close()
    latest = migrations.latest_version()

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(migrations, "_STEPS", [*migrations._STEPS, (latest + 1, f"{latest + 1:04d}_broken", broken)])
    with pytest.raises(RuntimeError):
        open_database(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_check_reports_a_healthy_file(demo_ledger):
    report = check_database(demo_ledger.path)
    assert report.problems == []
    assert any("户" in line for line in report.lines)


def test_check_finds_broken_references(tmp_path, demo_ledger):
    demo_ledger.db.execute("PRAGMA foreign_keys = OFF")
    damage(demo_ledger, "UPDATE resident SET household_id = 'nowhere' WHERE rowid = 1")
    report = check_database(demo_ledger.path)
    assert any("不存在的记录" in p for p in report.problems)
