"""The command line: ``python main.py COMMAND ...``.

One module per command, each with ``NAME``, ``HELP``, ``add_arguments(parser)``
and ``run(args) -> int``; a module's name is its command's name (``import_``
for ``import``). They are imported only when a command is run, so that
starting the GUI does not pay for them. Messages are Chinese; exit codes are 0 success,
1 done but some input rejected, 2 nothing done.

:func:`run_command` runs one: whatever escapes from it becomes a Chinese
message (:func:`core.errors.user_message`) and exit code 2, never a Python
traceback; a fault of the program also writes the traceback to
``errors.log`` in the data folder, for the maintainers. (Every write is one
transaction, so an error that escapes has left the ledger as it was.)
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_NOTHING_DONE = 2

#: Command modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "commands.demo",
    "commands.import_",
    "commands.export",
    "commands.report",
    "commands.check",
    "commands.backup",
    "commands.restore",
)


def load(command: str | None = None) -> list[ModuleType]:
    """The command modules; only ``command``'s when it names one, so that a
    command imports only what it needs (``check`` never loads openpyxl)."""
    if command is not None:
        for name in COMMAND_MODULES:
            if name.rpartition(".")[2].rstrip("_") == command:
                return [importlib.import_module(name)]
    return [importlib.import_module(name) for name in COMMAND_MODULES]


def run_command(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; exit code 2 with a Chinese message if it fails."""
    try:
        return args.run(args)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the user sees a message, never a traceback
        from core.errors import LedgerError, user_message

        message = user_message(exc)
        if not isinstance(exc, (LedgerError, KeyboardInterrupt, MemoryError, OSError)):
            logged = _log_traceback(exc)
            if logged:
                message += f"详细信息已记入 {logged}。"
        print(f"错误：{message}", file=sys.stderr, flush=True)
        return EXIT_NOTHING_DONE


def _log_traceback(exc: BaseException) -> str | None:
    import datetime
    import traceback

    from core.paths import data_dir

    try:
        path = data_dir() / "errors.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')} {' '.join(sys.argv)}\n")
            log.write("".join(traceback.format_exception(exc)))
        return str(path)
    except Exception:  # noqa: BLE001 - the message matters more than the log
        return None
