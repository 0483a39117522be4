"""The grid tab driven as a user would: build the four levels, bind units,
watch the coverage panel, move a head out in the registry, drag and drop,
search the contact sheet, export. Results are read back from the database."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from core import grid, registry, vocab
from core.party import org as party_org
from core.grid import TREE_GRID, TREE_PARTY
from core.grid.coverage import HOLDER_GONE, UNIT_UNCOVERED
from core.grid.people import PersonRef, current_holder, history
from core.grid.queries import KIND_MEMBER, KIND_NODE, KIND_UNGROUPED, KIND_UNIT
from ui import messages
from ui.changes import ChangeHub
from ui.grid.node_dialog import DeleteNodeDialog, NodeDialog, UnitsDialog
from ui.grid.person_dialog import PersonDialog
from ui.grid.tab import GridTab
from tests.core.grid_fixtures import build_compound

# The offscreen platform warns whenever a shown window's size hints change.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")


def drive(monkeypatch, cls, fill):
    """Make ``cls.exec`` fill the dialog's widgets and accept it (as OK does)."""
    def fake_exec(self):
        fill(self)
        self.accept()
        return self.result()

    monkeypatch.setattr(cls, "exec", fake_exec)


@pytest.fixture
def compound(ledger):
    return build_compound(ledger)


@pytest.fixture
def tab(qtbot, ledger, compound):
    hub = ChangeHub(ledger)
    widget = GridTab(ledger, hub)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    yield widget
    hub.detach()


def click(tab_page, name):
    button = tab_page.buttons[name]
    assert button.isEnabled(), name
    button.click()


def add_child(monkeypatch, page, name, *, units=(), person=None):
    def fill(dialog):
        dialog.name.setText(name)
        dialog.name.setModified(True)
        for unit_id in units:
            dialog.units.model.set_checked(unit_id)
        if person is not None:
            dialog.set_person(person)

    drive(monkeypatch, NodeDialog, fill)
    click(page, "add")
    row = page.current()
    assert row is not None and row.name == name
    return row.id


