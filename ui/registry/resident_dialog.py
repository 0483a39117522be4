"""Adding and editing a resident, validated as the user types."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core import idcard, registry, vocab
from core.ledger import Ledger
from core.masking import mask_id, mask_phone
from core.errors import ValidationError
from ui.fields import DateField, MaskedField
from ui.widgets import LedgerDialog, dialog_buttons, error_label


class ResidentDialog(LedgerDialog):
    """Form for one resident.

    With ``resident_id`` it edits that resident, else it adds one to
    ``household_id``. ID and phone numbers of an existing resident are
    masked until 显示 is pressed.

    Attributes:
        resident_id: the saved resident's id once accepted.
        warnings: warnings to show after saving (e.g. an unknown area code).
    """

    def __init__(self, ledger: Ledger, household_id: str, resident_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._household_id = household_id
        self.resident_id = resident_id
        self.warnings: tuple[str, ...] = ()
        self._derived_from_id = False  # sex and birth date were filled from the ID number
        household = registry.get_household(ledger.db, household_id)
        self._community_id = registry.community_of_unit(ledger.db, household.unit_id)
        address = registry.household_address(ledger.db, household_id)
        self.setWindowTitle(("编辑居民 — " if resident_id else "新增居民 — ") + address)

        self.name = QLineEdit()
        self.id_number = MaskedField(mask_id)
        # Wide enough for an 18-digit number and the line derived from it, at any text size.
        self.id_number.edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 24)
        self.id_number.edit.setPlaceholderText("18 位，最后一位可为 X；可暂不填")
        self.sex = QComboBox()
        self.sex.addItems(["", *vocab.SEXES])
        self.birth = DateField()
        self.phone = MaskedField(mask_phone)
        self.phone.edit.setPlaceholderText("手机或固话")
        self.relation = QComboBox()
        self.relation.addItems(["", *vocab.RELATIONS])
        self.political = QComboBox()
        self.political.addItems(vocab.POLITICAL_STATUSES)
        self.political.setCurrentText("群众")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)

        self.joined = DateField()
        self.branch = QLineEdit()
        self.party_group = QLineEdit()
        self.presence = QComboBox()
        self.presence.addItems(vocab.PARTY_PRESENCE)
        self.reachable = QCheckBox("能联系上")
        self.reachable.setChecked(True)
        self.party_box = QGroupBox("党员信息")
        party_form = QFormLayout(self.party_box)
        self.errors: dict[str, QLabel] = {}
        party_form.addRow("入党日期", self._with_error("joined_date", self.joined))
        party_form.addRow("所在支部", self.branch)
        party_form.addRow("党小组", self.party_group)
        from core.party.org import has_party_tree

        if has_party_tree(ledger.db, self._community_id):
            # The party tree is the truth (core.party_org); these only show it.
            for field in (self.branch, self.party_group):
                field.setReadOnly(True)
                field.setToolTip("党支部和党小组在“网格 › 党组织”中调整")
            self.party_group.setPlaceholderText("未编组：请在“网格 › 党组织”中编入")
        presence_row = QHBoxLayout()
        presence_row.addWidget(self.presence)
        presence_row.addWidget(self.reachable)
        presence_row.addStretch()
        party_form.addRow("现在", self._with_error("presence", presence_row))

        self.tag_boxes: dict[str, QCheckBox] = {}
        tags_box = QGroupBox("标签（困难群体与关爱对象）")
        tags_grid = QGridLayout(tags_box)
        from core.registry.queries import tag_choices

        for number, tag in enumerate(tag_choices(ledger.db)):
            box = QCheckBox(tag)
            self.tag_boxes[tag] = box
            tags_grid.addWidget(box, number // 4, number % 4)

        form = QFormLayout()
        form.addRow("姓名 *", self._with_error("name", self.name))
        form.addRow("身份证号", self._with_error("id_number", self.id_number))
        self.derived = QLabel()
        self.derived.setStyleSheet("color: #555;")
        form.addRow("", self.derived)
        form.addRow("性别", self._with_error("sex", self.sex))
        form.addRow("出生日期", self._with_error("birth_date", self.birth))
        form.addRow("联系电话", self._with_error("phone", self.phone))
        form.addRow("与户主关系", self._with_error("relation", self.relation))
        form.addRow("政治面貌", self._with_error("political_status", self.political))

        self.warning = QLabel()
        self.warning.setStyleSheet("color: #a15c00;")
        self.warning.setWordWrap(True)
        self.warning.hide()

        buttons, self.ok = dialog_buttons(self)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel("备注"))
        left.addWidget(self.notes)
        right = QVBoxLayout()
        right.addWidget(self.party_box)
        right.addWidget(tags_box)
        right.addStretch()
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)

        if resident_id:
            self._load(registry.get_resident(ledger.db, resident_id))
        self._connect()
        self._validate()

    def _with_error(self, field: str, widget_or_layout) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(widget_or_layout, QWidget):
            layout.addWidget(widget_or_layout)
        else:
            layout.addLayout(widget_or_layout)
        label = error_label()
        layout.addWidget(label)
        self.errors[field] = label
        return box

    def _load(self, resident: registry.Resident) -> None:
        self.name.setText(resident.name)
        self.id_number.set_stored(resident.id_number or "")
        self.sex.setCurrentText(resident.sex)
        self.birth.set_value(resident.birth_date)
        self.phone.set_stored(resident.phone)
        self.relation.setCurrentText(resident.relation)
        self.political.setCurrentText(resident.political_status)
        self.notes.setPlainText(resident.notes)
        for tag in resident.tags:
            if tag in self.tag_boxes:
                self.tag_boxes[tag].setChecked(True)
        if resident.party:
            p = resident.party
            self.joined.set_value(p.joined_date)
            self.branch.setText(p.branch)
            self.party_group.setText(p.party_group)
            self.presence.setCurrentText(p.presence)
            self.reachable.setChecked(p.reachable)

    def _connect(self) -> None:
        # Validation runs once per event-loop turn, however many fields changed.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._validate)
        self.id_number.textChanged.connect(self._upper_x)
        for signal in (self.name.textChanged, self.id_number.textChanged, self.phone.textChanged,
                       self.sex.currentTextChanged, self.birth.dateChanged,
                       self.relation.currentTextChanged, self.political.currentTextChanged,
                       self.joined.dateChanged, self.presence.currentTextChanged):
            signal.connect(self._timer.start)

    # ------------------------------------------------------------ validation

    def form(self) -> registry.ResidentForm:
        party = None
        if vocab.is_party_member(self.political.currentText()):
            party = registry.PartyInfo(
                joined_date=self.joined.value(), branch=self.branch.text(),
                party_group=self.party_group.text(), presence=self.presence.currentText(),
                reachable=self.reachable.isChecked())
        return registry.ResidentForm(
            name=self.name.text(), sex=self.sex.currentText(), id_number=self.id_number.text(),
            birth_date=self.birth.value(), phone=self.phone.text(),
            relation=self.relation.currentText(), political_status=self.political.currentText(),
            tags=tuple(tag for tag, box in self.tag_boxes.items() if box.isChecked()),
            notes=self.notes.toPlainText(), party=party)

    def _upper_x(self, text: str) -> None:
        """A lower-case x becomes X as it is typed."""
        if "x" in text and self.id_number.revealed:
            edit = self.id_number.edit
            position = edit.cursorPosition()
            self.id_number.setText(text.replace("x", "X"))
            edit.setCursorPosition(position)

    def _apply_id_derivation(self) -> None:
        """Sex and birth date follow the ID number: a valid number fills them
        and locks them; a number that stops being valid clears what it had
        filled (never a stale birth date from the number before) and unlocks
        them."""
        raw = self.id_number.text().strip()
        info = None
        if raw:
            try:
                info = idcard.parse(raw)
            except idcard.InvalidIdNumber:
                info = None
        for widget in (self.sex, self.birth):
            widget.blockSignals(True)
        if info is not None:
            self.sex.setCurrentText(info.sex)
            self.birth.set_value(info.birth_date)
            self.derived.setText(f"由身份证号得出：{info.sex}，{info.birth_date.isoformat()} 出生")
            self._derived_from_id = True
        else:
            if self._derived_from_id:
                self.sex.setCurrentText("")
                self.birth.set_value(None)
            self._derived_from_id = False
            self.derived.setText("")
        for widget in (self.sex, self.birth):
            widget.blockSignals(False)
        self.derived.setVisible(bool(self.derived.text()))
        self.sex.setEnabled(info is None)
        self.birth.setEnabled(info is None)

    def _validate(self) -> bool:
        self._apply_id_derivation()
        self.party_box.setVisible(vocab.is_party_member(self.political.currentText()))
        for label in self.errors.values():
            label.hide()
        self.warning.hide()
        try:
            checked = registry.check_resident(
                self._ledger.db, self.form(), community_id=self._community_id,
                household_id=self._household_id, resident_id=self.resident_id)
        except ValidationError as exc:
            self.ok.setEnabled(False)
            if exc.field == "name" and not self.name.isModified():
                return False  # no red text before the user has typed anything
            label = self.errors.get(exc.field or "", None) or self.errors["name"]
            label.setText(exc.message)
            label.show()
            return False
        if checked.warnings:
            self.warning.setText("提示：" + "；".join(checked.warnings))
            self.warning.show()
        self.ok.setEnabled(True)
        return True

    def accept(self) -> None:
        if not self._validate():
            return
        try:
            if self.resident_id:
                self.warnings = registry.update_resident(self._ledger, self.resident_id, self.form())
            else:
                self.resident_id = registry.add_resident(self._ledger, self._household_id, self.form())
        except ValidationError as exc:
            label = self.errors.get(exc.field or "", None) or self.errors["name"]
            label.setText(exc.message)
            label.show()
            return
        super().accept()
