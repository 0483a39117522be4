"""Class 3: a damaged ledger that still opens (good header, corrupt middle
pages; a table missing) and one made by a newer version. Writing refuses
it with a message pointing to a backup, ``check`` reports it, nothing
changes and no command dies with a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.errors import DatabaseOpenError
from core.ledger import Ledger
from tests.hostile.helpers import assert_message, cli, fingerprint


def corrupt_middle_pages(path: Path) -> None:
    """Overwrite pages in the middle of the file, keeping the header (page 1) intact."""
    conn = sqlite3.connect(path)
    page_size, pages = conn.execute("PRAGMA page_size").fetchone()[0], conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    assert pages > 40
    with path.open("r+b") as handle:
        for page in range(pages // 3, pages // 3 + 12):
            handle.seek(page * page_size)
            handle.write(bytes([0xA5]) * page_size)


def drop_table(path: Path, table: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def set_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def test_corrupt_pages_are_refused_for_writing(closed_demo: Path, register: Path, capsys) -> None:
    corrupt_middle_pages(closed_demo)
    before = fingerprint(closed_demo)
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo)
    assert code == 2
    assert_message(err, "已损坏", "备份", "未做任何改动")
    with pytest.raises(DatabaseOpenError, match="已损坏"):
        Ledger.open(closed_demo)
    for args in (["import", register, "--db", closed_demo, "--dry-run"],
                 ["export", "residents", closed_demo.with_name("名册.xlsx"), "--db", closed_demo]):
        code, _out, err = cli(capsys, *args)
        assert code == 2
        assert_message(err, "已损坏")
    assert fingerprint(closed_demo) == before
    assert not closed_demo.with_name("名册.xlsx").exists()


def test_check_reports_corrupt_pages_without_a_traceback(closed_demo: Path, capsys) -> None:
    corrupt_middle_pages(closed_demo)
    before = fingerprint(closed_demo)
    code, out, err = cli(capsys, "check", "--db", closed_demo)
    assert code == 1
    assert_message(err, "文件损坏", "备份")
    assert fingerprint(closed_demo) == before


def test_check_of_a_file_whose_first_pages_are_garbage(closed_demo: Path, capsys) -> None:
    with closed_demo.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\xff" * 4000)
    before = fingerprint(closed_demo)
    for args in (["check"], ["import", "x.xlsx"], ["export", "residents", "x.xlsx"]):
        code, out, err = cli(capsys, *args, "--db", closed_demo)
        assert code in (1, 2)
        assert_message(out + err)
    assert fingerprint(closed_demo) == before


def test_a_required_table_missing(closed_demo: Path, register: Path, capsys) -> None:
    drop_table(closed_demo, "photo_data")
    before = fingerprint(closed_demo)
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo)
    assert code == 2
    assert_message(err, "缺少表 photo_data", "备份")
    code, _out, err = cli(capsys, "check", "--db", closed_demo)
    assert code == 1
    assert_message(err, "缺少表 photo_data")
    assert fingerprint(closed_demo) == before


def test_check_names_any_table_missing(closed_demo: Path, capsys) -> None:
    drop_table(closed_demo, "rotation_slot")
    before = fingerprint(closed_demo)
    code, _out, err = cli(capsys, "check", "--db", closed_demo)
    assert code == 1
    assert_message(err, "缺少表 rotation_slot")
    assert fingerprint(closed_demo) == before


def test_a_newer_version_is_refused_by_every_command(closed_demo: Path, register: Path, capsys) -> None:
    set_version(closed_demo, 999)
    before = fingerprint(closed_demo)
    for args in (["import", register], ["import", register, "--dry-run"],
                 ["export", "residents", closed_demo.with_name("名册.xlsx")], ["check"]):
        code, _out, err = cli(capsys, *args, "--db", closed_demo)
        assert code == 2, args
        assert_message(err, "更新版本", "999")
    assert fingerprint(closed_demo) == before


def test_the_gui_shows_the_same_message(closed_demo: Path, qtbot, monkeypatch) -> None:
    from ui import messages
    from ui.app import Session

    corrupt_middle_pages(closed_demo)
    before = fingerprint(closed_demo)
    shown = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, detail="": shown.append(detail))
    session = Session()
    # The window opens at once; the integrity check runs beside it, and
    # refuses the file as soon as it is done.
    session.open(closed_demo)
    qtbot.waitUntil(lambda: session.ledger is None, timeout=10_000)
    assert any("已损坏" in text and "备份" in text for text in shown)
    assert session.window is None
    after = fingerprint(closed_demo)
    assert after[""] == before[""]  # the file itself is as it was
    # Nothing was written beside it either: at most the empty -wal a reader
    # of the window (still closing) leaves until the program ends.
    wal = Path(f"{closed_demo}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_write_waits_for_the_check_beside_the_window_and_is_refused(closed_demo: Path) -> None:
    from core import registry
    from core.errors import DamagedDatabaseError

    corrupt_middle_pages(closed_demo)
    before = fingerprint(closed_demo)
    ledger = Ledger.open_checking_beside(closed_demo)
    try:
        with pytest.raises(DamagedDatabaseError, match="已损坏"):
            registry.ensure_community(ledger, "新名字")
        worker = ledger.reopen()
        with pytest.raises(DamagedDatabaseError):
            registry.ensure_community(worker, "新名字")
        worker.close()
        assert ledger.check_result()[0] and ledger.check_result()[1] is not None
    finally:
        ledger.close()
    assert fingerprint(closed_demo)[""] == before[""]


def test_a_sound_ledger_opened_beside_the_check_writes_as_usual(closed_demo: Path) -> None:
    from core import registry

    ledger = Ledger.open_checking_beside(closed_demo)
    try:
        registry.ensure_community(ledger, "新名字")
        assert ledger.check_result() == (True, None)
        assert ledger.db.execute("SELECT count(*) FROM community WHERE name = '新名字'").fetchone()[0] == 1
    finally:
        ledger.close()