def test_build_four_levels_bind_units_then_a_head_moves_out(monkeypatch, qtbot, tab, ledger, compound):
    page = tab.grid_page
    assert [p.kind for p in tab.coverage.problems] == [UNIT_UNCOVERED] * 4
    page.view.setCurrentIndex(page.model.index(-1, -1))
    top = add_child(monkeypatch, page, "测试社区", person=PersonRef.staff(compound.staff_id))
    level2 = add_child(monkeypatch, page, "测试小区", person=PersonRef.resident(compound.party[0]))
    level3 = add_child(monkeypatch, page, "全区", person=PersonRef.resident(compound.party[1]))
    heads = {}
    for number, unit_id in enumerate(compound.units):
        page.select(KIND_NODE, level3)
        node = add_child(monkeypatch, page, f"单元{number}", units=[unit_id])
        # The person through the 更换/指定 dialog, as a user picks from the list.
        resident = compound.resident(number, 1)
        drive(monkeypatch, PersonDialog, lambda d, r=resident: d.picker.select_resident(r))
        click(page, "person")
        heads[unit_id] = node
        assert current_holder(ledger.db, node).person == PersonRef.resident(resident)
    assert [grid.get_node(ledger.db, n).level for n in (top, level2, level3)] == [1, 2, 3]
    assert all(grid.units_of(ledger.db, n) == [u] for u, n in heads.items())
    assert tab.coverage.problems == []
    assert "没有发现问题" in tab.coverage.summary.text()

    # A head moves out in the registry: flagged at once, in the panel and the tree.
    gone = compound.resident(2, 1)
    registry.change_status(ledger, gone, vocab.STATUS_MOVED_OUT, datetime.date.today())
    assert [p.kind for p in tab.coverage.problems] == [HOLDER_GONE]
    assert "已迁出" in tab.coverage.problems[0].text
    index = page.model.find(KIND_NODE, heads[compound.units[2]])
    assert "已迁出" in page.model.index(index.row(), 2, index.parent()).data()

    # Clicking the problem selects the node; a double click opens the replacement.
    page.select(KIND_NODE, top)
    view = tab.coverage.view
    QApplication.processEvents()
    point = view.visualRect(tab.coverage.model.index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert page.current().id == heads[compound.units[2]]
    successor = compound.resident(2, 2)
    drive(monkeypatch, PersonDialog, lambda d: (d.picker.select_resident(successor), d.note.setText("原单元长迁出")))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    rows = history(ledger.db, heads[compound.units[2]])
    assert [h.person.id for h in rows] == [successor, gone]
    assert rows[0].note == "原单元长迁出" and rows[1].end_date == datetime.date.today()
    assert tab.coverage.problems == []


def test_the_person_dialog_explains_a_refusal(monkeypatch, tab, ledger, compound):
    page = tab.grid_page
    page.view.setCurrentIndex(page.model.index(-1, -1))
    top = add_child(monkeypatch, page, "社区")
    registry.change_status(ledger, compound.resident(0, 2), vocab.STATUS_MOVED_OUT, datetime.date(2024, 1, 1))
    dialog = PersonDialog(ledger, top)
    assert not dialog.ok.isEnabled()
    dialog.picker.select_staff(compound.staff_id)
    assert dialog.ok.isEnabled()
    dialog.start.set_value(datetime.date.today() + datetime.timedelta(days=2))
    assert not dialog.ok.isEnabled() and "晚于今天" in dialog.error.text()
    dialog.close()


def test_node_dialog_validates_as_the_user_types(qtbot, tab, ledger, compound):
    top = grid.add_node(ledger, TREE_GRID, None, grid.NodeForm("社区"))
    l2 = grid.add_node(ledger, TREE_GRID, top, grid.NodeForm("小区"))
    l3 = grid.add_node(ledger, TREE_GRID, l2, grid.NodeForm("东片"))
    dialog = NodeDialog(ledger, TREE_GRID, parent_id=l3)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled() and dialog.units is not None
    dialog.units.model.set_checked(compound.units[1])
    qtbot.waitUntil(lambda: dialog.name.text() == "1栋2单元")  # named after its unit
    qtbot.waitUntil(dialog.ok.isEnabled)
    dialog.units.model.set_checked(compound.units[1], False)
    qtbot.waitUntil(lambda: not dialog.ok.isEnabled())
    assert "至少一个" in dialog.error.text()
    dialog.units.model.set_checked(compound.units[1])
    qtbot.keyClicks(dialog.name, "X")
    grid.add_node(ledger, TREE_GRID, l3, grid.NodeForm("1栋2单元X"), units=[compound.units[0]])
    dialog.name.setText("1栋2单元X")
    qtbot.waitUntil(lambda: "已有名为" in dialog.error.text())
    assert not dialog.ok.isEnabled()


def level4_tree(ledger, compound):
    top = grid.add_node(ledger, TREE_GRID, None, grid.NodeForm("社区"))
    l2 = grid.add_node(ledger, TREE_GRID, top, grid.NodeForm("小区"))
    east = grid.add_node(ledger, TREE_GRID, l2, grid.NodeForm("东片"))
    west = grid.add_node(ledger, TREE_GRID, l2, grid.NodeForm("西片"))
    a = grid.add_node(ledger, TREE_GRID, east, grid.NodeForm("甲"), units=compound.units[:2])
    b = grid.add_node(ledger, TREE_GRID, west, grid.NodeForm("乙"), units=[compound.units[2]])
    return top, l2, east, west, a, b


def mime_of(page, kind, record_id) -> QMimeData:
    return page.model.mimeData([page.model.find(kind, record_id)])


def test_drag_and_drop_refused_with_a_reason_and_accepted(tab, ledger, compound):
    top, l2, east, west, a, b = level4_tree(ledger, compound)
    page = tab.grid_page
    model = page.model
    move = Qt.DropAction.MoveAction
    # Refused: a level-3 node onto a level-4 node.
    data = mime_of(page, KIND_NODE, east)
    assert not model.canDropMimeData(data, move, -1, -1, model.find(KIND_NODE, b))
    assert "最末一级" in model.refusal
    assert not model.dropMimeData(data, move, -1, -1, model.find(KIND_NODE, b))
    assert grid.get_node(ledger.db, east).parent_id == l2
    # Refused: a unit onto a level-3 node, explained.
    data = mime_of(page, KIND_UNIT, compound.units[0])
    assert not model.canDropMimeData(data, move, -1, -1, model.find(KIND_NODE, west))
    assert "只能交给四级网格" in model.refusal
    # Accepted: the unit onto another unit head; and a level-4 node to the other level-3 node.
    model.dropMimeData(data, move, -1, -1, model.find(KIND_NODE, b))
    assert grid.owner_of_unit(ledger.db, compound.units[0]) == b
    data = mime_of(page, KIND_NODE, a)
    assert model.canDropMimeData(data, move, -1, -1, model.find(KIND_NODE, west))
    model.dropMimeData(data, move, -1, -1, model.find(KIND_NODE, west))
    assert grid.get_node(ledger.db, a).parent_id == west
    # The tree was reloaded from the change: the node now shows under 西片.
    moved = model.find(KIND_NODE, a)
    assert model.row_at(moved.parent()).id == west


def drag_over(view, index, data):
    """Send the events a drag over ``index`` delivers; returns the move event."""
    point = view.visualRect(index).center()
    enter = QDragEnterEvent(point, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), enter)
    move = QDragMoveEvent(point, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), move)
    return move


