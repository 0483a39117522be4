"""Class 8: ``python main.py import`` killed (SIGKILL) at spread-out moments
— starting, reading, and at several points of its one write transaction —
leaves a ledger that passes ``PRAGMA integrity_check`` and holds either
nothing of the import or all of it; the lock it left is taken over by the
next import."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.register import write_register
from core.ledger import Ledger
from tests.hostile.helpers import ROOT

ROWS = 1500
#: The line the import prints just before its write transaction starts.
BEFORE_WRITING = "加上 --errors"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("sigkill")
    register = folder / "登记表.xlsx"
    write_register(register, rows=ROWS, seed=3)
    empty = folder / "empty.sqlite3"
    Ledger.open(empty).close()
    full = folder / "full.sqlite3"
    shutil.copy(empty, full)
    started = time.monotonic()
    done = _spawn(register, full)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 1, err  # the generated register has some bad rows
    return folder, register, empty, _counts(full), time.monotonic() - started


def _spawn(register: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "import", str(register), "--db", str(db),
                             "--compound", "红星小区"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, encoding="utf-8", env=env, cwd=ROOT)


def _counts(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return conn.execute("SELECT (SELECT count(*) FROM compound), (SELECT count(*) FROM household), "
                            "(SELECT count(*) FROM resident)").fetchone()
    finally:
        conn.close()


def _kill_after_seconds(process: subprocess.Popen, seconds: float) -> None:
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)


def _kill_while_writing(process: subprocess.Popen, seconds: float) -> None:
    for line in process.stdout:
        if BEFORE_WRITING in line:
            break
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)


MOMENTS = [("starting", _kill_after_seconds, 0.2), ("reading", _kill_after_seconds, 0.5),
           ("write begins", _kill_while_writing, 0.0), ("writing", _kill_while_writing, 0.15),
           ("writing later", _kill_while_writing, 0.4), ("finishing", _kill_after_seconds, 0.97)]


def test_killed_imports_are_all_or_nothing(setup) -> None:
    folder, register, empty, full, duration = setup
    outcomes = []
    for name, kill, at in MOMENTS:
        db = folder / f"{name}.sqlite3"
        shutil.copy(empty, db)
        process = _spawn(register, db)
        kill(process, at if kill is _kill_while_writing else at * duration)
        process.wait(timeout=120)
        counts = _counts(db)
        assert counts in ((0, 0, 0), full), (name, counts)
        outcomes.append((name, process.returncode, counts == full))
    print(outcomes, f"full import {duration:.1f} s, {full}")
    # The lock a killed import left is taken over: importing again completes.
    db = folder / "writing later.sqlite3"
    assert Path(f"{db}.lock").exists()
    again = _spawn(register, db)
    again.communicate(timeout=300)
    assert again.returncode == 1
    assert _counts(db) == full
