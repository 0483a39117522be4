"""``python main.py demo --db PATH``: a new database holding the demo compound."""

from __future__ import annotations

import argparse

from commands import EXIT_NOTHING_DONE, EXIT_OK
from commands.common import add_db_argument, db_path, error, open_ledger, say, writer_lock
from core.errors import LedgerError
from core.demo import build_demo
from core.overview import overview

NAME = "demo"
HELP = "新建一个装有示例小区的数据文件"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--seed", type=int, default=2025, help="随机种子（同一种子得到同样的数据）")
    parser.add_argument("--compounds", type=int, default=1,
                        help="小区个数（默认 1；34 个约 5 万居民，用于性能测试）")


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    if path.exists() and path.stat().st_size > 0:
        error(f"{path} 已存在。示例数据只写入新文件，请换一个文件名。")
        return EXIT_NOTHING_DONE
    if not 1 <= args.compounds <= 200:
        error("--compounds 应在 1 到 200 之间")
        return EXIT_NOTHING_DONE
    lock = writer_lock(path)
    try:
        lock.acquire()
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    try:
        ledger = open_ledger(args, create=True)
        if ledger is None:
            return EXIT_NOTHING_DONE
        try:
            build_demo(ledger, seed=args.seed, compounds=args.compounds)
            o = overview(ledger.db)
        finally:
            ledger.close()
    finally:
        lock.release()
    say(f"已生成示例数据：{o.compounds} 个小区，{o.buildings} 栋，{o.units} 个单元，"
        f"{o.households} 户，在住 {o.residents} 人 → {path}")
    return EXIT_OK
