"""The second backup folder of this PC (a USB stick), kept in ``backup.json``
in the user's config folder: a per-PC setting, not the community's data, and
readable by the command line and the GUI alike (so not a Qt setting)."""

from __future__ import annotations

import json
from pathlib import Path

from core import output_files
from core.paths import config_dir


def _file() -> Path:
    return config_dir() / "backup.json"


def extra_folder() -> Path | None:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        value = data.get("extra_folder") if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None
    return Path(value) if isinstance(value, str) and value else None


def set_extra_folder(folder: str | Path | None) -> None:
    _file().parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"extra_folder": str(folder) if folder else ""}, ensure_ascii=False)
    output_files.write_file(_file(), lambda p: p.write_text(text, encoding="utf-8"))
