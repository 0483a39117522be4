"""The resident form: what the ID number derives, and messages that can be read."""

import datetime

import pytest
from PySide6.QtWidgets import QApplication

from core import registry as reg
from core.idcard import make_check_digit
from ui import settings
from ui.registry.resident_dialog import ResidentDialog


def valid_id(first17: str) -> str:
    return first17 + make_check_digit(first17)


@pytest.fixture
def household(ledger):
    community = reg.ensure_community(ledger, "幸福路社区")
    reg.create_compound(ledger, community, reg.CompoundForm("测试小区", buildings=1, units_per_building=1))
    unit = ledger.db.execute("SELECT id FROM unit LIMIT 1").fetchone()[0]
    return reg.add_household(ledger, unit, "101")


def open_dialog(qtbot, ledger, household):
    dialog = ResidentDialog(ledger, household)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.insert("李四")
    return dialog


def test_derived_fields_follow_the_id_or_clear(qtbot, ledger, household):
    dialog = open_dialog(qtbot, ledger, household)
    number = valid_id("41010219520815302")
    qtbot.keyClicks(dialog.id_number.edit, number)
    qtbot.waitUntil(lambda: dialog.sex.currentText() == "女")
    assert dialog.birth.value() == datetime.date(1952, 8, 15)
    assert not dialog.birth.isEnabled()
    # One digit more: the number is no longer valid; the old values go.
    qtbot.keyClicks(dialog.id_number.edit, "1")
    qtbot.waitUntil(lambda: dialog.errors["id_number"].isVisible())
    assert dialog.sex.currentText() == ""
    assert dialog.birth.value() is None
    assert dialog.birth.isEnabled() and dialog.sex.isEnabled()
    assert not dialog.ok.isEnabled()
    assert dialog.derived.text() == ""


def test_lower_case_x_becomes_upper_case_as_typed(qtbot, ledger, household):
    dialog = open_dialog(qtbot, ledger, household)
    first17 = "11010119800101001"
    number = valid_id(first17)
    if not number.endswith("X"):
        first17 = next(f"1101011980010100{n}" for n in range(10)
                       if make_check_digit(f"1101011980010100{n}") == "X")
        number = first17 + "X"
    qtbot.keyClicks(dialog.id_number.edit, number.lower())
    assert dialog.id_number.edit.text() == number
    assert dialog.id_number.text() == number
    qtbot.waitUntil(lambda: dialog.sex.currentText() != "")


@pytest.mark.parametrize("typed", [
    "1.10105E+17",                      # an ID that Excel turned into a number
    "11010119500307123",                # one digit short
    "110101195003071239",               # wrong check digit
])
def test_id_messages_are_shown_whole_at_largest_text(qtbot, ledger, household, typed):
    settings.apply_text_size("特大", save=False)
    try:
        dialog = open_dialog(qtbot, ledger, household)
        dialog.id_number.edit.insert(typed)
        label = dialog.errors["id_number"]
        qtbot.waitUntil(label.isVisible)
        QApplication.processEvents()
        assert label.text()
        assert label.height() >= label.heightForWidth(label.width())
        # It does not run into the field below.
        below = dialog.sex
        label_bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
        assert label_bottom < below.mapTo(dialog, below.rect().topLeft()).y()
    finally:
        settings.apply_text_size("标准", save=False)


def test_duplicate_id_names_who_is_registered_in_full(qtbot, ledger, household):
    number = valid_id("41010219520815302")
    reg.add_resident(ledger, household, reg.ResidentForm(name="王秀兰", id_number=number, relation="户主"))
    settings.apply_text_size("特大", save=False)
    try:
        dialog = open_dialog(qtbot, ledger, household)
        dialog.id_number.edit.insert(number)
        label = dialog.errors["id_number"]
        qtbot.waitUntil(label.isVisible)
        QApplication.processEvents()
        assert "王秀兰" in label.text()
        lines = label.height() // label.fontMetrics().lineSpacing()
        assert label.height() >= label.heightForWidth(label.width()) and lines >= 1
    finally:
        settings.apply_text_size("标准", save=False)
