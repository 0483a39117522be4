"""The ledger: one open database and the single path every change takes.

Every write goes through :meth:`Ledger.write` with a stable operation code
(:mod:`core.operations`). It runs in one ``BEGIN IMMEDIATE`` transaction,
so the checks a write makes and the rows it writes see the same data;
inside it the operation (code, actor, time, community) and every row
inserted, updated or deleted, before and after, are recorded
(:mod:`db.change_log`). Once committed, every subscriber is told which
tables changed, so open screens refresh only what they show. Screens
subscribe through the GUI's change hub; tests and the command line may
subscribe directly.

    ledger = Ledger.open(path)
    ledger.write("resident.add", {"resident"}, lambda db: ...)
"""

from __future__ import annotations

import datetime
import getpass
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

from core import output_files
from core.operations import OPERATIONS
from db import change_log
from db import migrations
from db.backup import backup_before_upgrade
from db.database import (
    check_regular_file,
    close_read_only,
    describe_sqlite_error,
    OpeningCheck,
    inspect_file,
    open_database,
    open_memory,
    open_read_only,
    tidy_side_files,
)
from db.errors import DatabaseOpenError, DatabaseWriteError
from db.lock import LedgerLock, LockError

__all__ = ["Change", "ChangeBus", "Ledger", "LedgerLock", "LockError", "current_community", "new_id", "now"]

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """What a committed write touched.

    Attributes:
        operation: the stable code of the operation (``resident.add``).
        action: the user-facing name of the operation (``添加居民``).
        tables: the tables written to.
        ids: ids of the main records touched, when the operation knows them.
        operation_id: the ``operation`` row recording it (shared by the
            nested writes of one outer write).
    """

    operation: str
    action: str
    tables: frozenset[str]
    ids: frozenset[str] = frozenset()
    operation_id: str = ""

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))


Subscriber = Callable[[Change], None]


class ChangeBus:
    """Fan-out of committed changes to subscribers.

    Subscribers are called on the thread that made the change; the GUI's
    hub re-emits them as a Qt signal, which Qt delivers on the GUI thread.
    """

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

    def publish(self, change: Change) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            subscriber(change)


