"""Class 5: the lock beside the ledger. Commands that write respect the lock
the window holds and say which process holds it; commands that read may
read; an empty, garbage or abandoned lock is taken over."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.helpers import ROOT, assert_message, cli, fingerprint

HOLD_WITH_THE_WINDOWS_LOCK = (
    "import sys, time; sys.path.insert(0, sys.argv[2]); from ui.app import DatabaseLock; "
    "DatabaseLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(120)")
HOLD_WITH_QLOCKFILE = (  # what earlier versions of the window wrote
    "import sys, time; from PySide6.QtCore import QLockFile; l = QLockFile(sys.argv[1] + '.lock'); "
    "assert l.tryLock(0); print('held', flush=True); time.sleep(120)")


@pytest.fixture(params=["window", "qlockfile"])
def held(request, closed_demo: Path):
    code = HOLD_WITH_THE_WINDOWS_LOCK if request.param == "window" else HOLD_WITH_QLOCKFILE
    holder = subprocess.Popen([sys.executable, "-c", code, str(closed_demo), str(ROOT)], stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


def test_import_refuses_while_the_window_holds_the_ledger(held: int, closed_demo: Path, register: Path,
                                                          capsys) -> None:
    before = fingerprint(closed_demo)
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo, "--compound", "新小区")
    assert code == 2
    assert_message(err, f"进程 {held}", "关闭")
    assert fingerprint(closed_demo) == before
    assert Path(f"{closed_demo}.lock").exists()  # the holder's lock is left alone


def test_readers_read_while_the_window_holds_the_ledger(held: int, closed_demo: Path, register: Path,
                                                       tmp_path: Path, capsys) -> None:
    code, _out, err = cli(capsys, "export", "residents", tmp_path / "名册.xlsx", "--db", closed_demo)
    assert code == 0, err
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo, "--dry-run")
    assert code == 1, err
    code, _out, err = cli(capsys, "check", "--db", closed_demo)
    assert code == 0, err


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("content", ["", "garbage\x00\xff", "-5\n", "dead"])
def test_a_stale_lock_is_taken_over(content: str, closed_demo: Path, tmp_path: Path, capsys) -> None:
    lock = Path(f"{closed_demo}.lock")
    text = f"{_dead_pid()}\npython3.11\n{socket.gethostname()}\n" if content == "dead" else content
    lock.write_bytes(text.encode("utf-8", "surrogateescape"))
    clean = tmp_path / "好.xlsx"
    from tests.core.importing.workbooks import write

    write(clean, {"名单": [["楼栋", "单元", "房号", "姓名"], ["9栋", 1, 101, "赵六"]]})
    code, out, err = cli(capsys, "import", clean, "--db", closed_demo)
    assert code == 0, err
    assert "已导入" in out
    assert not lock.exists()  # taken over, then released


def test_a_lock_whose_process_id_now_belongs_to_another_program(closed_demo: Path, register: Path, capsys) -> None:
    """The id of a crashed window was given to another program: not the ledger's holder."""
    Path(f"{closed_demo}.lock").write_text(f"{os.getpid()}\nsome-other-program\n{socket.gethostname()}\n")
    code, _out, err = cli(capsys, "import", register, "--db", closed_demo, "--compound", "新小区", "--dry-run")
    assert code == 1, err
    from core.ledger import LedgerLock

    lock = LedgerLock(closed_demo)
    lock.acquire()
    lock.release()


def test_the_window_refuses_while_a_command_writes(closed_demo: Path) -> None:
    from ui.app import DatabaseLock, LockError

    command = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        Path(f"{closed_demo}.lock").write_text(
            f"{command.pid}\n{os.path.basename(os.path.realpath(sys.executable))}\n{socket.gethostname()}\ncommand\n")
        with pytest.raises(LockError, match=f"进程 {command.pid}"):
            DatabaseLock(closed_demo).acquire()
    finally:
        command.kill()
        command.wait()
    lock = DatabaseLock(closed_demo)
    lock.acquire()  # once it is gone, the lock is taken over
    lock.release()
    assert not Path(f"{closed_demo}.lock").exists()


def test_of_several_programs_taking_over_a_stale_lock_at_once_one_wins(closed_demo: Path) -> None:
    Path(f"{closed_demo}.lock").write_text(f"{_dead_pid()}\npython3.11\n{socket.gethostname()}\n")
    code = ("import sys, time; sys.path.insert(0, sys.argv[2]); from core.ledger import LedgerLock, LockError\n"
            "time.sleep(max(0, float(sys.argv[3]) - time.time()))\n"
            "try:\n    LedgerLock(sys.argv[1]).acquire(); print('won', flush=True); time.sleep(3)\n"
            "except LockError:\n    print('lost', flush=True)\n")
    import time

    start = str(time.time() + 2.0)
    racers = [subprocess.Popen([sys.executable, "-c", code, str(closed_demo), str(ROOT), start],
                               stdout=subprocess.PIPE, text=True) for _ in range(6)]
    results = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert results.count("won") == 1, results
