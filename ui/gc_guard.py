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
