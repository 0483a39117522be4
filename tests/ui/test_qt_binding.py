"""Guards against faults of the Qt binding itself, which no test of ours
would otherwise pin on the right cause.

PySide6 6.12.0 returned ``True`` from ``Signal.emit()`` without taking a
reference, so every signal emitted from Python wore one reference off
``True``; after a few hundred the interpreter aborted ("bool_dealloc").
requirements.txt pins a release without the fault; this test fails if a
future pin brings it back.
"""

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Signal


class _Emitter(QObject):
    changed = Signal(object)


class _Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()) -> int:
        return 1

    def columnCount(self, parent=QModelIndex()) -> int:
        return 1

    def data(self, index, role=0):
        return None


def test_emitting_signals_keeps_reference_counts(qapp):
    emitter, model = _Emitter(), _Model()
    index = model.index(0, 0)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(50):
        emitter.changed.emit(1)
        model.dataChanged.emit(index, index)
        model.layoutChanged.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert after[0] >= before[0] - 5 and after[1] >= before[1] - 5, (before, after)
