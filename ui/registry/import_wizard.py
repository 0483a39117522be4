"""导入 Excel: the wizard that brings an office's old register into the ledger.

Choose the file → choose the compound and the sheets → see exactly what will
happen (counts, every rejected row with its reason, a sample of what is
added and updated) → import with a progress bar and 取消 → save the
rejected rows as an error workbook. Reading, planning and committing run
off the GUI thread (:func:`ui.background.run_task`); each worker opens its
own connection with ``ledger.reopen()``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from core import backups
from core.importing import (
    CONFLICT_CHOICES,
    SKIP,
    ImportPlan,
    WorkbookData,
    apply_plan,
    build_plan,
    compound_names,
    file_compound,
    read_workbook,
    summary_lines,
)
from reports.error_workbook import write_error_workbook
from core.ledger import Ledger
from core.progress import Cancelled, Progress
from core.errors import LedgerError
from ui.save_dialog import ask_save_path
from ui import messages
from ui.background import Task, describe_error, run_task
from ui.registry.import_models import (
    SAMPLE_ROWS,
    ChangeTableModel,
    ConflictTableModel,
    ProblemTableModel,
    SheetListModel,
    problem_rows,
)
from ui.widgets import LedgerTableView, MessageLabel, error_label, fit_to_screen, scroll_content

XLSX_FILTER = "Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"


class ImportWizard(QWizard):
    """The import wizard.

    Attributes:
        book: the workbook once read.
        plan: the import plan once previewed.
        imported: True once the plan was committed.
        task: the background job running, if any (tests wait on it).
    """

    def __init__(self, ledger: Ledger, path: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.book: WorkbookData | None = None
        self.plan: ImportPlan | None = None
        #: the compound and sheets the plan was made for, and the user's
        #: choice for each household conflict (by room).
        self.plan_setup: tuple[str, list[str]] = ("", [])
        self.choices: dict[tuple, str] = {}
        self.imported = False
        self.task: Task | None = None
        self.setWindowTitle("导入 Excel 登记表")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, "下一步 >"),
                             (QWizard.WizardButton.BackButton, "< 上一步"),
                             (QWizard.WizardButton.CommitButton, "导入"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.file_page = FilePage(path)
        self.setup_page = SetupPage()
        self.preview_page = PreviewPage()
        self.result_page = ResultPage()
        for page in (self.file_page, self.setup_page, self.preview_page, self.result_page):
            self.addPage(page)
        for page in (self.file_page, self.setup_page, self.preview_page, self.result_page):
            scroll_content(page, keep_last=False)  # pages scroll; the wizard's buttons stay
        metrics = self.fontMetrics()  # larger text sizes get a larger window, within the screen
        fit_to_screen(self, max(980, metrics.averageCharWidth() * 125), max(680, metrics.height() * 36))

    def run(self, label: str, fn: Callable[[Progress], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[BaseException], None]) -> None:
        """Run ``fn`` in the background; the wizard waits (its buttons stay put)."""
        self.task = run_task(self, label, fn, on_success, on_failure)

    def planner(self, book: WorkbookData, compound, sheets) -> Callable[[Progress], ImportPlan]:
        """The background work that plans the import with the choices made so far."""
        choices = dict(self.choices)

        def work(progress: Progress) -> ImportPlan:
            worker = self.ledger.reopen()
            try:
                return build_plan(worker.db, book, compound=compound, sheets=sheets, progress=progress,
                                  choices=choices)
            finally:
                worker.close()

        return work

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def reject(self) -> None:
        """取消, Esc or the window's close box: a running job is cancelled
        first (an import then writes nothing) and the wizard closes when it
        has stopped, never leaving it running behind a closed window."""
        if self.busy:
            assert self.task is not None
            self.task.cancel()
            self.task.finished.connect(self.reject)
            return
        super().reject()

    def save_errors(self) -> None:
        """Ask where, then write the rejected rows with their reasons."""
        if self.plan is None or self.book is None or not self.plan.rejected:
            return
        start = self.book.path.with_name(f"{self.book.path.stem}_错误.xlsx")
        path = ask_save_path(self, "保存错误工作簿", start, inputs=[self.book.path])
        if path is None:
            return
        try:
            count = write_error_workbook(self.plan, self.book, path)
        except LedgerError as exc:
            messages.error(self, "没有保存错误工作簿。", exc.message)
            return
        messages.info(self, f"已把 {count} 行被拒绝的数据保存到：\n{path}",
                      "每行最后一列写明了原因。改正后可以再次导入这个文件，已导入的居民不会重复。")


class FilePage(QWizardPage):
    """Step 1: which workbook."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.setTitle("第 1 步：选择登记表")
        intro = QLabel("选择社区原有的居民登记表（.xlsx）。表格可以有标题行、合并单元格，"
                       "也可以每栋楼一个工作表。下一步之前不会改动台账。")
        intro.setWordWrap(True)
        self.path = QLineEdit(path)
        self.path.setPlaceholderText("点“选择文件…”，或把 .xlsx 文件拖到住户档案页面上")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self.browse)
        template = QPushButton("保存导入模板…")
        template.setToolTip("没有现成的表格时，先保存一份空白模板，填好后再导入")
        template.clicked.connect(lambda: save_template(self))
        self.error = error_label()
        hint = QLabel("没有现成的表格？可以先保存一份空白的导入模板，按模板填写后再导入。")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        template_row = QHBoxLayout()
        template_row.addWidget(template)
        template_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch()
        layout.addWidget(hint)
        layout.addLayout(template_row)
        self.path.textChanged.connect(self._changed)

    def wizard(self) -> ImportWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    def _changed(self) -> None:
        self.error.hide()
        self.completeChanged.emit()

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "选择 Excel 登记表", self.path.text(), XLSX_FILTER)
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        wizard = self.wizard()
        path = Path(self.path.text().strip())
        if wizard.book is not None and wizard.book.path == path:
            return True
        if wizard.busy:
            return False
        self.error.hide()

        def done(book: WorkbookData) -> None:
            wizard.book = book
            wizard.plan = None
            wizard.next()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, Cancelled):
                self.error.setText(describe_error(exc))
                self.error.show()

        wizard.run("正在读取工作簿…", lambda progress: read_workbook(path, progress), done, failed)
        return False


