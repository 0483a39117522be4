"""The names the program gives its backups, and nothing else.

``台账备份-20261204-193000.sqlite3``, or with the reason of a backup made
before an import, a restore or an upgrade (``台账备份-20261204-193000-恢复前.sqlite3``),
or a counter when two are made in one second (``…-193000-2.sqlite3``).
Each has its manifest beside it (the same name + ``.json``). Only files whose
whole name matches :data:`NAME_PATTERN` are ever deleted by rotation.
"""

from __future__ import annotations

import datetime

from db.backup import FOLDER_NAME, NAME_PATTERN

__all__ = ["FOLDER_NAME", "NAME_PATTERN", "backup_name", "manifest_name", "parse_name"]

PREFIX = "台账备份"
SUFFIX = ".sqlite3"
MANIFEST_SUFFIX = ".json"
#: Reasons that may appear in a name (the manifest says the rest).
REASONS = {"import": "导入前", "restore": "恢复前", "migration": "升级前"}


def backup_name(when: datetime.datetime, reason: str | None = None, n: int = 1) -> str:
    tag = f"-{REASONS[reason]}" if reason in REASONS else ""
    counter = f"-{n}" if n > 1 else ""
    return f"{PREFIX}-{when:%Y%m%d-%H%M%S}{tag}{counter}{SUFFIX}"


def parse_name(name: str) -> datetime.datetime | None:
    """When the backup named ``name`` was made, or None if the program did not name it."""
    match = NAME_PATTERN.match(name)
    if not match:
        return None
    try:
        return datetime.datetime.strptime(match["date"] + match["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None


def manifest_name(name: str) -> str:
    return name + MANIFEST_SUFFIX
