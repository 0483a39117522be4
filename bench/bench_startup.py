"""Start-up on 50,000 residents, against two floors in the same run: a bare
PySide6 window process (``bare_window.py``) and one that shows a tab bar and a
page of Chinese text (``chinese_window.py``, DESIGN.md's floor: target ≤ 1.5×).

Each process is timed twice: from starting it to the window having drawn
(the program's ``--quit-when-ready`` prints a line then; the start screen's
figures are in, its due list may still be gathered on a worker), and from
starting it to the process having exited (the whole process, shutdown
included; the program quits once the start screen's figures are in). The three are interleaved run by run, so they see the same
machine load; medians and the spread (min–max) are printed.

Memory: the program's peak resident set size at ready, and with the
registry tab (住户档案) open on all 50,000 residents (``registry_memory.py``,
target ≤ 200 MB).

    python bench/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, median, qt_env, report, subdistrict_db


def time_ready_and_exit(args: list[str]) -> tuple[float, float, float]:
    """(seconds to the ``ready`` line, to the ``figures`` line — the start
    screen's figures in; the floors print none: their ready —, to the
    process's exit)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=qt_env(), stdout=subprocess.PIPE, text=True, cwd=ROOT)
    ready = figures = None
    for line in process.stdout:
        if ready is None and line.startswith("ready"):
            ready = time.perf_counter() - start
        if figures is None and line.startswith("figures"):
            figures = time.perf_counter() - start
    process.wait()
    ended = time.perf_counter() - start
    if process.returncode != 0 or ready is None:
        raise RuntimeError(f"{args} failed")
    return ready, figures or ready, ended


def spread(values: list[float]) -> str:
    return f"{median(values) * 1000:.0f} ms（{min(values) * 1000:.0f}–{max(values) * 1000:.0f}）"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--db", type=Path, help="another ledger (default: the generated sub-district)")
    args = parser.parse_args()
    db = args.db or subdistrict_db()
    commands = {
        "bare": [sys.executable, str(ROOT / "bench" / "bare_window.py")],
        "chinese": [sys.executable, str(ROOT / "bench" / "chinese_window.py")],
        "ours": [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--quit-when-ready"],
    }
    for command in commands.values():  # warm the file cache and the bytecode caches
        time_ready_and_exit(command)
    ready: dict[str, list[float]] = {name: [] for name in commands}
    ended: dict[str, list[float]] = {name: [] for name in commands}
    figures: list[float] = []
    for run in range(args.runs):  # interleaved, the order turning each run
        names = list(commands)
        names = names[run % 3:] + names[:run % 3]
        for name in names:
            r, f, e = time_ready_and_exit(commands[name])
            ready[name].append(r)
            if name == "ours":
                figures.append(f)
            ended[name].append(e)
    # Exit: from the last line printed (the program's figures line) to the end of the process.
    last = {**ready, "ours": figures}
    exits = {name: [e - r for r, e in zip(last[name], ended[name])] for name in commands}
    out = subprocess.run(commands["ours"], capture_output=True, text=True, env=qt_env(), cwd=ROOT).stdout
    peak = re.search(r"peak (\d+) MB", out)
    registry = subprocess.run([sys.executable, str(ROOT / "bench" / "registry_memory.py"), str(db)],
                              capture_output=True, text=True, env=qt_env(), cwd=ROOT).stdout.strip()

    def ratios(which: dict[str, list[float]], floor: str) -> str:
        per_run = sorted(o / f for o, f in zip(which["ours"], which[floor]))
        return (f"{median(which['ours']) / median(which[floor]):.2f}×"
                f"（逐次 {per_run[0]:.2f}–{per_run[-1]:.2f}×）")

    whole = median(ended["ours"]) / median(ended["chinese"])
    report(f"启动（{db.name}，{args.runs} 轮交替）", [
        "到窗口画好：",
        f"  裸 PySide6 空窗口：{spread(ready['bare'])}",
        f"  带标签栏和一页中文的窗口：{spread(ready['chinese'])}",
        f"  本程序：{spread(ready['ours'])}",
        f"  比值：对空窗口 {ratios(ready, 'bare')}，对中文窗口 {ratios(ready, 'chinese')}",
        f"  本程序首页数字显示：{spread(figures)}",
        "整个进程（启动、画好、退出）：",
        f"  裸 PySide6 空窗口：{spread(ended['bare'])}",
        f"  带标签栏和一页中文的窗口：{spread(ended['chinese'])}",
        f"  本程序：{spread(ended['ours'])}",
        f"  比值：对空窗口 {ratios(ended, 'bare')}，对中文窗口 {ratios(ended, 'chinese')}"
        f"（目标 ≤ 1.5×）{'✓' if whole <= 1.5 else '✗'}",
        f"退出（最后一行输出之后到进程结束）：空窗口 {spread(exits['bare'])}，中文窗口 {spread(exits['chinese'])}，"
        f"本程序 {spread(exits['ours'])}（目标 ≤ 50 ms）",
        f"峰值内存（画好时）：{peak.group(1) if peak else '?'} MB",
        f"打开住户档案页后：{registry}（目标 ≤ 200 MB）",
    ])


if __name__ == "__main__":
    main()
