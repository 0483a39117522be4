"""The window around the tabs: first run, demo loading, the lock, text size."""

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui import settings
from ui.app import DatabaseLock, Session
from ui.compound_dialog import CompoundDialog
from ui.main_window import MainWindow
from ui.registry.tab import RegistryTab
from tests.ui.helpers import when_dialog


@pytest.fixture
def window(qtbot, ledger):
    win = MainWindow(ledger)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_empty_ledger_opens_on_the_welcome_page(window):
    assert window.stack.currentWidget() is window.welcome
    assert window.tabs.count() == 0


def test_new_compound_from_the_welcome_page(qtbot, window):
    def fill(dialog):
        dialog.community.setText("幸福路社区")
        dialog.name.setText("红星小区")
        dialog.buildings.setValue(3)
        dialog.units.setValue(2)
        dialog.floors.setValue(6)
        dialog.rooms.setValue(2)
        assert "72 户" in dialog.preview.text()
        dialog.ok.click()

    seen = when_dialog(fill, CompoundDialog)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert seen
    db = window.ledger.db
    assert db.execute("SELECT count(*) FROM household").fetchone()[0] == 72
    assert db.execute("SELECT name FROM community").fetchone()[0] == "幸福路社区"
    assert window.stack.currentWidget() is window.tabs
    assert [window.tabs.tabText(i) for i in range(2)] == ["首页", "住户档案"]
    assert isinstance(window.tab("住户档案"), RegistryTab)
    assert "幸福路社区" in window.windowTitle()
    # The status bar says "在左侧选择单元": the registry is shown, the new compound selected.
    assert window.tabs.tabText(window.tabs.currentIndex()) == "住户档案"
    compound = db.execute("SELECT id FROM compound WHERE name = '红星小区'").fetchone()[0]
    assert window.tab("住户档案").tree.current() == ("compound", compound)
    assert "选择单元" in window.statusBar().currentMessage()


def test_load_demo_runs_in_the_background(qtbot, window):
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.demo_task.done, timeout=60000)
    assert window.demo_task.error is None
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tabs)
    tab = window.tab("住户档案")
    assert tab.households.total == 600
    assert window.ledger.db.execute("SELECT count(*) FROM resident").fetchone()[0] > 1300


def test_text_size_scales_the_window(qtbot, window):
    app = QApplication.instance()
    before = app.font().pointSizeF()
    window.text_size_actions["特大"].trigger()
    assert app.font().pointSizeF() == settings.TEXT_SIZES["特大"] > before
    assert settings.text_size_name() == "特大"
    window.text_size_actions["标准"].trigger()
    assert app.font().pointSizeF() == settings.TEXT_SIZES["标准"]


PROBE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lock_probe.py")


def probe(path, mode):
    return subprocess.run([sys.executable, PROBE, str(path), mode], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)


def test_a_second_copy_on_the_same_database_is_refused(tmp_path):
    path = tmp_path / "x.sqlite3"
    first = DatabaseLock(path)
    first.acquire()
    result = probe(path, "hold")
    assert result.returncode == 3, result.stderr
    assert "已在另一个" in result.stdout
    first.release()
    assert probe(path, "hold").stdout.strip() == "LOCKED"


def test_a_stale_lock_after_a_crash_does_not_block(tmp_path):
    path = tmp_path / "x.sqlite3"
    assert probe(path, "crash").returncode == 0
    assert (tmp_path / "x.sqlite3.lock").exists()
    lock = DatabaseLock(path)
    lock.acquire()  # the dead process's lock is taken over
    lock.release()


def test_session_refuses_a_file_that_is_not_a_ledger(qtbot, tmp_path, monkeypatch):
    from ui import messages

    shown = []
    monkeypatch.setattr(messages, "error", lambda parent, text, detail="": shown.append(detail))
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    session = Session()
    assert not session.open(bad)
    assert "不是小区治理台账的数据文件" in shown[0]
    assert bad.read_text() == "not a database"
    assert not (tmp_path / "bad.sqlite3.lock").exists() or DatabaseLock(bad)._lock.tryLock(0)


def test_session_opens_and_switches_files(qtbot, tmp_path):
    session = Session()
    assert session.open(tmp_path / "a.sqlite3")
    first = session.window
    assert session.open(tmp_path / "b.sqlite3")
    assert session.window is not first and session.ledger.path.name == "b.sqlite3"
    # The first file's lock was released.
    lock = DatabaseLock(tmp_path / "a.sqlite3")
    lock.acquire()
    lock.release()
    session.close()


def test_import_from_the_welcome_page(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr("ui.registry.excel_actions.open_import_wizard",
                        lambda parent, ledger, path="": opened.append((parent, ledger)))
    qtbot.mouseClick(window.welcome.import_button, Qt.MouseButton.LeftButton)
    assert opened == [(window, window.ledger)]
