"""Start-up to a usable main window on 50,000 residents, against a bare
PySide6 window process (target: ≤ 1.5×), and the memory it takes (≤ 250 MB).

    python bench/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

from common import ROOT, median, qt_env, report, subdistrict_db, time_process


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    db = subdistrict_db()
    # Warm the file cache and Python's bytecode cache for both.
    time_process([sys.executable, str(ROOT / "bench" / "bare_window.py")], 1)
    time_process([sys.executable, str(ROOT / "main.py"), "--db", str(db), "--quit-when-ready"], 1)
    bare = time_process([sys.executable, str(ROOT / "bench" / "bare_window.py")], args.runs)
    ours = time_process([sys.executable, str(ROOT / "main.py"), "--db", str(db), "--quit-when-ready"], args.runs)
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "--quit-when-ready"],
                         capture_output=True, text=True, env=qt_env(), cwd=ROOT).stdout
    peak = re.search(r"peak (\d+) MB", out)
    ratio = median(ours) / median(bare)
    report("启动到可用窗口（5 万居民）", [
        f"裸 PySide6 窗口进程：中位数 {median(bare) * 1000:.0f} ms",
        f"本程序：中位数 {median(ours) * 1000:.0f} ms",
        f"比值：{ratio:.2f}×（目标 ≤ 1.5×）{'✓' if ratio <= 1.5 else '✗'}",
        f"峰值内存：{peak.group(1) if peak else '?'} MB（目标 ≤ 250 MB）",
    ])


if __name__ == "__main__":
    main()
