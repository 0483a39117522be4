"""``python main.py check``: is the database whole and consistent?"""

from __future__ import annotations

import argparse

from commands import EXIT_NOTHING_DONE, EXIT_OK, EXIT_PARTIAL
from commands.common import add_db_argument, db_path, error, say
from db.checks import check_database
from core import backups
from core.errors import LedgerError

NAME = "check"
HELP = "检查数据文件是否完整、一致"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.exists() and not path.is_symlink():
        error(f"找不到数据文件：{path}")
        return EXIT_NOTHING_DONE
    try:
        report = check_database(path)
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    for line in report.lines:
        say(line)
    newest = backups.newest_good_backup(path)
    if newest is not None:
        say(f"最近的备份：{newest.path}（{newest.made_at:%Y-%m-%d %H:%M}，{newest.counts_text()}）")
    else:
        say("还没有备份：可用 python main.py backup 备份，或在程序的“文件 › 备份…”中立即备份。")
    if report.problems:
        for problem in report.problems:
            error(problem)
        return EXIT_PARTIAL
    say("检查通过：数据文件完整，没有发现问题。")
    return EXIT_OK
