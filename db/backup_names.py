"""The names of backups and where the newest good one is (no other db module
imported: ``db.database`` names the newest backup in its damage message)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

#: The folder beside the ledger that holds the backups, one folder inside
#: it per ledger (named as the ledger's file), so that two ledgers kept in
#: one folder never rotate each other's backups away.
FOLDER_NAME = "台账备份"


def backups_folder(ledger: str | Path, base: str | Path | None = None) -> Path:
    """Where the backups of ``ledger`` go: ``台账备份/<ledger's name>/`` beside it,
    or ``<base>/台账备份/<ledger's name>/`` in another folder (a USB stick)."""
    ledger = Path(ledger).resolve()
    root = ledger.parent if base is None else Path(base)
    return root / FOLDER_NAME / ledger.stem
#: The only names the program gives backups (``core.backups.naming`` makes them).
NAME_PATTERN = re.compile(
    r"^台账备份-(?P<date>\d{8})-(?P<time>\d{6})(?:-(?P<reason>导入前|恢复前|升级前))?"
    r"(?:-(?P<n>[2-9]|[1-9]\d))?\.sqlite3$")


def order_key(name: str) -> tuple[str, str, int]:
    """Sorts the program's backups by when they were made (a second one of the
    same second, ``…-2``, after the first)."""
    match = NAME_PATTERN.match(name)
    if match is None:
        return ("", "", 0)
    return (match["date"], match["time"], int(match["n"] or 1))


def newest_backup_beside(ledger: Path) -> Path | None:
    """The newest backup in the folder beside ``ledger`` whose manifest matches
    its size (it was verified when written), or None."""
    folder = backups_folder(ledger)
    try:
        names = sorted((name for name in os.listdir(folder) if NAME_PATTERN.match(name)),
                       key=order_key,
                       reverse=True)
    except OSError:
        return None
    for name in names:
        path = folder / name
        try:
            manifest = json.loads((folder / (name + ".json")).read_text(encoding="utf-8"))
            if int(manifest.get("size", -1)) == path.stat().st_size:
                return path
        except (OSError, ValueError, TypeError, AttributeError):
            continue
    return None