class Ledger:
    """An open ledger database.

    Attributes:
        db: the sqlite-utils Database; read from it freely, write only
            through :meth:`write`.
        path: the file, or None for an in-memory ledger.
        bus: where committed changes are published. Ledgers opened on the
            same file by worker threads share the GUI's bus.
    """

    def __init__(self, db: Database, path: Path | None = None, bus: ChangeBus | None = None,
                 *, read_only: bool = False):
        self.db = db
        self.path = path
        #: Opened with :meth:`open_read_only`: nothing can be written.
        self.read_only = read_only
        self.bus = bus or ChangeBus()
        #: Who makes the changes: for now the operating-system user.
        self.actor = _os_user()
        self._depth = 0
        self._pending: list[Change] = []
        self._operation_id = ""
        self._community: str | None = None
        self._closed = False
        #: The integrity check running beside the window (None: none runs),
        #: shared with the worker connections :meth:`reopen` makes.
        self._check: OpeningCheck | None = None
        if path is not None:  # no file the user names for output may be this one
            output_files.ledger_opened(path)
        # From the start, so that no write on this connection goes unrecorded.
        if not read_only:
            change_log.install(db)

    @classmethod
    def open(cls, path: str | Path, *, bus: ChangeBus | None = None, create: bool = True,
             verify: bool = True) -> Ledger:
        """Open the ledger at ``path``, refusing (DatabaseOpenError) a file that
        is not one, is damaged (``PRAGMA quick_check`` unless ``verify`` is off)
        or from a newer version."""
        path = Path(path)
        return cls(open_database(path, create=create, verify=verify, before_upgrade=backup_before_upgrade),
                   path, bus)

    @classmethod
    def open_checking_beside(cls, path: str | Path, *, bus: ChangeBus | None = None) -> Ledger:
        """As :meth:`open`, for the window: the ledger opens at once and
        ``PRAGMA quick_check`` (a quarter of a second on a sub-district's
        100 MB, longer from a cold disk) runs on a thread of its own while
        the window is built. Every write waits for it and is refused if it
        found damage (:meth:`check_result` tells the window). A ledger that
        needs upgrading is checked first, as by :meth:`open`: an upgrade
        writes."""
        path = Path(path)
        if not path.exists() or path.stat().st_size == 0 or \
                inspect_file(path) != migrations.latest_version():
            return cls.open(path, bus=bus)
        ledger = cls(open_database(path, create=False, verify=False), path, bus)
        ledger._check = OpeningCheck(path)
        return ledger

    def check_result(self) -> tuple[bool, DatabaseOpenError | None]:
        """(whether the opening check is done, the damage it found or None)."""
        if self._check is None:
            return True, None
        return self._check.done.is_set(), self._check.damage

    def _await_check(self) -> None:
        if self._check is not None:
            self._check.done.wait()
            if self._check.damage is not None:
                raise self._check.damage

    @classmethod
    def open_read_only(cls, path: str | Path) -> Ledger:
        """The ledger at ``path`` for reading only (``export``, ``import --dry-run``):
        its file's bytes stay as they are, and no ``-wal``/``-shm`` is left behind."""
        path = Path(path)
        return cls(open_read_only(path), path, read_only=True)

    @staticmethod
    def check_file(path: str | Path) -> None:
        """Refuse at once a ``path`` that exists but is a folder, a device or a
        pipe (DatabaseOpenError), before any work is done for it."""
        path = Path(path)
        if path.exists():
            check_regular_file(path)

    @classmethod
    def memory(cls) -> Ledger:
        return cls(open_memory())

    def reopen(self) -> Ledger:
        """A second connection to the same file sharing this bus, for a worker thread."""
        if self.path is None:
            raise ValueError("an in-memory ledger cannot be reopened")
        if self.read_only:
            other = Ledger.open_read_only(self.path)
            other.bus = self.bus
            return other
        # The file was checked when this ledger opened it (or is being, and
        # the worker's writes wait for that check too): no quick_check here.
        other = Ledger.open(self.path, bus=self.bus, create=False, verify=False)
        other._check = self._check
        return other

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.path is not None:
            output_files.ledger_closed(self.path)
        if self.read_only:
            close_read_only(self.db)
            return
        if self._check is not None:
            self._check.done.wait()
            if self._check.damage is not None:  # write nothing into a damaged file, not even statistics
                self.db.close()
                if self.path is not None:
                    tidy_side_files(self.path)  # the empty -wal/-shm this connection made
                return
        try:
            # Let SQLite refresh its statistics so the planner keeps choosing
            # good plans as the data grows (recommended on closing).
            self.db.execute("PRAGMA optimize")
        except Exception:  # a read-only or damaged file: closing matters more
            pass
        self.db.close()

    def write(
        self,
        operation: str,
        tables: Iterable[str],
        fn: Callable[[Database], T],
        *,
        ids: Iterable[str] = (),
        label: str | None = None,
    ) -> T:
        """Run ``fn`` in a transaction as ``operation``; publish the change once committed.

        ``tables`` declares every table ``fn`` may write. Nested writes join
        the outer transaction (as a savepoint) and its operation record, and
        are published together when the outermost one commits. If ``fn``
        raises, nothing it did is kept, nothing is recorded and nothing is
        published. SQLite's refusals that are not a fault of ``fn`` (the file
        read-only, locked by another writer, the disk full, damaged) raise
        DatabaseWriteError with the reason in Chinese.
        """
        if operation not in OPERATIONS:
            raise ValueError(f"unknown operation code {operation!r}: add it to core.operations")
        self._await_check()
        label = label or OPERATIONS[operation]
        if self._depth:
            return self._nested(Change(operation, label, frozenset(tables), frozenset(ids),
                                       self._operation_id), fn)
        operation_id = new_id()
        change = Change(operation, label, frozenset(tables), frozenset(ids), operation_id)
        conn = self.db.conn
        self._depth = 1
        self._operation_id = operation_id
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    "INSERT INTO operation (id, code, label, actor, at, community_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [operation_id, operation, label, self.actor, now(), self._community_or_none()])
                change_log.begin(self.db, operation_id)
                result = fn(self.db)
                if not change_log.recorded(self.db):  # nothing changed: keep no empty record
                    conn.execute("DELETE FROM operation WHERE id = ?", [operation_id])
                change_log.end(self.db)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            self._pending.clear()
            if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError)) or not _refusal(exc):
                raise
            raise DatabaseWriteError(describe_sqlite_error(self.path, exc)) from exc
        except BaseException:
            self._pending.clear()
            raise
        finally:
            self._depth = 0
            self._operation_id = ""
        pending, self._pending = [*self._pending, change], []
        if any(c.touches("community", "setting") for c in pending):
            self._community = None
        for committed in pending:
            self.bus.publish(committed)
        return result

    def _nested(self, change: Change, fn: Callable[[Database], T]) -> T:
        self._depth += 1
        try:
            with self.db.atomic():
                result = fn(self.db)
        finally:
            self._depth -= 1
        self._pending.append(change)
        return result

    @property
    def writing(self) -> bool:
        """Whether a write is running on this ledger (for the write guard)."""
        return self._depth > 0

    # The community this ledger works on.

    @property
    def community_id(self) -> str | None:
        """The current community: the one chosen last, or the ledger's only one.

        None for an empty ledger, or when several communities are held
        (the sub-district's roll-up) and none has been chosen.
        """
        if self._community is None:
            self._community = self._find_community() or ""
        return self._community or None

    def _community_or_none(self) -> str | None:
        try:
            return self.community_id
        except Exception:  # a ledger mid-migration: the record can do without
            return None

    def _find_community(self) -> str | None:
        return current_community(self.db)

    def choose_community(self, community_id: str) -> None:
        """Work on ``community_id`` from now on (remembered in the ledger)."""
        if not self.db.execute("SELECT 1 FROM community WHERE id = ?", [community_id]).fetchone():
            raise ValueError(f"no community {community_id!r}")
        self.set_setting(CURRENT_COMMUNITY, community_id, operation="community.choose")

    # Settings kept in the database (the community's own, not the PC's).

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str, *, operation: str = "setting.set") -> None:
        self.write(
            operation,
            {"setting"},
            lambda db: db.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            ),
        )


