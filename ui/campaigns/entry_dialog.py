"""Logging a day's (or a job's) work: date, place, partner units, the
quantities by metric, the volunteers with their hours, the head count, and
photos before and after.

Everything is checked as the user types; a date outside the campaign is
allowed only after a confirmation. The team leader's usual evening entry is
a date, a place, a few numbers and 沿用上次名单.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import campaigns, photos
from core.campaigns.metrics import metrics
from core.campaigns import EntryForm, OutsideCampaign
from core.ledger import Ledger, new_id
from core.campaigns import queries as campaign_queries
from core.errors import ValidationError
from ui import messages
from ui.campaigns.log_page import photo_pair_box
from ui.campaigns.metric_grid import MetricGrid
from ui.campaigns.volunteers import VolunteerEditor
from ui.changes import ChangeHub
from ui.fields import DateField
from ui.widgets import LedgerDialog, dialog_buttons, error_label


def partner_checks(units: list[campaigns.PartnerUnit], checked: tuple[str, ...], columns: int = 2
                   ) -> tuple[QWidget, dict[str, QCheckBox]]:
    """A grid of check boxes, one per partner unit."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes: dict[str, QCheckBox] = {}
    for number, unit in enumerate(units):
        check = QCheckBox(unit.name)
        check.setToolTip(unit.kind)
        check.setChecked(unit.id in checked)
        boxes[unit.id] = check
        grid.addWidget(check, number // columns, number % columns)
    return box, boxes


class EntryDialog(LedgerDialog):
    """Form for one entry of a campaign; adds one, or edits ``entry_id``.

    Attributes:
        entry_id: the entry's id (made up front for a new entry, so that
            photos can be added before saving).
        saved: True once the entry was written.
    """

    def __init__(self, ledger: Ledger, hub: ChangeHub, campaign_id: str, entry_id: str | None = None,
                 parent: QWidget | None = None, today: datetime.date | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._hub = hub
        self._today = today or datetime.date.today()
        self.campaign = campaigns.get_campaign(ledger.db, campaign_id)
        self.is_new = entry_id is None
        self.entry_id = entry_id or new_id()
        self.saved = False
        self._head_touched = not self.is_new
        self.setWindowTitle(("记一笔 — " if self.is_new else "修改记录 — ") + self.campaign.name)

        community = self.campaign.community_id
        all_units = campaigns.partner_units(ledger.db, community)
        ours = set(self.campaign.partner_unit_ids)
        entry = None if self.is_new else campaigns.get_entry(ledger.db, self.entry_id)
        shown = set(entry.partner_unit_ids) if entry else set()
        units = [u for u in all_units if u.id in ours or u.id in shown]

        self.date = DateField(allow_empty=False)
        self.date.setMaximumDate(self._qdate(self._today))
        self.place = QComboBox()
        self.place.setEditable(True)
        self.place.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.place.lineEdit().setPlaceholderText("如 3栋2单元、北侧绿化带")
        for label in campaign_queries.used_places(ledger.db, campaign_id):
            self.place.addItem(label)
        for place in campaigns.place_choices(ledger.db, community):
            self.place.addItem(place.label)
        self.place.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.place.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.place.setCurrentIndex(-1)
        self.partners_box, self.partner_boxes = partner_checks(units, tuple(shown))
        self.metric_list = metrics(ledger.db, community)
        self.quantities = MetricGrid(self.metric_list)
        self.head_count = QSpinBox()
        self.head_count.setRange(0, 10000)
        self.head_count.setSuffix(" 人")
        self.head_hint = QLabel()
        self.head_hint.setStyleSheet("color: #555;")
        self.notes = QLineEdit()
        self.volunteers = VolunteerEditor(ledger, community, units)
        self.errors = {key: error_label() for key in ("date", "place", "head_count", "volunteers", "form")}
        self.date_warning = QLabel()
        self.date_warning.setStyleSheet("color: #a15c00;")
        self.date_warning.setWordWrap(True)

        buttons, self.ok = dialog_buttons(self)
        self._build_layout(buttons)

        if entry is not None:
            self.date.set_value(entry.date)
            self.place.setEditText(entry.place)
            self.quantities.set_values(dict(entry.quantities))
            self.volunteers.set_volunteers(entry.volunteers)
            self.head_count.setValue(entry.head_count)
            self.notes.setText(entry.notes)
        else:
            self.date.set_value(campaigns.default_entry_date(ledger.db, self.campaign, self._today))
        self._connect()
        self._validate()
        self.resize(1100, 760)

    @staticmethod
    def _qdate(day: datetime.date) -> QDate:
        return QDate(day.year, day.month, day.day)

    # ------------------------------------------------------------ layout

    def _build_layout(self, buttons: QDialogButtonBox) -> None:
        top = QFormLayout()
        top.addRow("日期 *", self._with(self.date, "date", self.date_warning))
        top.addRow("地点 *", self._with(self.place, "place"))
        top.addRow("参与单位", self.partners_box)
        head_row = QHBoxLayout()
        head_row.addWidget(self.head_count)
        head_row.addWidget(self.head_hint, 1)
        head = QWidget()
        head.setLayout(head_row)
        head_row.setContentsMargins(0, 0, 0, 0)

        work = QGroupBox("完成量（没有的不填）")
        work_layout = QVBoxLayout(work)
        work_layout.addWidget(self.quantities)

        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(work)
        people_form = QFormLayout()
        people_form.addRow("参加人数", self._with(head, "head_count"))
        people_form.addRow("备注", self.notes)
        left.addLayout(people_form)
        left.addStretch()

        people = QGroupBox("志愿者（登记姓名和时长）")
        people_layout = QVBoxLayout(people)
        people_layout.addWidget(self.volunteers)
        people_layout.addWidget(self.errors["volunteers"])
        self.before, before_box = photo_pair_box(self._ledger, self._hub, "整治前照片", campaigns.PHOTO_BEFORE,
                                                 self.entry_id)
        self.after, after_box = photo_pair_box(self._ledger, self._hub, "整治后照片", campaigns.PHOTO_AFTER,
                                               self.entry_id)
        pictures = QHBoxLayout()
        pictures.addWidget(before_box)
        pictures.addWidget(after_box)

        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addSpacing(12)
        columns.addWidget(people, 6)
        whole = QVBoxLayout()
        whole.addLayout(columns, 3)
        whole.addLayout(pictures, 2)
        self.body = QWidget()
        self.body.setLayout(whole)
        layout = QVBoxLayout(self)  # LedgerDialog scrolls it on a small screen
        layout.addWidget(self.body, 1)
        layout.addWidget(self.errors["form"])
        layout.addWidget(buttons)

    def _with(self, widget: QWidget, field: str, extra: QWidget | None = None) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        if extra is not None:
            layout.addWidget(extra)
        layout.addWidget(self.errors[field])
        return box

    def _connect(self) -> None:
        self.date.dateChanged.connect(self._validate)
        self.place.editTextChanged.connect(self._validate)
        self.quantities.changed.connect(self._validate)
        self.volunteers.changed.connect(self._volunteers_changed)
        self.volunteers.copy_button.clicked.connect(self.copy_previous)
        self.head_count.valueChanged.connect(self._head_edited)
        for box in self.partner_boxes.values():
            box.toggled.connect(self._validate)

    # ------------------------------------------------------------ behaviour

    def _head_edited(self) -> None:
        if self.head_count.hasFocus():
            self._head_touched = True
        self._validate()

    def _volunteers_changed(self) -> None:
        named = self.volunteers.model.rowCount()
        if not self._head_touched:
            self.head_count.blockSignals(True)
            self.head_count.setValue(named)
            self.head_count.blockSignals(False)
        for row in self.volunteers.model.rows():
            if row.partner_unit_id in self.partner_boxes:
                self.partner_boxes[row.partner_unit_id].setChecked(True)
        self._validate()

    def copy_previous(self) -> None:
        previous = campaigns.previous_volunteers(self._ledger.db, self.campaign.id, self.date.value())
        if not previous:
            messages.info(self, "本行动此前还没有登记过志愿者。")
            return
        current = self.volunteers.model.rows()
        self.volunteers.set_volunteers(previous)
        for row in current:
            self.volunteers.model.add(row)

    def _show(self, field: str, message: str) -> None:
        label = self.errors.get(field, self.errors["form"])
        label.setText(message)
        label.setVisible(bool(message))

    def _validate(self) -> bool:
        for field in self.errors:
            self._show(field, "")
        ok = True
        day = self.date.value()
        outside = day is not None and not self.campaign.contains(day)
        self.date_warning.setText(
            f"不在行动起止日期（{self.campaign.start_date.isoformat()} 至 {self.campaign.end_date.isoformat()}）"
            "之内，保存时需要确认" if outside else "")
        self.date_warning.setVisible(outside)
        if not self.place.currentText().strip():
            ok = False
        if self.quantities.first_error():
            ok = False
        message = self.volunteers.model.first_error()
        if message:
            self._show("volunteers", message)
            ok = False
        named = self.volunteers.model.rowCount()
        self.head_hint.setText(f"到场总人数，含未登记姓名的（已登记姓名 {named} 人）")
        try:
            campaigns.check_head_count(self.head_count.value(), named)
        except ValidationError as exc:
            self._show("head_count", exc.message)
            ok = False
        self.ok.setEnabled(ok)
        return ok

    def form(self) -> EntryForm:
        """The entry as entered; raises ValidationError for a wrong field."""
        return EntryForm(
            date=self.date.value(), place=self.place.currentText().strip(),
            partner_unit_ids=tuple(uid for uid, box in self.partner_boxes.items() if box.isChecked()),
            volunteers=self.volunteers.model.volunteers(), head_count=self.head_count.value(),
            quantities=self.quantities.values(), notes=self.notes.text())

    def accept(self) -> None:
        if not self._validate():
            return
        try:
            form = self.form()
            try:
                self._save(form, allow_outside=False)
            except OutsideCampaign as exc:
                if not messages.confirm(self, exc.message, yes="仍然保存", no="返回修改"):
                    self.date.setFocus()
                    return
                self._save(form, allow_outside=True)
        except ValidationError as exc:
            if exc.field in self.quantities.fields:
                self.quantities.show_error(exc.field, exc.message)
                self.quantities.focus_field(exc.field)
            else:
                self._show(exc.field or "form", exc.message)
            return
        self.saved = True
        super().accept()

    def reject(self) -> None:
        """Cancel; a new entry's photos go too (after asking)."""
        if self.is_new:
            count = len(photos.list_photos(self._ledger.db, campaigns.PHOTO_OWNER, self.entry_id))
            if count:
                if not messages.confirm(self, "放弃这条记录？", yes="放弃", no="返回",
                                        detail=f"已添加的 {count} 张照片也会一起删除。", danger=True):
                    return
                self._ledger.write("campaign.entry_discard", photos.PHOTO_TABLES,
                                   lambda db: photos.delete_photos_of(db, campaigns.PHOTO_OWNER, self.entry_id),
                                   ids=[self.entry_id])
        super().reject()

    def _save(self, form: EntryForm, *, allow_outside: bool) -> None:
        campaigns.save_entry(self._ledger, self.campaign.id, form,
                             entry_id=None if self.is_new else self.entry_id,
                             new_entry_id=self.entry_id if self.is_new else None,
                             allow_outside=allow_outside, today=self._today)
