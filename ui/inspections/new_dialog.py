"""新建检查: choose the checklist, the place, the day and the inspectors;
the draft is then filled in the inspection form."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from core import inspections
from core.inspections import checklists
from core.inspections import Inspector
from core.ledger import Ledger
from core.errors import ValidationError
from ui.fields import DateField
from ui.inspections.people import InspectorsField
from ui.widgets import LedgerDialog, dialog_buttons, error_label

_KIND_ROLE = Qt.ItemDataRole.UserRole + 30
_INDENT = {checklists.SCOPE_COMPOUND: "", checklists.SCOPE_BUILDING: "　", checklists.SCOPE_UNIT: "　　"}


class NewInspectionDialog(LedgerDialog):
    """Start a draft inspection.

    Attributes:
        inspection_id: the new draft's id once accepted.
    """

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 template_id: str | None = None, scope: tuple[str, str] | None = None,
                 date: datetime.date | None = None, inspectors: list[Inspector] | None = None,
                 rotation_slot_id: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建检查")
        self.ledger = ledger
        self.inspection_id: str | None = None
        self._slot = (rotation_slot_id, scope) if rotation_slot_id else None
        if ledger.community_id:
            checklists.ensure_builtin_templates(ledger, ledger.community_id)
        self.template = QComboBox()
        for t in checklists.list_templates(ledger.db):
            self.template.addItem(f"{t.name}（{len(t.items)} 项）", t.id)
            self.template.setItemData(self.template.count() - 1, t.scope_kind, _KIND_ROLE)
        self.scope = QComboBox()
        for s in inspections.scope_choices(ledger.db):
            label = s.label + ("（全小区）" if s.kind == checklists.SCOPE_COMPOUND else "")
            self.scope.addItem(_INDENT[s.kind] + label, f"{s.kind}|{s.id}")
        self.date = DateField(allow_empty=False)
        self.date.set_value(date or datetime.date.today())
        self.inspectors = InspectorsField(ledger)
        if inspectors:
            self.inspectors.set_value(inspectors)
        self.error = error_label()
        if template_id:
            self.template.setCurrentIndex(max(self.template.findData(template_id), 0))
        if scope:
            self.scope.setCurrentIndex(max(self.scope.findData("|".join(scope)), 0))
        else:
            self._default_scope()
        self.template.currentIndexChanged.connect(self._default_scope)

        form = QFormLayout()
        form.addRow("检查表", self.template)
        form.addRow("检查范围", self.scope)
        form.addRow("检查日期", self.date)
        form.addRow("检查人", self.inspectors)
        buttons, self.ok = dialog_buttons(self, "开始填写")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _default_scope(self) -> None:
        """A unit checklist starts on the first unit, others on the compound."""
        kind = self.template.currentData(_KIND_ROLE)
        current = self.scope.currentData()
        if current and current.split("|")[0] == kind:
            return
        for row in range(self.scope.count()):
            if self.scope.itemData(row).split("|")[0] == kind:
                self.scope.setCurrentIndex(row)
                return

    def accept(self) -> None:
        if self.template.currentData() is None or self.scope.currentData() is None:
            self.error.setText("请先建立小区和检查表")
            self.error.show()
            return
        kind, scope_id = self.scope.currentData().split("|")
        try:
            self.inspection_id = inspections.start_inspection(
                self.ledger, self.template.currentData(), date=self.date.value(), scope_kind=kind,
                scope_id=scope_id, inspectors=self.inspectors.value(),
                rotation_slot_id=self._slot[0] if self._slot and self._slot[1] == (kind, scope_id)
                else None)
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