class SetupPage(QWizardPage):
    """Step 2: which compound, which sheets."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 2 步：导入到哪个小区、哪些工作表")
        self.compound = QComboBox()
        self.compound.setEditable(True)
        self.compound.lineEdit().setPlaceholderText("选择小区，或输入新小区的名称")
        self.sheets = SheetListModel(self)
        self.sheet_view = QListView()
        self.sheet_view.setModel(self.sheets)
        self.columns = QLabel()
        self.columns.setWordWrap(True)
        self.named = MessageLabel()  # the compound the register's title names
        self.named.setStyleSheet("color: #a15c00;")
        self.named.hide()
        self.error = error_label()
        form = QFormLayout()
        form.addRow("导入到小区", self.compound)
        form.addRow("", self.named)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("工作表（取消勾选的不导入）："))
        layout.addWidget(self.sheet_view, 1)
        layout.addWidget(self.columns)
        layout.addWidget(self.error)
        self.compound.currentTextChanged.connect(lambda _t: self.completeChanged.emit())
        self.sheets.itemChanged.connect(lambda _i: self.completeChanged.emit())
        self.sheet_view.selectionModel().currentChanged.connect(lambda current, _p: self._show_columns(current.row()))

    def wizard(self) -> ImportWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:
        wizard = self.wizard()
        names = compound_names(wizard.ledger.db)
        self.compound.clear()
        self.compound.addItems(names)
        self.compound.setCurrentIndex(0 if len(names) == 1 else -1)
        if len(names) != 1:
            self.compound.setEditText("")
        assert wizard.book is not None
        self._propose(names, file_compound(wizard.book))
        self.sheets.load(wizard.book)
        self.error.hide()
        first = next((i for i, s in enumerate(wizard.book.sheets) if s.header is not None), 0)
        self.sheet_view.setCurrentIndex(self.sheets.index(first, 0))
        self._show_columns(first)

    def _propose(self, names: list[str], named: str) -> None:
        """The register's title names a compound: choose it if the ledger has
        it, else propose a new compound of that name, and say so."""
        self.named.hide()
        if not named:
            return
        if named in names:
            self.compound.setCurrentIndex(names.index(named))
            return
        self.compound.setEditText(named)
        held = "、".join(names)
        self.named.setText(f"登记表标题写的小区是“{named}”，台账中没有这个小区，将新建。"
                           + (f"如果表中就是台账中的{held}（写法不同），请在上面改选。" if names else ""))
        self.named.show()

    def _show_columns(self, row: int) -> None:
        book = self.wizard().book if self.wizard() else None
        if book is None or not 0 <= row < len(book.sheets) or book.sheets[row].header is None:
            self.columns.setText("")
            return
        header = book.sheets[row].header
        from core.importing.header import FIELD_BY_KEY

        read = "、".join(f"{title}" + ("" if title == FIELD_BY_KEY[key].label else f"（{FIELD_BY_KEY[key].label}）")
                        for key, title in header.titles.items())
        text = f"“{book.sheets[row].name}”中导入的列：{read}"
        if header.ignored:
            text += f"\n不导入的列：{'、'.join(header.ignored)}"
        self.columns.setText(text)

    def isComplete(self) -> bool:
        return bool(self.sheets.checked()) and bool(self.compound.currentText().strip())

    def validatePage(self) -> bool:
        wizard = self.wizard()
        if getattr(self, "_planned", False):
            self._planned = False
            return True
        if wizard.busy:
            return False
        compound = self.compound.currentText().strip()
        sheets = self.sheets.checked()
        book = wizard.book
        assert book is not None
        self.error.hide()

        if wizard.plan_setup != (compound, sheets):
            wizard.choices = {}  # another compound or sheets: the rooms are others
        work = wizard.planner(book, compound, sheets)

        def done(plan: ImportPlan) -> None:
            wizard.plan = plan
            wizard.plan_setup = (compound, sheets)
            self._planned = True
            wizard.next()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, Cancelled):
                self.error.setText(describe_error(exc))
                self.error.show()

        wizard.run("正在检查每一行…", work, done, failed)
        return False


class PreviewPage(QWizardPage):
    """Step 3: exactly what will happen; 导入 commits it."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第 3 步：预览（还没有写入台账）")
        self.setCommitPage(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("importSummary")
        self.rejected = ProblemTableModel(self)
        self.changes = ChangeTableModel(self)
        self.warnings = ProblemTableModel(self)
        self.conflicts = ConflictTableModel(self)
        self.tabs = QTabWidget()
        self.views: dict[str, LedgerTableView] = {}
        for key, model in (("rejected", self.rejected), ("changes", self.changes), ("warnings", self.warnings),
                           ("conflicts", self.conflicts)):
            view = LedgerTableView()
            view.setModel(model)
            view.set_column_widths([c.width for c in model.columns])
            self.views[key] = view
            if key != "conflicts":
                self.tabs.addTab(view, "")
        # Household conflicts: the table, and what to do with the selected one.
        self.choice = QComboBox()
        for code, label in CONFLICT_CHOICES.items():
            self.choice.addItem(label, code)
        self.choice.setToolTip("选中上表中的一户，再选择怎样处理；预览随之更新")
        self.choice.activated.connect(self._choose)
        self.conflict_help = MessageLabel(
            "这些房间在台账中住着另一户人，表中这一户一个人也不会并入那一户，除非您另行选择："
            "“跳过”不导入这一户；“原住户已迁出”把台账中的原住户记为迁出（档案保留），表中这一户迁入；"
            "“是同一家人”按同一户合并。")
        choice_row = QHBoxLayout()
        choice_row.addWidget(QLabel("所选这一户："))
        choice_row.addWidget(self.choice)
        choice_row.addStretch()
        conflict_box = QWidget()
        conflict_layout = QVBoxLayout(conflict_box)
        conflict_layout.setContentsMargins(0, 0, 0, 0)
        conflict_layout.addWidget(self.conflict_help)
        conflict_layout.addWidget(self.views["conflicts"], 1)
        conflict_layout.addLayout(choice_row)
        self.tabs.addTab(conflict_box, "")
        self.views["conflicts"].selectionModel().currentRowChanged.connect(self._show_choice)
        self.save_errors = QPushButton("保存错误工作簿…")
        self.save_errors.setToolTip("把被拒绝的行（原样，附错误原因）存成工作簿，改正后再导入")
        self.save_errors.clicked.connect(lambda: self.wizard().save_errors())
        self.status = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addStretch()
        buttons.addWidget(self.save_errors)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def wizard(self) -> ImportWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:
        plan = self.wizard().plan
        assert plan is not None
        self.summary.setText("\n".join(summary_lines(plan)))
        self.rejected.set_rows(problem_rows(plan.rejected))
        self.warnings.set_rows(problem_rows(plan.warnings))
        self.changes.set_plan(plan)
        shown = min(len(plan.residents), SAMPLE_ROWS)
        self.tabs.setTabText(0, f"拒绝的行（{len(plan.rejected)}）")
        self.tabs.setTabText(1, f"将新增或更新的居民（{len(plan.residents)}" +
                             (f"，列出前 {shown} 人）" if shown < len(plan.residents) else "）"))
        self.tabs.setTabText(2, f"提示（{len(plan.warnings)}）")
        self.conflicts.set_plan(plan)
        self.tabs.setTabText(3, f"住户冲突（{len(plan.conflicts)}）")
        self.tabs.setTabVisible(3, bool(plan.conflicts))
        if getattr(self, "_keep_tab", False):
            self._keep_tab = False
            self.tabs.setCurrentIndex(3)
        else:
            self.tabs.setCurrentIndex(3 if plan.conflicts else 0 if plan.rejected else 1)
        self.choice.setEnabled(False)
        if plan.conflicts:
            self.views["conflicts"].selectRow(getattr(self, "_conflict_row", 0))
        self.save_errors.setEnabled(bool(plan.rejected))
        self.status.hide()
        self._committed = False

    def _show_choice(self, current, _previous=None) -> None:
        plan = self.wizard().plan
        row = current.row()
        if plan is None or not 0 <= row < len(plan.conflicts):
            self.choice.setEnabled(False)
            return
        self.choice.setEnabled(True)
        self.choice.setCurrentIndex(self.choice.findData(plan.conflicts[row].choice))

    def selected_conflict(self) -> int:
        return self.views["conflicts"].currentIndex().row()

    def choose(self, row: int, code: str) -> None:
        """Decide what to do with conflict ``row`` and preview again."""
        wizard = self.wizard()
        plan = wizard.plan
        if plan is None or not 0 <= row < len(plan.conflicts):
            return
        if wizard.busy:  # still previewing the last choice: show what holds
            self.choice.setCurrentIndex(self.choice.findData(plan.conflicts[row].choice))
            return
        key = plan.conflicts[row].key
        if code == SKIP:
            wizard.choices.pop(key, None)
        else:
            wizard.choices[key] = code
        compound, sheets = wizard.plan_setup
        book = wizard.book
        work = wizard.planner(book, compound, sheets)

        def done(new_plan: ImportPlan) -> None:
            wizard.plan = new_plan
            self._keep_tab = True
            self._conflict_row = row
            self.initializePage()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, Cancelled):
                self.status.setText(describe_error(exc))
                self.status.show()

        wizard.run("正在重新预览…", work, done, failed)

    def _choose(self, _index: int) -> None:
        self.choose(self.selected_conflict(), self.choice.currentData())

    def validatePage(self) -> bool:
        wizard = self.wizard()
        plan = wizard.plan
        assert plan is not None
        if self._committed or not plan.has_changes:
            return True
        if wizard.busy:
            return False
        self.status.hide()

        def work(progress: Progress) -> None:
            if wizard.ledger.path is not None:  # a verified copy first; if it fails, nothing is imported
                backups.make_backup(wizard.ledger.path, reason="import")
            worker = wizard.ledger.reopen()
            try:
                apply_plan(worker, plan, progress)
            finally:
                worker.close()

        def done(_result: None) -> None:
            wizard.imported = True
            self._committed = True
            wizard.next()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                self.status.setText("已取消导入，台账未做任何改动。")
            else:
                self.status.setText(describe_error(exc))
            self.status.show()

        wizard.run("正在导入…", work, done, failed)
        return False


