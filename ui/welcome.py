"""The first screen of an empty ledger: set up a compound, or load the demo."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.paths import APP_TITLE
from ui.widgets import Heading


class WelcomePage(QWidget):
    """Shown instead of empty tables until the first compound exists.

    Signals:
        new_compound(): the user chose 新建小区.
        import_excel(): the user chose 从 Excel 导入.
        load_demo(): the user chose 载入示例数据.
    """

    new_compound = Signal()
    import_excel = Signal()
    load_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = Heading(f"欢迎使用{APP_TITLE}", scale=1.8)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(
            "这份台账还是空的。请先建立小区：填写小区名称和楼栋布局，再逐户登记居民；\n"
            "社区已有 Excel 住户登记表的，可以直接导入；\n"
            "也可以先载入示例数据，看看一个建好的小区是什么样子（示例数据放在当前文件中，"
            "正式使用请另建数据文件）。")
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro.setWordWrap(True)

        self.new_button = QPushButton("新建小区")
        self.new_button.setToolTip("填写小区名称、楼栋和单元，开始登记住户")
        self.import_button = QPushButton("从 Excel 导入")
        self.import_button.setToolTip("导入社区原有的住户登记表（.xlsx），导入前先预览")
        self.demo_button = QPushButton("载入示例数据")
        self.demo_button.setToolTip("载入一个约 600 户、1400 多人的示例小区")
        for button in (self.new_button, self.import_button, self.demo_button):
            button.setMinimumSize(220, 64)
            button.setStyleSheet("font-size: 15pt;")
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_compound)
        self.import_button.clicked.connect(self.import_excel)
        self.demo_button.clicked.connect(self.load_demo)

        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.new_button)
        buttons.addSpacing(32)
        buttons.addWidget(self.import_button)
        buttons.addSpacing(32)
        buttons.addWidget(self.demo_button)
        buttons.addStretch()

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addSpacing(16)
        layout.addWidget(intro)
        layout.addSpacing(32)
        layout.addLayout(buttons)
        layout.addStretch(3)
        layout.setContentsMargins(80, 40, 80, 40)
