"""Opening the ledger's SQLite file.

The file is inspected read-only first: something that is not SQLite, a
database of another program, or one written by a newer version of this
program is refused with a message and left exactly as it was. Only then is
it opened for writing, put in WAL mode and migrated.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db import migrations
from db.errors import DatabaseOpenError, NewerDatabaseError

#: ``PRAGMA application_id`` of our files ("LDGR"), so a database of some
#: other program is not mistaken for an empty ledger.
APPLICATION_ID = 0x4C444752


def open_database(path: str | Path, *, create: bool = True) -> Database:
    """Open (and if needed create and migrate) the ledger at ``path``.

    Raises DatabaseOpenError with a Chinese message when the file cannot be
    used; in that case nothing has been written.
    """
    path = Path(path)
    is_new = not path.exists() or path.stat().st_size == 0
    if is_new and not create:
        raise DatabaseOpenError(f"找不到数据文件：{path}")
    if not is_new:
        inspect_file(path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"无法创建数据文件夹 {path.parent}：{exc.strerror}") from exc
    try:
        conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    except sqlite3.Error as exc:
        raise DatabaseOpenError(f"无法打开数据文件 {path}：{exc}") from exc
    db = connect(conn)
    try:
        if is_new:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.build_migrations().apply(db)
    except sqlite3.OperationalError as exc:
        db.close()
        raise DatabaseOpenError(_operational_message(path, exc)) from exc
    return db


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


def inspect_file(path: Path) -> int:
    """Check read-only that ``path`` is a ledger this program can open.

    Returns its schema version. Raises DatabaseOpenError otherwise.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseOpenError(f"无法读取数据文件 {path}：{exc.strerror}") from exc
    if header != b"SQLite format 3\x00":
        raise DatabaseOpenError(
            f"“{path.name}”不是小区治理台账的数据文件（也不是 SQLite 数据库）。"
            "请选择以 .sqlite3 结尾的台账数据文件。文件未做任何改动。"
        )
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(
            f"数据文件“{path.name}”已损坏或无法读取（{exc}）。"
            "请从备份恢复；文件未做任何改动。"
        ) from exc
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
    return version


def _operational_message(path: Path, exc: sqlite3.OperationalError) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"数据文件 {path} 正被另一个程序占用，请关闭它后重试。"
    if "readonly" in text or "read-only" in text:
        return f"数据文件 {path} 是只读的，请检查文件权限或把它复制到可写的文件夹。"
    if "disk" in text and "full" in text:
        return "磁盘已满，无法写入数据文件。请清理磁盘空间后重试。"
    return f"无法打开数据文件 {path}：{text}"
