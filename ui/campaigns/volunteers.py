"""The volunteers of an entry: who came, with which unit, for how many hours.

Type a name: residents of the registry are offered as you type (name,
pinyin initials or room); Enter adds the resident chosen, or the name as
typed for a partner unit's staff. 沿用上次名单 copies the previous entry's
volunteers, which is what a team leader does most days.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from core import campaigns, registry
from core.campaigns.metrics import HOURS, format_amount, parse_hours
from core.campaigns import PartnerUnit, VolunteerForm
from core.errors import ValidationError
from core.ledger import Ledger
from core.people import Person
from ui.people import PersonPickerDialog
from ui.widgets import LedgerTableView

Index = QModelIndex | QPersistentModelIndex
NO_UNIT_LABEL = "（未注明）"
_BAD = QColor("#f8d7d3")


@dataclass
class VolunteerRow:
    """One volunteer being edited; ``hours`` as typed."""

    name: str
    hours: str
    resident_id: str | None = None
    address: str = ""
    partner_unit_id: str | None = None


class VolunteerEditModel(QAbstractTableModel):
    """The entry's volunteers, editable in place: name (typed-in people
    only), unit and hours. A wrong number of hours is shaded and explained
    in its tooltip.

    Signals:
        edited(): a row was added, removed or changed.
    """

    edited = Signal()
    COLUMNS = ("姓名", "时长（小时）", "所在单位", "住址（居民）")
    NAME, HOURS_COLUMN, UNIT, ADDRESS = range(4)

    def __init__(self, units: list[PartnerUnit], parent=None) -> None:
        super().__init__(parent)
        self.units = units
        self._rows: list[VolunteerRow] = []

    # ------------------------------------------------------------ rows

    def rows(self) -> list[VolunteerRow]:
        return list(self._rows)

    def set_rows(self, rows: list[VolunteerRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.edited.emit()

    def add(self, row: VolunteerRow) -> bool:
        """Append a volunteer; False (nothing added) if already listed."""
        if any(self._same(row, other) for other in self._rows):
            return False
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()
        self.edited.emit()
        return True

    @staticmethod
    def _same(a: VolunteerRow, b: VolunteerRow) -> bool:
        if a.resident_id or b.resident_id:
            return a.resident_id == b.resident_id
        return a.name == b.name and a.partner_unit_id == b.partner_unit_id

    def remove(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        self.edited.emit()

    def set_all_hours(self, text: str) -> None:
        for row in self._rows:
            row.hours = text
        if self._rows:
            self.dataChanged.emit(self.index(0, self.HOURS_COLUMN), self.index(len(self._rows) - 1, self.HOURS_COLUMN))
        self.edited.emit()

    def hours_error(self, row: int) -> str:
        try:
            if parse_hours(self._rows[row].hours) is None:
                return "请填写时长"
        except ValidationError as exc:
            return exc.message
        return ""

    def first_error(self) -> str:
        for number, row in enumerate(self._rows):
            if not row.name.strip():
                return f"第 {number + 1} 位志愿者没有填姓名"
            message = self.hours_error(number)
            if message:
                return f"{row.name}：{message}"
        return ""

    def volunteers(self) -> tuple[VolunteerForm, ...]:
        """The rows as forms; raises ValidationError for a wrong row."""
        message = self.first_error()
        if message:
            raise ValidationError(message, "volunteers")
        return tuple(VolunteerForm(r.name.strip(), parse_hours(r.hours) or Decimal(0), r.resident_id,
                                   r.partner_unit_id) for r in self._rows)

    def unit_name(self, unit_id: str | None) -> str:
        return next((u.name for u in self.units if u.id == unit_id), NO_UNIT_LABEL)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self._rows[index.row()]
        if index.column() in (self.UNIT, self.HOURS_COLUMN) or (index.column() == self.NAME and not row.resident_id):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.NAME:
                return row.name
            if column == self.ADDRESS:
                return row.address if row.resident_id else ("" if role == Qt.ItemDataRole.EditRole else "—")
            if column == self.UNIT:
                return row.partner_unit_id if role == Qt.ItemDataRole.EditRole else self.unit_name(row.partner_unit_id)
            return row.hours
        if column == self.HOURS_COLUMN and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            message = self.hours_error(index.row())
            if role == Qt.ItemDataRole.ToolTipRole:
                return message or None
            return QBrush(_BAD) if message else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.HOURS_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or \
                not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row = self._rows[index.row()]
        if index.column() == self.NAME:
            row.name = str(value or "").strip()
        elif index.column() == self.UNIT:
            row.partner_unit_id = value or None
        elif index.column() == self.HOURS_COLUMN:
            row.hours = str(value or "").strip()
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class UnitDelegate(QStyledItemDelegate):
    """Picks a volunteer's unit from the campaign's partner units."""

    def __init__(self, model: VolunteerEditModel, parent=None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(NO_UNIT_LABEL, None)
        for unit in self._model.units:
            combo.addItem(unit.name, unit.id)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class VolunteerEditor(QWidget):
    """The add row (name or resident, unit, hours) over the table of volunteers.

    Signals:
        changed(): the volunteers changed.
    """

    changed = Signal()

    def __init__(self, ledger: Ledger, community_id: str, units: list[PartnerUnit],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._community_id = community_id
        self._matches: dict[str, tuple[str, str, str]] = {}
        self.model = VolunteerEditModel(units, self)
        self.view = LedgerTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setItemDelegateForColumn(VolunteerEditModel.UNIT, UnitDelegate(self.model, self.view))
        self.view.set_column_widths([8, 9, 18, 12])

        self.name = QLineEdit()
        self.name.setObjectName("volunteerName")
        self.name.setPlaceholderText("姓名，或搜索居民（姓名 / 拼音首字母 / 房号）")
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        self.unit = QComboBox()
        self.unit.addItem(NO_UNIT_LABEL, None)
        for unit in units:
            self.unit.addItem(unit.name, unit.id)
        self.hours = QLineEdit("3")
        self.hours.setObjectName("volunteerHours")
        self.hours.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.hours.setMaximumWidth(self.fontMetrics().horizontalAdvance("00000") + 16)
        self.hours.setToolTip("时长（小时），最多 1 位小数")
        self.pick_button = QPushButton("从名册选择…")
        self.pick_button.setToolTip("在居民名册或社区工作人员中查找并选择")
        self.add_button = QPushButton("添加")
        self.add_button.setToolTip("把上面的人加入名单（回车）")
        self.copy_button = QPushButton("沿用上次名单")
        self.copy_button.setToolTip("复制本行动上一条记录的志愿者及时长")
        self.remove_button = QPushButton("删除所选")
        self.all_hours_button = QPushButton("全部时长设为…")
        self.all_hours_button.setToolTip("把名单上每个人的时长都设为左侧“时长”框中的数")
        self.message = QLabel()
        self.message.setStyleSheet("color: #a15c00;")
        self.message.setWordWrap(True)
        self.message.hide()

        add_row = QHBoxLayout()
        add_row.addWidget(QLabel("单位"))
        add_row.addWidget(self.unit, 1)
        add_row.addWidget(QLabel("时长"))
        add_row.addWidget(self.hours)
        add_row.addWidget(QLabel("小时"))
        add_row.addWidget(self.add_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.all_hours_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.pick_button)
        layout.addLayout(name_row)
        layout.addLayout(add_row)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.name.textEdited.connect(self._search)
        self.name.returnPressed.connect(self.add_typed)
        completer.activated.connect(self._completed)
        self.add_button.clicked.connect(self.add_typed)
        self.pick_button.clicked.connect(self.pick)
        self.remove_button.clicked.connect(self.remove_selected)
        self.all_hours_button.clicked.connect(lambda: self.model.set_all_hours(self.hours.text().strip()))
        self.model.edited.connect(self.changed)

    # ------------------------------------------------------------ adding

    def _search(self, text: str) -> None:
        found = campaigns.find_residents(self._ledger.db, text, self._community_id, limit=12) if text.strip() else []
        self._matches = {f"{name}（{place}）": (rid, name, place) for rid, name, place in found}
        self._completions.setStringList(list(self._matches))

    def _completed(self, text: str) -> None:
        self.name.setText(text)

    def add_typed(self) -> None:
        """Add what the add row holds: a resident picked from the list, or a typed name."""
        text = self.name.text().strip()
        if not text:
            return
        hours = self._hours()
        if hours is None:
            return
        match = self._matches.get(text)
        if match is not None:
            added = self.add_resident(*match, hours=hours)
        else:
            added = self.model.add(VolunteerRow(text, hours, partner_unit_id=self.unit.currentData()))
        if not added:
            self._say(f"{text.split('（')[0]}已在名单上")
            return
        self._say("")
        self.name.clear()
        self._matches = {}
        self.name.setFocus()

    def pick(self) -> None:
        """Choose a resident or staff member with the shared person picker and add them."""
        hours = self._hours()
        if hours is None:
            return
        dialog = PersonPickerDialog(self._ledger, "选择志愿者", parent=self)
        if not dialog.exec() or dialog.person is None:
            return
        self.add_person(dialog.person, hours)

    def _hours(self) -> str | None:
        """The hours typed for the next volunteer, or None (and a message) if they are not valid."""
        hours = self.hours.text().strip()
        try:
            parse_hours(hours)
        except ValidationError as exc:
            self._say(exc.message)
            return None
        return hours

    def add_person(self, person: Person, hours: str = "") -> bool:
        """Add a person from the picker: a resident with their address, anyone else by name."""
        if person.resident_id:
            added = self.add_resident(person.resident_id, person.name,
                                      registry.resident_address(self._ledger.db, person.resident_id), hours)
        else:
            added = self.model.add(VolunteerRow(person.name, hours or self.hours.text().strip(),
                                                partner_unit_id=self.unit.currentData()))
        self._say("" if added else f"{person.name}已在名单上")
        return added

    def add_resident(self, resident_id: str, name: str, place: str, hours: str = "") -> bool:
        """Add a resident of the registry, with the residents' team as unit by default."""
        unit = self.unit.currentData() or self._residents_team()
        return self.model.add(VolunteerRow(name, hours or self.hours.text().strip(), resident_id, place, unit))

    def _residents_team(self) -> str | None:
        return next((u.id for u in self.model.units if u.kind == "居民志愿队"), None)

    def set_volunteers(self, volunteers: tuple[VolunteerForm, ...]) -> None:
        rows = []
        for volunteer in volunteers:
            place = ""
            if volunteer.resident_id:
                place = registry.resident_address(self._ledger.db, volunteer.resident_id)
            rows.append(VolunteerRow(volunteer.name, format_amount(volunteer.hours, HOURS.precision, grouping=False),
                                     volunteer.resident_id, place, volunteer.partner_unit_id))
        self.model.set_rows(rows)

    def remove_selected(self) -> None:
        rows = [index.row() for index in self.view.selectionModel().selectedRows()]
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        self.model.remove(rows)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
