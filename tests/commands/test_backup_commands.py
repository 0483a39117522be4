"""``backup`` and ``restore`` through main.main, as a user types them."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tests.hostile.helpers import assert_message, cli, fingerprint
from tests.hostile.test_damaged_database import corrupt_middle_pages, set_version


@pytest.fixture
def demo_file(demo_ledger):
    path = demo_ledger.path
    demo_ledger.close()
    return path


def test_backup_then_restore(capsys, demo_file, tmp_path):
    code, out, err = cli(capsys, "backup", "--db", demo_file)
    assert code == 0, err
    assert_message(out, "已备份到", "已核对无误", "照片")
    folder = demo_file.parent / "台账备份" / demo_file.stem
    (backup,) = [p for p in folder.iterdir() if p.suffix == ".sqlite3"]
    code, out, err = cli(capsys, "check", "--db", demo_file)
    assert code == 0 and str(backup) in out
    code, out, err = cli(capsys, "restore", backup, "--db", demo_file)
    assert code == 0, err
    assert_message(out, "恢复前的台账已备份到", "已用备份恢复台账", "幸福路社区")
    assert len([p for p in folder.iterdir() if p.suffix == ".sqlite3"]) == 2


def test_backup_to_a_folder(capsys, demo_file, tmp_path):
    code, out, _err = cli(capsys, "backup", "--db", demo_file, "--to", tmp_path / "U盘")
    assert code == 0 and str(tmp_path / "U盘") in out


def test_backup_of_a_missing_ledger(capsys, tmp_path):
    code, _out, err = cli(capsys, "backup", "--db", tmp_path / "none.sqlite3")
    assert code == 2
    assert_message(err, "找不到数据文件")


def test_backup_into_a_folder_that_cannot_be_made(capsys, demo_file, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    before = fingerprint(demo_file)
    code, _out, err = cli(capsys, "backup", "--db", demo_file, "--to", blocker / "sub")
    assert code == 2
    assert_message(err, "台账未做改动")
    assert fingerprint(demo_file) == before


def test_restore_refuses_bad_files_with_exit_2(capsys, demo_file, tmp_path):
    cli(capsys, "backup", "--db", demo_file)
    (backup,) = (demo_file.parent / "台账备份" / demo_file.stem).glob("*.sqlite3")
    damaged, newer, foreign = tmp_path / "d.sqlite3", tmp_path / "n.sqlite3", tmp_path / "f.sqlite3"
    damaged.write_bytes(backup.read_bytes())
    corrupt_middle_pages(damaged)
    newer.write_bytes(backup.read_bytes())
    set_version(newer, 999)
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    before = fingerprint(demo_file)
    listing = sorted(os.listdir(backup.parent))
    for bad, words in ((damaged, "损坏"), (newer, "更新版本"), (foreign, "其他程序"),
                       (tmp_path / "missing.sqlite3", "找不到")):
        code, _out, err = cli(capsys, "restore", bad, "--db", demo_file)
        assert code == 2, bad
        assert_message(err, words, "台账未做改动")
        assert fingerprint(demo_file) == before
        assert sorted(os.listdir(backup.parent)) == listing


def test_restore_refused_while_the_window_holds_the_lock(capsys, demo_file):
    from core.ledger import LedgerLock

    cli(capsys, "backup", "--db", demo_file)
    (backup,) = (demo_file.parent / "台账备份" / demo_file.stem).glob("*.sqlite3")
    before = fingerprint(demo_file)
    with LedgerLock(demo_file):
        code, _out, err = cli(capsys, "restore", backup, "--db", demo_file)
    assert code == 2
    assert_message(err)
    assert fingerprint(demo_file) == before
