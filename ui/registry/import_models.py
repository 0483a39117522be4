"""Qt models of the import wizard's preview: rejected rows, remarks, and a
sample of the residents that will be added or updated. IDs are masked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from core.importing import CONFLICT_CHOICES, ImportPlan, RowProblem, WorkbookData
from core.masking import mask_id
from ui.sql_table_model import Column, StaticTableModel

#: Rows of added and updated residents shown in the preview.
SAMPLE_ROWS = 500

SheetNameRole = Qt.ItemDataRole.UserRole + 20


def problem_rows(problems: list[RowProblem]) -> list[dict]:
    return [{"id": f"{p.sheet}:{p.row}:{n}", "sheet": p.sheet, "row": p.row, "column": p.column,
             "reason": p.reason} for n, p in enumerate(problems)]


class ProblemTableModel(StaticTableModel):
    """Rejected rows (or remarks): sheet, row number, column, reason."""

    def __init__(self, parent=None) -> None:
        super().__init__([
            Column("sheet", "工作表", "sheet", width=8),
            Column("row", "行号", "row", align_right=True, width=5),
            Column("column", "列", "column", width=10),
            Column("reason", "原因", None, width=60),
        ], parent=parent)

    def _page(self, offset: int, limit: int, order: str, descending: bool) -> list[dict]:
        rows = self._all
        if order == "row":
            rows = sorted(rows, key=lambda r: (r["sheet"], r["row"]), reverse=descending)
        elif order:
            rows = sorted(rows, key=lambda r: str(r.get(order) or ""), reverse=descending)
        return rows[offset: offset + limit]


class ConflictTableModel(StaticTableModel):
    """Register households another family holds in the ledger: the room, who
    the ledger has, who the register has, why, and what will be done."""

    def __init__(self, parent=None) -> None:
        super().__init__([
            Column("address", "房间", "address", width=12),
            Column("ledger", "台账中的住户", None, width=22),
            Column("register", "表中的住户", None, width=22),
            Column("reason", "原因", None, width=24),
            Column("choice", "处理", None, width=20),
        ], parent=parent)
        self.keys: list[tuple] = []

    def set_plan(self, plan: ImportPlan) -> None:
        rows = []
        self.keys = []
        for number, c in enumerate(plan.conflicts):
            self.keys.append(c.key)
            others = [n for n in c.ledger_members if n != c.ledger_head]
            mates = [n for n in c.register_members if n != c.register_head]
            rows.append({
                "id": str(number), "address": c.address,
                "ledger": f"户主 {c.ledger_head or '（无）'}" + (f"；{'、'.join(others)}" if others else ""),
                "register": f"户主 {c.register_head or '（被拒绝或未写）'}" + (f"；{'、'.join(mates)}" if mates else ""),
                "reason": c.reason, "choice": CONFLICT_CHOICES[c.choice],
            })
        self.set_rows(rows)


class ChangeTableModel(StaticTableModel):
    """A sample of the residents the import adds or updates."""

    def __init__(self, parent=None) -> None:
        super().__init__([
            Column("kind", "类型", "kind", width=5),
            Column("where", "表中位置", None, width=12),
            Column("address", "住址", "address", width=14),
            Column("name", "姓名", "name", width=8),
            Column("id_number", "身份证号", None, width=20),
            Column("changes", "更新内容", None, width=24),
        ], parent=parent)

    def set_plan(self, plan: ImportPlan) -> None:
        rows = []
        for number, change in enumerate(plan.residents[:SAMPLE_ROWS]):
            rows.append({
                "id": str(number), "kind": "新增" if change.is_new else "更新",
                "where": f"{change.sheet} 第 {change.row} 行", "address": change.address,
                "name": change.values["name"], "id_number": mask_id(change.values["id_number"]),
                "changes": "、".join(change.changes),
            })
        self.set_rows(rows)


class SheetListModel(QStandardItemModel):
    """The workbook's sheets, checkable; sheets without a header are shown greyed."""

    def load(self, book: WorkbookData) -> None:
        self.clear()
        for sheet in book.sheets:
            if sheet.header is not None:
                rows = len(sheet.data_rows())
                text = f"{sheet.name}（表头在第 {sheet.header.row} 行，以下 {rows} 行）"
            else:
                text = f"{sheet.name}（没有找到表头，不导入）"
            item = QStandardItem(text)
            item.setData(sheet.name, SheetNameRole)
            item.setEditable(False)
            item.setCheckable(sheet.header is not None)
            item.setEnabled(sheet.header is not None)
            if sheet.header is not None:
                item.setCheckState(Qt.CheckState.Checked)
            self.appendRow(item)

    def checked(self) -> list[str]:
        names = []
        for row in range(self.rowCount()):
            item = self.item(row)
            if item.isCheckable() and item.checkState() == Qt.CheckState.Checked:
                names.append(item.data(SheetNameRole))
        return names
