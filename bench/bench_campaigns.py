"""Campaign statistics and export speed on a year-long sub-district campaign.

Not part of the test run. Builds (in a temporary file) a campaign of 365
days with 5,000 entries, ~40,000 named volunteer rows and ~20,000
quantities, then times each statistic the tab shows, the first page of the
entry log, and the Excel export. The baseline is a bare ``SELECT sum(amount)``
over the quantities in the same run, to read the numbers as ratios.

    /tmp/venv/bin/python bench/bench_campaigns.py
"""

from __future__ import annotations

import datetime
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.campaigns import stats  # noqa: E402
from core import campaigns  # noqa: E402
from core.campaigns.metrics import BUILTIN_METRICS, to_stored  # noqa: E402
from core.ledger import Ledger, new_id, now  # noqa: E402
from core.registry import CompoundForm, create_compound, ensure_community  # noqa: E402
from core.campaigns import queries as campaign_queries  # noqa: E402
from reports.campaign_xlsx import export_campaign  # noqa: E402

ENTRIES = 5000
DAYS = 365
REPEATS = 5


def build(ledger: Ledger) -> str:
    """A big campaign written straight into the tables (the checks are not what is timed)."""
    rng = random.Random(1)
    community = ensure_community(ledger, "幸福路社区")
    create_compound(ledger, community, CompoundForm("生活区", buildings=8, units_per_building=3,
                                                    floors=6, rooms_per_floor=4))
    units = [campaigns.add_partner_unit(ledger, community, f"包保单位{n}", "区直单位") for n in range(20)]
    start = datetime.date(2025, 1, 1)
    campaign_id = campaigns.create_campaign(ledger, community, campaigns.CampaignForm(
        "全年整治", start, start + datetime.timedelta(days=DAYS - 1), partner_unit_ids=tuple(units),
        goals={m.key: Decimal(1000) for m in BUILTIN_METRICS}))
    places = campaigns.place_choices(ledger.db)
    people = [(f"志愿者{n}", rng.choice(units)) for n in range(600)]
    stamp = now()

    def fill(db) -> None:
        entries, partners, volunteers, quantities = [], [], [], []
        for _ in range(ENTRIES):
            entry_id = new_id()
            place = rng.choice(places)
            entries.append({"id": entry_id, "campaign_id": campaign_id,
                            "date": (start + datetime.timedelta(days=rng.randrange(DAYS))).isoformat(),
                            "building_id": place.building_id, "unit_id": place.unit_id, "place_text": "",
                            "head_count": 20, "notes": "", "created_at": stamp, "updated_at": stamp})
            for number, (name, unit) in enumerate(rng.sample(people, 8)):
                volunteers.append({"id": new_id(), "entry_id": entry_id, "resident_id": None, "name": name,
                                   "partner_unit_id": unit, "hours": to_stored(Decimal("2.5")),
                                   "sort_key": number})
            for unit in {v["partner_unit_id"] for v in volunteers[-8:]}:
                partners.append({"entry_id": entry_id, "partner_unit_id": unit})
            for metric in rng.sample(BUILTIN_METRICS, 4):
                amount = Decimal(rng.randint(1, 500)) * metric.step
                quantities.append({"entry_id": entry_id, "metric": metric.key, "amount": to_stored(amount)})
        db["campaign_entry"].insert_all(entries, batch_size=1000)
        db["campaign_entry_partner"].insert_all(partners, batch_size=1000)
        db["campaign_volunteer"].insert_all(volunteers, batch_size=1000)
        db["campaign_quantity"].insert_all(quantities, batch_size=1000)

    ledger.write("campaign.entry_add", campaigns.ENTRY_TABLES, fill)
    return campaign_id


def timed(fn: Callable[[], object]) -> float:
    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger.open(Path(folder) / "bench.sqlite3")
        campaign_id = build(ledger)
        db = ledger.db
        baseline = timed(lambda: db.execute("SELECT sum(amount) FROM campaign_quantity").fetchone())
        print(f"{ENTRIES} entries, {db.execute('SELECT count(*) FROM campaign_volunteer').fetchone()[0]} "
              f"volunteer rows; baseline sum {baseline * 1000:.1f} ms")
        checks: list[tuple[str, Callable[[], object]]] = [
            ("totals", lambda: stats.totals(db, campaign_id)),
            ("summary", lambda: stats.summary(db, campaign_id)),
            ("by_partner", lambda: stats.by_partner(db, campaign_id)),
            ("by_place", lambda: stats.by_place(db, campaign_id)),
            ("volunteer_roster", lambda: stats.volunteer_roster(db, campaign_id)),
            ("unit_roster", lambda: stats.unit_roster(db, campaign_id)),
            ("cumulative", lambda: stats.cumulative(db, campaign_id)),
            ("entry log page", lambda: campaign_queries.entry_page(db, campaign_id, None, None, 0, 200, "date", True)),
            ("export xlsx", lambda: export_campaign(db, campaign_id, Path(folder) / "out.xlsx")),
        ]
        for name, fn in checks:
            seconds = timed(fn)
            print(f"{name:18s} {seconds * 1000:8.1f} ms   {seconds / baseline:7.1f}× baseline")
        ledger.close()


if __name__ == "__main__":
    main()
