"""Python's garbage collector, run only on the GUI thread.

The collector runs on whichever thread happens to allocate when a
threshold is crossed. If that is a worker thread and the garbage holds Qt
objects (a closed dialog caught in a reference cycle), they are destroyed
off the GUI thread and the program crashes. Like Anki, we switch automatic
collection off and collect from a timer on the GUI thread instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 5000


class GarbageCollector(QObject):
    """Disables automatic collection and collects every few seconds."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(INTERVAL_MS)

    def collect(self) -> None:
        gc.collect(0)
        if gc.get_count()[1] > 10:
            gc.collect()


def freeze_long_lived() -> None:
    """Move every object alive now out of the collector's sight (gc.freeze).

    Called once a screen has loaded data it keeps for the session (the
    registry's search index: ~100,000 objects for 50,000 residents), so the
    timer's full collections stop walking them each time: on a
    sub-district's ledger that walk is what makes a collection noticeable
    while typing. Frozen objects are still freed by reference counting when
    dropped; only cycles among them would wait.
    """
    gc.freeze()
