"""Opening the ledger's SQLite file.

The file is inspected read-only first: something that is not a regular
file, not SQLite, a database of another program, one written by a newer
version of this program, or a damaged one (``PRAGMA quick_check``, a table
the ledger needs missing) is refused with a message and left exactly as it
was. Only then is it opened for writing, put in WAL mode and migrated.

Commands that only read (``export``, ``import --dry-run``, ``check``) open
it with :func:`open_read_only`: a ``mode=ro`` connection that cannot write,
no ``PRAGMA optimize`` on closing, and the ``-wal``/``-shm`` files SQLite
has to make for a read-only reader removed again by SQLite itself when no
other program has the ledger open (:func:`close_read_only`), so the file's
bytes and the folder are as they were.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from db import migrations
from db.backup_names import newest_backup_beside
from db.errors import DamagedDatabaseError, DatabaseOpenError, NewerDatabaseError

#: ``PRAGMA application_id`` of our files ("LDGR"), so a database of some
#: other program is not mistaken for an empty ledger.
APPLICATION_ID = 0x4C444752

#: Tables every ledger of the current version has; one missing means the file
#: was damaged or tampered with. (``check`` compares against the whole schema.)
REQUIRED_TABLES = frozenset({
    "community", "compound", "building", "unit", "household", "resident", "setting",
    "operation", "change_row", "photo", "photo_data",
})

#: Told to the user whenever a damaged file is refused and no backup is found beside it.
RESTORE_ADVICE = ("请从备份恢复（文件菜单 › 从备份恢复…，或 python main.py restore 备份文件），或找回此前复制"
                  "保存的 .sqlite3 文件。这个文件未做任何改动，请保留它，不要删除。")


def restore_advice(path: Path | None) -> str:
    """RESTORE_ADVICE, naming the newest good backup beside ``path`` when there is one."""
    if path is not None:
        newest = newest_backup_beside(path)
        if newest is not None:
            return (f"最近一份完好的备份是：{newest}。请用它恢复（文件菜单 › 从备份恢复…，或 python main.py "
                    "restore 该文件）。这个损坏的文件未做任何改动，恢复前会另存一份，请不要删除它。")
    return RESTORE_ADVICE


def open_database(path: str | Path, *, create: bool = True, verify: bool = True,
                  before_upgrade: Callable[[Path, int], object] | None = None) -> Database:
    """Open (and if needed create and migrate) the ledger at ``path``.

    ``verify``: run the quick integrity check (skipped only for a second
    connection to a ledger this process has already opened and checked).
    ``before_upgrade(path, version)``: called before migrations write to an
    existing ledger of an older version (``Ledger.open`` backs it up there:
    ``db.backup.backup_before_upgrade``); if it raises, nothing is written.

    Raises DatabaseOpenError with a Chinese message when the file cannot be
    used; in that case nothing has been written.
    """
    path = Path(path)
    if path.exists():
        check_regular_file(path)
    is_new = not path.exists() or path.stat().st_size == 0
    if is_new and not create:
        raise DatabaseOpenError(f"找不到数据文件：{path}")
    if not is_new:
        version = inspect_file(path, verify=verify)
        check_writable(path)
        if before_upgrade is not None and 0 < version < migrations.latest_version():
            before_upgrade(path, version)  # a verified copy before the upgrade writes
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"无法创建数据文件夹 {path.parent}：{exc.strerror}") from exc
    try:
        conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"无法打开数据文件 {path}：{exc}") from exc
    try:
        db = connect(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseOpenError(describe_sqlite_error(path, exc)) from exc
    try:
        if is_new:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.build_migrations().apply(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise DatabaseOpenError(describe_sqlite_error(path, exc)) from exc
    return db


def open_read_only(path: str | Path) -> Database:
    """The ledger at ``path`` for reading only: nothing can be written through it.

    Inspected (and quick-checked) as for writing. A ledger of an older
    version cannot be upgraded without writing and is refused with what to
    do. Close it with :func:`close_read_only`.
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseOpenError(f"找不到数据文件：{path}")
    check_regular_file(path)
    if path.stat().st_size == 0:
        raise DatabaseOpenError(empty_file_message(path))
    version = inspect_file(path, verify=True)
    if version < migrations.latest_version():
        raise DatabaseOpenError(
            f"数据文件“{path.name}”是旧版本的（数据版本 {version}），需要先升级才能读取。"
            "请用本程序打开它一次（会自动升级），再重试。文件未做任何改动。")
    had = side_files_exist(path)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10, isolation_level=None)
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA query_only = ON")
        db.execute("PRAGMA mmap_size = 268435456")
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(describe_sqlite_error(path, exc)) from exc
    db._read_only_side_files = had  # type: ignore[attr-defined]
    db._read_only_path = path  # type: ignore[attr-defined]
    return db


