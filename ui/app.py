"""Starting the GUI: the application object, the lock file, the first window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, Qt, QThreadPool, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from core.ledger import Ledger, LedgerLock, LockError
from core.paths import APP_NAME, APP_TITLE, default_db_path
from core.errors import LedgerError
from ui import auto_backup, messages, settings
from ui.gc_guard import GarbageCollector


_STARTED = time.perf_counter()


__all__ = ["DatabaseLock", "LockError", "Session", "make_application", "run_gui"]


class DatabaseLock(LedgerLock):
    """The lock file beside the database, so two copies never open one file
    and the command line does not write while the window has it open
    (:mod:`db.lock`: a lock left by a crashed program is taken over)."""


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    settings.apply_text_size(settings.text_size_name(), save=False)
    app.garbage_collector = GarbageCollector(app)  # type: ignore[attr-defined]
    return app


class Session:
    """The open ledger, its lock and its window; reopened on 打开数据文件."""

    def __init__(self) -> None:
        self.window = None
        self.ledger: Ledger | None = None
        self.lock: DatabaseLock | None = None
        #: A write was committed since the ledger opened: back it up on closing.
        self.changed = False
        #: Back up at start-up when the newest backup is over a day old (off for
        #: --quit-when-ready: benchmarks and the packaged program's smoke test).
        self.auto_backup = True

    def open(self, path: Path) -> bool:
        """Open ``path`` in a new window, then close the current one."""
        if self.ledger is not None and self.ledger.path is not None and \
                self.ledger.path.resolve() == path.resolve():
            return True
        lock = DatabaseLock(path)
        try:
            lock.acquire()
        except LedgerError as exc:
            messages.error(self.window, "无法打开数据文件。", exc.message)
            return False
        return self._open_locked(path, lock)

    def _open_locked(self, path: Path, lock: DatabaseLock) -> bool:
        from ui.main_window import MainWindow

        try:
            ledger = Ledger.open_checking_beside(path)
        except LedgerError as exc:
            lock.release()
            messages.error(self.window, "无法打开数据文件。", exc.message)
            return False
        window = MainWindow(ledger)
        window.open_requested.connect(lambda p: self.open(Path(p)))
        window.restore_requested.connect(lambda p: self.restore(Path(p)))
        if window.starts_maximized:
            window.showMaximized()
        else:
            window.show()
        self.close()
        self.window, self.ledger, self.lock = window, ledger, lock
        self.changed = False
        ledger.bus.subscribe(self._note_change)
        self._watch_check(ledger)
        return True

    def _note_change(self, _change) -> None:
        self.changed = True

    def restore(self, backup: Path) -> bool:
        """Replace the open ledger with ``backup``: close it (the lock stays
        held), restore all or nothing (the ledger is backed up first), and
        open it again. True if it was restored."""
        from core import backups

        if self.ledger is None or self.ledger.path is None or self.lock is None:
            return False
        path, lock = self.ledger.path, self.lock
        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # the window is gone for a moment
        auto_backup.wait()
        self.lock = None  # held across: no other program may open it meanwhile
        self.changed = False  # the restore makes its own backup first
        self.close()
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            backups.restore(path, backup)
            restored, problem = True, ""
        except LedgerError as exc:
            restored, problem = False, exc.message
        finally:
            QApplication.restoreOverrideCursor()
        opened = self._open_locked(path, lock)
        app.setQuitOnLastWindowClosed(quit_on_close)
        if not restored:
            messages.error(self.window, "没有恢复，台账未做任何改动。", problem)
        elif opened:
            messages.info(self.window, "已用备份恢复台账。",
                          f"恢复所用的备份：{backup}\n恢复前的台账已另存为“恢复前”备份，在 文件 › 备份… 中可见。")
        else:
            app.quit()
        return restored

    def _watch_check(self, ledger: Ledger) -> None:
        """Once the opening integrity check is done: if it found damage, say
        so and close the ledger (no write could have happened: each waits
        for the check)."""
        done, damage = ledger.check_result()
        if not done:
            QTimer.singleShot(50, lambda: self._watch_check(ledger))
            return
        if self.ledger is not ledger:
            return
        if damage is None:
            if self.auto_backup:
                auto_backup.start_if_due(ledger.path)
            return
        messages.error(self.window, "无法打开数据文件。", damage.message)
        self.close()

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.ledger is not None:
            path, changed = self.ledger.path, getattr(self, "changed", False)
            self.ledger.bus.unsubscribe(self._note_change)
            self.ledger.close()
            self.ledger = None
            if changed and path is not None:  # while the lock is still held
                auto_backup.wait()
                auto_backup.backup_now(path)
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def run_gui(db_path: Path | None = None, *, quit_when_ready: bool = False) -> int:
    app = make_application()
    session = Session()
    session.auto_backup = not quit_when_ready
    if not session.open(db_path or default_db_path()):
        return 2
    if quit_when_ready:
        QTimer.singleShot(0, lambda: _report_ready(app, session))
    code = app.exec()
    session.close()
    _exit(code)
    return code


def _exit(code: int) -> None:
    """End the process now that the ledger is closed and its lock released.

    Everything the user saved is committed by then (every write is its own
    transaction) and settings are written as they change. What is left is
    tearing down the widgets and the interpreter one object at a time and
    waiting for the worker pool, ~150 ms on a sub-district's ledger that
    nothing needs: the process ends at once. A background task that may be
    writing (run_task) is waited for first; quiet readers refreshing a
    screen (run_quietly) are simply dropped.
    """
    from ui.background import Task

    if Task._running:
        QThreadPool.globalInstance().waitForDone()
    auto_backup.wait()  # never leave a half-written backup behind
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _report_ready(app: QApplication, session: Session) -> None:
    """Print start-up time and peak memory once the window has drawn, then
    the time the start screen's figures were in, and quit."""
    app.processEvents()
    print(f"ready {(time.perf_counter() - _STARTED) * 1000:.0f} ms{_peak()}", flush=True)
    home = session.window.tab("首页") if session.window is not None else None

    def figures() -> None:
        if home is not None and not getattr(home, "loaded", True):
            QTimer.singleShot(1, figures)
            return
        print(f"figures {(time.perf_counter() - _STARTED) * 1000:.0f} ms{_peak()}", flush=True)
        app.quit()

    figures()


def _peak() -> str:
    try:
        import resource  # not on Windows
    except ImportError:
        return ""
    return f", peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
