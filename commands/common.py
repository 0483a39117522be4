"""Helpers shared by the commands: opening the ledger, printing messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from core.ledger import Ledger, LedgerLock
from core.paths import default_db_path
from core.errors import LedgerError
from core.output_files import check_output

T = TypeVar("T")


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


def write_from_ledger(args: argparse.Namespace, out: Path, work: Callable[[Ledger], T], *,
                      inputs: Iterable[Path | None] = ()) -> T | None:
    """For a command that reads the ledger and writes ``out`` (export, report):
    ``out`` is checked before the ledger is opened (never the ledger, its side
    files or lock, nor an input), the ledger is opened read-only (its bytes
    stay as they are), ``work`` runs and the ledger is closed. Prints why
    and returns None if nothing could be done."""
    path = db_path(args)
    if not path.exists():
        error(f"找不到数据文件：{path}")
        return None
    try:
        check_output(out, ledgers=[path], inputs=[i for i in inputs if i is not None])
        ledger = Ledger.open_read_only(path)
    except LedgerError as exc:
        error(exc.message)
        return None
    try:
        return work(ledger)
    except LedgerError as exc:
        error(exc.message)
        return None
    finally:
        ledger.close()


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
