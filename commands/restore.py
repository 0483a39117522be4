"""``python main.py restore BACKUP``: replace the ledger with a backup, all or nothing.

Shows what the backup holds first; the current ledger is backed up before it
is replaced. Takes the ledger's lock (refused while the window has it open).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from commands import EXIT_NOTHING_DONE, EXIT_OK
from commands.common import add_db_argument, db_path, error, say, writer_lock
from core import backups
from core.errors import LedgerError

NAME = "restore"
HELP = "用备份文件恢复台账（先备份现有台账，全部成功才替换）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="BACKUP_FILE", type=Path, help="备份文件（台账备份-….sqlite3）")
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    try:
        info = backups.describe(args.backup)
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    say(f"备份：{info.path}")
    say(f"  {info.made_at:%Y-%m-%d %H:%M}，{info.community or '（无社区）'}，{info.counts_text()}")
    try:
        with writer_lock(path):
            restored, before = backups.restore(path, args.backup)
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    if before is not None:
        say(f"恢复前的台账已备份到：{before.path}")
    say(f"已用备份恢复台账：{path}")
    return EXIT_OK
