"""The one person picker: a resident found by search, or a staff member."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from core.grid.people import StaffForm, add_staff
from core.people import Person
from ui.people import PersonPickerDialog


def test_pick_a_resident_by_pinyin_then_a_staff_member(qtbot, demo_ledger):
    name, resident_id = demo_ledger.db.execute(
        "SELECT name, id FROM resident WHERE status = '在住' AND political_status = '群众' "
        "ORDER BY rowid LIMIT 1").fetchone()
    dialog = PersonPickerDialog(demo_ledger, "选择责任人")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ok.isEnabled()  # the first resident is selected to start with
    dialog.picker.search.insert(name)
    assert dialog.picker.select_resident(resident_id)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.person == Person(name, resident_id=resident_id)
    assert dialog.picked == (name, resident_id)

    staff_id = add_staff(demo_ledger, StaffForm("钱书记", "13900001111", "社区党委书记"))
    dialog = PersonPickerDialog(demo_ledger, "选择检查人", party_only=True)
    qtbot.addWidget(dialog)
    dialog.show()
    # party members only, until the user unticks it
    assert all(dialog.picker.residents.row(r)["political_status"] in ("中共党员", "中共预备党员")
               for r in range(min(dialog.picker.residents.rowCount(), 30)))
    QTest.mouseClick(dialog.picker.staff_radio, Qt.MouseButton.LeftButton)
    assert not dialog.ok.isEnabled()  # nobody chosen yet on the staff page
    assert dialog.picker.select_staff(staff_id)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.person == Person("钱书记", staff_id=staff_id)
    assert dialog.picked == ("钱书记", None)
