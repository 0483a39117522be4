"""The inspections tab driven as a user would: a unit inspected with a photo
on a failing item, the rectification closed with an after photo, and the
matrix turning green after a re-inspection. Every result is read back from
the database."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from core import inspections, photos
from core.inspections import compliance
from core.inspections import rectifications
from core.inspections.checklists import RESULT_FAIL, RESULT_PASS
from tests import photo_files as pf
from ui import messages
from ui.changes import ChangeHub
from ui.inspections.fix_dialogs import CloseDialog
from ui.inspections.form import InspectionDialog
from ui.inspections.models import CellRole
from ui.inspections.new_dialog import NewInspectionDialog
from ui.inspections.style import RESULT_BACKGROUND
from ui.inspections.tab import InspectionsTab

TODAY = datetime.date.today()


class Recorder:
    """Stands in for a message box; remembers what it was asked."""

    def __init__(self, answer: object = True) -> None:
        self.calls: list[str] = []
        self.answer = answer

    def __call__(self, _parent, text: str, *args, **kwargs):
        self.calls.append(text)
        return self.answer


@pytest.fixture
def boxes(monkeypatch) -> dict[str, Recorder]:
    recorders = {name: Recorder() for name in ("info", "warn", "error", "confirm")}
    for name, recorder in recorders.items():
        monkeypatch.setattr(messages, name, recorder)
    return recorders


@pytest.fixture
def tab(qtbot, ledger, site, boxes) -> InspectionsTab:
    hub = ChangeHub(ledger)
    widget = InspectionsTab(ledger, hub)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    hub.detach()


def drive(monkeypatch, cls: type[QDialog], steps: Callable[[QDialog], None]) -> list[QDialog]:
    """Replace ``cls.exec``: show the dialog, run ``steps`` on it (which end by
    clicking OK or cancel), return its result. Returns the dialogs seen."""
    seen: list[QDialog] = []

    def exec_(self: QDialog) -> int:
        seen.append(self)
        self.show()
        steps(self)
        return self.result()

    monkeypatch.setattr(cls, "exec", exec_)
    return seen


def give_files(monkeypatch, *paths: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(p) for p in paths], "")))


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def add_photo_via(qtbot, gallery) -> None:
    click(qtbot, gallery.buttons["add"])
    qtbot.waitUntil(lambda: gallery.task is not None and gallery.task.done, timeout=15000)


def choose(scope_label: str, template: str = "九个有") -> Callable[[NewInspectionDialog], None]:
    def steps(dialog: NewInspectionDialog) -> None:
        dialog.template.setCurrentIndex(next(
            i for i in range(dialog.template.count()) if dialog.template.itemText(i).startswith(template)))
        dialog.scope.setCurrentIndex(next(
            i for i in range(dialog.scope.count()) if dialog.scope.itemText(i).strip() == scope_label))
        dialog.inspectors.edit.setText("刘主任、王志勇")
        dialog.ok.click()
    return steps


def matrix_cell(tab: InspectionsTab, unit: str, position: int):
    page = tab.compliance_page
    index = page.cell_index(unit, position)
    return index, index.data(CellRole)


def test_inspect_fix_and_reinspect_turns_the_matrix(qtbot, monkeypatch, tab, ledger, site, tmp_path, boxes):
    before_jpeg = pf.write_jpeg(tmp_path / "门禁坏.jpg", colour="darkred")
    after_jpeg = pf.write_jpeg(tmp_path / "门禁修好.jpg", colour="seagreen")

    # 1. A new inspection of 1栋1单元: 门禁 fails, with a photo, the rest pass.
    drive(monkeypatch, NewInspectionDialog, choose("1栋1单元"))

    def fill_failing(dialog: InspectionDialog) -> None:
        for card in dialog.cards:
            click(qtbot, card.buttons[RESULT_FAIL if card.row.position == 4 else RESULT_PASS])
        door = dialog.cards[3]
        assert door.fix_box.isVisible()
        assert door.deadline.value() == inspections.proposed_deadline(TODAY)
        door.remark.setText("读卡器损坏")  # QTest cannot type Chinese
        door.responsible.edit.setText("李秀英")
        give_files(monkeypatch, before_jpeg)
        add_photo_via(qtbot, door.photos)
        assert door.photos.model.rowCount() == 1
        assert "达标率 89%" in dialog.summary.text()
        click(qtbot, dialog.buttons["complete"])

    forms = drive(monkeypatch, InspectionDialog, fill_failing)
    click(qtbot, tab.list_page.buttons["new"])
    assert forms and forms[0].outcome == "completed"
    first = forms[0].inspection_id
    done = inspections.get_inspection(ledger.db, first)
    assert done.status == "已完成" and done.scope_label == "1栋1单元"
    assert [i.name for i in done.inspectors] == ["刘主任", "王志勇"]
    door_row = done.results[3]
    assert (door_row.result, door_row.remark) == (RESULT_FAIL, "读卡器损坏")
    before = photos.list_photos(ledger.db, "inspection_item", door_row.id)
    assert [p.original_name for p in before] == ["门禁坏.jpg"]

    # 2. The rectification appears, selected, on the 整改 page.
    assert tab.pages.currentWidget() is tab.fix_page
    assert tab.fix_page.model.rowCount() == 1
    rect = rectifications.rectification_of_result(ledger.db, door_row.id)
    assert (rect.status, rect.responsible_name) == ("待整改", "李秀英")
    assert tab.fix_page.selected_id() == rect.id
    assert "已逾期" not in tab.alert.text() and "未完成整改 1 项" in tab.alert.text()
    index, cell = matrix_cell(tab, "1栋1单元", 4)
    assert cell.result == RESULT_FAIL and cell.inspection_id == first
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == RESULT_BACKGROUND[RESULT_FAIL]
    assert matrix_cell(tab, "1栋2单元", 4)[1].result == ""

    # 3. Close it with an after photo.
    def close_with_photo(dialog: CloseDialog) -> None:
        before_gallery, after_gallery = dialog.galleries
        assert before_gallery.model.rowCount() == 1 and before_gallery.read_only
        click(qtbot, dialog.ok)  # no note yet: refused, nothing written
        assert dialog.error.isVisible() and "整改情况" in dialog.error.text()
        assert rectifications.get_rectification(ledger.db, rect.id).status == "待整改"
        give_files(monkeypatch, after_jpeg)
        add_photo_via(qtbot, after_gallery)
        dialog.note.setPlainText("更换读卡器")
        click(qtbot, dialog.ok)

    drive(monkeypatch, CloseDialog, close_with_photo)
    click(qtbot, tab.fix_page.buttons["close"])
    closed = rectifications.get_rectification(ledger.db, rect.id)
    assert (closed.status, closed.close_note, closed.closed_date) == ("已完成", "更换读卡器", TODAY)
    after = photos.list_photos(ledger.db, "rectification", rect.id, slot="after")
    assert [p.original_name for p in after] == ["门禁修好.jpg"]
    # closed but not yet re-inspected: still red, marked as fixed
    index, cell = matrix_cell(tab, "1栋1单元", 4)
    assert cell.result == RESULT_FAIL and tab.compliance_page.model.fix_text(cell) == "已整改待复查"

    # 4. A re-inspection of the unit: all 达标; the cell turns green.
    drive(monkeypatch, NewInspectionDialog, choose("1栋1单元"))

    def all_pass(dialog: InspectionDialog) -> None:
        for card in dialog.cards:
            click(qtbot, card.buttons[RESULT_PASS])
        click(qtbot, dialog.buttons["complete"])

    forms = drive(monkeypatch, InspectionDialog, all_pass)
    tab.new_inspection()
    second = forms[0].inspection_id
    matrix = compliance.compliance_matrix(ledger.db, site.nine_id, site.compound_id)
    assert matrix.cell(0, 3).result == RESULT_PASS and matrix.cell(0, 3).inspection_id == second
    index, cell = matrix_cell(tab, "1栋1单元", 4)
    assert cell.result == RESULT_PASS
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == RESULT_BACKGROUND[RESULT_PASS]

    # 5. Clicking the cell opens the inspection behind it.
    opened = drive(monkeypatch, InspectionDialog, lambda d: d.reject())
    tab.pages.setCurrentWidget(tab.compliance_page)
    view = tab.compliance_page.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert [d.inspection_id for d in opened] == [second]
    assert opened[0].read_only


def test_completing_shows_what_is_missing_and_saves_nothing(qtbot, monkeypatch, tab, ledger, site):
    iid = inspections.start_inspection(ledger, site.nine_id, date=TODAY, scope_kind="unit",
                                       scope_id=site.units[1])

    def half(dialog: InspectionDialog) -> None:
        click(qtbot, dialog.cards[0].buttons[RESULT_PASS])
        click(qtbot, dialog.cards[1].buttons[RESULT_FAIL])
        click(qtbot, dialog.buttons["complete"])  # no inspector
        assert "检查人" in dialog.error.text()
        dialog.inspectors.edit.setText("刘主任")
        click(qtbot, dialog.buttons["complete"])  # item 2 has no responsible person
        assert dialog.cards[1].error.isVisible()
        assert "整改责任人" in dialog.cards[1].error.text()
        assert inspections.get_inspection(ledger.db, iid).results[0].result == ""
        click(qtbot, dialog.buttons["save"])  # a half-filled draft saves

    drive(monkeypatch, InspectionDialog, half)
    tab.open_inspection(iid)
    saved = inspections.get_inspection(ledger.db, iid)
    assert saved.status == "草稿"
    assert [r.result for r in saved.results[:3]] == [RESULT_PASS, RESULT_FAIL, ""]
    assert saved.inspectors[0].name == "刘主任"
    assert ledger.db.execute("SELECT count(*) FROM rectification").fetchone()[0] == 0


def test_cancelling_a_new_inspection_discards_the_draft(qtbot, monkeypatch, tab, ledger, boxes):
    drive(monkeypatch, NewInspectionDialog, choose("2栋1单元", "单元环境卫生"))
    forms = drive(monkeypatch, InspectionDialog, lambda d: click(qtbot, d.buttons["cancel"]))
    tab.new_inspection()
    assert forms[0].outcome == "discarded"
    assert boxes["confirm"].calls == ["放弃这次检查？"]
    assert ledger.db.execute("SELECT count(*) FROM inspection").fetchone()[0] == 0


def test_delete_draft_from_the_list(qtbot, tab, ledger, site, boxes):
    iid = inspections.start_inspection(ledger, site.nine_id, date=TODAY, scope_kind="compound",
                                       scope_id=site.compound_id)
    page = tab.list_page
    assert page.select(iid)
    click(qtbot, page.buttons["delete"])
    assert boxes["confirm"].calls
    assert ledger.db.execute("SELECT count(*) FROM inspection").fetchone()[0] == 0
    assert page.model.rowCount() == 0


def test_list_filters(qtbot, tab, ledger, site):
    def make(scope_kind, scope_id, fail, date):
        iid = inspections.start_inspection(ledger, site.nine_id, date=date, scope_kind=scope_kind,
                                           scope_id=scope_id, inspectors=[inspections.Inspector("甲")])
        rows = inspections.get_inspection(ledger.db, iid).results
        entries = {r.id: inspections.ResultEntry(RESULT_PASS) for r in rows}
        if fail:
            entries[rows[0].id] = inspections.ResultEntry(RESULT_FAIL, "", "乙", None, date)
        inspections.save_inspection(ledger, iid, entries=entries, complete=True)
        return iid

    a = make("unit", site.units[0], True, TODAY - datetime.timedelta(days=30))
    b = make("building", site.buildings[1], False, TODAY)
    page = tab.list_page
    assert page.model.rowCount() == 2
    page.outcome.setCurrentText("有不达标")
    assert [page.model.id_at(r) for r in range(page.model.rowCount())] == [a]
    page.outcome.setCurrentText("全部结果")
    page.scope.setCurrentIndex(page.scope.findData(f"building|{site.buildings[1]}"))
    assert [page.model.id_at(r) for r in range(page.model.rowCount())] == [b]
    page.scope.setCurrentIndex(0)
    page.date_from.set_value(TODAY - datetime.timedelta(days=7))
    assert [page.model.id_at(r) for r in range(page.model.rowCount())] == [b]


def test_show_record_and_overdue_alert(qtbot, tab, ledger, site):
    past = TODAY - datetime.timedelta(days=20)
    iid = inspections.start_inspection(ledger, site.nine_id, date=past, scope_kind="unit",
                                       scope_id=site.units[2], inspectors=[inspections.Inspector("甲")])
    rows = inspections.get_inspection(ledger.db, iid).results
    entries = {r.id: inspections.ResultEntry(RESULT_PASS) for r in rows}
    entries[rows[4].id] = inspections.ResultEntry(RESULT_FAIL, "灭火器过期", "乙", None,
                                                  past + datetime.timedelta(days=5))
    (rid,) = inspections.save_inspection(ledger, iid, entries=entries, complete=True)
    assert "有 1 项整改已逾期" in tab.alert.text()
    tab.pages.setCurrentIndex(0)
    tab.show_record(rid)
    assert tab.pages.currentWidget() is tab.fix_page
    assert tab.fix_page.selected_id() == rid
    row = tab.fix_page.model.row_of(rid)
    colour = tab.fix_page.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).color()
    assert colour.name() == "#c0392b"
    assert "逾期 15 天" in tab.fix_page.detail.fields["deadline"].text()
    tab.show_overdue()
    assert tab.fix_page.status.currentText() == "已逾期"
    assert tab.fix_page.model.rowCount() == 1


def test_keys_rest_pass_and_overall_photos(qtbot, monkeypatch, tab, ledger, site, tmp_path):
    jpeg = pf.write_jpeg(tmp_path / "全景.jpg")
    iid = inspections.start_inspection(ledger, site.hygiene_id, date=TODAY, scope_kind="unit",
                                       scope_id=site.units[0], inspectors=[inspections.Inspector("甲")])

    def by_keys(dialog: InspectionDialog) -> None:
        first, second = dialog.cards[0], dialog.cards[1]
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        assert first.buttons[RESULT_PASS].hasFocus()  # the first unanswered item
        qtbot.keyClick(first.buttons[RESULT_PASS], Qt.Key.Key_1)
        assert first.result() == RESULT_PASS
        assert second.buttons[RESULT_PASS].hasFocus()
        qtbot.keyClick(second.buttons[RESULT_PASS], Qt.Key.Key_3)
        assert second.result() == "不适用"
        qtbot.keyClick(dialog.cards[2].buttons[RESULT_PASS], Qt.Key.Key_2)
        assert dialog.cards[2].result() == RESULT_FAIL and dialog.cards[2].remark.hasFocus()
        dialog.cards[2].responsible.edit.setText("乙")
        click(qtbot, dialog.buttons["rest_pass"])
        assert all(card.result() for card in dialog.cards)
        give_files(monkeypatch, jpeg)
        add_photo_via(qtbot, dialog.overall)
        click(qtbot, dialog.buttons["complete"])

    dialog = drive(monkeypatch, InspectionDialog, by_keys)
    tab.open_inspection(iid)
    assert dialog[0].outcome == "completed"
    done = inspections.get_inspection(ledger.db, iid)
    assert [r.result for r in done.results[:4]] == [RESULT_PASS, "不适用", RESULT_FAIL, RESULT_PASS]
    assert [p.original_name for p in photos.list_photos(ledger.db, "inspection", iid)] == ["全景.jpg"]
    row = tab.list_page.model.row(tab.list_page.model.row_of(iid))
    assert row["photos"] == 1
