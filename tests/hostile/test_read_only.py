"""Class 6: commands that only read (``export``, ``import --dry-run``,
``check``) open the ledger read-only: its bytes do not change, no -wal or
-shm is left beside it, and they still read while another program writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.ledger import Ledger
from tests.hostile.helpers import cli, fingerprint, run, sha256

READERS = [
    ["export", "residents", "{out}"],
    ["export", "grid", "{out}"],
    ["import", "{register}", "--dry-run"],
    ["check"],
]


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:2]))
def test_readers_leave_the_file_as_it_was(closed_demo: Path, register: Path, tmp_path: Path, capsys,
                                          args: list[str]) -> None:
    before = sorted(p.name for p in closed_demo.parent.iterdir())
    digest = sha256(closed_demo)
    filled = [a.format(out=tmp_path / "out.xlsx", register=register) for a in args]
    code, _out, err = cli(capsys, *filled, "--db", closed_demo)
    assert code in (0, 1), err
    assert sha256(closed_demo) == digest
    after = sorted(p.name for p in closed_demo.parent.iterdir() if p.name != "out.xlsx")
    assert after == before  # no -wal, -shm or lock left behind


def test_readers_as_separate_processes(closed_demo: Path, tmp_path: Path) -> None:
    digest = sha256(closed_demo)
    result = run("check", "--db", closed_demo, home=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run("export", "party", tmp_path / "党员.xlsx", "--db", closed_demo, home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sha256(closed_demo) == digest
    assert not Path(f"{closed_demo}-wal").exists() and not Path(f"{closed_demo}-shm").exists()


def test_reading_while_another_program_has_it_open(closed_demo: Path, tmp_path: Path, capsys) -> None:
    writer = Ledger.open(closed_demo)
    try:
        before = fingerprint(closed_demo)
        code, _out, err = cli(capsys, "export", "residents", tmp_path / "名册.xlsx", "--db", closed_demo)
        assert code == 0, err
        assert fingerprint(closed_demo) == before
        assert Path(f"{closed_demo}-wal").exists()  # the writer's files are left to the writer
    finally:
        writer.close()


@pytest.mark.unguarded
def test_a_read_only_ledger_cannot_write(closed_demo: Path) -> None:
    ledger = Ledger.open_read_only(closed_demo)
    ledger.db.conn.set_authorizer(None)  # past the test's write guard: SQLite itself refuses
    try:
        with pytest.raises(sqlite3.OperationalError):
            ledger.db.execute("DELETE FROM setting")
    finally:
        ledger.close()
