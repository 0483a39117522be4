"""小区治理台账 (Compound Ledger): start the GUI, or run a command.

    python main.py [--db PATH]            the program
    python main.py COMMAND [...]          a command; ``python main.py -h`` lists them
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commands import EXIT_NOTHING_DONE, load
from core.paths import APP_TITLE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description=f"{APP_TITLE}：不带命令时打开程序窗口。")
    parser.add_argument("--db", metavar="PATH", type=Path,
                        help="要打开的数据文件（默认：用户数据文件夹中的台账）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令")
    for module in load():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return EXIT_NOTHING_DONE if exc.code else 0
    if args.command is None:
        from ui.app import run_gui

        return run_gui(args.db)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
