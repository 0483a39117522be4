"""The baseline of the start-up benchmark: a bare PySide6 window process
that shows an empty main window, lets it draw once, and quits."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (app.processEvents(), print("ready", flush=True), app.quit()))
app.exec()
