"""Building the demo: the registry first, then each tab's section in turn.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from core.demo.context import DemoContext, DemoSection
from core.demo.registry import registry_section
from core.ledger import Ledger


def build_demo(ledger: Ledger, *, seed: int = 2025, compounds: int = 1,
               today: datetime.date | None = None,
               progress: Callable[[int, int], None] | None = None) -> DemoContext:
    """Fill an empty ledger with the demo; returns what was made."""
    if ledger.db.execute("SELECT count(*) FROM compound").fetchone()[0]:
        raise ValueError("demo data goes into an empty ledger only")
    ctx = DemoContext(rng=random.Random(seed), today=today or datetime.date.today())
    sections = [registry_section(compounds)] + list(DEMO_SECTIONS)
    for done, section in enumerate(sections):
        if progress:
            progress(done, len(sections))
        section(ledger, ctx)
    if progress:
        progress(len(sections), len(sections))
    return ctx


def _lazy(spec: str) -> DemoSection:
    """A section given as ``"module:function"``, imported when it runs (the
    section modules import this one for its name lists)."""

    def section(ledger: Ledger, ctx: DemoContext) -> None:
        import importlib

        module, _, name = spec.partition(":")
        getattr(importlib.import_module(module), name)(ledger, ctx)

    return section


# Later tabs append their demo sections here (grid, inspections, campaigns …).
DEMO_SECTIONS: list[DemoSection] = [
    _lazy("core.demo.grid:section"),
    _lazy("core.demo.inspections:section"),
    _lazy("core.demo.campaigns:section"),
]
