"""户卡: one household on one page, opened with Enter (or a double click)
on a household in the registry. Numbers are masked as everywhere; 编辑住户…
and 编辑所选居民… open the usual forms."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core import registry
from core.ledger import Ledger
from core.masking import mask_id, mask_phone
from ui.sql_table_model import Column, StaticTableModel
from ui.widgets import Heading, LedgerDialog, LedgerTableView, MessageLabel


class MemberTableModel(StaticTableModel):
    """The household's members: living first, then those moved out, transferred or deceased."""

    def __init__(self, parent=None) -> None:
        super().__init__([
            Column("name", "姓名", "name", width=8),
            Column("relation", "与户主关系", "relation", width=8),
            Column("sex", "性别", "sex", width=4),
            Column("age", "年龄", "age", align_right=True, width=4),
            Column("id_number", "身份证号", None, width=20),
            Column("phone", "联系电话", None, width=13),
            Column("political", "政治面貌", "political", width=8),
            Column("party", "党员信息", None, width=24),
            Column("tags", "标签", None, width=14),
            Column("status", "状态", "status", width=10),
        ], parent=parent)

    def set_card(self, card: registry.HouseholdCard) -> None:
        self.set_rows([{
            "id": m.resident_id, "name": m.name, "relation": m.relation, "sex": m.sex,
            "age": "" if m.age is None else m.age, "id_number": mask_id(m.id_number),
            "phone": mask_phone(m.phone), "political": m.political_status, "party": m.party,
            "tags": "、".join(m.tags),
            "status": m.status + (f"（{m.status_date.isoformat()}）" if m.status_date and m.status != "在住" else ""),
        } for m in card.members])


class EventTableModel(StaticTableModel):
    """The household's history, oldest first."""

    def __init__(self, parent=None) -> None:
        super().__init__([
            Column("date", "日期", None, width=10),
            Column("name", "姓名", None, width=8),
            Column("kind", "变动", None, width=6),
            Column("note", "说明", None, width=30),
        ], parent=parent)

    def set_card(self, card: registry.HouseholdCard) -> None:
        self.set_rows([{"id": str(n), "date": e.date.isoformat() if e.date else "", "name": e.name,
                        "kind": e.kind, "note": e.note} for n, e in enumerate(card.history)])


class HouseholdCardDialog(LedgerDialog):
    """The card of one household.

    Attributes:
        card: the household card shown (core.registry.HouseholdCard).
    """

    def __init__(self, ledger: Ledger, household_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self.household_id = household_id
        self.card = registry.household_card(ledger.db, household_id)
        self.setWindowTitle(f"户卡 — {self.card.address}")
        self.heading = Heading("")
        self.facts = MessageLabel()
        self.members = MemberTableModel(self)
        self.events = EventTableModel(self)
        self.member_view = LedgerTableView()
        self.member_view.setModel(self.members)
        self.member_view.set_column_widths([c.width for c in self.members.columns])
        self.member_view.activated.connect(lambda _i: self.edit_member())
        self.event_view = LedgerTableView()
        self.event_view.setModel(self.events)
        self.event_view.set_column_widths([c.width for c in self.events.columns])
        self.edit_household_button = QPushButton("编辑住户…")
        self.edit_household_button.clicked.connect(self.edit_household)
        self.edit_member_button = QPushButton("编辑所选居民…")
        self.edit_member_button.clicked.connect(self.edit_member)
        self.close_button = QPushButton("关闭")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.edit_household_button)
        row.addWidget(self.edit_member_button)
        row.addStretch()
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(QLabel("家庭成员"))
        layout.addWidget(self.member_view, 2)
        layout.addWidget(QLabel("变动记录"))
        layout.addWidget(self.event_view, 1)
        layout.addLayout(row)
        self._show()
        self.resize(1100, 640)

    def _show(self) -> None:
        card = self.card
        living = card.living
        self.heading.setText(f"{card.address}　户主：{card.head or '（未登记）'}")
        facts = [f"居住性质：{card.tenure or '未填'}", f"户联系电话：{mask_phone(card.phone) or '未登记'}",
                 f"在住 {len(living)} 人", f"曾住 {len(card.members) - len(living)} 人"]
        if card.notes:
            facts.append(f"备注：{card.notes}")
        self.facts.setText("　".join(facts))
        self.members.set_card(card)
        self.events.set_card(card)
        if self.members.rowCount():
            self.member_view.selectRow(0)

    def reload(self) -> None:
        self.card = registry.household_card(self._ledger.db, self.household_id)
        self._show()

    def edit_household(self) -> None:
        from ui.registry.household_dialog import HouseholdDialog

        if HouseholdDialog(self._ledger, household_id=self.household_id, parent=self).exec():
            self.reload()

    def edit_member(self) -> None:
        from ui.registry.resident_dialog import ResidentDialog
        from ui.sql_table_model import IdRole

        index = self.member_view.currentIndex()
        resident_id = index.data(IdRole) if index.isValid() else None
        if not resident_id:
            return
        household_id = registry.get_resident(self._ledger.db, resident_id).household_id
        if ResidentDialog(self._ledger, household_id, resident_id, parent=self).exec():
            self.reload()
