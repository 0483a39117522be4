"""The import wizard, the export dialog and the registry tab's Excel actions,
driven as a user would, read back from the database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from core import registry
from core.ledger import Ledger
from tests.core.importing.test_plan import counts
from tests.core.importing.workbooks import messy_register
from ui import messages
from ui.registry import excel_actions, import_wizard
from ui.registry.excel_actions import ExportDialog, dropped_workbook
from ui.registry.import_wizard import ImportWizard

COMPOUND = "红星小区"

# The offscreen platform says this whenever a wizard or dialog window is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def quiet(monkeypatch):
    """Message boxes recorded instead of shown."""
    shown: list[tuple[str, str]] = []
    for name in ("info", "warn", "error"):
        monkeypatch.setattr(messages, name, lambda _p, text, detail="", n=name: shown.append((n, text)))
    return shown


@pytest.fixture
def compound_ledger(ledger: Ledger) -> Ledger:
    community = registry.ensure_community(ledger)
    registry.create_compound(ledger, community, registry.CompoundForm(COMPOUND))
    return ledger


def _wait(qtbot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: wizard.task is not None and wizard.task.done, timeout=20000)


def _to_preview(qtbot, wizard: ImportWizard) -> None:
    wizard.next()
    _wait(qtbot, wizard)
    assert wizard.currentPage() is wizard.setup_page
    assert wizard.setup_page.compound.currentText() == COMPOUND  # the only compound
    wizard.next()
    _wait(qtbot, wizard)
    assert wizard.currentPage() is wizard.preview_page


def test_import_wizard_from_file_to_result(qtbot, qtmodeltester, compound_ledger: Ledger, tmp_path: Path,
                                           monkeypatch, quiet) -> None:
    path = messy_register(tmp_path / "登记表.xlsx")
    wizard = ImportWizard(compound_ledger, str(path))
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard)
    page = wizard.preview_page
    summary = page.summary.text()
    assert "居民：新增 9 人，更新 0 人，无变化 0 人" in summary
    assert "拒绝：4 行" in summary
    assert page.rejected.rowCount() == 4
    assert page.rejected.data(page.rejected.index(0, 3)).startswith("身份证号被 Excel 存成了数字")
    assert page.changes.rowCount() == 9
    assert "*" in page.changes.data(page.changes.index(0, 4))  # IDs masked in the preview
    for model in (page.rejected, page.changes, page.warnings, wizard.setup_page.sheets):
        qtmodeltester.check(model)
    assert counts(compound_ledger)["resident"] == 0  # nothing written before 导入

    errors = tmp_path / "错误.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(errors), ""))
    page.save_errors.click()
    assert load_workbook(errors)["3号楼"].max_row == 5

    wizard.next()  # 导入
    _wait(qtbot, wizard)
    assert wizard.currentPage() is wizard.result_page
    assert "已导入：新增 6 户、9 人" in wizard.result_page.result.text()
    assert counts(compound_ledger)["resident"] == 9


def test_unticked_sheets_are_left_out(qtbot, compound_ledger: Ledger, tmp_path: Path, quiet) -> None:
    wizard = ImportWizard(compound_ledger, str(messy_register(tmp_path / "登记表.xlsx")))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    _wait(qtbot, wizard)
    sheets = wizard.setup_page.sheets
    assert [sheets.item(r).isEnabled() for r in range(sheets.rowCount())] == [True, True, False]
    sheets.item(0).setCheckState(Qt.CheckState.Unchecked)
    wizard.next()
    _wait(qtbot, wizard)
    assert wizard.plan.sheets == ["4栋"]
    assert "拒绝：0 行" in wizard.preview_page.summary.text()


def test_cancelling_the_import_writes_nothing(qtbot, compound_ledger: Ledger, tmp_path: Path, monkeypatch,
                                             quiet) -> None:
    wizard = ImportWizard(compound_ledger, str(messy_register(tmp_path / "登记表.xlsx")))
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard)
    gate = threading.Event()
    real_apply = import_wizard.apply_plan

    def held_apply(ledger, plan, progress):
        gate.wait(10)
        real_apply(ledger, plan, progress)

    monkeypatch.setattr(import_wizard, "apply_plan", held_apply)
    before = counts(compound_ledger)
    wizard.next()  # 导入
    wizard.task.dialog.canceled.emit()  # the user presses 取消 on the progress dialog
    gate.set()
    _wait(qtbot, wizard)
    assert wizard.currentPage() is wizard.preview_page
    assert "已取消导入，台账未做任何改动" in wizard.preview_page.status.text()
    assert counts(compound_ledger) == before


def test_an_unusable_file_is_explained(qtbot, compound_ledger: Ledger, tmp_path: Path, quiet) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("不是表格", encoding="utf-8")
    wizard = ImportWizard(compound_ledger, str(path))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    _wait(qtbot, wizard)
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.error.isVisible()
    assert "不是 Excel 工作簿" in wizard.file_page.error.text()


def test_browse_and_template_from_the_first_page(qtbot, compound_ledger: Ledger, tmp_path: Path, monkeypatch,
                                                quiet) -> None:
    wizard = ImportWizard(compound_ledger)
    qtbot.addWidget(wizard)
    assert not wizard.file_page.isComplete()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "a.xlsx"), ""))
    wizard.file_page.browse()
    assert wizard.file_page.path.text() == str(tmp_path / "a.xlsx")
    template = tmp_path / "导入模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(template), ""))
    import_wizard.save_template(wizard)
    assert load_workbook(template).sheetnames[0] == "居民登记"
    assert quiet[-1][0] == "info"


def test_export_dialog_masked_and_full(qtbot, demo_ledger: Ledger, tmp_path: Path, monkeypatch, quiet) -> None:
    out = tmp_path / "党员.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dialog = ExportDialog(demo_ledger)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("party"))
    assert "党员" in dialog.description.text()
    assert not dialog.full.isChecked()
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.done, timeout=20000)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert "已导出党员名册" in quiet[-1][1]
    sheet = load_workbook(out).worksheets[0]
    assert "*" in sheet["E3"].value

    full = ExportDialog(demo_ledger)
    qtbot.addWidget(full)
    full.kind.setCurrentIndex(full.kind.findData("party"))
    full.full.setChecked(True)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text, **k: asked.append(text) or False)
    out.unlink()
    full.ok.click()
    assert asked and not out.exists() and full.task is None  # said no: nothing written
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    full.ok.click()
    qtbot.waitUntil(lambda: full.task is not None and full.task.done, timeout=20000)
    value = load_workbook(out).worksheets[0]["E3"].value
    assert value.isdigit() or value[:17].isdigit()


def test_registry_tab_actions_and_drop(qtbot, demo_ledger: Ledger, tmp_path: Path, monkeypatch, quiet) -> None:
    from ui.changes import ChangeHub
    from ui.registry.tab import RegistryTab

    hub = ChangeHub(demo_ledger)
    tab = RegistryTab(demo_ledger, hub)
    qtbot.addWidget(tab)
    opened: list[str] = []
    monkeypatch.setattr(excel_actions, "open_import_wizard", lambda _p, _l, path="": opened.append(path))
    for name in ("import", "export", "template"):
        assert tab.buttons[name].isEnabled()
    tab.buttons["import"].click()
    assert opened == [""]

    path = messy_register(tmp_path / "拖进来.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert dropped_workbook(mime) == str(path)
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    tab.dropEvent(event)
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert opened[-1] == str(path)
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "照片.jpg"))])
    assert dropped_workbook(other) is None

    monkeypatch.setattr(ExportDialog, "exec", lambda self: 0)
    tab.buttons["export"].click()
    template = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(template), ""))
    tab.buttons["template"].click()
    assert template.exists()
    hub.detach()


def test_the_tab_refreshes_after_an_import(qtbot, compound_ledger: Ledger, tmp_path: Path, quiet) -> None:
    from ui.changes import ChangeHub
    from ui.registry.tab import RegistryTab

    hub = ChangeHub(compound_ledger)
    tab = RegistryTab(compound_ledger, hub)
    qtbot.addWidget(tab)
    wizard = ImportWizard(compound_ledger, str(messy_register(tmp_path / "登记表.xlsx")), tab)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard)
    wizard.next()
    _wait(qtbot, wizard)
    qtbot.waitUntil(lambda: "户数 6" in tab.counts.text())
    hub.detach()


def test_closing_the_wizard_during_the_import_cancels_it(qtbot, compound_ledger: Ledger, tmp_path: Path,
                                                         monkeypatch, quiet) -> None:
    wizard = ImportWizard(compound_ledger, str(messy_register(tmp_path / "登记表.xlsx")))
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard)
    gate = threading.Event()
    real_apply = import_wizard.apply_plan
    monkeypatch.setattr(import_wizard, "apply_plan",
                        lambda ledger, plan, progress: (gate.wait(10), real_apply(ledger, plan, progress)))
    before = counts(compound_ledger)
    wizard.next()  # 导入
    wizard.reject()  # 取消 on the wizard while the import runs
    assert wizard.isVisible()  # waits for the job to stop
    gate.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=20000)
    assert wizard.result() == wizard.DialogCode.Rejected
    assert counts(compound_ledger) == before


def test_household_conflicts_are_shown_and_chosen(qtbot, qtmodeltester, demo_ledger: Ledger, tmp_path: Path,
                                                  quiet) -> None:
    """The demo's rooms hold other families: the register's households are
    conflicts, skipped until the worker chooses; 原住户已迁出 moves the old one out."""
    from core.importing import REPLACE

    wizard = ImportWizard(demo_ledger, str(messy_register(tmp_path / "登记表.xlsx")))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    _wait(qtbot, wizard)
    setup = wizard.setup_page
    # The title names 红星小区; the ledger has only 红星机械厂生活区: a new compound is proposed.
    assert setup.compound.currentText() == "红星小区"
    assert setup.named.isVisible() and "红星机械厂生活区" in setup.named.text()
    setup.compound.setCurrentText("红星机械厂生活区")  # the worker says it is the same compound
    wizard.next()
    _wait(qtbot, wizard)
    page = wizard.preview_page
    assert wizard.currentPage() is page
    assert page.tabs.currentIndex() == 3 and page.tabs.isTabVisible(3)
    assert page.conflicts.rowCount() == 8
    qtmodeltester.check(page.conflicts)
    first = page.conflicts.data(page.conflicts.index(0, 0))
    assert first == "3栋2单元301"
    assert "户主 张建国" in page.conflicts.data(page.conflicts.index(0, 2))
    assert page.conflicts.data(page.conflicts.index(0, 4)) == "跳过这一户（不导入）"
    assert "登记表标题写的是：红星小区" in page.summary.text()
    assert "居民：新增 0 人" in page.summary.text()
    ledger_head = wizard.plan.conflicts[0].ledger_head

    page.views["conflicts"].selectRow(0)
    assert page.choice.isEnabled()
    page.choice.setCurrentIndex(page.choice.findData(REPLACE))
    page.choice.activated.emit(page.choice.currentIndex())
    _wait(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.plan.conflicts[0].choice == REPLACE)
    assert page.conflicts.data(page.conflicts.index(0, 4)) == "原住户已迁出，表中这一户迁入"
    assert "居民：新增 3 人" in page.summary.text()
    assert any(m.name == ledger_head for m in wizard.plan.moved_out)

    wizard.next()  # 导入
    _wait(qtbot, wizard)
    assert wizard.imported
    db = demo_ledger.db
    assert db.execute("SELECT status FROM resident WHERE name = ? AND relation = '户主' "
                      "ORDER BY updated_at DESC", [ledger_head]).fetchone()[0] == "迁出"
    assert db.execute("SELECT count(*) FROM resident WHERE name = '张建国'").fetchone()[0] == 1
