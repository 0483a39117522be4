"""Backups at the level of the file: a consistent copy of a live ledger, checked.

A backup is one SQLite file (photos live in the database, so it carries
them), made with SQLite's online backup API from a read-only connection:
never a file copy, which could catch a WAL ledger half-way through a
checkpoint. The copy is then made self-contained (``journal_mode=DELETE``:
no ``-wal`` beside it) and verified: it opens, passes ``PRAGMA
integrity_check``, is marked as ours, and every table holds as many rows as
the ledger held in the same snapshot.

Naming, folders, rotation and restoring are policy and live in
``core.backups``; this module only reads the ledger and writes the file it
is given.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db import migrations
from db.backup_names import FOLDER_NAME, NAME_PATTERN, backups_folder, newest_backup_beside
from db.database import APPLICATION_ID, read_only_uri, side_files_exist, tidy_side_files
from db.errors import DamagedDatabaseError, DatabaseOpenError, NewerDatabaseError

#: The tables a backup's summary counts (what the user recognises).
SUMMARY_TABLES = ("household", "resident", "inspection", "campaign_entry", "photo")


__all__ = ["FOLDER_NAME", "NAME_PATTERN", "BackupVerifyError", "FileSummary", "copy_database",
           "newest_backup_beside", "restore_into", "summarize", "table_counts", "verify_copy"]


class BackupVerifyError(DatabaseOpenError):
    """The copy just written does not match the ledger; it must not be kept."""


@dataclass(frozen=True)
class FileSummary:
    """What a ledger or backup file holds, read without writing to it."""

    schema_version: int
    community: str
    counts: dict[str, int]  # every table's row count


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _community(conn: sqlite3.Connection) -> str:
    try:
        names = [name for (name,) in conn.execute("SELECT name FROM community ORDER BY name LIMIT 5")]
    except sqlite3.Error:
        return ""
    return "、".join(names)


def copy_database(source: Path, target: Path) -> FileSummary:
    """Copy the ledger ``source`` into the new file ``target`` (backup API) and verify it.

    Returns what the copy holds. Raises BackupVerifyError if the copy does
    not check out, sqlite3.Error / OSError if it cannot be written (the
    caller removes ``target``). ``source`` is only read.
    """
    had = side_files_exist(source)
    src = sqlite3.connect(read_only_uri(source), uri=True, timeout=10, isolation_level=None)
    try:
        src.execute("PRAGMA busy_timeout = 10000")
        src.execute("BEGIN")  # one snapshot for the counts and the copy
        counts = table_counts(src)
        dst = sqlite3.connect(str(target), isolation_level=None)
        try:
            _copy_pages(src, dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
        src.execute("COMMIT")
    finally:
        src.close()
        if not had:
            tidy_side_files(source)
    summary = verify_copy(target, counts)
    return summary


def _copy_pages(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """All pages in one step: one consistent snapshot even while the window writes."""
    src.backup(dst)


def verify_copy(target: Path, expected: dict[str, int]) -> FileSummary:
    """Open ``target`` read-only, run the full integrity check, compare counts."""
    summary = summarize(target, full_check=True)
    if summary.counts != expected:
        differ = sorted(name for name in set(summary.counts) | set(expected)
                        if summary.counts.get(name) != expected.get(name))
        raise BackupVerifyError(f"备份核对不符：表 {'、'.join(differ)} 的行数与台账不同。备份未保留。")
    return summary


def summarize(path: Path, *, full_check: bool = False) -> FileSummary:
    """What the ledger or backup at ``path`` holds, refusing a file that is not
    a ledger (DatabaseOpenError), damaged (DamagedDatabaseError) or from a
    newer version (NewerDatabaseError). Nothing is written to it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseOpenError(f"无法读取文件“{path}”：{exc.strerror}。") from exc
    if header != b"SQLite format 3\x00":
        raise DatabaseOpenError(f"“{path.name}”不是小区治理台账的备份文件（也不是 SQLite 数据库）。")
    had = side_files_exist(path)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise DatabaseOpenError(f"“{path.name}”是其他程序的数据库，不是小区治理台账的备份文件。")
            latest = migrations.latest_version()
            if version > latest:
                raise NewerDatabaseError(
                    f"“{path.name}”由更新版本的小区治理台账创建（数据版本 {version}，本程序只支持到版本 "
                    f"{latest}）。请安装最新版本的程序后再使用它。")
            check = "integrity_check" if full_check else "quick_check"
            problems = [row[0] for row in conn.execute(f"PRAGMA {check}(5)")]
            if problems != ["ok"]:
                raise DamagedDatabaseError(f"“{path.name}”已损坏（完整性检查发现：{problems[0]}）。")
            return FileSummary(version, _community(conn), table_counts(conn))
        finally:
            conn.close()
            if not had:
                tidy_side_files(path)
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(f"“{path.name}”已损坏或无法读取（{exc}）。") from exc


def restore_into(backup: Path, target: Path) -> FileSummary:
    """Copy the backup ``backup`` into the new file ``target`` (backup API, WAL
    as a ledger is) and verify it against the backup's own counts."""
    expected = summarize(backup, full_check=True)
    src = sqlite3.connect(read_only_uri(backup), uri=True, timeout=10, isolation_level=None)
    try:
        dst = sqlite3.connect(str(target), isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    return verify_copy(target, expected.counts)



def backup_before_upgrade(ledger: Path, version: int) -> Path:
    """A verified backup of ``ledger`` (data version ``version``) beside it,
    before a migration writes to it: ``台账备份/<name>/台账备份-…-升级前.sqlite3`` with
    its manifest. Raises DatabaseOpenError (the upgrade must not run) if it
    cannot be made; no half file is left."""
    folder = backups_folder(ledger)
    made_at = datetime.datetime.now()
    target = folder / f"台账备份-{made_at:%Y%m%d-%H%M%S}-升级前.sqlite3"
    temporary = folder / f".{target.stem}.partial.sqlite3"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.exists():
            raise DatabaseOpenError("同一秒内已有一份升级前备份，请稍后再打开。")
        summary = copy_database(ledger, temporary)
        os.replace(temporary, target)
        manifest = {"program": "小区治理台账", "made_at": made_at.isoformat(timespec="seconds"),
                    "reason": "migration", "community": summary.community, "schema_version": version,
                    "counts": {key: summary.counts.get(key, 0) for key in SUMMARY_TABLES},
                    "size": target.stat().st_size}
        part = folder / f".{target.name}.json.partial"
        part.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(part, folder / f"{target.name}.json")
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseOpenError(
            f"数据文件“{ledger.name}”需要升级到新版本，但升级前无法先备份到“{folder}”（{exc}）。"
            "请检查台账所在的文件夹是否可写、磁盘是否已满，然后重试。文件未做任何改动。") from exc
    finally:
        for suffix in ("", "-journal"):
            Path(str(temporary) + suffix).unlink(missing_ok=True)
    return target
