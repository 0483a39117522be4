"""Progress reporting and cancelling for long work (import, PDF, backup, demo).

Long functions in ``core``, ``db`` and ``reports`` take a ``progress``
callback, call it as ``progress(done, total)`` now and then, and stop when
it raises :class:`Cancelled`; their transaction then rolls back, so a
cancelled job leaves the database as it was. The caller decides how to show
progress: the GUI with a dialog, the command line not at all.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The user cancelled; nothing was written."""


def no_progress(done: int, total: int) -> None:
    """A progress callback that shows nothing and never cancels."""
