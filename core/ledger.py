"""The ledger: one open database and the single path every change takes.

Every write goes through :meth:`Ledger.write`, which runs it in one
transaction and, once committed, tells every subscriber which tables
changed, so open screens refresh only what they show. Screens subscribe
through the GUI's change hub; tests and the command line may subscribe
directly.

    ledger = Ledger.open(path)
    resident_id = ledger.write("添加居民", {"resident"}, lambda db: ...)
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database

from db.database import open_database, open_memory

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """What a committed write touched.

    Attributes:
        action: the user-facing name of the operation (``添加居民``).
        tables: the tables written to.
        ids: ids of the main records touched, when the operation knows them.
    """

    action: str
    tables: frozenset[str]
    ids: frozenset[str] = frozenset()

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

    def __init__(self, db: Database, path: Path | None = None, bus: ChangeBus | None = None):
        self.db = db
        self.path = path
        self.bus = bus or ChangeBus()
        self._depth = 0
        self._pending: list[Change] = []

    @classmethod
    def open(cls, path: str | Path, *, bus: ChangeBus | None = None, create: bool = True) -> Ledger:
        path = Path(path)
        return cls(open_database(path, create=create), path, bus)

    @classmethod
    def memory(cls) -> Ledger:
        return cls(open_memory())

    def reopen(self) -> Ledger:
        """A second connection to the same file sharing this bus, for a worker thread."""
        if self.path is None:
            raise ValueError("an in-memory ledger cannot be reopened")
        return Ledger.open(self.path, bus=self.bus, create=False)

    def close(self) -> None:
        try:
            # Let SQLite refresh its statistics so the planner keeps choosing
            # good plans as the data grows (recommended on closing).
            self.db.execute("PRAGMA optimize")
        except Exception:  # a read-only or damaged file: closing matters more
            pass
        self.db.close()

    def write(
        self,
        action: str,
        tables: Iterable[str],
        fn: Callable[[Database], T],
        *,
        ids: Iterable[str] = (),
    ) -> T:
        """Run ``fn`` in a transaction; publish the change once committed.

        Nested writes join the outer transaction (as a savepoint) and are
        published together when the outermost one commits. If ``fn`` raises,
        nothing it did is kept and nothing is published.
        """
        change = Change(action, frozenset(tables), frozenset(ids))
        self._depth += 1
        try:
            with self.db.atomic():
                result = fn(self.db)
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._pending.clear()
            raise
        self._depth -= 1
        self._pending.append(change)
        if self._depth == 0:
            pending, self._pending = self._pending, []
            for committed in pending:
                self.bus.publish(committed)
        return result

    # Settings kept in the database (the community's own, not the PC's).

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.write(
            "修改设置",
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
    """The timestamp stored in ``created_at`` / ``updated_at`` columns."""
    return datetime.datetime.now().isoformat(timespec="seconds")
