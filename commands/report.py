"""``python main.py report KIND OUT.pdf``: a roster or the briefing, printed to PDF.

Opens the ledger read-only, as ``export`` does; ID and phone numbers are
masked unless ``--full-id`` is given. ``--from``/``--to`` bound the briefing's
period (default: this month to today).
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from commands import EXIT_NOTHING_DONE, EXIT_OK
from commands.common import add_db_argument, db_path, error, say, write_from_ledger
from core.errors import LedgerError
from core.ledger import Ledger
from reports.pdf.kinds import REPORT_KINDS

NAME = "report"
HELP = "把台账打印成 PDF（楼栋花名册、党员名册、困难群体名单、工作简报）"


def _kinds() -> str:
    return "，".join(f"{key}（{kind.title}）" for key, kind in REPORT_KINDS.items())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", metavar="KIND", help=f"打印什么：{_kinds()}")
    parser.add_argument("out", metavar="OUT.pdf", type=Path, help="写到哪个文件")
    add_db_argument(parser)
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help="briefing：期间的第一天，如 2026-11-01（默认本月 1 日）")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="briefing：期间的最后一天（默认今天）")
    parser.add_argument("--issue", type=int, default=1, metavar="N", help="briefing：第几期（默认 1）")
    parser.add_argument("--notes", type=Path, metavar="FILE.txt",
                        help="briefing：主要做法、存在问题、下一步打算的文字（UTF-8 文本，每节以该标题单独一行开始）")
    parser.add_argument("--copies", type=int, default=10, metavar="N", help="briefing：共印几份（默认 10）")
    parser.add_argument("--full-id", action="store_true",
                        help="打印完整的身份证号和电话（默认打码，如 110101********1234）")


def _date(text: str | None, what: str) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise LedgerError(f"{what}“{text}”不是日期，请写成 2026-12-03 这样。") from None


def _briefing_text(args: argparse.Namespace):
    from reports.pdf.briefing import BriefingText, parse_sections

    sections = {}
    if args.notes is not None:
        try:
            content = args.notes.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise LedgerError(f"简报文字“{args.notes}”不是 UTF-8 文本，请用记事本“另存为”UTF-8 后再试。") from None
        except OSError as exc:
            raise LedgerError(f"无法读取简报文字“{args.notes}”：{exc.strerror}。") from exc
        sections = parse_sections(content)
    return BriefingText(issue=args.issue, sections=sections, copies=args.copies)


def run(args: argparse.Namespace) -> int:
    kind = REPORT_KINDS.get(args.kind)
    if kind is None:
        error(f"不认识的报表种类“{args.kind}”。可选：{_kinds()}")
        return EXIT_NOTHING_DONE
    if args.out.suffix.lower() != ".pdf":
        error(f"报表文件应以 .pdf 结尾：{args.out}")
        return EXIT_NOTHING_DONE
    try:
        today = datetime.date.today()
        date_from = _date(args.date_from, "--from 的日期")
        date_to = _date(args.date_to, "--to 的日期")
        if not kind.dated and (date_from or date_to):
            raise LedgerError(f"{kind.title}不按日期范围打印，请去掉 --from / --to。")
        for option in ("issue", "copies"):
            if getattr(args, option) < 1:
                raise LedgerError(f"--{option} 应是正整数。")
        if not kind.dated and args.notes is not None:
            raise LedgerError(f"{kind.title}没有简报文字，请去掉 --notes。")
        if kind.dated:
            date_to = date_to or today
            date_from = date_from or date_to.replace(day=1)
            if date_from > date_to:
                raise LedgerError(f"--from（{date_from}）晚于 --to（{date_to}），请检查日期。")
    except LedgerError as exc:
        error(exc.message)
        return EXIT_NOTHING_DONE
    def work(ledger: Ledger):
        extra = {"date_from": date_from, "date_to": date_to, "text": _briefing_text(args)} if kind.dated else {}
        return kind.writer()(ledger.db, args.out, full_id=args.full_id, ledgers=[db_path(args)], **extra)

    printed = write_from_ledger(args, args.out, work, inputs=[args.notes])
    if printed is None:
        return EXIT_NOTHING_DONE
    privacy = "含完整身份证号和电话，请妥善保管" if args.full_id else "身份证号和电话已打码"
    say(f"已打印{kind.title}，共 {printed.pages} 页 → {args.out}（{privacy}）")
    return EXIT_OK
