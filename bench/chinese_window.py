"""The floor of the start-up benchmark: a bare PySide6 window process that
shows a tab bar and a page of Chinese text (so it pays for loading the CJK
font, as the program's first screen must), lets it draw once, and quits.

``bare_window.py`` is the same without any text.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

TEXT = (
    "小区概况　户数 20,400　在住居民 48,215　党员 1,932　60 岁以上老人 14,380\n"
    "困难群体与关爱对象：困难老人、低保、残疾、独居、空巢、留守儿童、退役军人\n"
    "最近的住户变动：迁入、迁出、去世、转户　待办事项：逾期的整改、网格空缺、整治行动\n"
) * 8

app = QApplication(sys.argv)
window = QMainWindow()
tabs = QTabWidget()
tabs.setDocumentMode(True)
page = QLabel(TEXT)
tabs.addTab(page, "首页")
for title in ("住户档案", "网格", "检查", "整治行动"):
    tabs.addTab(QLabel(), title)
window.setCentralWidget(tabs)
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (app.processEvents(), print("ready", flush=True), app.quit()))
app.exec()
