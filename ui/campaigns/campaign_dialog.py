"""Starting or changing a campaign: name, dates, organising unit, partner
units (picked from the community's list, or added on the spot), goals per
metric and notes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import campaigns, registry
from core.campaigns.metrics import metrics
from core.campaigns import CampaignForm, OutsideCampaign
from core.ledger import Ledger
from core.errors import ValidationError
from ui import messages
from ui.campaigns.entry_dialog import partner_checks
from ui.campaigns.metric_grid import MetricGrid
from ui.fields import DateField
from ui.widgets import LedgerDialog, dialog_buttons, error_label


class CampaignDialog(LedgerDialog):
    """Form for one campaign; creates one, or edits ``campaign_id``.

    Attributes:
        campaign_id: the saved campaign's id once accepted.
    """

    def __init__(self, ledger: Ledger, community_id: str, campaign_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._community_id = community_id
        self.campaign_id = campaign_id
        self.setWindowTitle("修改整治行动" if campaign_id else "新建整治行动")
        current = campaigns.get_campaign(ledger.db, campaign_id) if campaign_id else None

        self.name = QLineEdit()
        self.name.setPlaceholderText("如 弃管小区环境综合整治")
        self.start = DateField(allow_empty=False)
        self.end = DateField(allow_empty=False)
        self.organiser = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(self.fontMetrics().height() * 4)
        self.goals = MetricGrid(metrics(ledger.db, community_id), placeholder="不设目标")
        self.partner_area = QVBoxLayout()
        self.partner_boxes: dict = {}
        self.new_unit = QLineEdit()
        self.new_unit.setPlaceholderText("新单位名称，如 市城市管理局")
        self.new_kind = QComboBox()
        self.new_kind.addItems(campaigns.PARTNER_KINDS)
        self.add_unit_button = QPushButton("添加单位")
        self.errors = {key: error_label() for key in ("name", "start_date", "end_date", "partners", "form")}

        if current is not None:
            self.name.setText(current.name)
            self.start.set_value(current.start_date)
            self.end.set_value(current.end_date)
            self.organiser.setText(current.organiser)
            self.notes.setPlainText(current.notes)
            self.goals.set_values(dict(current.goals))
            checked = current.partner_unit_ids
        else:
            self.organiser.setText(registry.community_name(ledger.db, community_id))
            checked = ()
        self._fill_partners(checked)

        form = QFormLayout()
        form.addRow("行动名称 *", self._with(self.name, "name"))
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("至"))
        dates.addWidget(self.end)
        dates.addStretch()
        dates_box = QWidget()
        dates_box.setLayout(dates)
        dates.setContentsMargins(0, 0, 0, 0)
        form.addRow("起止日期 *", self._with(dates_box, "end_date"))
        form.addRow("组织单位", self.organiser)

        partners = QGroupBox("包保单位（参与的单位，可多选）")
        partners_layout = QVBoxLayout(partners)
        partners_layout.addLayout(self.partner_area)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_unit, 3)
        add_row.addWidget(self.new_kind, 1)
        add_row.addWidget(self.add_unit_button)
        partners_layout.addLayout(add_row)
        partners_layout.addWidget(self.errors["partners"])
        goals = QGroupBox("目标（如 施划停车位 120 个；不设目标的留空）")
        QVBoxLayout(goals).addWidget(self.goals)

        buttons, self.ok = dialog_buttons(self)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(form)
        inner.addWidget(partners)
        inner.addWidget(goals)
        inner.addWidget(QLabel("备注"))
        inner.addWidget(self.notes)
        inner.addWidget(self.errors["start_date"])
        layout = QVBoxLayout(self)
        layout.addWidget(body, 1)
        layout.addWidget(self.errors["form"])
        layout.addWidget(buttons)
        self.resize(720, 600)

        self.add_unit_button.clicked.connect(self.add_unit)
        self.new_unit.returnPressed.connect(self.add_unit)
        self.name.textChanged.connect(self._validate)
        self.start.dateChanged.connect(self._validate)
        self.end.dateChanged.connect(self._validate)
        self.goals.changed.connect(self._validate)
        self._validate()

    def _with(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self.errors[field])
        return box

    def _fill_partners(self, checked: tuple[str, ...]) -> None:
        while self.partner_area.count():
            item = self.partner_area.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        units = campaigns.partner_units(self._ledger.db, self._community_id)
        box, self.partner_boxes = partner_checks(units, checked, columns=3)
        if not units:
            box = QLabel("还没有单位：在下面输入单位名称，点“添加单位”。")
        self.partner_area.addWidget(box)

    def checked_partners(self) -> tuple[str, ...]:
        return tuple(uid for uid, box in self.partner_boxes.items() if box.isChecked())

    def add_unit(self) -> None:
        """Add a unit to the community's list, ticked for this campaign."""
        try:
            unit_id = campaigns.add_partner_unit(self._ledger, self._community_id, self.new_unit.text(),
                                                 self.new_kind.currentText())
        except ValidationError as exc:
            self._show("partners", exc.message)
            return
        self._show("partners", "")
        self.new_unit.clear()
        self._fill_partners(self.checked_partners() + (unit_id,))

    def _show(self, field: str, message: str) -> None:
        label = self.errors.get(field, self.errors["form"])
        label.setText(message)
        label.setVisible(bool(message))

    def _validate(self) -> bool:
        for field in ("name", "end_date", "form"):
            self._show(field, "")
        ok = bool(self.name.text().strip())
        start, end = self.start.value(), self.end.value()
        if start and end and end < start:
            self._show("end_date", "结束日期早于开始日期")
            ok = False
        if self.goals.first_error():
            ok = False
        self.ok.setEnabled(ok)
        return ok

    def form(self) -> CampaignForm:
        return CampaignForm(self.name.text(), self.start.value(), self.end.value(), self.organiser.text(),
                            self.notes.toPlainText(), self.checked_partners(), self.goals.values())

    def accept(self) -> None:
        if not self._validate():
            return
        try:
            form = self.form()
            if self.campaign_id is None:
                self.campaign_id = campaigns.create_campaign(self._ledger, self._community_id, form)
            else:
                try:
                    campaigns.update_campaign(self._ledger, self.campaign_id, form)
                except OutsideCampaign as exc:
                    if not messages.confirm(self, exc.message, yes="仍然修改", no="返回"):
                        return
                    campaigns.update_campaign(self._ledger, self.campaign_id, form, allow_outside=True)
        except ValidationError as exc:
            if exc.field in self.goals.fields:
                self.goals.show_error(exc.field, exc.message)
            else:
                self._show(exc.field or "form", exc.message)
            return
        super().accept()
