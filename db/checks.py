"""Read-only health check of a ledger file (``python main.py check``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db.database import inspect_file
from db.migrations import latest_version


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_database(path: Path) -> CheckReport:
    """Integrity, foreign keys and schema version, without writing anything."""
    version = inspect_file(path)
    report = CheckReport()
    report.lines.append(f"数据文件：{path}")
    report.lines.append(f"数据版本：{version}（本程序：{latest_version()}）")
    if version < latest_version():
        report.lines.append("数据版本较旧，下次用本程序打开时会自动升级。")
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.problems.extend(f"文件损坏：{line}" for line in integrity[:20])
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.problems.append(f"有 {len(broken)} 条记录引用了不存在的记录（如表 {broken[0][0]}）")
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "resident" in tables:
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM compound), (SELECT count(*) FROM household), "
                "(SELECT count(*) FROM resident), (SELECT count(*) FROM resident WHERE status = '在住')"
            ).fetchone()
            report.lines.append(f"{counts[0]} 个小区，{counts[1]} 户，居民 {counts[2]} 人（在住 {counts[3]} 人）")
        if "photo" in tables:
            _check_photos(conn, report)
    finally:
        conn.close()
    return report


def _check_photos(conn: sqlite3.Connection, report: CheckReport) -> None:
    count, size = conn.execute("SELECT count(*), coalesce(sum(byte_size), 0) FROM photo").fetchone()
    report.lines.append(f"照片 {count} 张，共 {size / 1024 / 1024:.1f} MB")
    missing = conn.execute(
        "SELECT count(*) FROM photo p WHERE NOT EXISTS "
        "(SELECT 1 FROM photo_data d WHERE d.photo_id = p.id)").fetchone()[0]
    if missing:
        report.problems.append(f"有 {missing} 张照片缺少图像数据，请从备份恢复。")
