"""Class 4b: a ledger or a register that cannot be used: read-only, locked by
another writer, unreadable, a folder, a named pipe or a device, empty.
Each is a Chinese message and exit code 2 (nothing done), never a traceback
or a hang, and the ledger's bytes are unchanged."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.helpers import ROOT, assert_message, cli, fingerprint, run

COMMANDS = {
    "import": lambda db, register, out: ["import", register, "--db", db],
    "dry-run": lambda db, register, out: ["import", register, "--db", db, "--dry-run"],
    "export": lambda db, register, out: ["export", "residents", out, "--db", db],
    "check": lambda db, register, out: ["check", "--db", db],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_as_the_ledger(command: str, tmp_path: Path, register: Path, capsys) -> None:
    folder = tmp_path / "台账.sqlite3"
    folder.mkdir()
    code, _out, err = cli(capsys, *COMMANDS[command](folder, register, tmp_path / "o.xlsx"))
    assert code == 2
    assert_message(err, "文件夹")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_a_pipe_or_device_as_the_ledger_does_not_hang(command: str, tmp_path: Path, register: Path) -> None:
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    for db in (fifo, Path("/dev/zero")):
        result = run(*COMMANDS[command](db, register, tmp_path / "o.xlsx"), home=tmp_path, timeout=60)
        assert result.returncode == 2, result.stderr
        assert_message(result.stderr, "不是普通文件")


@pytest.mark.parametrize("source", ["folder", "fifo", "/dev/zero", "/dev/null", "missing"])
def test_a_register_that_is_no_regular_file(source: str, tmp_path: Path, closed_demo: Path) -> None:
    path = {"folder": tmp_path / "表.xlsx", "fifo": tmp_path / "管道.xlsx", "missing": tmp_path / "无.xlsx"}.get(
        source, Path(source))
    if source == "folder":
        path.mkdir()
    elif source == "fifo":
        os.mkfifo(path)
    before = fingerprint(closed_demo)
    result = run("import", path, "--db", closed_demo, home=tmp_path, timeout=60)
    assert result.returncode == 2
    assert_message(result.stderr)
    assert fingerprint(closed_demo) == before


def test_an_unreadable_register(tmp_path: Path, register: Path, closed_demo: Path, capsys, monkeypatch) -> None:
    """Tests run as root here, who reads anything: the refusal is the operating system's, simulated."""
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == register:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    before = fingerprint(closed_demo)
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo)
    assert code == 2
    assert_message(err, "没有权限")
    assert fingerprint(closed_demo) == before


def test_a_read_only_ledger(tmp_path: Path, register: Path, closed_demo: Path, capsys, monkeypatch) -> None:
    """A file the user may not write: SQLite opens it read-only. Simulated (tests run
    as root, who may write anything) by opening every connection of the program read-only."""
    import db.database

    real = db.database.sqlite3.connect

    def read_only(database, *args, **kwargs):
        # The ledger only: the backup the import makes first goes to a folder that may be written.
        if not kwargs.get("uri") and str(database) != ":memory:" and Path(database).resolve() == closed_demo.resolve():
            database, kwargs["uri"] = Path(database).resolve().as_uri() + "?mode=ro", True
        return real(database, *args, **kwargs)

    monkeypatch.setattr(db.database.sqlite3, "connect", read_only)
    before = fingerprint(closed_demo)
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo, "--compound", "新小区")
    assert code == 2
    assert_message(err, "只读")
    code, _out, err = cli(capsys, "export", "residents", tmp_path / "名册.xlsx", "--db", closed_demo)
    assert code == 0, err  # reading a read-only ledger is fine
    monkeypatch.undo()
    assert fingerprint(closed_demo)[""] == before[""]


def test_a_ledger_without_write_permission_is_refused_on_opening(closed_demo: Path, register: Path, capsys,
                                                                monkeypatch) -> None:
    """What a user without write permission meets (tests run as root: os.access is simulated)."""
    import db.database

    before = fingerprint(closed_demo)
    monkeypatch.setattr(db.database.os, "access", lambda path, mode: Path(path) != closed_demo)
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo, "--compound", "新小区")
    assert code == 2
    assert_message(err, "只读", "复制到")
    monkeypatch.setattr(db.database.os, "access", lambda path, mode: Path(path) != closed_demo.parent)
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo, "--compound", "新小区")
    assert code == 2
    assert_message(err, "文件夹", "不可写")
    monkeypatch.undo()
    assert fingerprint(closed_demo) == before


def test_a_ledger_locked_by_another_writer(tmp_path: Path, register: Path, closed_demo: Path) -> None:
    """Another program holds a write transaction: the import waits SQLite's
    busy timeout (10 s), then says the file is in use; nothing is written."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
         "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(60)", str(closed_demo)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = fingerprint(closed_demo)
        started = time.monotonic()
        result = run("import", register, "--db", closed_demo, "--compound", "新小区", home=tmp_path)
        assert result.returncode == 2, result.stderr
        assert_message(result.stderr, "占用")
        assert time.monotonic() - started < 50
        assert fingerprint(closed_demo)[""] == before[""]
    finally:
        holder.kill()
        holder.wait()
    conn = sqlite3.connect(closed_demo)
    try:
        assert conn.execute("SELECT count(*) FROM compound WHERE name = '新小区'").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_zero_byte_ledger_is_one_behaviour_for_every_command(tmp_path: Path, register: Path, capsys) -> None:
    """Readers say it holds no data yet; writers make it a new ledger, and say so."""
    empty = tmp_path / "空.sqlite3"
    for command in ("dry-run", "export", "check"):
        empty.write_bytes(b"")
        code, out, err = cli(capsys, *COMMANDS[command](empty, register, tmp_path / "o.xlsx"),
                             *(["--compound", "红星小区"] if command == "dry-run" else []))
        if command == "dry-run":
            assert code == 1 and "空文件（0 字节）" in out
        else:
            assert code == 2
            assert_message(err, "空文件（0 字节）", "恢复")
        assert empty.read_bytes() == b""
    code, out, err = cli(capsys, "import", register, "--db", empty, "--compound", "红星小区")
    assert code == 1 and "空文件（0 字节）" in out
    assert empty.read_bytes()[:16] == b"SQLite format 3\x00"


def test_no_traceback_for_an_unexpected_fault(tmp_path: Path, register: Path, capsys, monkeypatch) -> None:
    import commands.import_

    def broken(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(commands.import_, "build_plan", broken)
    code, _out, err = cli(capsys, "import", register, "--db", tmp_path / "l.sqlite3")
    assert code == 2
    assert_message(err, "程序内部错误", "errors.log")
    assert "RuntimeError" in (Path(os.environ["COMPOUND_LEDGER_HOME"]) / "errors.log").read_text(encoding="utf-8")
    assert ROOT
