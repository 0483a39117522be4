"""Shared by the hostile-input tests: run a command, fingerprint files.

Every test builds its hostile input itself (no binary fixtures) and checks
three things: the exit code, a Chinese message and no traceback, and that
the ledger's bytes are unchanged where nothing should have been written.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from main import main

ROOT = Path(__file__).resolve().parents[2]
_CJK = re.compile(r"[\u4e00-\u9fff]")


def sha256(path: Path) -> str | None:
    """The file's digest, or None if it does not exist."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def fingerprint(ledger: Path) -> dict[str, str | None]:
    """Digests of the ledger and its side files (absent ones are None)."""
    return {suffix: sha256(Path(str(ledger) + suffix)) for suffix in ("", "-wal", "-shm", "-journal")}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run ``main.py ARGS`` in this process; (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run(*args: str, home: Path, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run ``python main.py ARGS`` in a new process, as a user would."""
    env = {**os.environ, "COMPOUND_LEDGER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=timeout, **kwargs)


def assert_message(text: str, *parts: str) -> None:
    """A Chinese message naming ``parts``, and no Python traceback."""
    assert "Traceback" not in text, text
    assert _CJK.search(text), text
    for part in parts:
        assert part in text, text
