"""Every window and dialog of the program fits a 1366×768 office screen, at
标准 and at 特大 text, with its buttons in sight (ui.widgets.LedgerDialog).

The offscreen platform's screen is 800×600; the tests tell ui.widgets the
screen is 1366×768 with a 40 px taskbar, as on the community's office PCs.
A dialog added to ui/ without a factory here fails
``test_every_dialog_is_covered``.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QScrollArea, QWidget, QWizard

import ui
from core import photos as core_photos
from core.inspections import rectifications
from ui import settings, widgets
from ui.changes import ChangeHub

SCREEN = QRect(0, 0, 1366, 768 - 40)  # the taskbar takes 40 px


@pytest.fixture
def office_screen(monkeypatch):
    monkeypatch.setattr(widgets, "available_geometry", lambda widget=None: QRect(SCREEN))
    yield
    settings.apply_text_size("标准", save=False)


def _one(db, sql: str, *params):
    row = db.execute(sql, list(params)).fetchone()
    assert row is not None, sql
    return row[0]


def _factories(ledger, hub):
    """One way to open each dialog of the program on the demo ledger."""
    from ui.backup_dialog import BackupDialog
    from ui.campaigns.campaign_dialog import CampaignDialog
    from ui.campaigns.entry_dialog import EntryDialog
    from ui.campaigns.metrics_dialog import MetricsDialog
    from ui.compound_dialog import CompoundDialog
    from ui.grid.node_dialog import DeleteNodeDialog, NodeDialog, UnitsDialog
    from ui.grid.party_page import UnitHeadsDialog
    from ui.grid.person_dialog import PersonDialog
    from ui.inspections.fix_dialogs import AssignDialog, CloseDialog, StepDialog
    from ui.inspections.form import InspectionDialog
    from ui.inspections.new_dialog import NewInspectionDialog
    from ui.inspections.rotation_page import GenerateDialog, SlotDialog
    from ui.inspections.templates_page import TemplateEditor, VersionsDialog
    from ui.people import PersonPickerDialog, StaffDialog
    from ui.photo_viewer import PhotoViewer
    from ui.registry.excel_actions import ExportDialog
    from ui.registry.history_dialog import HistoryDialog
    from ui.registry.household_card import HouseholdCardDialog
    from ui.registry.household_dialog import HouseholdDialog
    from ui.registry.import_wizard import ImportWizard
    from ui.registry.resident_dialog import ResidentDialog
    from ui.registry.status_dialogs import MoveDialog, StatusDialog

    db = ledger.db
    community = ledger.community_id
    resident = _one(db, "SELECT id FROM resident WHERE relation = '户主' ORDER BY rowid")
    household = _one(db, "SELECT household_id FROM resident WHERE id = ?", resident)
    unit = _one(db, "SELECT unit_id FROM household WHERE id = ?", household)
    compound = _one(db, "SELECT id FROM compound ORDER BY rowid")
    inspection = _one(db, "SELECT id FROM inspection ORDER BY date DESC")
    rect = rectifications.get_rectification(db, _one(db, "SELECT id FROM rectification ORDER BY rowid"))
    template = _one(db, "SELECT id FROM checklist_template ORDER BY rowid")
    node = _one(db, "SELECT id FROM grid_node WHERE tree = 'grid' AND level = 4 ORDER BY rowid")
    group = _one(db, "SELECT id FROM grid_node WHERE tree = 'party' AND level = 2 ORDER BY rowid")
    campaign = _one(db, "SELECT id FROM campaign ORDER BY rowid")
    entry = _one(db, "SELECT id FROM campaign_entry ORDER BY rowid")
    photo_owner = _one(db, "SELECT owner_id FROM photo WHERE owner_kind = 'campaign_entry' ORDER BY rowid")
    monday = datetime.date(2025, 11, 17)
    return {
        BackupDialog: lambda: BackupDialog(ledger),
        CampaignDialog: lambda: CampaignDialog(ledger, community, campaign),
        EntryDialog: lambda: EntryDialog(ledger, hub, campaign, entry),
        MetricsDialog: lambda: MetricsDialog(ledger, community),
        CompoundDialog: lambda: CompoundDialog(ledger),
        NodeDialog: lambda: NodeDialog(ledger, "grid", node_id=node),
        UnitsDialog: lambda: UnitsDialog(ledger, node),
        DeleteNodeDialog: lambda: DeleteNodeDialog(ledger, node),
        UnitHeadsDialog: lambda: UnitHeadsDialog(ledger, group),
        PersonDialog: lambda: PersonDialog(ledger, node),
        AssignDialog: lambda: AssignDialog(ledger, rect),
        CloseDialog: lambda: CloseDialog(ledger, hub, rect),
        StepDialog: lambda: StepDialog(ledger, rect),
        InspectionDialog: lambda: InspectionDialog(ledger, hub, inspection),
        NewInspectionDialog: lambda: NewInspectionDialog(ledger),
        GenerateDialog: lambda: GenerateDialog(ledger, compound, monday),
        SlotDialog: lambda: SlotDialog(ledger, unit, "1栋1单元", monday, None),
        TemplateEditor: lambda: TemplateEditor(ledger, template),
        VersionsDialog: lambda: VersionsDialog(ledger, template),
        PersonPickerDialog: lambda: PersonPickerDialog(ledger),
        StaffDialog: lambda: StaffDialog(ledger),
        PhotoViewer: lambda: PhotoViewer(ledger, core_photos.list_photos(db, "campaign_entry", photo_owner)),
        ExportDialog: lambda: ExportDialog(ledger),
        HistoryDialog: lambda: HistoryDialog(ledger, resident),
        HouseholdDialog: lambda: HouseholdDialog(ledger, household_id=household),
        HouseholdCardDialog: lambda: HouseholdCardDialog(ledger, household),
        ImportWizard: lambda: ImportWizard(ledger),
        ResidentDialog: lambda: ResidentDialog(ledger, household, resident),
        MoveDialog: lambda: MoveDialog(ledger, resident),
        StatusDialog: lambda: StatusDialog(ledger, resident),
    }


def _dialog_classes() -> set[type]:
    found: set[type] = set()
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        module = importlib.import_module(info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__ == info.name and issubclass(value, QDialog):
                found.add(value)
    return found


def test_every_dialog_is_covered(demo_ledger, qtbot):
    hub = ChangeHub(demo_ledger)
    covered = set(_factories(demo_ledger, hub))
    missing = {cls.__qualname__ for cls in _dialog_classes() - covered - {widgets.LedgerDialog}}
    assert not missing, f"add these dialogs to tests/ui/test_screen_fit.py: {missing}"
    for cls in _dialog_classes():
        assert issubclass(cls, (widgets.LedgerDialog, QWizard)), cls


def _frame(window: QWidget) -> QRect:
    """Where ``window`` lies, frame allowance included, once shown."""
    top_left = window.pos()
    size = window.size() + widgets.FRAME_ALLOWANCE
    return QRect(top_left, size)


def _buttons_in_sight(window: QWidget) -> list[QAbstractButton]:
    """The dialog's buttons outside any scroll area (its button row)."""
    found = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window):
            continue
        parent = button.parentWidget()
        scrolled = False
        while parent is not None and parent is not window:
            if isinstance(parent, QScrollArea):
                scrolled = True
                break
            parent = parent.parentWidget()
        if not scrolled:
            found.append(button)
    return found


