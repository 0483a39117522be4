"""The grid tab (网格): the four-level grid, the party organisation and the
contact sheet, with the coverage check always visible beside them.

The tab follows the registry: a head moved out or a household added in
住户档案 shows here (flagged in the coverage panel) as soon as the tab is
looked at. While hidden it only notes that it is out of date, and of its
pages only the one on screen is reloaded at once (the others when opened),
so the main window starts without reading the grid at all.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QWidget

from core import grid
from core.grid import TREE_GRID
from core.grid.coverage import GROUP_EMPTY, HOLDER_GONE, MEMBER_GONE, NO_UNITS, NODE_VACANT, UNGROUPED, UNIT_UNCOVERED, Problem
from core.ledger import Change, Ledger
from core.grid.queries import KIND_MEMBER, KIND_NODE, KIND_UNIT
from ui.changes import ChangeHub
from ui.grid.contacts import ContactSheet
from ui.grid.coverage_panel import CoveragePanel
from ui.grid.grid_page import GridPage
from ui.grid.party_page import PartyPage

#: Tables whose changes the tab shows: its own and the registry's.
WATCHED = tuple(sorted(grid.GRID_TABLES | grid.REGISTRY_TABLES))


class GridTab(QWidget):
    """网格: the grid and party trees, the contact sheet, the coverage panel.

    Attributes:
        pages: the sub-tabs (四级网格, 党组织, 通讯录).
        coverage: the coverage panel.
    """

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.grid_page = GridPage(ledger)
        self.party_page = PartyPage(ledger)
        self.contacts = ContactSheet(ledger)
        self.coverage = CoveragePanel(ledger)
        self.pages = QTabWidget()
        self.pages.addTab(self.grid_page, "四级网格")
        self.pages.addTab(self.party_page, "党组织")
        self.pages.addTab(self.contacts, "通讯录")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.pages)
        split.addWidget(self.coverage)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 340])
        split.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.addWidget(split)
        self._stale = True
        self._stale_pages: set[QWidget] = {self.grid_page, self.party_page, self.contacts}
        hub.changed.connect(self._on_change)
        self.pages.currentChanged.connect(self._on_page)
        self.coverage.chosen.connect(self.go_to)
        self.coverage.fix_requested.connect(self.fix)

    # ------------------------------------------------------------ refreshing

    def reload(self) -> None:
        """Re-read the page on screen and the coverage; the other pages when opened."""
        self._stale = False
        self._stale_pages = {self.grid_page, self.party_page, self.contacts}
        self._on_page()
        self.coverage.reload()

    def _on_page(self, *_args) -> None:
        page = self.pages.currentWidget()
        if page in self._stale_pages:
            self._stale_pages.discard(page)
            page.reload()

    def ensure_loaded(self) -> None:
        """Load everything now (for code that needs a page's content off screen)."""
        if self._stale:
            self.reload()
        for page in list(self._stale_pages):
            self._stale_pages.discard(page)
            page.reload()

    def _on_change(self, change: Change) -> None:
        if not change.touches(*WATCHED):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    # ------------------------------------------------------------ coverage

    def go_to(self, problem: Problem) -> bool:
        """Select what the problem is about, in the tree it belongs to."""
        self.ensure_loaded()
        if problem.kind in (HOLDER_GONE, NODE_VACANT, NO_UNITS, GROUP_EMPTY):
            page = self.grid_page if problem.tree == TREE_GRID else self.party_page
            self.pages.setCurrentWidget(page)
            return page.select(KIND_NODE, problem.node_id)
        if problem.kind == UNIT_UNCOVERED:
            self.pages.setCurrentWidget(self.grid_page)
            return False
        if problem.kind in (MEMBER_GONE, UNGROUPED):
            self.pages.setCurrentWidget(self.party_page)
            return self.party_page.select(KIND_MEMBER, problem.resident_id)
        return False

    def fix(self, problem: Problem) -> None:
        """Open what fixes the problem: a new unit head, a replacement, a group."""
        self.go_to(problem)
        if problem.kind == UNIT_UNCOVERED:
            self.grid_page.add_for_unit(problem.unit_id)
        elif problem.kind in (HOLDER_GONE, NODE_VACANT):
            (self.grid_page if problem.tree == TREE_GRID else self.party_page).change_person()
        elif problem.kind == NO_UNITS:
            self.grid_page.edit_units()
        elif problem.kind == UNGROUPED:
            self.party_page.place_member()
        elif problem.kind == MEMBER_GONE:
            self.party_page.unplace_member()

    # ------------------------------------------------------------ start screen

    def show_record(self, record_id: str) -> None:
        """Open a node or a unit named by the start screen's due list."""
        self.ensure_loaded()
        for page, kinds in ((self.grid_page, (KIND_NODE, KIND_UNIT)), (self.party_page, (KIND_NODE,))):
            for kind in kinds:
                if page.select(kind, record_id):
                    self.pages.setCurrentWidget(page)
                    return
        self.pages.setCurrentWidget(self.grid_page)
