"""The campaigns tab, driven as a user would; results read back from the database."""

from __future__ import annotations

import datetime
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from core.campaigns import metrics as cm
from core import campaigns, registry
from core.campaigns.stats import totals
from ui import messages
from ui.campaigns.campaign_dialog import CampaignDialog
from ui.campaigns.entry_dialog import EntryDialog
from ui.campaigns.metrics_dialog import MetricsDialog
from ui.campaigns.models import MetRole, ProgressRole
from ui.campaigns.tab import CampaignsTab
from ui.changes import ChangeHub

TODAY = datetime.date(2025, 6, 1)
START = datetime.date(2025, 5, 1)


@pytest.fixture
def office(ledger):
    """A compound with a resident and two partner units; no campaign yet."""
    community = registry.ensure_community(ledger, "幸福路社区")
    registry.create_compound(ledger, community, registry.CompoundForm(
        "红星机械厂生活区", buildings=2, units_per_building=2, floors=2, rooms_per_floor=2))
    household = ledger.db.execute("SELECT id FROM household ORDER BY room LIMIT 1").fetchone()[0]
    registry.add_resident(ledger, household, registry.ResidentForm("张建国"))
    campaigns.add_partner_unit(ledger, community, "市城市管理局", "市直单位")
    campaigns.add_partner_unit(ledger, community, "小区居民志愿队", "居民志愿队")
    return community


@pytest.fixture
def tab(qtbot, ledger, office):
    hub = ChangeHub(ledger)
    widget = CampaignsTab(ledger, hub, today=TODAY)
    qtbot.addWidget(widget)
    yield widget
    hub.detach()


def _qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _create_campaign(tab: CampaignsTab, monkeypatch, qtbot) -> str:
    dialogs: list[CampaignDialog] = []

    def run(dialog: CampaignDialog) -> int:
        dialogs.append(dialog)
        dialog.name.setText("弃管小区环境综合整治")
        dialog.start.setDate(_qdate(START))
        dialog.end.setDate(_qdate(START + datetime.timedelta(days=29)))
        for box in dialog.partner_boxes.values():
            box.setChecked(True)
        dialog.new_unit.setText("区住建局")
        dialog.new_kind.setCurrentText("区直单位")
        qtbot.mouseClick(dialog.add_unit_button, Qt.MouseButton.LeftButton)
        dialog.goals.fields["garbage"].setText("10")
        dialog.goals.fields["parking"].setText("12")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(CampaignDialog, "exec", run)
    qtbot.mouseClick(tab.buttons["new_campaign"], Qt.MouseButton.LeftButton)
    assert dialogs and dialogs[0].result()
    return dialogs[0].campaign_id


def _log_day(tab: CampaignsTab, monkeypatch, day: datetime.date, place: str, amounts: dict[str, str],
             volunteers: list[tuple[str, str]], head: int | None = None) -> EntryDialog:
    seen: list[EntryDialog] = []

    def run(dialog: EntryDialog) -> int:
        seen.append(dialog)
        dialog.date.setDate(_qdate(day))
        dialog.place.setEditText(place)
        for key, text in amounts.items():
            dialog.quantities.fields[key].setText(text)
        for name, hours in volunteers:
            editor = dialog.volunteers
            if name == "张建国":
                editor.name.setText("张建")
                editor.name.textEdited.emit("张建")
                editor.name.setText(next(iter(editor._matches)))
            else:
                editor.name.setText(name)
                editor.unit.setCurrentText("市城市管理局")
            editor.hours.setText(hours)
            editor.add_typed()
        if head is not None:
            dialog.head_count.setFocus()
            dialog._head_touched = True
            dialog.head_count.setValue(head)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", run)
    tab.buttons["add_entry"].click()
    return seen[0]