def new_id() -> str:
    """A new primary key: UUID text, so ledgers of several communities merge cleanly.

    The same random version-4 UUID as ``str(uuid.uuid4())``, formatted
    directly (bulk imports make tens of thousands of them).
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def now() -> str:
    """The timestamp stored in ``created_at`` / ``updated_at`` columns: local
    time with its zone (``2026-12-03T15:42:59+08:00``), so ledgers gathered
    from several PCs compare correctly."""
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


#: Setting naming the community the ledger works on.
CURRENT_COMMUNITY = "current_community"


def current_community(db: Database) -> str | None:
    """The community a ledger works on: the one chosen, or its only one.

    For code that holds only the database; :attr:`Ledger.community_id`
    is the same answer, remembered between writes.
    """
    row = db.execute("SELECT value FROM setting WHERE key = ?", [CURRENT_COMMUNITY]).fetchone()
    if row and db.execute("SELECT 1 FROM community WHERE id = ?", [row[0]]).fetchone():
        return row[0]
    rows = db.execute("SELECT id FROM community LIMIT 2").fetchall()
    return rows[0][0] if len(rows) == 1 else None


_REFUSALS = ("locked", "busy", "readonly", "read-only", "full", "disk I/O", "malformed", "not a database",
             "unable to open")


def _refusal(exc: sqlite3.Error) -> bool:
    """SQLite refused because of the file or another program, not a fault of the code."""
    return any(word in str(exc) for word in _REFUSALS)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        return "未知用户"
