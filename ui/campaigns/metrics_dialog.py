"""The metric list: the built-in metrics, and the office's own ones to add,
rename or remove (while unused)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.campaigns import metrics as cm
from core.ledger import Ledger
from core.errors import ValidationError
from ui import messages
from ui.campaigns.models import MetricListModel
from ui.campaigns.pages import FitTableView
from ui.widgets import LedgerDialog, error_label


class MetricsDialog(LedgerDialog):
    """Lists every metric; the office's own can be added, changed and removed."""

    def __init__(self, ledger: Ledger, community_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._community_id = community_id
        self.setWindowTitle("整治指标")
        self.model = MetricListModel(self)
        self.view = FitTableView(self.model)
        self.view.setSortingEnabled(False)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 修剪树木")
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("如 棵、平方米")
        self.precision = QSpinBox()
        self.precision.setRange(0, cm.MAX_CUSTOM_PRECISION)
        self.precision.setToolTip("0 = 只填整数；1 = 可填到 0.1")
        self.error = error_label()
        self.add_button = QPushButton("添加指标")
        self.save_button = QPushButton("保存修改")
        self.delete_button = QPushButton("删除")

        form = QFormLayout()
        form.addRow("指标名称", self.name)
        form.addRow("单位", self.unit)
        form.addRow("小数位数", self.precision)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("内置指标（灰色）不能修改；本社区自己的指标加在后面，登记和统计中都会出现。"))
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(close)

        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.reload()
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.resize(640, 560)

    def reload(self) -> None:
        self.model.set_metrics(cm.metrics(self._ledger.db, self._community_id))
        self._selected()

    def selected(self) -> cm.Metric | None:
        index = self.view.currentIndex()
        return self.model.row(index.row())["metric"] if index.isValid() else None

    def _selected(self) -> None:
        metric = self.selected()
        custom = metric is not None and not metric.builtin
        self.save_button.setEnabled(custom)
        self.delete_button.setEnabled(custom)
        if custom:
            self.name.setText(metric.name)
            self.unit.setText(metric.unit)
            self.precision.setValue(metric.precision)

    def _run(self, action) -> bool:
        try:
            action()
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return False
        self.error.hide()
        self.reload()
        return True

    def add(self) -> None:
        if self._run(lambda: cm.add_custom_metric(self._ledger, self._community_id, self.name.text(),
                                                  self.unit.text(), self.precision.value())):
            self.name.clear()
            self.unit.clear()

    def save(self) -> None:
        metric = self.selected()
        if metric is not None and not metric.builtin:
            self._run(lambda: cm.update_custom_metric(self._ledger, metric.key, self.name.text(),
                                                      self.unit.text(), self.precision.value()))

    def delete(self) -> None:
        metric = self.selected()
        if metric is None or metric.builtin:
            return
        if messages.confirm(self, f"删除指标“{metric.name}”？", yes="删除", danger=True):
            self._run(lambda: cm.delete_custom_metric(self._ledger, metric.key))
