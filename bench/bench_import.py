"""Excel import of a 20,000-row messy register, against a bare openpyxl pass.

    python bench/bench_import.py [--rows 20000] [--runs 3]

The register (bench/register.py) is generated once into ``bench/out/``. The
baseline opens it with openpyxl ``read_only=True`` and walks every row of
every sheet (``iter_rows(values_only=True)``), doing nothing with them. The
import reads, plans and commits it into a fresh (empty, already created)
ledger file, as ``python main.py import`` does. Runs are interleaved and the best of each
is kept (the machines here are shared and noisy); wall-clock and CPU time
are both reported. Each run also imports once with the change record
switched off (its triggers dropped, its bulk inserts unrecorded), so the record's cost is measured in
the same run: the commit phase with and without it. Peak memory is each one's maximum resident set size,
measured in a child process of its own. DESIGN.md's target: ratio ≤ 1.5.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"


def register_path(rows: int) -> Path:
    path = OUT / f"register-{rows}.xlsx"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"generating {path.name} …", flush=True)
        from bench.register import write_register

        write_register(path, rows=rows, seed=1)
    return path


def baseline(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            count += 1
    wb.close()
    return count


def fresh_ledger(db_path: Path, *, record: bool = True):
    """A new, empty ledger file (made before the clock starts: the import
    command opens an existing ledger). ``record=False`` drops the change
    record's triggers, for measuring what they cost."""
    from core.ledger import Ledger

    ledger = Ledger.open(db_path)
    if not record:
        for (name,) in ledger.db.execute(
                "SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'log\\_%' ESCAPE '\\'"
        ).fetchall():
            ledger.db.execute(f'DROP TRIGGER temp."{name}"')
    return ledger


@contextlib.contextmanager
def unrecorded_bulk_inserts():
    """Bulk inserts that record nothing (the other half of the record's cost)."""
    from db import change_log

    recording = change_log.bulk_insert
    change_log.bulk_insert = lambda _db, _table: contextlib.nullcontext()
    try:
        yield
    finally:
        change_log.bulk_insert = recording


PHASES: dict[str, list[float]] = {"read": [], "plan": [], "commit": []}
UNRECORDED: dict[str, list[float]] = {"read": [], "plan": [], "commit": []}


def run_import(path: Path, ledger, phases: dict[str, list[float]] = PHASES) -> str:
    from core.importing import apply_plan, build_plan, read_workbook

    try:
        start = time.process_time()
        book = read_workbook(path)
        read = time.process_time()
        plan = build_plan(ledger.db, book, compound="红星机械厂生活区")
        planned = time.process_time()
        apply_plan(ledger, plan)
        phases["read"].append(read - start)
        phases["plan"].append(planned - read)
        phases["commit"].append(time.process_time() - planned)
        return f"{len(plan.new_residents)} residents, {len(plan.new_households)} households, " \
               f"{len(plan.rejected)} rejected"
    finally:
        ledger.close()


def timed(fn, *args) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _peak_kib() -> int:
    """This process's peak resident set size in KiB.

    ``VmHWM`` belongs to the process's own memory map; ``ru_maxrss`` would
    also count the parent's size at fork time.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_rss_mb(which: str, path: Path) -> float:
    """Maximum resident set size of a child process doing only ``which``."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [sys.executable, __file__, "--child", which, str(path), str(Path(tmp) / "m.sqlite3")],
            check=True, capture_output=True, text=True)
    return float(result.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        which, path, db = args.child
        baseline(Path(path)) if which == "baseline" else run_import(Path(path), fresh_ledger(Path(db)))
        print(_peak_kib())
        return
    path = register_path(args.rows)
    print(f"register: {path.name}, {path.stat().st_size / 1e6:.1f} MB")
    base_wall, base_cpu, imp_wall, imp_cpu = [], [], [], []
    summary = ""
    for run in range(args.runs):
        wall, cpu, rows = timed(baseline, path)
        base_wall.append(wall)
        base_cpu.append(cpu)
        # Alternate which goes first: the first import in a process also
        # warms the pinyin caches.
        for record in (True, False) if run % 2 == 0 else (False, True):
            with tempfile.TemporaryDirectory() as tmp:
                ledger = fresh_ledger(Path(tmp) / "bench.sqlite3", record=record)
                if record:
                    wall, cpu, summary = timed(run_import, path, ledger)
                    imp_wall.append(wall)
                    imp_cpu.append(cpu)
                else:
                    with unrecorded_bulk_inserts():
                        timed(run_import, path, ledger, UNRECORDED)
        print(f"run {run + 1}: baseline {base_wall[-1]:.2f} s ({base_cpu[-1]:.2f} s CPU), "
              f"import {imp_wall[-1]:.2f} s ({imp_cpu[-1]:.2f} s CPU)", flush=True)
    print(f"imported: {summary}")
    print(f"baseline (openpyxl read-only pass, {rows} rows): best {min(base_wall):.2f} s wall, "
          f"{min(base_cpu):.2f} s CPU")
    print(f"import (read + plan + commit):            best {min(imp_wall):.2f} s wall, "
          f"{min(imp_cpu):.2f} s CPU")
    print(f"ratio: {min(imp_wall) / min(base_wall):.2f}× wall, {min(imp_cpu) / min(base_cpu):.2f}× CPU "
          "(target ≤ 1.5×)")
    per_run = sorted(i / b for i, b in zip(imp_cpu, base_cpu))
    print(f"ratio of each run (CPU): {', '.join(f'{r:.2f}' for r in per_run)}; "
          f"median {statistics.median(per_run):.2f}×")
    print("import phases, best CPU: " + ", ".join(
        f"{name} {min(times):.2f} s ({min(times) / min(base_cpu):.2f}× baseline)" for name, times in PHASES.items()))
    with_record, without = sorted(PHASES["commit"]), sorted(UNRECORDED["commit"])
    costs = sorted(w / o for w, o in zip(PHASES["commit"], UNRECORDED["commit"]))
    print(f"change record: commit {statistics.median(with_record):.2f} s with it, "
          f"{statistics.median(without):.2f} s without (median); ratio per run "
          f"{', '.join(f'{c:.2f}' for c in costs)}, median {statistics.median(costs):.2f}×; "
          f"whole import +{statistics.median(with_record) - statistics.median(without):.2f} s")
    base_mb = peak_rss_mb("baseline", path)
    import_mb = peak_rss_mb("import", path)
    print(f"peak memory (max RSS): baseline {base_mb:.0f} MB, import {import_mb:.0f} MB")


if __name__ == "__main__":
    main()
