"""新建小区: name the community and the compound and lay out its buildings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import registry
from core.ledger import Ledger
from core.errors import ValidationError
from ui.widgets import MessageLabel, LedgerDialog, dialog_buttons, error_label


class CompoundDialog(LedgerDialog):
    """Create a compound, and the community on the first run.

    Attributes:
        compound_id: the new compound's id once accepted.
    """

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建小区")
        self._ledger = ledger
        self.compound_id: str | None = None
        has_community = registry.has_community(ledger.db)

        self.community = QLineEdit()
        self.community.setPlaceholderText("如：幸福路社区")
        self.subdistrict = QLineEdit()
        self.subdistrict.setPlaceholderText("如：新华街道")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：红星机械厂生活区")
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("不详")
        self.year.setValue(0)
        self.area = QSpinBox()
        self.area.setRange(0, 10_000_000)
        self.area.setSuffix(" 平方米")
        self.area.setSpecialValueText("不详")
        self.buildings = QSpinBox()
        self.buildings.setRange(0, 200)
        self.buildings.setSuffix(" 栋")
        self.units = QSpinBox()
        self.units.setRange(0, 20)
        self.units.setSuffix(" 个单元")
        self.floors = QSpinBox()
        self.floors.setRange(0, 60)
        self.floors.setSuffix(" 层")
        self.rooms = QSpinBox()
        self.rooms.setRange(0, 20)
        self.rooms.setSuffix(" 户")
        self.error = error_label()

        form = QFormLayout()
        if not has_community:
            form.addRow("社区名称", self.community)
            form.addRow("所属街道", self.subdistrict)
        form.addRow("小区名称 *", self.name)
        form.addRow("建成年份", self.year)
        form.addRow("总面积", self.area)

        layout_box = QGroupBox("楼栋布局（可选，之后也能逐个添加）")
        layout_form = QFormLayout(layout_box)
        layout_form.addRow("楼栋数", self.buildings)
        layout_form.addRow("每栋单元数", self.units)
        layout_form.addRow("每单元层数", self.floors)
        layout_form.addRow("每层户数", self.rooms)
        self.preview = MessageLabel()  # wraps, and is shown whole at any text size
        layout_form.addRow(self.preview)

        buttons, self.ok = dialog_buttons(self, "创建")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(layout_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        for spin in (self.buildings, self.units, self.floors, self.rooms):
            spin.valueChanged.connect(self._update_preview)
        self.name.textChanged.connect(self._validate)
        self._update_preview()
        self._validate()

    def _update_preview(self) -> None:
        b, u, f, r = (self.buildings.value(), self.units.value(), self.floors.value(), self.rooms.value())
        if b and u:
            households = b * u * f * r
            text = f"将建立 {b} 栋 × {u} 个单元 = {b * u} 个单元"
            if households:
                text += f"，每单元按 {f} 层 × {r} 户编号（101、102…），共 {households} 户"
            self.preview.setText(text + "。")
        else:
            self.preview.setText("不填则只建小区，楼栋和单元之后在住户档案中添加。")

    def _validate(self) -> None:
        ok = bool(self.name.text().strip())
        self.ok.setEnabled(ok)

    def accept(self) -> None:
        form = registry.CompoundForm(
            name=self.name.text(),
            year_built=self.year.value() or None,
            floor_area=float(self.area.value()) or None,
            buildings=self.buildings.value(),
            units_per_building=self.units.value() if self.buildings.value() else 0,
            floors=self.floors.value(),
            rooms_per_floor=self.rooms.value() if self.floors.value() else 0,
        )
        try:
            community_id = registry.ensure_community(
                self._ledger, self.community.text(), self.subdistrict.text())
            self.compound_id = registry.create_compound(self._ledger, community_id, form)
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
