"""What is due: the items the start screen (首页) lists, gathered from every
part of the ledger.

Each part that has deadlines (rectifications, visits, errands …) provides a
function ``(db, today, community_id) -> list[DueItem]`` and names it in
``PROVIDERS`` as ``"module:function"``. The start screen shows overdue items
first, in red.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from core.ledger import current_community


@dataclass(frozen=True)
class DueItem:
    """One thing somebody must do.

    Attributes:
        kind: a short label of the kind of work (``整改``).
        title: the line shown, self-explanatory (``3栋2单元 消防设施：整改期限 11月20日``).
        due: the deadline, if any.
        tab: the title of the tab that opens the record (``检查``).
        record_id: the record's id, passed to that tab's ``show_record``.
        who: the person responsible, if known.
    """

    kind: str
    title: str
    due: datetime.date | None
    tab: str
    record_id: str | None = None
    who: str = ""

    def overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


DueProvider = Callable[[Database, datetime.date, "str | None"], list[DueItem]]

#: ``"module:function"`` of every provider, in the order their items are listed.
PROVIDERS: tuple[str, ...] = (
    "core.inspections.rectifications:due_items",
    "core.grid.coverage:due_items",
    "core.campaigns.due:due_items",
)


def _load(spec: str) -> DueProvider:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def due_items(db: Database, today: datetime.date | None = None,
              community_id: str | None = None) -> list[DueItem]:
    """Every provider's items (of ``community_id``, else the ledger's current
    community), overdue first, then by deadline."""
    today = today or datetime.date.today()
    community = community_id or current_community(db)
    items: list[DueItem] = []
    for spec in PROVIDERS:
        items.extend(_load(spec)(db, today, community))
    return sorted(items, key=lambda i: (not i.overdue(today), i.due or datetime.date.max, i.title))
