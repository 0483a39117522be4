"""Start-up to a usable main window on 50,000 residents, against a bare
PySide6 window process (target: ≤ 1.5×), and the memory it takes (≤ 250 MB).

Both are timed from starting the process to the window having drawn (the
program's ``--quit-when-ready`` prints a line then); the start screen's
figures are in by then, its due list is still being gathered on a worker.

    python bench/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from common import ROOT, median, qt_env, report, subdistrict_db, time_until_ready


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="another ledger (default: the generated sub-district)")
    args = parser.parse_args()
    db = args.db or subdistrict_db()
    # Warm the file cache and Python's bytecode cache for both.
    bare_args = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
    our_args = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--quit-when-ready"]
    time_until_ready(bare_args, 1)
    time_until_ready(our_args, 1)
    bare, ours = [], []
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        bare += time_until_ready(bare_args, 1)
        ours += time_until_ready(our_args, 1)
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "--quit-when-ready"],
                         capture_output=True, text=True, env=qt_env(), cwd=ROOT).stdout
    peak = re.search(r"peak (\d+) MB", out)
    ratio = median(ours) / median(bare)
    report(f"启动到可用窗口（{db.name}）", [
        f"裸 PySide6 窗口进程：中位数 {median(bare) * 1000:.0f} ms",
        f"本程序：中位数 {median(ours) * 1000:.0f} ms",
        f"比值：{ratio:.2f}×（目标 ≤ 1.5×）{'✓' if ratio <= 1.5 else '✗'}",
        f"峰值内存：{peak.group(1) if peak else '?'} MB（目标 ≤ 250 MB）",
    ])


if __name__ == "__main__":
    main()