@pytest.mark.parametrize("size", ["标准", "特大"])
def test_every_dialog_fits_the_screen_with_its_buttons(demo_ledger, qtbot, office_screen, size):
    settings.apply_text_size(size, save=False)
    hub = ChangeHub(demo_ledger)
    for cls, make in _factories(demo_ledger, hub).items():
        dialog = make()
        qtbot.addWidget(dialog)
        QWidget.move(dialog, 0, 0)  # TemplateEditor has a move() of its own
        dialog.show()
        QApplication.processEvents()
        name = cls.__name__
        assert dialog.width() + widgets.FRAME_ALLOWANCE.width() <= SCREEN.width(), (name, dialog.size())
        assert dialog.height() + widgets.FRAME_ALLOWANCE.height() <= SCREEN.height(), (name, dialog.size())
        assert SCREEN.contains(_frame(dialog)), (name, _frame(dialog))
        buttons = _buttons_in_sight(dialog)
        assert buttons, name
        inside = QWidget.rect(dialog)  # some dialogs keep a rectification in .rect
        for button in buttons:
            where = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
            assert inside.contains(where), (name, button.text(), where, inside)
        dialog.close()


def test_wizard_buttons_in_sight_at_largest_text(ledger, qtbot, office_screen):
    from ui.registry.import_wizard import ImportWizard

    settings.apply_text_size("特大", save=False)
    wizard = ImportWizard(ledger)
    qtbot.addWidget(wizard)
    wizard.show()
    QApplication.processEvents()
    assert wizard.height() + widgets.FRAME_ALLOWANCE.height() <= SCREEN.height()
    for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton):
        button = wizard.button(which)
        where = QRect(button.mapTo(wizard, QPoint(0, 0)), button.size())
        assert wizard.rect().contains(where), which


def test_main_window_fits_the_screen(ledger, qtbot, office_screen):
    from ui.main_window import MainWindow

    for size in ("标准", "特大"):
        settings.apply_text_size(size, save=False)
        window = MainWindow(ledger)
        qtbot.addWidget(window)
        window.show()
        QApplication.processEvents()
        assert window.width() + widgets.FRAME_ALLOWANCE.width() <= SCREEN.width()
        assert window.height() + widgets.FRAME_ALLOWANCE.height() <= SCREEN.height(), window.size()
        assert window.starts_maximized  # no room to spare: all of it goes to the lists
        window.close()


