"""The inspections tab (检查): 九个有 and hygiene inspections with photo
evidence, rectifications followed to closure, the compliance matrix and
the hygiene rotation.

Pages: 检查记录 (the list), 整改 (rectifications, open and overdue first),
达标情况 (matrix and rate over time), 卫生轮值 (the rotation), 检查表 (the
checklists and their versions). The inspection form opens as a dialog from
the list, a matrix cell, a rectification or a rotation cell.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from core.inspections import checklists
from core.inspections import Inspector
from core.ledger import Change, Ledger
from core.inspections.rotation import SlotView
from core.inspections import queries as iq
from core.errors import ValidationError
from ui import messages
from ui.changes import ChangeHub
from ui.inspections.compliance_page import CompliancePage
from ui.inspections.fix_page import RectificationPage
from ui.inspections.form import InspectionDialog
from ui.inspections.list_page import InspectionListPage
from ui.inspections.new_dialog import NewInspectionDialog
from ui.inspections.rotation_page import RotationPage
from ui.inspections.templates_page import TemplatesPage


class InspectionsTab(QWidget):
    """Everything about inspections, on five pages.

    Attributes:
        last_dialog: the inspection form last opened (tests look at it).
    """

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.hub = hub
        self.last_dialog: InspectionDialog | None = None
        if ledger.community_id:
            checklists.ensure_builtin_templates(ledger, ledger.community_id)
        self.alert = QLabel()
        self.alert.setTextFormat(Qt.TextFormat.RichText)
        self.pages = QTabWidget()
        self.list_page = InspectionListPage(ledger, hub)
        self.fix_page = RectificationPage(ledger, hub)
        self.compliance_page = CompliancePage(ledger, hub)
        self.rotation_page = RotationPage(ledger, hub)
        self.templates_page = TemplatesPage(ledger, hub)
        for page, title in ((self.list_page, "检查记录"), (self.fix_page, "整改"),
                            (self.compliance_page, "达标情况"), (self.rotation_page, "卫生轮值"),
                            (self.templates_page, "检查表")):
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.alert)
        layout.addWidget(self.pages, 1)
        self._connect_signals()
        self._update_alert()

    def _connect_signals(self) -> None:
        self.hub.changed.connect(self._on_change)
        self.list_page.new_requested.connect(self.new_inspection)
        self.list_page.open_requested.connect(self.open_inspection)
        for page in (self.fix_page, self.compliance_page, self.rotation_page):
            page.open_inspection_requested.connect(self.open_inspection)
        self.rotation_page.new_check_requested.connect(self.record_check)
        self.alert.linkActivated.connect(lambda _link: self.show_overdue())
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_inspection)

    def _on_change(self, change: Change) -> None:
        if change.touches("rectification", "inspection"):
            self._update_alert()

    def _update_alert(self) -> None:
        counts = iq.rectification_counts(self.ledger.db, datetime.date.today(), self.ledger.community_id)
        overdue, still_open = counts[iq.FIX_OVERDUE], counts[iq.FIX_OPEN]
        if overdue:
            self.alert.setText(
                f"<span style='color:#c0392b'><b>有 {overdue} 项整改已逾期</b></span>，"
                f"未完成整改共 {still_open} 项。<a href='overdue'>查看逾期整改</a>")
        elif still_open:
            self.alert.setText(f"未完成整改 {still_open} 项，均在期限内。")
        else:
            self.alert.setText("没有未完成的整改。")

    # ------------------------------------------------------------ flows

    def new_inspection(self, **preset) -> InspectionDialog | None:
        """Choose checklist and place, then fill the new draft in the form."""
        dialog = NewInspectionDialog(self.ledger, self, **preset)
        if not dialog.exec() or not dialog.inspection_id:
            return None
        return self._run_form(dialog.inspection_id, new=True)

    def record_check(self, slot: SlotView) -> None:
        """A hygiene check for a rotation cell, its supervisor as inspector."""
        hygiene = checklists.template_by_code(self.ledger.db, self.ledger.community_id,
                                              checklists.CODE_HYGIENE)
        today = datetime.date.today()
        date = min(today, slot.week_start + datetime.timedelta(days=6))
        self.new_inspection(template_id=hygiene.id if hygiene else None,
                            scope=(checklists.SCOPE_UNIT, slot.unit_id), date=date,
                            inspectors=[Inspector(slot.supervisor, slot.resident_id)],
                            rotation_slot_id=slot.slot_id)

    def open_inspection(self, inspection_id: str) -> InspectionDialog | None:
        try:
            return self._run_form(inspection_id, new=False)
        except ValidationError as exc:
            messages.warn(self, exc.message)
            return None

    def _run_form(self, inspection_id: str, *, new: bool) -> InspectionDialog:
        dialog = InspectionDialog(self.ledger, self.hub, inspection_id, new=new, parent=self)
        self.last_dialog = dialog
        dialog.exec()
        if dialog.outcome == "completed" and dialog.opened:
            self.pages.setCurrentWidget(self.fix_page)
            self.fix_page.select(dialog.opened[0])
        elif dialog.outcome in ("saved", "completed"):
            self.list_page.select(inspection_id)
        return dialog

    def show_overdue(self) -> None:
        self.pages.setCurrentWidget(self.fix_page)
        self.fix_page.status.setCurrentText(iq.FIX_OVERDUE)

    def show_record(self, record_id: str) -> None:
        """Open a rectification (from the start screen's due list)."""
        self.pages.setCurrentWidget(self.fix_page)
        self.fix_page.select(record_id)
