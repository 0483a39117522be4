"""Helpers shared by the commands: opening the ledger, printing messages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.ledger import Ledger, LedgerLock
from core.paths import default_db_path
from core.errors import LedgerError


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", type=Path,
                        help="数据文件（默认：用户数据文件夹中的台账，与图形界面相同）")


def db_path(args: argparse.Namespace) -> Path:
    return args.db if args.db is not None else default_db_path()


def open_ledger(args: argparse.Namespace, *, create: bool = False) -> Ledger | None:
    """Open the ledger named by ``--db``; prints why and returns None if it can't."""
    path = db_path(args)
    try:
        return Ledger.open(path, create=create)
    except LedgerError as exc:
        error(exc.message)
        return None


def say(message: str) -> None:
    print(message, flush=True)


def error(message: str) -> None:
    print(f"错误：{message}", file=sys.stderr, flush=True)


def writer_lock(path: Path) -> LedgerLock:
    """The ledger's lock, for a command that writes (``with writer_lock(path): ...``).

    Raises LockError (a LedgerError naming the process) while the program's
    window or another command holds it; a stale lock is taken over.
    """
    return LedgerLock(path, purpose="command")
