"""Long work off the GUI thread, with delayed progress and cancel.

Like Anki's task manager: read every widget value *before* starting, hand a
plain function to :func:`run_task`, and get the result back on the GUI
thread. The function receives a ``progress(done, total)`` callback that
raises :class:`core.progress.Cancelled` once the user pressed 取消. A busy
cursor shows at once; a progress dialog only after 600 ms, so quick jobs
do not flash a window.

The function must not touch widgets, and must open its own connection
(``ledger.reopen()``) if it uses the database: SQLite connections stay on
the thread that made them.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from core.progress import Cancelled, Progress

SHOW_AFTER_MS = 600


class Task(QObject):
    """A background job. Lives on the GUI thread; its slots run there.

    Signals:
        finished(): after the success or failure callback has run.

    Attributes:
        result / error: what the function returned or raised, once done.
    """

    finished = Signal()
    _progressed = Signal(int, int)
    _succeeded = Signal(object)
    _failed = Signal(object)

    #: Tasks still running; a task has no Qt parent, so that closing the
    #: window that started it does not destroy it under the worker.
    _running: set[Task] = set()

    def __init__(self, parent: QWidget | None, label: str, cancellable: bool,
                 on_success: Callable[[Any], None],
                 on_failure: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._owner = parent
        Task._running.add(self)
        self._cancel = threading.Event()
        self._on_success = on_success
        self._on_failure = on_failure
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.dialog = QProgressDialog(label, "取消", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.hide()
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)
        self._show_timer.start(SHOW_AFTER_MS)
        # Bound methods of a GUI-thread QObject: Qt queues these to the GUI thread.
        self._progressed.connect(self._show_progress)
        self._succeeded.connect(self._deliver_success)
        self._failed.connect(self._deliver_failure)

    def cancel(self) -> None:
        self._cancel.set()

    def _show_dialog(self) -> None:
        if shiboken6.isValid(self.dialog) and not self.done:
            self.dialog.show()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """The progress callback handed to the work (called on the worker)."""
        if self._cancel.is_set():
            raise Cancelled()
        self._progressed.emit(done, total)

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        if self.done or not shiboken6.isValid(self.dialog):
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)

    def _close_dialog(self) -> None:
        self._show_timer.stop()
        if shiboken6.isValid(self.dialog):
            self.dialog.hide()
            self.dialog.deleteLater()
        QApplication.restoreOverrideCursor()
        Task._running.discard(self)

    def _owner_gone(self) -> bool:
        return self._owner is not None and not shiboken6.isValid(self._owner)

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        self.result = result
        self._close_dialog()
        try:
            if not self._owner_gone():
                self._on_success(result)
        finally:
            self.done = True
            self.finished.emit()

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        self.error = exc
        self._close_dialog()
        try:
            if not self._owner_gone():
                self._on_failure(exc)
        finally:
            self.done = True
            self.finished.emit()


class _Runner(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._task = task
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn(self._task.report)
        except Cancelled as exc:
            self._task._failed.emit(exc)
        except BaseException as exc:  # reported on the GUI thread
            exc.formatted_traceback = traceback.format_exc()  # type: ignore[attr-defined]
            self._task._failed.emit(exc)
        else:
            self._task._succeeded.emit(result)


def run_task(
    parent: QWidget | None,
    label: str,
    fn: Callable[[Progress], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    cancellable: bool = True,
) -> Task:
    """Run ``fn(progress)`` on the worker pool; call back on the GUI thread.

    ``on_failure`` receives the exception, including ``Cancelled``; without
    it, failures other than cancelling are shown as an error message.
    Tests wait with ``qtbot.waitUntil(lambda: task.done)``.
    """

    def default_failure(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            from ui import messages

            messages.error(parent, "操作没有完成，数据未做改动。", describe_error(exc))

    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    task = Task(parent, label, cancellable, on_success, on_failure or default_failure)
    QThreadPool.globalInstance().start(_Runner(task, fn))
    return task


def describe_error(exc: BaseException) -> str:
    """A user-facing line for an exception: its own message if it has one."""
    from core.errors import user_message

    return user_message(exc)


class _Quiet(QObject):
    """Carries a quiet job's result back to the GUI thread.

    It has no parent, so closing the screen that asked does not destroy it
    under the worker's feet; it checks that the screen still exists first.
    """

    done = Signal(object)
    _alive: set[_Quiet] = set()

    def __init__(self, owner: QObject, on_done: Callable[[Any], None]) -> None:
        super().__init__()
        self._owner = owner
        self._on_done = on_done
        self.done.connect(self._deliver)
        _Quiet._alive.add(self)

    @Slot(object)
    def _deliver(self, result: Any) -> None:
        _Quiet._alive.discard(self)
        if shiboken6.isValid(self._owner):
            self._on_done(result)
        self.deleteLater()


class _QuietRunner(QRunnable):
    def __init__(self, carrier: _Quiet, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._carrier = carrier
        self._fn = fn

    def run(self) -> None:
        try:
            result: Any = self._fn()
        except BaseException as exc:  # handed to the GUI thread like a result
            exc.formatted_traceback = traceback.format_exc()  # type: ignore[attr-defined]
            result = exc
        try:
            self._carrier.done.emit(result)
        except RuntimeError:  # the program is closing and the carrier is gone
            pass


def run_quietly(owner: QObject, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
    """Run ``fn()`` on the worker pool with no dialog and no busy cursor, for
    refreshing what a screen shows; ``on_done`` gets the result (or the
    exception) on the GUI thread, unless ``owner`` has been destroyed by then."""
    QThreadPool.globalInstance().start(_QuietRunner(_Quiet(owner, on_done), fn))
