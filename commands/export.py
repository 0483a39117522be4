"""``python main.py export KIND OUT.xlsx``: a register for the sub-district office.

ID and phone numbers are masked unless ``--full-id`` is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from commands import EXIT_NOTHING_DONE, EXIT_OK
from commands.common import add_db_argument, error, say, write_from_ledger
from core.ledger import Ledger
from reports.excel_export import EXPORT_KINDS, export

NAME = "export"
HELP = "把台账导出为 Excel 工作簿（名册、网格责任表、检查记录、整治行动）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = "，".join(f"{key}（{kind.title}）" for key, kind in EXPORT_KINDS.items())
    parser.add_argument("kind", metavar="KIND", help=f"导出什么：{kinds}")
    parser.add_argument("out", metavar="OUT.xlsx", type=Path, help="写到哪个文件")
    add_db_argument(parser)
    parser.add_argument("--full-id", action="store_true",
                        help="导出完整的身份证号和电话（默认打码，如 110101********1234）")
    parser.add_argument("--campaign", metavar="NAME",
                        help="campaigns：导出哪一次整治行动（默认最近一次）")


def run(args: argparse.Namespace) -> int:
    kind = EXPORT_KINDS.get(args.kind)
    if kind is None:
        choices = "、".join(f"{key}（{k.title}）" for key, k in EXPORT_KINDS.items())
        error(f"不认识的导出种类“{args.kind}”。可选：{choices}")
        return EXIT_NOTHING_DONE
    if args.out.suffix.lower() != ".xlsx":
        error(f"导出文件应以 .xlsx 结尾：{args.out}")
        return EXIT_NOTHING_DONE
    def work(ledger: Ledger) -> int:
        if args.kind == "campaigns":
            return kind.write(ledger.db, args.out, full_id=args.full_id, campaign=args.campaign)
        return export(ledger.db, args.kind, args.out, full_id=args.full_id)

    rows = write_from_ledger(args, args.out, work)
    if rows is None:
        return EXIT_NOTHING_DONE
    privacy = "含完整身份证号和电话，请妥善保管" if args.full_id else "身份证号和电话已打码"
    say(f"已导出{kind.title} {rows} 行 → {args.out}（{privacy}）")
    return EXIT_OK
