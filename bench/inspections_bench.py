"""How long the inspections part takes on the demo compound: the demo
section itself, and the queries behind each page of the tab.

    python bench/inspections_bench.py [--repeat 5]

Prints milliseconds (median of the repeats). Not part of the test run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import demo  # noqa: E402
from core.inspections import compliance
from core.inspections import rotation
from core.ledger import Ledger  # noqa: E402
from core.inspections import queries as iq  # noqa: E402


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    sections = list(demo.DEMO_SECTIONS)

    demo.DEMO_SECTIONS[:] = []
    start = time.perf_counter()
    demo.build_demo(Ledger.open(folder / "bare.sqlite3"))
    bare = time.perf_counter() - start
    demo.DEMO_SECTIONS[:] = sections
    start = time.perf_counter()
    ledger = Ledger.open(folder / "demo.sqlite3")
    demo.build_demo(ledger)
    full = time.perf_counter() - start
    db = ledger.db
    counts = db.execute("SELECT (SELECT count(*) FROM inspection), (SELECT count(*) FROM inspection_result), "
                        "(SELECT count(*) FROM rectification), (SELECT count(*) FROM photo)").fetchone()
    print(f"demo: registry only {bare * 1000:.0f} ms, with inspections {full * 1000:.0f} ms "
          f"({counts[0]} inspections, {counts[1]} results, {counts[2]} rectifications, {counts[3]} photos)")

    compound = db.execute("SELECT id FROM compound LIMIT 1").fetchone()[0]
    codes = dict(db.execute("SELECT code, id FROM checklist_template WHERE code IS NOT NULL"))
    today = datetime.date.today()
    f = iq.InspectionFilter()
    rf = iq.RectificationFilter(today, iq.FIX_ALL)
    cases = {
        "inspection list, first page + count": lambda: (iq.inspection_page(db, f, 0, 200),
                                                         iq.inspection_count(db, f)),
        "inspection list sorted by rate": lambda: iq.inspection_page(db, f, 0, 200, "rate"),
        "rectification list, first page + count": lambda: (iq.rectification_page(db, rf, 0, 200),
                                                            iq.rectification_count(db, rf)),
        "matrix 九个有 by unit": lambda: compliance.compliance_matrix(db, codes["nine_haves"], compound),
        "matrix hygiene by unit": lambda: compliance.compliance_matrix(db, codes["hygiene"], compound),
        "matrix hygiene by building": lambda: compliance.compliance_matrix(
            db, codes["hygiene"], compound, compliance.LEVEL_BUILDING),
        "rate series hygiene weekly": lambda: compliance.compliance_series(
            db, template_id=codes["hygiene"], period="week"),
        "rotation grid 16 weeks": lambda: rotation.rotation_grid(
            db, compound, today - datetime.timedelta(weeks=13), 16, today),
    }
    for name, fn in cases.items():
        print(f"{name}: {timed(fn, args.repeat):.1f} ms")

    from ui.app import make_application
    from ui.changes import ChangeHub
    from ui.inspections.tab import InspectionsTab

    app = make_application([])
    hub = ChangeHub(ledger)

    def open_tab() -> None:
        tab = InspectionsTab(ledger, hub)
        tab.resize(1280, 800)
        tab.show()
        app.processEvents()
        tab.close()
        tab.deleteLater()
        app.processEvents()

    print(f"open the tab (five pages): {timed(open_tab, args.repeat):.0f} ms")


if __name__ == "__main__":
    main()
