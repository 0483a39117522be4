"""变动记录: a resident's registration, moves, moving out and death."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from core import registry
from core.ledger import Ledger
from ui.sql_table_model import Column, StaticTableModel
from ui.widgets import Heading, LedgerDialog, LedgerTableView


class HistoryDialog(LedgerDialog):
    def __init__(self, ledger: Ledger, resident_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        resident = registry.get_resident(ledger.db, resident_id)
        self.setWindowTitle(f"变动记录 — {resident.name}")
        rows = [
            {"id": str(n), **event, "from": event["from"] or "", "to": event["to"] or ""}
            for n, event in enumerate(registry.resident_history(ledger.db, resident_id))
        ]
        self.model = StaticTableModel([
            Column("date", "日期", "date", width=11),
            Column("kind", "事项", "kind", width=8),
            Column("from", "原住址", None, width=14),
            Column("to", "新住址", None, width=14),
            Column("note", "说明", None, width=24),
            Column("created_at", "登记时间", "created_at", width=18),
        ], rows, self)
        view = LedgerTableView()
        view.setModel(self.model)
        view.set_column_widths([c.width for c in self.model.columns])
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(Heading(f"{resident.name}（现状：{resident.status}）"))
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(820, 360)
