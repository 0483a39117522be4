"""The rotation page, the checklist editor and the tab's registration,
driven through their dialogs; results read back from the database."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt

from core import inspections
from core.inspections import checklists
from core.inspections import rotation
from core.inspections.checklists import RESULT_PASS
from tests.ui.test_inspections_tab import boxes, click, drive, tab  # noqa: F401 (fixtures)
from ui.inspections.form import InspectionDialog
from ui.inspections.new_dialog import NewInspectionDialog
from ui.inspections.rotation_page import GenerateDialog, SlotDialog
from ui.inspections.templates_page import TemplateEditor, VersionsDialog
from ui.tabs import TABS

TODAY = datetime.date.today()
MONDAY = rotation.week_start(TODAY)


def test_tab_is_registered():
    spec = next(s for s in TABS if s.title == "检查")
    assert spec.load().__name__ == "InspectionsTab"
    assert hasattr(spec.load(), "show_record")


def test_generate_edit_and_record_a_hygiene_check(qtbot, monkeypatch, tab, ledger, site):
    page = tab.rotation_page
    tab.pages.setCurrentWidget(page)

    # GenerateDialog has no named OK button: accept() is what 生成 does.
    drive(monkeypatch, GenerateDialog, lambda d: (d.people.setPlainText("甲\n乙\n丙"),
                                                  d.first.set_value(MONDAY - datetime.timedelta(weeks=2)),
                                                  d.weeks.setValue(4), d.accept()))
    click(qtbot, page.buttons["generate"])
    count = ledger.db.execute("SELECT count(*) FROM rotation_slot").fetchone()[0]
    assert count == 4 * 4
    assert page.model.rowCount() == 4
    column = page.model.grid.weeks.index(MONDAY - datetime.timedelta(weeks=2))
    index = page.model.index(0, column)
    slot = index.data(Qt.ItemDataRole.UserRole + 20)
    assert slot.state == "未查"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f6c6c0"

    # hand edit one cell by double-click
    page.view.setCurrentIndex(index)
    edits = drive(monkeypatch, SlotDialog, lambda d: (d.person.edit.setText("张建国"), d.accept()))
    centre = page.view.visualRect(index).center()
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert edits
    row = ledger.db.execute("SELECT supervisor_name, edited FROM rotation_slot WHERE id = ?",
                            [slot.slot_id]).fetchone()
    assert row == ("张建国", 1)

    # record the check of that week: prefilled with the unit, the supervisor, the slot
    page.view.setCurrentIndex(page.model.index(0, column))

    def new_check(dialog: NewInspectionDialog) -> None:
        assert dialog.template.currentText().startswith("单元环境卫生")
        assert dialog.scope.currentText().strip() == "1栋1单元"
        assert dialog.inspectors.edit.text() == "张建国"
        dialog.ok.click()

    drive(monkeypatch, NewInspectionDialog, new_check)

    def fill(dialog: InspectionDialog) -> None:
        for card in dialog.cards:
            click(qtbot, card.buttons[RESULT_PASS])
        click(qtbot, dialog.buttons["complete"])

    forms = drive(monkeypatch, InspectionDialog, fill)
    click(qtbot, page.buttons["record"])
    made = inspections.get_inspection(ledger.db, forms[0].inspection_id)
    assert made.rotation_slot_id == slot.slot_id and made.completed
    assert made.date == MONDAY - datetime.timedelta(weeks=2) + datetime.timedelta(days=6)
    assert page.model.index(0, column).data(Qt.ItemDataRole.UserRole + 20).state == "完成"
    assert "已完成 1" in page.summary.text()


def test_edit_a_template_makes_a_new_version(qtbot, monkeypatch, tab, ledger, site):
    page = tab.templates_page
    tab.pages.setCurrentWidget(page)
    row = page.model.row_of(site.hygiene_id)
    page.view.selectRow(row)

    def edit(dialog: TemplateEditor) -> None:
        model = dialog.model
        model.item(0).setText("楼道整洁，无积尘")  # reword
        dialog.list.setCurrentIndex(model.index(2, 0))
        click(qtbot, dialog.item_buttons["remove"])  # retire the third
        dialog.list.setCurrentIndex(model.index(0, 0))
        click(qtbot, dialog.item_buttons["down"])
        click(qtbot, dialog.item_buttons["add"])
        model.item(model.rowCount() - 1).setText("消防通道畅通")
        dialog.accept()

    drive(monkeypatch, TemplateEditor, edit)
    click(qtbot, page.buttons["edit"])
    t = checklists.get_template(ledger.db, site.hygiene_id)
    assert t.version_number == 2
    texts = [i.text for i in t.items]
    assert texts[:2] == ["楼道无乱堆乱放", "楼道整洁，无积尘"]
    assert "墙面无小广告、无乱涂乱画" not in texts and texts[-1] == "消防通道畅通"
    assert page.items.rowCount() == len(texts)
    assert "第 2 版" in page.model.row(page.model.row_of(site.hygiene_id))["version"]

    seen = drive(monkeypatch, VersionsDialog, lambda d: d.reject())
    click(qtbot, page.buttons["history"])
    assert seen[0].model.rowCount() == 2 and seen[0].items.rowCount() == len(texts)


def test_new_template_and_retire(qtbot, monkeypatch, tab, ledger, site, boxes):  # noqa: F811
    page = tab.templates_page

    def create(dialog: TemplateEditor) -> None:
        dialog.name.setText("电动车充电检查")
        for text in ("无飞线充电", "无楼道停放电动车"):
            click(qtbot, dialog.item_buttons["add"])
            dialog.model.item(dialog.model.rowCount() - 1).setText(text)
        dialog.scope.setCurrentIndex(dialog.scope.findData("building"))
        dialog.accept()

    drive(monkeypatch, TemplateEditor, create)
    click(qtbot, page.buttons["new"])
    made = [t for t in checklists.list_templates(ledger.db) if t.name == "电动车充电检查"]
    assert len(made) == 1 and made[0].scope_kind == "building" and len(made[0].items) == 2
    page.view.selectRow(page.model.row_of(made[0].id))
    click(qtbot, page.buttons["retire"])
    assert checklists.get_template(ledger.db, made[0].id).retired
    assert tab.list_page.template.findText("电动车充电检查（已停用）") >= 0


@pytest.mark.parametrize("size", ["特大"])
def test_main_window_shows_the_tab_on_the_demo(qtbot, demo_ledger, size):
    from ui import settings
    from ui.main_window import MainWindow

    settings.apply_text_size(size, save=False)
    try:
        window = MainWindow(demo_ledger)
        qtbot.addWidget(window)
        window.show()
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert "检查" in titles
        window.tabs.setCurrentIndex(titles.index("检查"))
        tab = window.tab("检查")
        assert tab.list_page.model.total > 250
        assert "已逾期" in tab.alert.text()
        for n in range(tab.pages.count()):
            tab.pages.setCurrentIndex(n)
            assert not tab.pages.currentWidget().grab().isNull()
    finally:
        settings.apply_text_size("标准", save=False)
