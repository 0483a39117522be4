"""The registry tab, clicked through as a community worker would."""

import datetime

import pytest
from PySide6.QtCore import Qt

from core import registry as reg
from core.idcard import make_check_digit
from ui.registry.household_dialog import HouseholdDialog
from ui.registry.models import HouseholdTableModel, RegistryTreeModel, ResidentTableModel
from ui.registry.resident_dialog import ResidentDialog
from ui.registry.status_dialogs import MoveDialog, StatusDialog
from ui.registry.tab import RegistryTab
from ui.changes import ChangeHub
from tests.ui.helpers import when_dialog


def valid_id(first17: str) -> str:
    return first17 + make_check_digit(first17)


@pytest.fixture
def tab(qtbot, ledger):
    community = reg.ensure_community(ledger, "幸福路社区")
    reg.create_compound(ledger, community, reg.CompoundForm("测试小区", buildings=2, units_per_building=2))
    hub = ChangeHub(ledger)
    widget = RegistryTab(ledger, hub)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    yield widget
    hub.detach()


def select_tree(tab, kind, name):
    node_id = tab.ledger.db.execute(f"SELECT id FROM {kind} WHERE name = ? ORDER BY rowid LIMIT 1", [name]).fetchone()[0]
    tab.tree.select(kind, node_id)
    return node_id


