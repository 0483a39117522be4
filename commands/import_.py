"""``python main.py import FILE.xlsx``: bring a register kept in Excel into the ledger.

Prints the same summary as the import wizard's preview. Exit 0 when every
row was accepted, 1 when some were rejected (they are listed, written to
``--errors`` if given, and the rest imported unless ``--dry-run``), 2 when
the file cannot be used or no compound can be chosen; then nothing changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from commands import EXIT_NOTHING_DONE, EXIT_OK, EXIT_PARTIAL
from commands.common import add_db_argument, db_path, error, say, writer_lock
from core.importing import (
    ImportSetupError,
    apply_plan,
    build_plan,
    problem_line,
    read_workbook,
    summary_lines,
)
from reports.error_workbook import write_error_workbook
from core.ledger import Ledger
from core import backups
from core.errors import LedgerError
from core.output_files import check_output

NAME = "import"
HELP = "从 Excel 工作簿（.xlsx）导入住户和居民"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.xlsx", type=Path, help="要导入的工作簿")
    add_db_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="只检查并显示将导入的内容，不写入台账")
    parser.add_argument("--errors", metavar="OUT.xlsx", type=Path,
                        help="把被拒绝的行（附错误原因）写入这个工作簿，改正后可再次导入")
    parser.add_argument("--compound", metavar="NAME",
                        help="导入到哪个小区（台账中只有一个小区时可省略；没有的小区会新建）")
    parser.add_argument("--sheet", metavar="NAME", action="append",
                        help="只导入这个工作表（可重复）；默认导入所有能识别表头的工作表")


def run(args: argparse.Namespace) -> int:
    if args.dry_run:  # reads only: may run while the window has the ledger open
        return _run(args)
    try:
        lock = writer_lock(db_path(args))
        lock.acquire()
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    try:
        return _run(args)
    finally:
        lock.release()


def _run(args: argparse.Namespace) -> int:
    path = db_path(args)
    try:
        Ledger.check_file(path)
        if args.errors is not None:  # before anything is read: never over the ledger or the register
            check_output(args.errors, ledgers=[path], inputs=[args.file])
        book = read_workbook(args.file)
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    if args.sheet:
        unknown = [s for s in args.sheet if s not in {sheet.name for sheet in book.usable}]
        if unknown:
            error(f"找不到可导入的工作表：{'、'.join(unknown)}。可导入的工作表："
                  f"{'、'.join(s.name for s in book.usable)}")
            return EXIT_NOTHING_DONE
    exists = path.exists() and path.stat().st_size > 0
    if path.exists() and not exists:
        say(f"提示：数据文件“{path.name}”是空文件（0 字节），没有任何台账数据；导入时会把它建成新的台账。")
    try:
        if not exists:
            ledger = Ledger.memory()
        elif args.dry_run:  # reads only: the file's bytes stay as they are
            ledger = Ledger.open_read_only(path)
        else:
            ledger = Ledger.open(path, create=False)
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    try:
        try:
            plan = build_plan(ledger.db, book, compound=args.compound, sheets=args.sheet)
        except ImportSetupError as exc:
            error(exc.message)
            return EXIT_NOTHING_DONE
        for line in summary_lines(plan):
            say(line)
        for problem in plan.rejected:
            say(f"拒绝：{problem_line(problem)}")
        for problem in plan.warnings:
            say(f"提示：{problem_line(problem)}")
        if args.errors is not None:
            if plan.rejected:
                try:
                    write_error_workbook(plan, book, args.errors, ledgers=[path])
                except LedgerError as exc:
                    error(exc.message)
                    return EXIT_NOTHING_DONE
                say(f"被拒绝的 {len(plan.rejected)} 行已写入错误工作簿：{args.errors}")
            else:
                say("没有被拒绝的行，未生成错误工作簿。")
        elif plan.rejected:
            say("提示：加上 --errors 错误.xlsx 可把被拒绝的行写成工作簿，改正后再导入。")
        if args.dry_run:
            say("试运行：台账未做任何改动。")
        elif plan.has_changes:
            if not exists:
                ledger.close()
                ledger = Ledger.open(path, create=True)
                say(f"已新建数据文件：{path}")
            else:  # a verified copy before the import commits; if it fails, nothing is imported
                before = backups.make_backup(path, reason="import")
                say(f"导入前已备份到：{before.path}")
            apply_plan(ledger, plan)
            say(f"已导入到 {path}。")
        else:
            say("没有需要写入的内容，台账未做改动。")
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    finally:
        ledger.close()
    return EXIT_PARTIAL if plan.rejected else EXIT_OK
