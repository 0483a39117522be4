"""Read-only health check of a ledger file (``python main.py check``).

The file is opened ``mode=ro`` and its bytes are not changed. A damaged file
is reported (what ``PRAGMA integrity_check`` found, tables missing), never a
traceback: any error of SQLite while checking becomes a problem listed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db.database import (
    check_regular_file,
    empty_file_message,
    inspect_file,
    open_memory,
    read_only_uri,
    restore_advice,
    side_files_exist,
    tidy_side_files,
)
from db.errors import DatabaseOpenError
from db.migrations import latest_version


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_database(path: Path) -> CheckReport:
    """Integrity, foreign keys and schema version, without writing anything."""
    check_regular_file(path)
    if path.stat().st_size == 0:
        raise DatabaseOpenError(empty_file_message(path))
    version = inspect_file(path)
    report = CheckReport()
    report.lines.append(f"数据文件：{path}")
    report.lines.append(f"数据版本：{version}（本程序：{latest_version()}）")
    if version < latest_version():
        report.lines.append("数据版本较旧，下次用本程序打开时会自动升级。")
    had = side_files_exist(path)
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
    try:
        _check(conn, report, version)
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"文件损坏，检查无法继续：{exc}。")
    finally:
        conn.close()
        if not had:
            tidy_side_files(path)
    if report.problems:
        report.problems.append(restore_advice(path))
    return report


def _expected_tables() -> set[str]:
    fresh = open_memory()
    try:
        return {name for (name,) in fresh.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        fresh.close()


def _check(conn: sqlite3.Connection, report: CheckReport, version: int) -> None:
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if integrity != ["ok"]:
        report.problems.extend(f"文件损坏：{line}" for line in integrity[:20])
        return
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == latest_version():
        missing = sorted(_expected_tables() - tables)
        if missing:
            report.problems.append(f"文件不完整：缺少表 {'、'.join(missing)}。")
            return
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        report.problems.append(f"有 {len(broken)} 条记录引用了不存在的记录（如表 {broken[0][0]}）")
    if "resident" in tables:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM compound), (SELECT count(*) FROM household), "
            "(SELECT count(*) FROM resident), (SELECT count(*) FROM resident WHERE status = '在住')"
        ).fetchone()
        report.lines.append(f"{counts[0]} 个小区，{counts[1]} 户，居民 {counts[2]} 人（在住 {counts[3]} 人）")
    if "photo" in tables:
        _check_photos(conn, report)
    if "campaign" in tables:
        _check_campaigns(conn, report, with_photos="photo" in tables)


def _check_photos(conn: sqlite3.Connection, report: CheckReport) -> None:
    count, size = conn.execute("SELECT count(*), coalesce(sum(byte_size), 0) FROM photo").fetchone()
    report.lines.append(f"照片 {count} 张，共 {size / 1024 / 1024:.1f} MB")
    missing = conn.execute(
        "SELECT count(*) FROM photo p WHERE NOT EXISTS "
        "(SELECT 1 FROM photo_data d WHERE d.photo_id = p.id)").fetchone()[0]
    if missing:
        report.problems.append(f"有 {missing} 张照片缺少图像数据，请从备份恢复。")


def _check_campaigns(conn: sqlite3.Connection, report: CheckReport, *, with_photos: bool) -> None:
    campaigns, entries = conn.execute(
        "SELECT (SELECT count(*) FROM campaign), (SELECT count(*) FROM campaign_entry)").fetchone()
    report.lines.append(f"整治行动 {campaigns} 个，工作记录 {entries} 条")
    if with_photos:
        # A new entry's photos are stored before the entry; a crash in between leaves them behind.
        stray = conn.execute(
            "SELECT count(*) FROM photo p WHERE p.owner_kind = 'campaign_entry' AND NOT EXISTS "
            "(SELECT 1 FROM campaign_entry e WHERE e.id = p.owner_id)").fetchone()[0]
        if stray:
            report.lines.append(f"注意：有 {stray} 张整治照片不属于任何工作记录（登记时未保存就退出了）。")
