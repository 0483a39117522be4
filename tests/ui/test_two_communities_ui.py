"""The window on a ledger of two communities shows the current one only."""

from __future__ import annotations

from tests.test_two_communities import two  # noqa: F401 (fixture)
from ui.main_window import MainWindow


def test_every_tab_shows_the_current_community(qtbot, two):  # noqa: F811
    ledger, a, b, before = two
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    assert "第二社区" in window.windowTitle()
    registry_tab = window.tab("住户档案")
    assert registry_tab.households.total == 4 and registry_tab.residents.total == 3
    assert registry_tab.tree.model.rowCount() >= 1
    inspections = window.tab("检查")
    assert inspections.list_page.model.total == 0
    campaigns_tab = window.tab("整治行动")
    assert campaigns_tab.campaign_model.rowCount() == 0
    window.close()
    ledger.choose_community(a)
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    assert window.tab("住户档案").residents.total == before.residents
    assert window.tab("检查").list_page.model.total > 0
    assert window.tab("整治行动").campaign_model.rowCount() > 0
    assert "第二社区" not in window.windowTitle()
    window.close()
