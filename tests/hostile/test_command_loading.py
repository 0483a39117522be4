"""The command line loads only the command it runs: ``check`` never imports
openpyxl, Qt, reportlab or Pillow (a broken or hostile workbook library
cannot touch a health check, and it starts faster)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.hostile.helpers import ROOT

_PROBE = """
import runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)))
"""


def _modules(*args: str, home: Path) -> set[str]:
    result = subprocess.run([sys.executable, "-c", _PROBE, str(ROOT / "main.py"), *args], capture_output=True,
                            text=True, encoding="utf-8", cwd=ROOT, timeout=120,
                            env={"COMPOUND_LEDGER_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert "Traceback" not in result.stderr, result.stderr
    return set(result.stdout.split())


def test_check_loads_no_workbook_pdf_image_or_qt_library(closed_demo: Path, tmp_path: Path) -> None:
    loaded = _modules("check", "--db", str(closed_demo), home=tmp_path)
    tops = {name.split(".")[0] for name in loaded}
    assert "sqlite3" in tops and "commands.check" in loaded
    assert not tops & {"openpyxl", "PySide6", "reportlab", "PIL"}
    assert not loaded & {"commands.import_", "commands.export", "commands.demo"}


def test_help_still_lists_every_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, text=True,
                            encoding="utf-8", cwd=ROOT, timeout=120)
    for name in ("demo", "import", "export", "check"):
        assert name in result.stdout