def test_add_household_and_resident_through_the_dialogs(qtbot, tab):
    select_tree(tab, "building", "1栋")
    tab.tree.view.expandAll()
    select_tree(tab, "unit", "1单元")
    assert tab.buttons["add_household"].isEnabled()

    def fill_household(dialog):
        qtbot.keyClicks(dialog.room, "302")
        dialog.tenure.setCurrentText("租住")
        dialog.ok.click()

    seen = when_dialog(fill_household, HouseholdDialog)
    qtbot.mouseClick(tab.buttons["add_household"], Qt.MouseButton.LeftButton)
    assert seen
    row = tab.ledger.db.execute("SELECT id, tenure FROM household WHERE room = '302'").fetchone()
    assert row[1] == "租住"
    assert tab.selected_household() == row[0]

    number = valid_id("41010219520815302")

    def fill_resident(dialog):
        dialog.name.insert("张三")  # QTest can only type ASCII
        qtbot.keyClicks(dialog.id_number.edit, number.lower())
        qtbot.wait(10)
        assert dialog.sex.currentText() == "女" and not dialog.sex.isEnabled()
        dialog.relation.setCurrentText("户主")
        dialog.political.setCurrentText("中共党员")
        qtbot.wait(10)
        assert dialog.party_box.isVisible()
        dialog.presence.setCurrentText("长期在外")
        dialog.tag_boxes["困难老人"].setChecked(True)
        qtbot.keyClicks(dialog.phone.edit, "13812345678")
        qtbot.wait(10)
        assert dialog.ok.isEnabled()
        dialog.ok.click()

    seen = when_dialog(fill_resident, ResidentDialog)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.household_view.setFocus()
    qtbot.keyClick(tab.household_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen
    resident = tab.ledger.db.execute(
        "SELECT id, name, id_number, sex, birth_date, relation, household_id FROM resident").fetchone()
    assert resident[1:6] == ("张三", number, "女", "1952-08-15", "户主")
    assert resident[6] == row[0]
    details = reg.get_resident(tab.ledger.db, resident[0])
    assert details.party.presence == "长期在外" and details.tags == ("困难老人",)
    # The new resident is shown and selected, masked.
    assert tab.selected_resident() == resident[0]
    shown_row = tab.residents.row_of(resident[0])
    id_cell = tab.residents.index(shown_row, 5).data()
    assert id_cell == number[:6] + "********" + number[-4:]
    assert "党员数 1" in tab.counts.text()


def test_dialog_explains_errors_next_to_the_field_and_blocks_saving(qtbot, tab, ledger):
    household = ledger.db.execute("SELECT id FROM household LIMIT 1").fetchone()
    if household is None:
        unit = ledger.db.execute("SELECT id FROM unit LIMIT 1").fetchone()[0]
        household = (reg.add_household(ledger, unit, "101"),)
    dialog = ResidentDialog(ledger, household[0])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.insert("李四")
    qtbot.keyClicks(dialog.id_number.edit, "110101195003071239")
    qtbot.waitUntil(lambda: dialog.errors["id_number"].isVisible())
    assert "校验码" in dialog.errors["id_number"].text()
    assert not dialog.ok.isEnabled()
    dialog.id_number.setText(valid_id("11010119500307123"))
    qtbot.waitUntil(dialog.ok.isEnabled)
    qtbot.keyClicks(dialog.phone.edit, "123")
    qtbot.waitUntil(lambda: dialog.errors["phone"].isVisible())
    assert not dialog.ok.isEnabled()
    assert ledger.db.execute("SELECT count(*) FROM resident").fetchone()[0] == 0


@pytest.fixture
def demo_tab(qtbot, demo_ledger):
    hub = ChangeHub(demo_ledger)
    widget = RegistryTab(demo_ledger, hub)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    yield widget
    hub.detach()


def test_search_by_pinyin_initials_as_you_type(qtbot, demo_tab):
    db = demo_tab.ledger.db
    household = db.execute("SELECT id FROM household WHERE tenure = '自有' LIMIT 1").fetchone()[0]
    rid = reg.add_resident(demo_tab.ledger, household, reg.ResidentForm("诸葛亮"))
    demo_tab.resident_view.setFocus()
    qtbot.keyClick(demo_tab.resident_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert demo_tab.search.hasFocus()
    qtbot.keyClicks(demo_tab.search, "zgl")
    names = [demo_tab.residents.row(r)["name"] for r in range(demo_tab.residents.rowCount())]
    assert "诸葛亮" in names
    assert rid in [demo_tab.residents.id_at(r) for r in range(demo_tab.residents.rowCount())]
    assert demo_tab.residents.total < 50
    # The household table narrows to the households of the matches.
    assert demo_tab.households.total == len({demo_tab.residents.row(r)["household_id"]
                                             for r in range(demo_tab.residents.rowCount())})


def test_typed_initials_list_the_best_matches_first(qtbot, tab):
    unit = tab.ledger.db.execute("SELECT id FROM unit ORDER BY rowid LIMIT 1").fetchone()[0]
    rooms = [reg.add_household(tab.ledger, unit, room) for room in ("101", "102", "103", "104")]
    for household, name in zip(rooms, ("黎志俊", "丁胜", "张三", "郑爽")):
        reg.add_resident(tab.ledger, household, reg.ResidentForm(name, relation="户主"))
    tab.tree.select("unit", unit)
    qtbot.keyClicks(tab.search, "zs")
    names = [tab.residents.row(r)["name"] for r in range(tab.residents.rowCount())]
    # Initials from the start first (in address order), then the match inside
    # 黎志俊's initials; 丁 is read ding as a surname, so 丁胜 is not listed.
    assert names == ["张三", "郑爽", "黎志俊"]
    assert [tab.households.row(r)["head"] for r in range(tab.households.rowCount())] == names
    assert "人数 3" in tab.counts.text()
    tab.search.setText("ds")
    assert [tab.residents.row(r)["name"] for r in range(tab.residents.rowCount())] == ["丁胜"]


def test_move_out_with_the_delete_key_keeps_the_record(qtbot, demo_tab, monkeypatch):
    db = demo_tab.ledger.db
    demo_tab.resident_view.setFocus()
    demo_tab.resident_view.selectRow(0)
    rid = demo_tab.selected_resident()
    assert rid

    def fill(dialog):
        assert dialog.status() == "迁出"
        dialog.note.setText("随子女居住")
        dialog.accept()

    seen = when_dialog(fill, StatusDialog)
    qtbot.keyClick(demo_tab.resident_view, Qt.Key.Key_Delete)
    assert seen
    row = db.execute("SELECT status, status_date FROM resident WHERE id = ?", [rid]).fetchone()
    assert row == ("迁出", datetime.date.today().isoformat())
    # Gone from the 在住 list, still there under 迁出.
    assert demo_tab.residents.row_of(rid) is None
    demo_tab.status.setCurrentText("迁出")
    assert demo_tab.residents.row_of(rid) is not None


def test_move_to_another_household(qtbot, demo_tab):
    db = demo_tab.ledger.db
    demo_tab.resident_view.selectRow(1)
    rid = demo_tab.selected_resident()
    before = db.execute("SELECT household_id FROM resident WHERE id = ?", [rid]).fetchone()[0]

    def fill(dialog):
        dialog.room.setCurrentIndex(3)
        dialog.ok.click()

    seen = when_dialog(fill, MoveDialog)
    qtbot.mouseClick(demo_tab.buttons["move"], Qt.MouseButton.LeftButton)
    assert seen
    after = db.execute("SELECT household_id FROM resident WHERE id = ?", [rid]).fetchone()[0]
    assert after != before
    assert reg.resident_history(db, rid)[-1]["kind"] == "转户"


def test_revealing_numbers_is_a_deliberate_act(qtbot, demo_tab):
    for row in range(demo_tab.residents.rowCount()):
        if demo_tab.residents.row(row)["id_number"]:
            break
    demo_tab.resident_view.selectRow(row)
    number = demo_tab.residents.row(row)["id_number"]
    cell = lambda: demo_tab.residents.index(row, 5).data()  # noqa: E731
    assert cell() != number and "*" in cell()
    qtbot.mouseClick(demo_tab.buttons["reveal"], Qt.MouseButton.LeftButton)
    assert cell() == number
    assert demo_tab.buttons["reveal"].text() == "隐藏号码"
    qtbot.mouseClick(demo_tab.buttons["reveal"], Qt.MouseButton.LeftButton)
    assert "*" in cell()


def test_enter_opens_the_selected_resident(qtbot, demo_tab):
    demo_tab.resident_view.setFocus()
    demo_tab.resident_view.selectRow(0)
    rid = demo_tab.selected_resident()
    opened = []

    def look(dialog):
        opened.append(dialog.resident_id)
        assert "*" in dialog.id_number.edit.text() or not dialog.id_number.text()
        dialog.reject()

    when_dialog(look, ResidentDialog)
    qtbot.keyClick(demo_tab.resident_view, Qt.Key.Key_Return)
    assert opened == [rid]


def test_filters_party_and_tag(qtbot, demo_tab):
    demo_tab.party_only.setChecked(True)
    rows = [demo_tab.residents.row(r) for r in range(demo_tab.residents.rowCount())]
    assert rows and all(r["political_status"] == "中共党员" for r in rows)
    assert f"党员数 {len(rows)}" in demo_tab.counts.text()
    demo_tab.party_only.setChecked(False)
    demo_tab.tag.setCurrentText("独居")
    rows = [demo_tab.residents.row(r) for r in range(demo_tab.residents.rowCount())]
    assert rows and all("独居" in r["tags"] for r in rows)


def test_selecting_a_household_narrows_the_residents(qtbot, demo_tab):
    demo_tab.household_view.selectRow(2)
    household = demo_tab.selected_household()
    rows = [demo_tab.residents.row(r) for r in range(demo_tab.residents.rowCount())]
    assert rows and {r["household_id"] for r in rows} == {household}
    assert demo_tab.resident_title.text().startswith("居民 — ")


def test_changes_elsewhere_refresh_the_tab(qtbot, demo_tab):
    db = demo_tab.ledger.db
    before = demo_tab.residents.total
    household = db.execute("SELECT id FROM household LIMIT 1").fetchone()[0]
    reg.add_resident(demo_tab.ledger, household, reg.ResidentForm("新来的"))
    assert demo_tab.residents.total == before + 1


def test_models_pass_the_model_tester(qtmodeltester, demo_ledger):
    from core.registry import queries as rq

    residents = ResidentTableModel()
    residents.set_source(lambda o, l, order, d: rq.resident_page(demo_ledger.db, rq.RegistryFilter(), o, l, order, d),
                         lambda: rq.resident_counts(demo_ledger.db, rq.RegistryFilter()).residents)
    qtmodeltester.check(residents)
    households = HouseholdTableModel()
    households.set_source(lambda o, l, order, d: rq.household_page(demo_ledger.db, rq.RegistryFilter(), o, l, order, d),
                          lambda: rq.household_count(demo_ledger.db, rq.RegistryFilter()))
    qtmodeltester.check(households)
    tree = RegistryTreeModel()
    tree.load(rq.registry_tree(demo_ledger.db))
    qtmodeltester.check(tree)


def test_paged_model_fetches_more_as_it_scrolls(qtbot, demo_tab):
    demo_tab.status.setCurrentText("全部状态")
    model = demo_tab.residents
    assert model.rowCount() == model.PAGE < model.total
    demo_tab.resident_view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > model.PAGE)


def test_enter_on_a_household_opens_its_card(qtbot, qtmodeltester, demo_tab):
    """户卡: address, tenure, every member with relation, age and status, the history."""
    from ui.registry.household_card import HouseholdCardDialog

    demo_tab.household_view.setFocus()
    demo_tab.household_view.selectRow(0)
    household = demo_tab.selected_household()
    seen = []

    def look(dialog):
        seen.append(dialog.household_id)
        card = dialog.card
        assert card.address in dialog.heading.text()
        assert "居住性质" in dialog.facts.text()
        assert dialog.members.rowCount() == len(card.members) > 0
        qtmodeltester.check(dialog.members)
        first = dialog.members.row(0)
        assert first["status"].startswith("在住")
        assert "*" in first["id_number"] or not first["id_number"]  # masked as everywhere
        assert dialog.events.rowCount() == len(card.history)
        dialog.close_button.click()

    when_dialog(look, HouseholdCardDialog)
    qtbot.keyClick(demo_tab.household_view, Qt.Key.Key_Return)
    assert seen == [household]