def test_create_campaign_log_three_days_and_see_totals(tab, ledger, monkeypatch, qtbot) -> None:
    campaign_id = _create_campaign(tab, monkeypatch, qtbot)
    campaign = campaigns.get_campaign(ledger.db, campaign_id)
    assert campaign.name == "弃管小区环境综合整治" and campaign.days == 30
    assert len(campaign.partner_unit_ids) == 3  # two ticked, one added on the spot
    assert campaign.goals == {"garbage": Decimal(10), "parking": Decimal(12)}
    assert tab.campaign_id == campaign_id and tab.title.text() == "弃管小区环境综合整治"

    _log_day(tab, monkeypatch, START, "1栋1单元", {"garbage": "4.1", "demolish": "3"},
             [("张建国", "3"), ("王市民", "2.5")], head=15)
    _log_day(tab, monkeypatch, START + datetime.timedelta(days=1), "北侧绿化带", {"garbage": "4.1"},
             [("王市民", "4")])
    dialog = _log_day(tab, monkeypatch, START + datetime.timedelta(days=2), "2号楼",
                      {"garbage": "0.1", "parking": "12"}, [])
    assert dialog.saved

    db = ledger.db
    assert db.execute("SELECT count(*) FROM campaign_entry").fetchone()[0] == 3
    entry = campaigns.get_entry(db, dialog.entry_id)
    assert entry.place == "2栋" and entry.quantities == {"garbage": Decimal("0.1"), "parking": Decimal(12)}
    first = db.execute("SELECT id FROM campaign_entry WHERE date = ?", [START.isoformat()]).fetchone()[0]
    first_entry = campaigns.get_entry(db, first)
    assert first_entry.head_count == 15
    assert [(v.name, v.hours, bool(v.resident_id)) for v in first_entry.volunteers] == [
        ("张建国", Decimal(3), True), ("王市民", Decimal("2.5"), False)]
    assert db.execute("SELECT sum(amount) FROM campaign_quantity WHERE metric = 'garbage'").fetchone()[0] == 83000

    # The log shows the three days, the latest first.
    assert tab.log.model.rowCount() == 3
    assert tab.log.model.row(0)["date"] == (START + datetime.timedelta(days=2)).isoformat()

    # Totals and goal progress, as the tab shows them.
    tab.pages.setCurrentWidget(tab.totals)
    model = tab.totals.model
    rows = {model.row(r)["id"]: r for r in range(model.rowCount())}
    progress = model.PROGRESS_COLUMN
    garbage = rows["garbage"]
    assert model.index(garbage, 2).data() == "8.3 吨"  # 4.1 + 4.1 + 0.1, no float noise
    assert model.index(garbage, 1).data() == "10 吨"
    assert model.index(garbage, progress).data() == "83%"
    assert model.index(garbage, progress).data(ProgressRole) == 83
    assert model.index(garbage, progress).data(MetRole) is False
    assert model.index(garbage, 3).data() == "1.7 吨"
    parking = rows["parking"]
    assert model.index(parking, progress).data() == "100%" and model.index(parking, progress).data(MetRole)
    assert model.index(parking, 3).data() == "已完成"
    assert model.index(rows["demolish"], progress).data(ProgressRole) is None
    assert "记录 3 条" in tab.totals.summary.text() and "志愿服务 9.5 小时" in tab.totals.summary.text()
    garbage_total = next(t for t in totals(db, campaign_id) if t.metric.key == "garbage")
    assert garbage_total.total == Decimal("8.3")

    # Volunteers: hours per person.
    tab.pages.setCurrentWidget(tab.volunteers)
    people = tab.volunteers.people
    by_name = {people.row(r)["name"]: people.row(r) for r in range(people.rowCount())}
    assert by_name["王市民"]["hours"] == Decimal("6.5") and by_name["王市民"]["days"] == 2
    assert by_name["张建国"]["address"] == "1栋1单元101"

    # A date range.
    tab.whole.setChecked(False)
    tab.start.setDate(_qdate(START + datetime.timedelta(days=1)))
    tab.end.setDate(_qdate(START + datetime.timedelta(days=1)))
    tab.pages.setCurrentWidget(tab.totals)
    rows = {model.row(r)["id"]: r for r in range(model.rowCount())}
    assert model.index(rows["garbage"], 2).data() == "4.1 吨"
    assert tab.log.model.rowCount() == 1