def test_a_refused_drag_explains_itself_in_the_hint_line(tab, ledger, compound):
    top, l2, east, west, a, b = level4_tree(ledger, compound)
    page = tab.grid_page
    view = page.view
    view.expandAll()
    QApplication.processEvents()
    event = drag_over(view, page.model.find(KIND_NODE, b), mime_of(page, KIND_NODE, east))
    assert not event.isAccepted()
    assert page.hint.text().startswith("不能放在这里：") and "最末一级" in page.hint.text()
    # Over an acceptable target the hint goes back to the usual tip.
    event = drag_over(view, page.model.find(KIND_NODE, west), mime_of(page, KIND_NODE, a))
    assert event.isAccepted()
    assert page.hint.text() == page.HINT
    QApplication.sendEvent(view.viewport(), QDragLeaveEvent())


def test_units_dialog_binds_and_takes_over_with_confirmation(monkeypatch, tab, ledger, compound):
    top, l2, east, west, a, b = level4_tree(ledger, compound)
    page = tab.grid_page
    page.select(KIND_NODE, b)
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda *args, **kw: asked.append(args[1]) or True)
    drive(monkeypatch, UnitsDialog, lambda d: (d.chooser.model.set_checked(compound.units[1]),
                                               d.chooser.model.set_checked(compound.units[3])))
    click(page, "units")
    assert asked and "已有楼栋单元长" in asked[0]
    assert grid.units_of(ledger.db, b) == [compound.units[1], compound.units[2], compound.units[3]]
    assert grid.units_of(ledger.db, a) == [compound.units[0]]


def test_delete_asks_where_the_children_go(monkeypatch, qtbot, tab, ledger, compound):
    top, l2, east, west, a, b = level4_tree(ledger, compound)
    page = tab.grid_page
    page.select(KIND_NODE, east)

    def fill(dialog):
        assert dialog.release.isEnabled() is False  # children cannot be released
        dialog.transfer.setChecked(True)
        dialog.target.setCurrentIndex(dialog.target.findData(west))

    drive(monkeypatch, DeleteNodeDialog, fill)
    tab.activateWindow()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)  # the Delete key, as the 删除… button
    assert grid.get_node(ledger.db, east).end_date is not None
    assert grid.get_node(ledger.db, a).parent_id == west
    assert page.model.find(KIND_NODE, east).isValid() is False


def test_party_page_drag_a_member_into_a_group(tab, ledger, compound):
    branch = grid.add_node(ledger, TREE_PARTY, None, grid.NodeForm("测试小区党支部"))
    group = grid.add_node(ledger, TREE_PARTY, branch, grid.NodeForm("第一党小组"))
    page = tab.party_page
    tab.pages.setCurrentWidget(page)
    model = page.model
    member = compound.party[0]
    move = Qt.DropAction.MoveAction
    data = mime_of(page, KIND_MEMBER, member)
    assert not model.canDropMimeData(data, move, -1, -1, model.find(KIND_NODE, branch))
    assert "只能编入党小组" in model.refusal
    model.dropMimeData(data, move, -1, -1, model.find(KIND_NODE, group))
    assert ledger.db.execute("SELECT branch, party_group FROM party_member WHERE resident_id = ?",
                             [member]).fetchone() == ("测试小区党支部", "第一党小组")
    # Back to 待编组 by dropping on the folder.
    model.dropMimeData(mime_of(page, KIND_MEMBER, member), move, -1, -1, model.find(KIND_UNGROUPED, KIND_UNGROUPED))
    assert party_org.get_member(ledger.db, member).group_id is None