class ResultPage(QWizardPage):
    """Step 4: what was done, and the rejected rows to take away."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("完成")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.save_errors = QPushButton("保存错误工作簿…")
        self.save_errors.clicked.connect(lambda: self.wizard().save_errors())
        row = QHBoxLayout()
        row.addWidget(self.save_errors)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.result)
        layout.addLayout(row)
        layout.addStretch()

    def wizard(self) -> ImportWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:
        wizard = self.wizard()
        plan = wizard.plan
        assert plan is not None
        if wizard.imported:
            text = (f"已导入：新增 {len(plan.new_households)} 户、{len(plan.new_residents)} 人；"
                    f"更新 {len(plan.updated_households)} 户、{len(plan.updated_residents)} 人。")
        else:
            text = "没有需要写入的内容，台账未做改动。"
        if plan.rejected:
            text += (f"\n\n有 {len(plan.rejected)} 行没有导入。请保存错误工作簿，按最后一列的原因改正后，"
                     "再次导入那个文件。")
        self.result.setText(text)
        self.save_errors.setVisible(bool(plan.rejected))


def save_template(parent: QWidget) -> None:
    """保存导入模板…: ask where, write the blank template."""
    from reports.excel_template import TEMPLATE_NAME, write_template

    path = ask_save_path(parent, "保存导入模板", TEMPLATE_NAME)
    if path is None:
        return
    try:
        write_template(path)
    except LedgerError as exc:
        messages.error(parent, "没有保存导入模板。", exc.message)
        return
    messages.info(parent, f"导入模板已保存：\n{path}",
                  "按模板填写后，用“导入 Excel…”导入。第 2 行是示例，导入时会自动跳过。")
