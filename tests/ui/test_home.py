import datetime

from PySide6.QtCore import Qt

from core import due, registry as reg
from core.due import DueItem
from ui.changes import ChangeHub
from ui.home import HomeTab
from ui.main_window import MainWindow


def overdue_provider(db, today, community_id):
    return [DueItem("整改", "3栋2单元 消防设施：整改", today - datetime.timedelta(days=3), "住户档案", "r1", "王师傅"),
            DueItem("走访", "回访困难老人", today + datetime.timedelta(days=5), "住户档案", "r2")]


def test_home_shows_the_compound_and_follows_changes(qtbot, demo_ledger):
    hub = ChangeHub(demo_ledger)
    home = HomeTab(demo_ledger, hub)
    qtbot.addWidget(home)
    home.show()
    qtbot.waitUntil(lambda: home.due_loaded)
    living = demo_ledger.db.execute("SELECT count(*) FROM resident WHERE status = '在住'").fetchone()[0]
    assert home.figures["residents"].number.text() == f"{living:,}"
    rid = demo_ledger.db.execute("SELECT id FROM resident WHERE status = '在住' AND relation != '户主' LIMIT 1").fetchone()[0]
    reg.change_status(demo_ledger, rid, "迁出", datetime.date.today())
    qtbot.waitUntil(lambda: home.figures["residents"].number.text() == f"{living - 1:,}")
    assert home.recent_model.row(0)["kind"] == "迁出"
    # Hidden, it only notes that it is out of date, and catches up on showing.
    home.hide()
    reg.change_status(demo_ledger, rid, "在住", datetime.date.today())
    qtbot.wait(20)
    assert home.figures["residents"].number.text() == f"{living - 1:,}"
    home.show()
    qtbot.waitUntil(lambda: home.figures["residents"].number.text() == f"{living:,}")
    hub.detach()


def test_due_items_are_listed_overdue_first_and_open_their_tab(qtbot, demo_ledger, monkeypatch):
    monkeypatch.setattr(due, "PROVIDERS", ("tests.ui.test_home:overdue_provider",))
    window = MainWindow(demo_ledger)
    qtbot.addWidget(window)
    home = window.tab("首页")
    assert isinstance(home, HomeTab)
    qtbot.waitUntil(lambda: home.due_loaded)
    assert home.due_model.rowCount() == 2
    first = home.due_model.row(0)
    assert first["overdue"] and first["when"].endswith("逾期")
    assert home.due_model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c0392b"
    with qtbot.waitSignal(home.open_record) as signal:
        home._open_due(home.due_model.index(0, 3))
    assert signal.args == ["住户档案", "r1"]
    assert window.tabs.tabText(window.tabs.currentIndex()) == "住户档案"
