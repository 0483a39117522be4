"""小区治理台账 (Compound Ledger): start the GUI, or run a command.

    python main.py [--db PATH]            the program
    python main.py COMMAND [...]          a command; ``python main.py -h`` lists them
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commands import EXIT_NOTHING_DONE, load, run_command
from core.paths import APP_TITLE


def build_parser(with_commands: bool = True, command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description=f"{APP_TITLE}：不带命令时打开程序窗口。")
    parser.add_argument("--db", metavar="PATH", type=Path,
                        help="要打开的数据文件（默认：用户数据文件夹中的台账）")
    # For benchmarks and the packaged program's smoke test: open the window,
    # let it draw once, print how long that took, and quit.
    parser.add_argument("--quit-when-ready", action="store_true", help=argparse.SUPPRESS)
    if not with_commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令")
    for module in load(command):
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def _words(argv: list[str]) -> list[str]:
    """The arguments without ``--db`` and its value."""
    words, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        else:
            words.append(arg)
    return words


def _command_named(argv: list[str]) -> str | None:
    """The command the arguments name (the first word not after ``--db``)."""
    return next((arg for arg in _words(argv) if not arg.startswith("-")), None)


def _names_a_command(argv: list[str]) -> bool:
    """True if the arguments go beyond ``[--db PATH]``: only then are the
    command modules imported."""
    return any(arg in ("-h", "--help") or not arg.startswith("-") for arg in _words(argv))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    wants_command = _names_a_command(argv)
    parser = build_parser(with_commands=wants_command, command=_command_named(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return EXIT_NOTHING_DONE if exc.code else 0
    if getattr(args, "command", None) is None:
        from ui.app import run_gui

        return run_gui(args.db, quit_when_ready=args.quit_when_ready)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