def test_party_page_buttons(monkeypatch, tab, ledger, compound):
    from PySide6.QtWidgets import QInputDialog

    page = tab.party_page
    tab.pages.setCurrentWidget(page)
    monkeypatch.setattr(messages, "info", lambda *a, **k: None)
    # No party text in the registry: adopting explains what to do instead.
    click(page, "adopt")
    page.view.setCurrentIndex(page.model.index(-1, -1))
    drive(monkeypatch, NodeDialog, lambda d: (d.name.setText("支部"), d.name.setModified(True)))
    click(page, "add")
    branch = page.current().id
    drive(monkeypatch, NodeDialog, lambda d: (d.name.setText("第一党小组"), d.name.setModified(True)))
    click(page, "add")
    group = page.current().id
    assert grid.get_node(ledger.db, group).parent_id == branch
    page.select(KIND_MEMBER, compound.party[1])
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("支部 › 第一党小组", True))
    click(page, "place")
    assert party_org.get_member(ledger.db, compound.party[1]).group_id == group
    page.select(KIND_MEMBER, compound.party[1])
    click(page, "unplace")
    assert party_org.get_member(ledger.db, compound.party[1]).group_id is None


def test_contact_sheet_search_and_reveal(tab, qtbot, ledger, compound):
    top, l2, east, west, a, b = level4_tree(ledger, compound)
    from core.grid.people import assign_person

    head = compound.resident(2, 1)
    assign_person(ledger, b, PersonRef.resident(head))
    assign_person(ledger, top, PersonRef.staff(compound.staff_id))
    sheet = tab.contacts
    tab.pages.setCurrentWidget(sheet)
    assert sheet.model.rowCount() == 6
    name = registry.get_resident(ledger.db, head).name
    phone = registry.get_resident(ledger.db, head).phone
    qtbot.keyClicks(sheet.search, "2-1")
    assert sheet.model.rowCount() == 1 and sheet.model.row(0)["name"] == name
    shown = sheet.model.index(0, 4).data()
    assert shown != phone and "****" in shown
    sheet.select_row(0)
    sheet.reveal_button.click()
    assert sheet.model.index(0, 4).data() == phone
    sheet.reveal_button.click()
    assert sheet.model.index(0, 4).data() == shown
    sheet.search.clear()
    qtbot.keyClicks(sheet.search, "lsj")  # 刘书记 by pinyin initials
    assert [sheet.model.row(r)["name"] for r in range(sheet.model.rowCount())] == ["刘书记"]
    sheet.search.clear()
    qtbot.keyClicks(sheet.search, phone[-4:])
    assert sheet.model.rowCount() == 1
    sheet.party_radio.setChecked(True)
    sheet.search.clear()
    # No party organisation yet: the party members, all still 未编组.
    assert {sheet.model.row(r)["grid"] for r in range(sheet.model.rowCount())} == {"未编组"}
    assert sheet.model.rowCount() == len(compound.party)


def test_export_button_writes_the_table(monkeypatch, tab, ledger, compound, tmp_path):
    level4_tree(ledger, compound)
    target = tmp_path / "网格责任表"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    told = []
    monkeypatch.setattr(messages, "info", lambda parent, text, detail="": told.append(text))
    menu = tab.grid_page.export_button.menu()
    menu.actions()[0].trigger()
    assert told == ["已导出 6 个网格。"]
    sheet = openpyxl.load_workbook(tmp_path / "网格责任表.xlsx")["网格责任表"]
    assert [sheet.cell(r, 2).value for r in range(2, 8)] == ["社区", "小区", "东片", "甲", "西片", "乙"]
    assert sheet.cell(5, 9).value == "1栋1单元、1栋2单元"


