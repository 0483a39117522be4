"""The GUI end of the ledger's change bus.

``ChangeHub.changed`` is emitted for every committed write, on the GUI
thread even when a worker made the change, so a screen connects once and
refreshes only when a table it shows was touched::

    hub.changed.connect(self._on_change)

    def _on_change(self, change: Change) -> None:
        if change.touches("resident", "household"):
            self.reload()
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core.ledger import Change, Ledger


class ChangeHub(QObject):
    """Re-emits the ledger's committed changes as a Qt signal.

    Signals:
        changed(Change): a write was committed.
    """

    changed = Signal(object)

    def __init__(self, ledger: Ledger, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        ledger.bus.subscribe(self._publish)

    def _publish(self, change: Change) -> None:
        # Emitting from a worker thread queues the delivery to the GUI thread.
        self.changed.emit(change)

    def detach(self) -> None:
        self._ledger.bus.unsubscribe(self._publish)
