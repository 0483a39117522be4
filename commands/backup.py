"""``python main.py backup``: write a verified backup of the ledger and rotate the folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from commands import EXIT_NOTHING_DONE, EXIT_OK, EXIT_PARTIAL
from commands.common import add_db_argument, db_path, error, say
from core import backups
from core.errors import LedgerError

NAME = "backup"
HELP = "备份台账（含照片），并按保留规则清理旧备份"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--to", metavar="DIR", type=Path,
                        help="备份到这个文件夹（默认：台账旁的“台账备份”文件夹，以及设置的第二个备份位置）")


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.is_file():
        error(f"找不到数据文件：{path}")
        return EXIT_NOTHING_DONE
    if args.to is not None:
        try:
            made = [backups.make_backup(path, args.to)]
        except LedgerError as exc:
            error(exc.message)
            return EXIT_NOTHING_DONE
        problems: list[str] = []
    else:
        made, problems = backups.backup_everywhere(path)
    for info in made:
        say(f"已备份到：{info.path}")
        say(f"  {info.community or '（无社区）'}，{info.counts_text()}，{info.size / 1048576:.1f} MB，已核对无误。")
    for problem in problems:
        error(problem)
    if not made:
        return EXIT_NOTHING_DONE
    return EXIT_PARTIAL if problems else EXIT_OK
