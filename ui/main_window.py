"""The main window: menus, the tabs, the status bar, and the first-run page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import registry
from core.ledger import Change, Ledger
from core.paths import APP_TITLE
from core.registry.queries import is_empty
from ui import messages, settings
from ui.background import run_task
from ui.changes import ChangeHub
from ui.tabs import TABS
from ui.welcome import WelcomePage
from ui.widgets import fit_to_screen


@dataclass(frozen=True)
class MenuAction:
    """A menu entry declared as data: label, handler, shortcut, tooltip."""

    menu: str
    label: str
    handler: str
    shortcut: QKeySequence.StandardKey | str | None = None
    tip: str = ""


MENU_ACTIONS: tuple[MenuAction, ...] = (
    MenuAction("文件", "新建小区…", "new_compound", tip="建立一个新的小区及其楼栋单元"),
    MenuAction("文件", "打开数据文件…", "open_file", QKeySequence.StandardKey.Open,
               "打开另一份台账数据文件"),
    MenuAction("文件", "备份…", "show_backups", tip="备份的位置、最近的备份、立即备份"),
    MenuAction("文件", "从备份恢复…", "restore_backup", tip="用一份备份替换现在的台账（先备份现有台账）"),
    MenuAction("文件", "退出", "close", QKeySequence.StandardKey.Quit),
    MenuAction("帮助", "关于", "about"),
)


class MainWindow(QMainWindow):
    """Tabs over one open ledger.

    Signals:
        open_requested(str): the user picked another database file.
        restore_requested(str): the user confirmed restoring this backup file
            (the session closes the ledger, restores and reopens it).
    """

    open_requested = Signal(str)
    restore_requested = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.hub = ChangeHub(ledger, self)
        self.setWindowTitle(self._title())
        fit_to_screen(self, 1280, 800)  # within QScreen.availableGeometry
        #: On a screen with no room to spare (1366×768, the common office
        #: screen) the window opens maximised: every pixel goes to the lists.
        self.starts_maximized = self.size() != QSize(1280, 800)
        self.setMinimumSize(900, 600)

        self.stack = QStackedWidget()
        self.welcome = WelcomePage()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.statusBar()

        self._build_menus()
        self._connect_signals()
        self._show_content()

    # ------------------------------------------------------------ building

    def _title(self) -> str:
        parts = [APP_TITLE]
        name = registry.community_name(self.ledger.db, self.ledger.community_id)
        if name:
            parts.append(name)
        if self.ledger.path is not None:
            parts.append(str(self.ledger.path))
        return " — ".join(parts)

    def _build_menus(self) -> None:
        menus: dict[str, object] = {}
        for spec in MENU_ACTIONS:
            if spec.menu == "帮助" and "视图" not in menus:
                menus["视图"] = self._build_view_menu()
            menu = menus.get(spec.menu) or self.menuBar().addMenu(spec.menu)
            menus[spec.menu] = menu
            action = QAction(spec.label, self)
            if spec.shortcut is not None:
                action.setShortcut(QKeySequence(spec.shortcut))
            action.setStatusTip(spec.tip)
            action.triggered.connect(self._handler(spec.handler))
            menu.addAction(action)

    def _handler(self, name: str) -> Callable[[], None]:
        return lambda: getattr(self, name)()

    def _build_view_menu(self):
        menu = self.menuBar().addMenu("视图")
        size_menu = menu.addMenu("文字大小")
        group = QActionGroup(self)
        current = settings.text_size_name()
        self.text_size_actions: dict[str, QAction] = {}
        for name in settings.TEXT_SIZES:
            action = QAction(name, self, checkable=True)
            action.setChecked(name == current)
            action.triggered.connect(lambda _checked=False, n=name: settings.apply_text_size(n))
            group.addAction(action)
            size_menu.addAction(action)
            self.text_size_actions[name] = action
        return menu

    def _connect_signals(self) -> None:
        self.hub.changed.connect(self._on_change)
        self.welcome.new_compound.connect(self.new_compound)
        self.welcome.import_excel.connect(self.import_excel)
        self.welcome.load_demo.connect(self.load_demo)

    def _show_content(self) -> None:
        if is_empty(self.ledger.db):
            self.stack.setCurrentWidget(self.welcome)
            return
        if self.tabs.count() == 0:
            # Each tab is built the first time it is shown, so start-up pays
            # only for the first one.
            self._specs = {spec.title: spec for spec in TABS}
            self._built: dict[str, QWidget] = {}
            for spec in TABS:
                slot = QWidget()
                QVBoxLayout(slot).setContentsMargins(0, 0, 0, 0)
                self.tabs.addTab(slot, spec.title)
            self.tabs.currentChanged.connect(self._build_current)
            self._build_current(self.tabs.currentIndex())
        self.stack.setCurrentWidget(self.tabs)

    def _build_current(self, number: int) -> None:
        if number >= 0:
            self.tab(self.tabs.tabText(number))

    def tab(self, title: str) -> QWidget | None:
        """The widget of the tab titled ``title``, building it if needed."""
        if title in getattr(self, "_built", {}):
            return self._built[title]
        spec = getattr(self, "_specs", {}).get(title)
        if spec is None:
            return None
        number = [self.tabs.tabText(i) for i in range(self.tabs.count())].index(title)
        slot = self.tabs.widget(number)
        widget = spec.load()(self.ledger, self.hub, slot)
        slot.layout().addWidget(widget)
        self._built[title] = widget
        if hasattr(widget, "open_record"):
            widget.open_record.connect(self.open_record)
        return widget

    def _on_change(self, change: Change) -> None:
        if change.touches("compound", "community"):
            self.setWindowTitle(self._title())
            self._show_content()

    # ------------------------------------------------------------ actions

    def open_record(self, tab_title: str, record_id: str) -> None:
        """Switch to the tab titled ``tab_title`` and show the record there."""
        for number in range(self.tabs.count()):
            if self.tabs.tabText(number) == tab_title:
                self.tabs.setCurrentIndex(number)
                tab = self.tab(tab_title)
                if record_id and hasattr(tab, "show_record"):
                    tab.show_record(record_id)
                return

    def new_compound(self) -> None:
        from ui.compound_dialog import CompoundDialog

        dialog = CompoundDialog(self.ledger, self)
        if dialog.exec():
            # Take the worker where the message says: the registry, with the
            # new compound selected in the tree on the left.
            self.open_record("住户档案", "")
            registry_tab = self.tab("住户档案")
            if registry_tab is not None and dialog.compound_id and hasattr(registry_tab, "show_compound"):
                registry_tab.show_compound(dialog.compound_id)
            self.statusBar().showMessage("小区已建立。在左侧选择单元，开始登记住户。", 8000)

    def import_excel(self) -> None:
        from ui.registry.excel_actions import open_import_wizard

        open_import_wizard(self, self.ledger)

    def load_demo(self) -> None:
        from core.demo import build_demo

        if not is_empty(self.ledger.db):
            messages.warn(self, "示例数据只能载入空的台账。",
                          "请用“文件 › 打开数据文件”新建一个空文件后再载入。")
            return
        if self.ledger.path is None:
            build_demo(self.ledger)
            return

        def work(progress):
            worker = self.ledger.reopen()
            try:
                build_demo(worker, progress=progress)
            finally:
                worker.close()

        self.demo_task = run_task(self, "正在载入示例数据…", work,
                                  lambda _r: self.statusBar().showMessage("示例数据已载入。", 8000),
                                  cancellable=False)

    def open_file(self) -> None:
        start = str(self.ledger.path.parent) if self.ledger.path else ""
        path, _filter = QFileDialog.getSaveFileName(
            self, "打开或新建数据文件", start, "台账数据文件 (*.sqlite3);;所有文件 (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.open_requested.emit(path)

    def show_backups(self) -> None:
        from ui.backup_dialog import BackupDialog

        if self.ledger.path is None:
            return
        dialog = BackupDialog(self.ledger, self)
        dialog.restore_requested.connect(self.restore_requested)
        dialog.exec()

    def restore_backup(self) -> None:
        from ui.backup_dialog import ask_backup_file, confirm_restore

        if self.ledger.path is None:
            return
        path = ask_backup_file(self, self.ledger)
        if path is not None and confirm_restore(self, path):
            self.restore_requested.emit(str(path))

    def about(self) -> None:
        messages.info(self, APP_TITLE,
                      "社区“党建引领 + 居民自治”小区治理台账：住户档案、网格、检查、整治行动与报表。\n"
                      f"数据文件：{self.ledger.path or '内存'}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hub.detach()
        super().closeEvent(event)
