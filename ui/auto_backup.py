"""Automatic backups of the window's ledger: at start-up if the newest is
older than a day (on a thread of its own, once the opening check has passed,
so start-up does not wait), and on closing after changes.

Failures are not shown as errors: they are noted in the status of the next
backup dialog through ``last_problem`` (the ledger is only ever read).
"""

from __future__ import annotations

import datetime
import threading
from pathlib import Path

from core import backups
from core.errors import LedgerError

#: Back up at start-up when the newest backup is older than this.
MAX_AGE = datetime.timedelta(days=1)

_thread: threading.Thread | None = None
#: The problem of the last automatic backup, in Chinese ("" if none).
last_problem = ""


def due(path: Path) -> bool:
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
    except OSError:
        return False
    age = backups.backup_age(path)
    return age is None or age > MAX_AGE


def start_if_due(path: Path | None) -> None:
    """Back up ``path`` on a thread if its newest backup is over a day old."""
    global _thread
    if path is None or (_thread is not None and _thread.is_alive()) or not due(path):
        return
    _thread = threading.Thread(target=backup_now, args=(path,), name="auto-backup")
    _thread.start()


def backup_now(path: Path) -> None:
    global last_problem
    try:
        _made, problems = backups.backup_everywhere(path)
        last_problem = "\n".join(problems)
    except (LedgerError, OSError) as exc:
        last_problem = str(exc)


def wait() -> None:
    """Wait for a running automatic backup (before a restore, before exiting)."""
    if _thread is not None:
        _thread.join()