def test_hidden_tab_refreshes_when_shown(tab, ledger, compound):
    tab.hide()
    grid.add_node(ledger, TREE_GRID, None, grid.NodeForm("社区"))
    assert tab.grid_page.model.rowCount() == 0 and tab._stale
    tab.show()
    assert tab.grid_page.model.rowCount() == 1


def test_show_record_opens_a_node(tab, ledger, compound):
    top, l2, east, west, a, b = level4_tree(ledger, compound)
    tab.pages.setCurrentWidget(tab.contacts)
    tab.show_record(b)
    assert tab.pages.currentWidget() is tab.grid_page and tab.grid_page.current().id == b


def test_demo_tab_opens_with_problems(qtbot, demo_ledger):
    hub = ChangeHub(demo_ledger)
    widget = GridTab(demo_ledger, hub)
    qtbot.addWidget(widget)
    widget.show()
    assert [p.kind for p in widget.coverage.problems] == [HOLDER_GONE, UNIT_UNCOVERED]
    assert widget.grid_page.model.rowCount() == 1
    assert widget.party_page.model.rowCount() == 0  # read when first opened
    widget.pages.setCurrentWidget(widget.party_page)
    assert widget.party_page.model.rowCount() == 2  # the branch and the 待编组 folder
    # Fix the uncovered unit from the panel: a new level-4 node under the right level-3 node.
    problem = widget.coverage.problems[1]
    dialog_seen = {}

    def fake_exec(self):
        dialog_seen["parent"] = grid.get_node(demo_ledger.db, self._parent_id).name
        dialog_seen["name"] = self.name.text()
        return 0

    from ui.grid import node_dialog

    original = node_dialog.NodeDialog.exec
    node_dialog.NodeDialog.exec = fake_exec
    try:
        widget.fix(problem)
    finally:
        node_dialog.NodeDialog.exec = original
    assert dialog_seen == {"parent": "西片（7—8栋）", "name": "8栋3单元"}
    hub.detach()


def test_the_resident_dialog_shows_the_party_tree_read_only(qtbot, ledger, compound):
    from ui.registry.resident_dialog import ResidentDialog

    member = compound.party[0]
    household = registry.get_resident(ledger.db, member).household_id
    dialog = ResidentDialog(ledger, household, member)
    qtbot.addWidget(dialog)
    assert not dialog.party_group.isReadOnly()  # no party tree yet: free text
    branch = grid.add_node(ledger, TREE_PARTY, None, grid.NodeForm("支部"))
    party_org.assign_member(ledger, member, grid.add_node(ledger, TREE_PARTY, branch, grid.NodeForm("一组")))
    dialog = ResidentDialog(ledger, household, member)
    qtbot.addWidget(dialog)
    assert dialog.party_group.isReadOnly() and dialog.party_group.text() == "一组"


def test_tab_is_registered_after_the_registry():
    from ui.tabs import TABS

    titles = [t.title for t in TABS]
    assert titles.index("网格") == titles.index("住户档案") + 1
    assert TABS[titles.index("网格")].load() is GridTab


def test_detail_with_nothing_selected_and_headed_columns_only(qtbot, ledger):
    """Nothing selected: a hint, no "电话 未登记"; the covered table shows only
    columns with a heading (下级网格, 党小组)."""
    from ui.grid.detail import DetailPanel

    panel = DetailPanel(ledger, empty_text="请在上面的树中选择党支部、党小组或党员")
    qtbot.addWidget(panel)
    panel.show()
    panel.show_row(None)
    assert panel.title.text() == "请在上面的树中选择党支部、党小组或党员"
    assert not panel.phone.isVisible()
    panel._covered("党小组（2）", ("", "", ""), [{"id": "a", "label": "第一党小组", "a": "", "b": "", "c": ""}])
    view = panel.covered_view
    assert [view.isColumnHidden(c) for c in range(4)] == [False, True, True, True]
    panel._covered("下级网格（1）", ("级别", "", ""), [{"id": "a", "label": "东片", "a": "三级网格", "b": "", "c": ""}])
    assert [view.isColumnHidden(c) for c in range(4)] == [False, False, True, True]
