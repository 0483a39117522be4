"""The command line: ``python main.py COMMAND ...``.

One module per command, each with ``NAME``, ``HELP``, ``add_arguments(parser)``
and ``run(args) -> int``; a module's name is its command's name (``import_``
for ``import``). They are imported only when a command is run, so that
starting the GUI does not pay for them. Messages are Chinese; exit codes are 0 success,
1 done but some input rejected, 2 nothing done.
"""

from __future__ import annotations

import importlib
from types import ModuleType

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_NOTHING_DONE = 2

#: Command modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "commands.demo",
    "commands.import_",
    "commands.export",
    "commands.check",
)


def load() -> list[ModuleType]:
    return [importlib.import_module(name) for name in COMMAND_MODULES]
