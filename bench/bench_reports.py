"""The 楼栋花名册 of a 50,000-resident ledger as PDF, against drawing the same
rows straight onto the pages with reportlab's canvas (the target: ≤ 1.5×).

Both read the rosters from core.rosters (masked) and write A4 landscape
pages with the same columns, fonts, grid lines, header row on each page and
page numbers; the baseline measures nothing (every row one line high) and
breaks no lines, so it is the floor of what any roster costs.

    .venv/bin/python bench/bench_reports.py [--db PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from bench.common import subdistrict_db  # noqa: E402
from core.ledger import Ledger, current_community  # noqa: E402
from core.registry import age  # noqa: E402
from core.rosters import Privacy, resident_roster  # noqa: E402
from reports.pdf import style  # noqa: E402
from reports.pdf.document import roster_frame  # noqa: E402
from reports.pdf.fonts import find_fonts  # noqa: E402
from reports.pdf.roster import BUILDING_COLUMNS, building_roster_pdf  # noqa: E402


def canvas_roster(db, path: Path, fonts) -> int:
    """The floor: the living residents' rows drawn cell by cell, 1 line each."""
    lines = [r for r in resident_roster(db, current_community(db), Privacy.MASKED) if r.status == "在住"]
    x0, y0, width, height = roster_frame()
    widths = [c.width_mm * mm for c in BUILDING_COLUMNS]
    row_height = style.ROSTER_LEADING + 2 * style.ROSTER_PADDING
    per_page = int(height // row_height) - 1
    canvas = Canvas(str(path), pagesize=style.ROSTER_PAGE, initialFontName=fonts.body)
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    for number, page in enumerate(pages, 1):
        rows = [[c.header for c in BUILDING_COLUMNS]]
        for r in page:
            years = age(r.birth_date)
            rows.append([r.room, r.name, r.relation, r.sex, r.birth_date.isoformat() if r.birth_date else "",
                         "" if years is None else str(years), r.id_number, r.phone, r.political_status, r.tags,
                         r.tenure, r.notes])
        top = y0 + height
        canvas.setFont(fonts.body, style.ROSTER_SIZE)
        for n, row in enumerate(rows):
            y = top - (n + 1) * row_height
            x = x0
            for value, w in zip(row, widths):
                if value:
                    canvas.drawString(x + style.ROSTER_PADDING, y + style.ROSTER_PADDING + 2.5, value)
                x += w
        bottom = top - len(rows) * row_height
        for n in range(len(rows) + 1):
            canvas.line(x0, top - n * row_height, x0 + sum(widths), top - n * row_height)
        x = x0
        for w in [0, *widths]:
            x += w
            canvas.line(x, top, x, bottom)
        canvas.drawCentredString(style.ROSTER_PAGE[0] / 2, style.ROSTER_BOTTOM / 2,
                                 style.page_of_text(number, len(pages)))
        canvas.showPage()
    canvas.save()
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = args.db or subdistrict_db()
    ledger = Ledger.open_read_only(path)
    fonts = find_fonts()
    ours, floor = [], []
    try:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            for run in range(args.runs):
                start = time.perf_counter()
                printed = building_roster_pdf(ledger.db, out / "roster.pdf", fonts=fonts)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                pages = canvas_roster(ledger.db, out / "canvas.pdf", fonts)
                floor.append(time.perf_counter() - start)
                print(f"第 {run + 1} 次：花名册 {ours[-1]:.2f} s（{printed.pages} 页，{printed.rows} 人，"
                      f"{(out / 'roster.pdf').stat().st_size / 1e6:.1f} MB）；"
                      f"直接画在画布上 {floor[-1]:.2f} s（{pages} 页）", flush=True)
    finally:
        ledger.close()
    a, b = statistics.median(ours), statistics.median(floor)
    print(f"中位数：花名册 {a:.2f} s，画布 {b:.2f} s，{a / b:.2f}×（目标 ≤ 1.5×）")


if __name__ == "__main__":
    main()