def close_read_only(db: Database) -> None:
    """Close a ledger opened by :func:`open_read_only`.

    A read-only connection must make ``-wal`` and ``-shm`` to read a WAL
    ledger and cannot remove them. If they were not there before, a plain
    connection reads once and closes: SQLite removes them then, but only if
    no other program has the ledger open (it decides that under its own
    locks), and a checkpoint of an empty log writes nothing to the file.
    """
    had = getattr(db, "_read_only_side_files", None)
    path = getattr(db, "_read_only_path", None)
    db.close()
    if path is not None and had is False:
        tidy_side_files(path)


def side_files_exist(path: Path) -> bool:
    return any(Path(str(path) + suffix).exists() for suffix in ("-wal", "-shm"))


def read_only_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def connect(conn: sqlite3.Connection) -> Database:
    """Wrap a connection with the pragmas every ledger connection uses.

    The connection must be in autocommit mode (``isolation_level=None``):
    transactions are opened only by ``Database.atomic()``, never implicitly,
    so no write is ever left uncommitted by accident.
    """
    conn.isolation_level = None
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    # Read the file through the OS page cache without copying: scans of a
    # sub-district's residents are about a quarter faster.
    db.execute("PRAGMA mmap_size = 268435456")
    return db


def open_memory() -> Database:
    """A migrated in-memory ledger, for tests and dry runs."""
    db = connect(sqlite3.connect(":memory:", isolation_level=None))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.build_migrations().apply(db)
    return db


