"""Shared helpers of the benchmarks: the generated sub-district database,
timing, and printing ratios. Benchmarks are never part of the test run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

#: 34 compounds of the demo generator: about 48,000 living and 50,000 residents in all.
SUBDISTRICT_COMPOUNDS = 34


def subdistrict_db() -> Path:
    """The sub-district-sized database, generated once (seed 2025)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "subdistrict.sqlite3"
    if not path.exists():
        print("生成 5 万居民的测试数据库（约 20 秒）…", flush=True)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--compounds",
                        str(SUBDISTRICT_COMPOUNDS), "--db", str(path)], check=True)
    return path


def qt_env() -> dict[str, str]:
    env = dict(os.environ)
    # Installed programs (and the packaged .exe) run from compiled bytecode;
    # let the warm-up run write it, as site-packages already has its own.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["COMPOUND_LEDGER_HOME"] = str(OUT / "home")
    return env


def time_process(args: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of running ``args`` to completion, ``runs`` times."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, env=qt_env(), stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def time_until_ready(args: list[str], runs: int) -> list[float]:
    """Seconds from starting ``args`` until it prints its ``ready`` line
    (window shown and drawn); shutting down afterwards is not counted."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(args, env=qt_env(), stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for line in process.stdout:
            if line.startswith("ready"):
                times.append(time.perf_counter() - start)
                break
        process.wait()
        if process.returncode != 0:
            raise RuntimeError(f"{args} failed")
    return times


def time_calls(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def report(title: str, lines: list[str]) -> None:
    print(f"\n== {title} ==")
    for line in lines:
        print("  " + line)
