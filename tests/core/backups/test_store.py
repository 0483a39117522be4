"""Backups and restores of the demo ledger: every row and photo byte comes
back; an interrupted backup leaves no half file and the ledger as it was."""

from __future__ import annotations

import datetime
import errno
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from core import backups
from core.errors import LedgerError
from db import backup as file_backup
from tests.hostile.helpers import fingerprint, sha256
from tests.hostile.test_damaged_database import corrupt_middle_pages, set_version


def snapshot(path: Path) -> dict[str, list]:
    """Every row of every table, and every photo as sha256s."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        result = {}
        for table in tables:
            if table == "photo_data":
                result[table] = sorted(
                    (pid, hashlib.sha256(image).hexdigest(), hashlib.sha256(thumb).hexdigest())
                    for pid, image, thumb in conn.execute("SELECT photo_id, image, thumb FROM photo_data"))
            else:
                result[table] = sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"')))
        return result
    finally:
        conn.close()


def backup_files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_backup_then_restore_brings_back_every_row_and_photo(demo_ledger):
    path = demo_ledger.path
    info = backups.make_backup(path)  # while the ledger is open, as in the window
    assert info.path.parent == path.parent / "台账备份" / path.stem
    assert backups.parse_name(info.path.name) is not None
    manifest = json.loads(info.path.with_name(info.path.name + ".json").read_text(encoding="utf-8"))
    assert manifest["community"] == "幸福路社区" and manifest["counts"]["photo"] > 0
    assert manifest["size"] == info.path.stat().st_size
    assert not any(name.endswith(("-wal", "-shm", "-journal")) or name.startswith(".")
                   for name in backup_files(info.path.parent))
    demo_ledger.close()
    before = snapshot(path)
    assert snapshot(info.path) == before
    # the ledger changes, then the backup is restored
    from core.ledger import Ledger

    changed = Ledger.open(path)
    changed.write("import.commit", {"photo_data"}, lambda db: db.execute("DELETE FROM photo_data"))
    changed.close()
    assert snapshot(path) != before
    restored, kept = backups.restore(path, info.path)
    assert restored.counts == info.counts
    assert snapshot(path) == before
    assert kept is not None and kept.path.name.endswith("-恢复前.sqlite3")
    assert snapshot(kept.path)["photo_data"] == []  # the ledger as it was before the restore
    assert not Path(str(path) + "-wal").exists()
    Ledger.open(path).close()  # opens as a ledger again


def test_newest_good_backup_and_the_damage_message_names_it(demo_ledger):
    path = demo_ledger.path
    assert backups.newest_good_backup(path) is None
    info = backups.make_backup(path)
    assert backups.newest_good_backup(path).path == info.path
    demo_ledger.close()
    corrupt_middle_pages(path)
    from core.errors import DamagedDatabaseError
    from db.database import inspect_file

    with pytest.raises(DamagedDatabaseError) as caught:
        inspect_file(path, verify=True)
    assert str(info.path) in caught.value.message


@pytest.mark.parametrize("failure", ["exception", "disk_full", "read_only", "stick_pulled"])
def test_an_interrupted_backup_leaves_no_half_file_and_the_ledger_unchanged(demo_ledger, tmp_path,
                                                                             monkeypatch, failure):
    path = demo_ledger.path
    demo_ledger.close()
    folder = tmp_path / "U盘"
    folder.mkdir()
    backups.make_backup(path, folder, now=datetime.datetime(2026, 1, 1, 8))
    before_files = backup_files(folder)
    before = fingerprint(path)
    if failure == "exception":  # half-way through the pages
        def broken(src, dst):
            src.backup(dst, pages=5, progress=_raise_after_a_while)
        monkeypatch.setattr(file_backup, "_copy_pages", broken)
    elif failure == "disk_full":  # SQLite's own "database or disk is full", after some pages
        def broken(src, dst):
            dst.execute("PRAGMA max_page_count = 50")
            src.backup(dst)
        monkeypatch.setattr(file_backup, "_copy_pages", broken)
    elif failure == "read_only":
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        monkeypatch.setattr("core.output_files.tempfile.mkstemp", refuse)
    else:  # the stick is pulled: the folder disappears while the copy is written
        real = file_backup.copy_database

        def pulled(source, target):
            for entry in folder.iterdir():
                entry.unlink()
            folder.rmdir()
            raise sqlite3.OperationalError("disk I/O error")
        monkeypatch.setattr(file_backup, "copy_database", pulled)
        assert real
    with pytest.raises((LedgerError, RuntimeError)) as caught:
        backups.make_backup(path, folder, now=datetime.datetime(2026, 1, 2, 8))
    if failure != "exception":  # a fault of the program is said by run_command
        message = caught.value.message
        assert "台账未做改动" in message, message
    assert fingerprint(path) == before
    if failure == "stick_pulled":
        assert not folder.exists()
    else:
        assert backup_files(folder) == before_files  # no half file, no temporary left


def _raise_after_a_while(status, remaining, total):
    if remaining < total / 2:
        raise RuntimeError("interrupted")


def test_restore_refuses_damaged_newer_and_foreign_files(demo_ledger, tmp_path):
    path = demo_ledger.path
    info = backups.make_backup(path)
    demo_ledger.close()
    before = fingerprint(path)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(info.path.read_bytes())
    corrupt_middle_pages(damaged)
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(info.path.read_bytes())
    set_version(newer, 999)
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    text = tmp_path / "notes.sqlite3"
    text.write_text("这不是数据库", encoding="utf-8")
    folder_files = backup_files(info.path.parent)
    for bad in (damaged, newer, foreign, text, tmp_path / "missing.sqlite3"):
        with pytest.raises(LedgerError):
            backups.restore(path, bad)
        assert fingerprint(path) == before
        assert backup_files(info.path.parent) == folder_files  # no backup made for a refused restore
    assert sha256(info.path)


def test_what_a_killed_backup_left_is_removed_a_day_later_and_nothing_else(demo_ledger, tmp_path):
    folder = tmp_path / "备份"
    folder.mkdir()
    stale = folder / ".台账备份-20260101-080000.abc123.partial.sqlite3"
    fresh = folder / ".台账备份-20260102-080000.def456.partial.sqlite3"
    users = folder / ".台账备份-笔记.partial.sqlite3"
    for path in (stale, fresh, users):
        path.write_bytes(b"half")
    old = datetime.datetime.now().timestamp() - 3 * 86400
    os.utime(stale, (old, old))
    os.utime(users, (old, old))
    backups.make_backup(demo_ledger.path, folder)
    assert not stale.exists() and fresh.exists() and users.exists()


def test_restore_over_a_damaged_ledger_keeps_the_damaged_file_aside(demo_ledger):
    path = demo_ledger.path
    info = backups.make_backup(path)
    demo_ledger.close()
    good = snapshot(path)
    corrupt_middle_pages(path)
    damaged_bytes = sha256(path)
    restored, kept = backups.restore(path, info.path)
    assert kept is None
    assert snapshot(path) == good
    (aside,) = path.parent.glob("demo-损坏-*.sqlite3")
    assert sha256(aside) == damaged_bytes


def test_two_ledgers_in_one_folder_keep_their_backups_apart(tmp_path):
    from core.ledger import Ledger
    from core import registry

    paths = [tmp_path / "东区.sqlite3", tmp_path / "西区.sqlite3"]
    for path, name in zip(paths, ("东区社区", "西区社区")):
        ledger = Ledger.open(path)
        registry.ensure_community(ledger, name)
        ledger.close()
    day = datetime.datetime(2026, 1, 1, 9, 0, 0)
    # A year of daily backups of the first ledger, one of the second: the
    # first's rotation never touches the second's backup.
    west = backups.make_backup(paths[1], now=day)
    for n in range(40):
        backups.make_backup(paths[0], now=day + datetime.timedelta(days=n))
    assert west.path.exists() and west.path.parent == tmp_path / "台账备份" / "西区"
    assert [b.community for b in backups.list_backups(backups.default_folder(paths[1]))] == ["西区社区"]
    assert {b.community for b in backups.list_backups(backups.default_folder(paths[0]))} == {"东区社区"}