def inspect_file(path: Path, *, verify: bool = False, tidy: bool = True) -> int:
    """Check read-only that ``path`` is a ledger this program can open.

    With ``verify``, also that it is not damaged: ``PRAGMA quick_check``
    (cheap enough for every opening: it reads every page once but checks
    no index against its table) and the tables the ledger needs. Returns
    its schema version. Raises DatabaseOpenError otherwise. ``tidy=False``
    while this process has the file open (the side files are its own).
    """
    check_regular_file(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseOpenError(f"无法读取数据文件 {path}：{exc.strerror}。请检查文件的权限。") from exc
    if header != b"SQLite format 3\x00":
        raise DatabaseOpenError(
            f"“{path.name}”不是小区治理台账的数据文件（也不是 SQLite 数据库）。"
            "请选择以 .sqlite3 结尾的台账数据文件。文件未做任何改动。"
        )
    had = side_files_exist(path)
    quick: list[str] = []
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if verify and app_id == APPLICATION_ID and version:
                quick = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
        finally:
            conn.close()
            if not had and tidy:
                tidy_side_files(path)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseOpenError(describe_sqlite_error(path, exc)) from exc
        raise DamagedDatabaseError(
            f"数据文件“{path.name}”已损坏或无法读取（{exc}）。{restore_advice(path)}") from exc
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(
            f"数据文件“{path.name}”已损坏（{exc}）。{restore_advice(path)}") from exc
    tables = len(names)
    if quick and quick != ["ok"]:
        raise DamagedDatabaseError(
            f"数据文件“{path.name}”已损坏（完整性检查发现：{quick[0]}）。{restore_advice(path)}")
    if app_id != APPLICATION_ID and tables:
        raise DatabaseOpenError(
            f"“{path.name}”是其他程序的数据库，不是小区治理台账的数据文件。文件未做任何改动。"
        )
    latest = migrations.latest_version()
    if version > latest:
        raise NewerDatabaseError(
            f"数据文件“{path.name}”由更新版本的小区治理台账创建（数据版本 {version}，"
            f"本程序只支持到版本 {latest}）。请安装最新版本的程序后再打开。文件未做任何改动。"
        )
    if verify and version == latest:
        missing = sorted(REQUIRED_TABLES - names)
        if missing:
            raise DamagedDatabaseError(
                f"数据文件“{path.name}”不完整：缺少表 {'、'.join(missing)}。{restore_advice(path)}")
    return version


def check_writable(path: Path) -> None:
    """Refuse to open for writing a ledger the user may not write, or whose
    folder does not let SQLite make its ``-wal`` file, before any work."""
    if not os.access(path, os.W_OK):
        raise DatabaseOpenError(
            f"数据文件“{path}”是只读的，不能写入。请检查文件的权限（属性中的“只读”），或把它复制到"
            "可写的文件夹后再打开。文件未做任何改动。")
    if not os.access(path.parent if str(path.parent) else Path("."), os.W_OK | os.X_OK):
        raise DatabaseOpenError(
            f"数据文件所在的文件夹“{path.parent}”不可写，程序无法在其中保存修改。请把台账文件复制到"
            "可写的文件夹（如“文档”）后再打开。文件未做任何改动。")


def empty_file_message(path: Path) -> str:
    """What a zero-byte ledger means, the same for every command: no data yet.

    Opening it in the program, ``import`` and ``demo`` make it a new ledger;
    commands that only read say this.
    """
    return (f"数据文件“{path.name}”是空文件（0 字节），里面还没有任何台账数据。在程序中打开它、"
            "或用 import 导入时，会把它建成一份新的台账；如果它原本有数据，说明文件已被清空，"
            "请从备份或此前复制的台账文件恢复。")


def check_regular_file(path: Path) -> None:
    """Refuse a folder, a device or a named pipe: only regular files are read (no hanging)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise DatabaseOpenError(f"找不到数据文件：{path}") from None
    except OSError as exc:
        raise DatabaseOpenError(f"无法读取数据文件 {path}：{exc.strerror}。请检查文件的权限。") from exc
    if stat.S_ISDIR(mode):
        raise DatabaseOpenError(f"“{path}”是一个文件夹，不是数据文件。请选择文件夹中的 .sqlite3 台账文件。")
    if not stat.S_ISREG(mode):
        raise DatabaseOpenError(f"“{path}”不是普通文件（是设备或管道），不能作为数据文件打开。")


def tidy_side_files(path: Path) -> None:
    """Let SQLite remove the ``-wal``/``-shm`` a read-only look had to make (see close_read_only)."""
    try:
        if not os.path.exists(str(path) + "-wal") or os.path.getsize(str(path) + "-wal") != 0:
            return
        conn = sqlite3.connect(str(path), timeout=1, isolation_level=None)
        try:
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        pass


def describe_sqlite_error(path: Path | None, exc: sqlite3.Error) -> str:
    """What an error of SQLite means for the user, in Chinese."""
    text = str(exc)
    where = f"数据文件 {path}" if path is not None else "数据文件"
    if "locked" in text or "busy" in text:
        return f"{where} 正被另一个程序占用（正在写入），请稍后重试，或关闭正在使用它的程序。台账未做改动。"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return f"{where}已损坏（{text}）。{restore_advice(path)}"
    if "readonly" in text or "read-only" in text:
        return f"{where} 是只读的，无法写入。请检查文件和文件夹的权限，或把它复制到可写的文件夹。台账未做改动。"
    if ("disk" in text and "full" in text) or "database or disk is full" in text:
        return "磁盘已满，无法写入数据文件。请清理磁盘空间后重试。台账未做改动。"
    if "disk I/O error" in text or "unable to open" in text:
        return f"无法读写{where}（{text}）。请检查文件是否还在、U 盘或网络盘是否已断开，然后重试。"
    return f"无法使用{where}：{text}"


class OpeningCheck:
    """``inspect_file(verify=True)`` — ``PRAGMA quick_check`` and the required
    tables — on a thread of its own, while the window opens the ledger
    (core.ledger.Ledger.open_checking_beside): ``done`` is set when it is
    over, ``damage`` holds what it found."""

    def __init__(self, path: Path) -> None:
        self.done = threading.Event()
        self.damage: DatabaseOpenError | None = None
        threading.Thread(target=self._run, args=(path,), name="ledger-quick-check", daemon=True).start()

    def _run(self, path: Path) -> None:
        try:
            inspect_file(path, verify=True, tidy=False)
        except DatabaseOpenError as exc:
            self.damage = exc
        except Exception as exc:  # noqa: BLE001 - a file that cannot be checked is not written
            self.damage = DamagedDatabaseError(f"数据文件“{path.name}”无法检查（{exc}）。")
        finally:
            self.done.set()