def test_the_window_opens_maximised_only_where_the_screen_is_small(ledger, qtbot, monkeypatch):
    from ui.main_window import MainWindow

    monkeypatch.setattr(widgets, "available_geometry", lambda widget=None: QRect(0, 0, 1920, 1040))
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    assert not window.starts_maximized and window.size().width() == 1280


def test_message_label_takes_the_height_of_its_wrapped_text(ledger, qtbot):
    settings.apply_text_size("特大", save=False)
    try:
        box = QWidget()
        qtbot.addWidget(box)
        from PySide6.QtWidgets import QFormLayout, QLineEdit

        form = QFormLayout(box)
        label = widgets.error_label()
        form.addRow("身份证号", label)
        below = QLineEdit()
        form.addRow("性别", below)
        box.resize(420, 200)
        box.show()
        label.setText("这个身份证号已登记：张建国，住在红星机械厂生活区 3 栋 2 单元 301。"
                      "同一个人只登记一次；如果是另一个人，请核对号码。")
        label.show()
        QApplication.processEvents()
        assert label.height() >= label.heightForWidth(label.width())
        assert label.height() > 2 * label.fontMetrics().height()
        assert label.geometry().bottom() < below.geometry().top()
        assert isinstance(label, QLabel)
    finally:
        settings.apply_text_size("标准", save=False)


def test_table_columns_fit_the_view_at_largest_text(demo_ledger, qtbot):
    """At 特大 the residents table still shows 政治面貌, 标签 and 状态 (cut
    texts show whole on hover)."""
    from ui.registry.tab import RegistryTab

    settings.apply_text_size("特大", save=False)
    try:
        hub = ChangeHub(demo_ledger)
        tab = RegistryTab(demo_ledger, hub)
        qtbot.addWidget(tab)
        tab.resize(1340, 660)
        tab.show()
        QApplication.processEvents()
        view = tab.resident_view
        model = view.model()
        titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        for name in ("政治面貌", "标签", "状态"):
            column = titles.index(name)
            assert view.columnViewportPosition(column) + 10 < view.viewport().width(), name
        tip = model.data(model.index(0, titles.index("身份证号")), Qt.ItemDataRole.ToolTipRole)
        assert tip and tip == model.data(model.index(0, titles.index("身份证号")))
        hub.detach()
    finally:
        settings.apply_text_size("标准", save=False)


def test_home_cards_break_between_parts_only():
    from ui.home import unbreakable

    text = unbreakable("联系不上 13 名")
    assert " " not in text and "\u2060" in text
    assert text.replace("\u2060", "").replace("\u00a0", " ") == "联系不上 13 名"


@pytest.mark.parametrize("size", ["标准", "特大"])
def test_form_labels_stay_beside_their_fields(ledger, qtbot, size):
    """A form dialog is no taller than its content: rows do not drift away
    from their labels (the new-grid dialog's labels stood on lines of their own)."""
    from PySide6.QtWidgets import QFormLayout

    from core import registry
    from ui.compound_dialog import CompoundDialog
    from ui.grid.node_dialog import NodeDialog

    registry.ensure_community(ledger, "幸福路社区")
    settings.apply_text_size(size, save=False)
    try:
        for dialog in (NodeDialog(ledger, "grid"), CompoundDialog(ledger)):
            qtbot.addWidget(dialog)
            dialog.show()
            QApplication.processEvents()
            for form in dialog.findChildren(QFormLayout):
                for row in range(form.rowCount()):
                    label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                    field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                    if label is None or field is None or field.widget() is None:
                        continue
                    widget = field.widget()
                    natural = (widget.heightForWidth(widget.width()) if widget.hasHeightForWidth()
                               else widget.sizeHint().height())
                    # A row no taller than its field needs: the label stays beside the text.
                    assert field.geometry().height() <= natural + 8, (type(dialog).__name__, row)
            dialog.close()
    finally:
        settings.apply_text_size("标准", save=False)


def test_no_tab_needs_more_than_the_screen_at_largest_text(demo_ledger, qtbot):
    """The window can shrink to the screen on every tab at 特大 (a row of ten
    grid actions wraps instead of widening it, ui.widgets.FlowLayout)."""
    from ui.main_window import MainWindow

    settings.apply_text_size("特大", save=False)
    try:
        window = MainWindow(demo_ledger)
        qtbot.addWidget(window)
        window.show()
        for number in range(window.tabs.count()):
            window.tabs.setCurrentIndex(number)
            QApplication.processEvents()
            need = window.minimumSizeHint()
            title = window.tabs.tabText(number)
            assert need.width() + widgets.FRAME_ALLOWANCE.width() <= SCREEN.width(), (title, need)
            assert need.height() + widgets.FRAME_ALLOWANCE.height() <= SCREEN.height(), (title, need)
        window.close()
    finally:
        settings.apply_text_size("标准", save=False)
