"""The tabs of the main window, in order.

Each entry names a widget class taking ``(ledger, hub, parent)``. A tab is
listed here only once its issue has landed: no placeholder screens. A tab
may define ``show_record(record_id: str) -> None``; the start screen calls it
to open an item it lists.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class TabSpec:
    title: str
    module: str
    cls: str

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.cls)


TABS: tuple[TabSpec, ...] = (
    TabSpec("首页", "ui.home", "HomeTab"),
    TabSpec("住户档案", "ui.registry.tab", "RegistryTab"),
    TabSpec("网格", "ui.grid.tab", "GridTab"),
    TabSpec("检查", "ui.inspections.tab", "InspectionsTab"),
    TabSpec("整治行动", "ui.campaigns.tab", "CampaignsTab"),
)