def test_entry_form_checks_as_you_type(tab, ledger, monkeypatch, qtbot) -> None:
    campaign_id = _create_campaign(tab, monkeypatch, qtbot)
    dialog = EntryDialog(ledger, tab.hub, campaign_id, parent=tab, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date.setDate(_qdate(START))
    dialog.place.setEditText("北侧绿化带")
    dialog.quantities.fields["garbage"].setText("3.25")
    assert not dialog.ok.isEnabled()
    assert dialog.quantities.first_error() == "清运垃圾最多保留 1 位小数"
    dialog.quantities.fields["garbage"].setText("-3")
    assert dialog.quantities.first_error() == "清运垃圾不能是负数"
    dialog.quantities.fields["garbage"].setText("3.2")
    assert dialog.ok.isEnabled()

    for name in ("甲", "乙", "丙"):
        dialog.volunteers.name.setText(name)
        dialog.volunteers.add_typed()
    assert dialog.head_count.value() == 3  # follows the named volunteers until edited
    dialog._head_touched = True
    dialog.head_count.setValue(2)
    assert not dialog.ok.isEnabled()
    assert "少于登记了姓名的志愿者 3 人" in dialog.errors["head_count"].text()
    dialog.head_count.setValue(9)
    model = dialog.volunteers.model
    model.setData(model.index(0, model.HOURS_COLUMN), "30")
    assert not dialog.ok.isEnabled() and "24 小时" in dialog.errors["volunteers"].text()
    model.setData(model.index(0, model.HOURS_COLUMN), "2")
    assert dialog.ok.isEnabled()
    dialog.accept()
    assert ledger.db.execute("SELECT head_count FROM campaign_entry").fetchone()[0] == 9


def test_date_outside_the_campaign_asks_first(tab, ledger, monkeypatch, qtbot) -> None:
    campaign_id = _create_campaign(tab, monkeypatch, qtbot)
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(_parent, text, *args, **kwargs) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(messages, "confirm", confirm)
    dialog = EntryDialog(ledger, tab.hub, campaign_id, parent=tab, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date.setDate(_qdate(START - datetime.timedelta(days=3)))
    assert dialog.date_warning.isVisibleTo(dialog)
    dialog.place.setEditText("北侧绿化带")
    dialog.quantities.fields["garbage"].setText("1")
    dialog.accept()
    assert asked and "不在行动" in asked[0]
    assert ledger.db.execute("SELECT count(*) FROM campaign_entry").fetchone()[0] == 0
    dialog.accept()
    assert ledger.db.execute("SELECT date FROM campaign_entry").fetchone()[0] == "2025-04-28"


def test_edit_and_delete_an_entry(tab, ledger, monkeypatch, qtbot) -> None:
    campaign_id = _create_campaign(tab, monkeypatch, qtbot)
    _log_day(tab, monkeypatch, START, "1栋1单元", {"garbage": "2"}, [("王市民", "3")])
    assert tab.log.selected() is not None and tab.buttons["edit_entry"].isEnabled()

    def edit(dialog: EntryDialog) -> int:
        assert dialog.quantities.fields["garbage"].text() == "2"
        assert dialog.volunteers.model.rowCount() == 1
        dialog.quantities.fields["garbage"].setText("2.5")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", edit)
    tab.buttons["edit_entry"].click()
    assert ledger.db.execute("SELECT amount FROM campaign_quantity").fetchone()[0] == 25000
    assert ledger.db.execute("SELECT count(*) FROM campaign_entry").fetchone()[0] == 1

    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    tab.buttons["delete_entry"].click()
    assert ledger.db.execute("SELECT count(*) FROM campaign_entry").fetchone()[0] == 0
    assert tab.log.model.rowCount() == 0
    tab.buttons["delete_campaign"].click()
    assert ledger.db.execute("SELECT count(*) FROM campaign WHERE id = ?", [campaign_id]).fetchone()[0] == 0
    assert tab.title.text() == "还没有整治行动"


def test_copy_previous_volunteers(tab, ledger, monkeypatch, qtbot) -> None:
    campaign_id = _create_campaign(tab, monkeypatch, qtbot)
    _log_day(tab, monkeypatch, START, "1栋1单元", {"garbage": "2"}, [("王市民", "3"), ("张建国", "2")])
    dialog = EntryDialog(ledger, tab.hub, campaign_id, parent=tab, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date.setDate(_qdate(START + datetime.timedelta(days=1)))
    qtbot.mouseClick(dialog.volunteers.copy_button, Qt.MouseButton.LeftButton)
    rows = dialog.volunteers.model.rows()
    assert [(r.name, r.hours) for r in rows] == [("王市民", "3"), ("张建国", "2")]
    assert rows[1].resident_id and rows[1].address == "1栋1单元101"
    assert dialog.head_count.value() == 2


def test_export_button_writes_the_workbook(tab, ledger, monkeypatch, qtbot, tmp_path) -> None:
    _create_campaign(tab, monkeypatch, qtbot)
    _log_day(tab, monkeypatch, START, "1栋1单元", {"garbage": "0.1", "investment": "0.2"}, [("王市民", "3")])
    _log_day(tab, monkeypatch, START, "1栋2单元", {"garbage": "0.2", "investment": "0.1"}, [])
    target = tmp_path / "导出.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    said: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _p, text, detail="": said.append(text))
    tab.buttons["export"].click()
    qtbot.waitUntil(lambda: tab.export_task.done)
    assert said == ["已导出 2 条记录。"]
    book = openpyxl.load_workbook(target)
    rows = {row[0].value: row for row in book["合计"].iter_rows() if row[0].value}
    assert str(rows["清运垃圾"][2].value) == "0.3" and str(rows["投资"][2].value) == "0.3"
    assert book["志愿者"]["A2"].value == "王市民"


def test_custom_metric_appears_in_the_entry_form(tab, ledger, office, monkeypatch, qtbot) -> None:
    campaign_id = _create_campaign(tab, monkeypatch, qtbot)
    dialog = MetricsDialog(ledger, office, tab)
    qtbot.addWidget(dialog)
    dialog.name.setText("修剪树木")
    dialog.unit.setText("棵")
    dialog.add_button.click()
    assert any(m.name == "修剪树木" for m in cm.metrics(ledger.db))
    dialog.name.setText("清运垃圾")
    dialog.unit.setText("吨")
    dialog.add_button.click()
    assert "内置指标" in dialog.error.text()
    key = next(m.key for m in cm.metrics(ledger.db) if m.name == "修剪树木")
    entry = EntryDialog(ledger, tab.hub, campaign_id, parent=tab, today=TODAY)
    qtbot.addWidget(entry)
    assert key in entry.quantities.fields
    entry.quantities.fields[key].setText("1.5")
    assert entry.quantities.first_error() == "修剪树木只能填整数"


def test_show_record_opens_the_entry(tab, ledger, monkeypatch, qtbot) -> None:
    _create_campaign(tab, monkeypatch, qtbot)
    _log_day(tab, monkeypatch, START, "1栋1单元", {"garbage": "2"}, [])
    entry_id = _log_day(tab, monkeypatch, START + datetime.timedelta(days=1), "北侧", {"garbage": "1"}, []).entry_id
    tab.pages.setCurrentWidget(tab.chart)
    tab.show_record(entry_id)
    assert tab.pages.currentWidget() is tab.log and tab.log.selected() == entry_id


def _jpeg(tmp_path, name: str, colour: str):
    from tests.photo_files import jpeg_bytes

    path = tmp_path / name
    path.write_bytes(jpeg_bytes(colour=colour))
    return path


def test_before_and_after_photos_of_a_new_entry(tab, ledger, monkeypatch, qtbot, tmp_path) -> None:
    from core import photos

    campaign_id = _create_campaign(tab, monkeypatch, qtbot)
    dialog = EntryDialog(ledger, tab.hub, campaign_id, parent=tab, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date.setDate(_qdate(START))
    dialog.place.setEditText("北侧绿化带")
    dialog.quantities.fields["greening"].setText("120")
    dialog.before.add_files([_jpeg(tmp_path, "前.jpg", "brown")])
    qtbot.waitUntil(lambda: dialog.before.task.done)
    dialog.after.add_files([_jpeg(tmp_path, "后.jpg", "green")])
    qtbot.waitUntil(lambda: dialog.after.task.done)
    assert dialog.before.model.rowCount() == 1 and dialog.after.model.rowCount() == 1
    dialog.accept()
    entry_id = dialog.entry_id
    assert [p.slot for p in photos.list_photos(ledger.db, campaigns.PHOTO_OWNER, entry_id)] == ["before", "after"]

    # The log shows them side by side for the selected entry, and counts them.
    assert tab.log.select(entry_id)
    assert tab.log.before.model.rowCount() == 1 and tab.log.after.model.rowCount() == 1
    assert tab.log.model.row(0)["photos"] == 2

    # Cancelling a new entry takes its photos away, after asking.
    second = EntryDialog(ledger, tab.hub, campaign_id, parent=tab, today=TODAY)
    qtbot.addWidget(second)
    second.before.add_files([_jpeg(tmp_path, "又一张.jpg", "grey")])
    qtbot.waitUntil(lambda: second.before.task.done)
    answers = [False, True]
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: answers.pop(0))
    second.reject()
    assert len(photos.list_photos(ledger.db, campaigns.PHOTO_OWNER, second.entry_id)) == 1
    second.reject()
    assert photos.list_photos(ledger.db, campaigns.PHOTO_OWNER, second.entry_id) == []
    assert ledger.db.execute("SELECT count(*) FROM photo").fetchone()[0] == 2


def test_volunteers_are_chosen_with_the_shared_person_picker(tab, ledger, monkeypatch, qtbot) -> None:
    from core.grid.people import StaffForm, add_staff
    from ui.people import PersonPickerDialog

    campaign_id = _create_campaign(tab, monkeypatch, qtbot)
    resident_id = ledger.db.execute("SELECT id FROM resident WHERE name = '张建国'").fetchone()[0]
    staff_id = add_staff(ledger, StaffForm("钱书记", "13900001111", "社区党委书记"))
    choices = [lambda picker: picker.select_resident(resident_id), lambda picker: picker.select_staff(staff_id),
               lambda picker: picker.select_resident(resident_id)]

    def run(dialog: PersonPickerDialog) -> int:
        assert dialog.windowTitle() == "选择志愿者"
        choices.pop(0)(dialog.picker)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(PersonPickerDialog, "exec", run)
    dialog = EntryDialog(ledger, tab.hub, campaign_id, parent=tab, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date.setDate(_qdate(START))
    dialog.place.setEditText("北侧绿化带")
    dialog.quantities.fields["garbage"].setText("1")
    editor = dialog.volunteers
    editor.hours.setText("2")
    for _ in range(3):
        qtbot.mouseClick(editor.pick_button, Qt.MouseButton.LeftButton)
    assert editor.message.text() == "张建国已在名单上"  # the third pick is refused
    assert editor.model.rowCount() == 2
    dialog.accept()
    rows = ledger.db.execute(
        "SELECT v.name, v.resident_id, u.kind FROM campaign_volunteer v "
        "LEFT JOIN partner_unit u ON u.id = v.partner_unit_id ORDER BY v.name").fetchall()
    assert sorted(rows) == sorted([("张建国", resident_id, "居民志愿队"), ("钱书记", None, None)])
    saved = campaigns.get_entry(ledger.db, ledger.db.execute("SELECT id FROM campaign_entry").fetchone()[0])
    assert {v.name: v.hours for v in saved.volunteers} == {"张建国": Decimal("2"), "钱书记": Decimal("2")}
