"""首页: the compound at a glance and what is due.

The figures come from ``core.overview``; the due list from every provider
in ``core.due``. Double-clicking a due item opens it in its own tab.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import due, vocab
from core.ledger import Change, Ledger
from core.overview import Overview, overview
from ui.background import describe_error, run_quietly
from ui.changes import ChangeHub
from ui.sql_table_model import Column, StaticTableModel
from ui.widgets import Heading, LedgerTableView

_RED = QColor("#c0392b")


def unbreakable(text: str) -> str:
    """``text`` with a word joiner (U+2060) between its characters, so that a
    wrapping label moves it to the next line whole."""
    return "\u2060".join(text.replace(" ", "\u00a0"))


class Figure(QFrame):
    """A big number with its caption."""

    def __init__(self, caption: str, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # "—" until the figures are in (they are read a moment after the
        # window shows): same height, so nothing moves when they arrive.
        self.number = QLabel("—")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(placeholder)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setStyleSheet("color: #666;")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        self._fit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._fit()
        return super().event(event)

    def _fit(self) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.number.setFont(font)

    def set(self, number: int, detail: str = "") -> None:
        """``detail`` is parts joined by " · ": lines break between parts,
        never inside one (not “联系不/上 0 名”)."""
        self.number.setText(f"{number:,}")
        self.detail.setText("\u00a0· ".join(unbreakable(part) for part in detail.split(" · ")))


class HomeTab(QWidget):
    """The start screen.

    Signals:
        open_record(str, str): a due item's tab title and record id.
    """

    open_record = Signal(str, str)

    WATCHED = ("compound", "building", "unit", "household", "resident", "resident_tag", "party_member")

    def __init__(self, ledger: Ledger, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.figures = {
            "households": Figure("户数", _details(_DASHES)["households"]),
            "residents": Figure("在住居民", _details(_DASHES)["residents"]),
            "party": Figure("党员", _details(_DASHES)["party"]),
            "elderly": Figure("60 岁以上老人", _details(_DASHES)["elderly"]),
        }
        figures = QHBoxLayout()
        for figure in self.figures.values():
            figures.addWidget(figure)

        self.tag_labels = QGridLayout()
        tags_box = QWidget()
        tags_box.setLayout(self.tag_labels)
        self._tag_texts: list[QLabel] = []
        self._set_tags([(tag, None) for tag in vocab.VULNERABLE_TAGS])

        self.due_model = StaticTableModel([
            Column("when", "期限", "due_sort", width=9),
            Column("kind", "事项", "kind", width=5),
            Column("who", "责任人", None, width=7),
            Column("title", "内容", None, width=30),
        ], parent=self)
        self.due_model.foreground = lambda row, _c: _RED if row["overdue"] else None
        self.due_view = LedgerTableView()
        self.due_view.setModel(self.due_model)
        self.due_view.set_column_widths([c.width for c in self.due_model.columns])
        self.due_view.wrap_text()  # the 内容 column is read whole, at any text size
        self.due_view.activated.connect(self._open_due)
        self.due_view.setToolTip("双击打开")
        self.due_empty = QLabel("目前没有到期或逾期的事项。")
        self.due_empty.setStyleSheet("color: #666;")

        self.recent_model = StaticTableModel([
            Column("date", "日期", None, width=11),
            Column("kind", "变动", None, width=8),
            Column("name", "姓名", None, width=8),
            Column("address", "房号", None, width=14),
        ], parent=self)
        self.recent_view = LedgerTableView()
        self.recent_view.setModel(self.recent_model)
        self.recent_view.set_column_widths([c.width for c in self.recent_model.columns])
        self.recent_view.setSortingEnabled(False)

        left = QVBoxLayout()
        left.addWidget(Heading("小区概况"))
        left.addLayout(figures)
        left.addWidget(Heading("困难群体与关爱对象（在住）", scale=1.1))
        left.addWidget(tags_box)
        left.addWidget(Heading("最近的住户变动", scale=1.1))
        left.addWidget(self.recent_view, 1)
        right = QVBoxLayout()
        right.addWidget(Heading("待办事项"))
        right.addWidget(self.due_empty)
        right.addWidget(self.due_view, 1)
        left_box, right_box = QWidget(), QWidget()
        left_box.setLayout(left)
        right_box.setLayout(right)
        left.setContentsMargins(0, 0, 8, 0)
        right.setContentsMargins(8, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left_box)
        split.addWidget(right_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.addWidget(split)

        hub.changed.connect(self._on_change)
        # The figures are read on a worker with its own connection, started
        # now, so the window draws meanwhile (a sub-district's figures take
        # ~80 ms of SQL); the due list follows them (its providers import
        # the other tabs' packages, which the first screen does not need).
        self.loaded = False
        self.due_loaded = False
        self._stale = True
        self._generation = 0
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self.reload)
        self.reload()

    def _on_change(self, change: Change) -> None:
        # Any table may feed the due list: refresh now if on screen, else on showing.
        self._stale = True
        if self.isVisible():
            self._refresh.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh.start()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        community = self.ledger.community_id
        today = datetime.date.today()
        if self.ledger.path is None:
            self._show_overview(overview(self.ledger.db, today, community_id=community))
            self._show_due(due.due_items(self.ledger.db, today, community), today)
            return

        def read(what):
            def work():
                worker = self.ledger.reopen()
                try:
                    return what(worker.db)
                finally:
                    worker.close()
            return work

        def figures_in(result) -> None:
            if generation != self._generation:
                return  # a newer reload is under way
            if isinstance(result, BaseException):
                self.figures["households"].detail.setText(f"概况读取失败：{describe_error(result)}")
            else:
                self._show_overview(result)
            run_quietly(self, read(lambda db: due.due_items(db, today, community)), due_in)

        def due_in(items) -> None:
            if generation == self._generation:
                self._show_due(items, today)

        run_quietly(self, read(lambda db: overview(db, today, community_id=community)), figures_in)

    def _show_due(self, items, today: datetime.date) -> None:
        if isinstance(items, BaseException):
            self.due_empty.setText(f"待办事项读取失败：{describe_error(items)}")
            self.due_empty.show()
            self.due_loaded = True
            return
        self.due_model.set_rows([
            {"id": f"{n}", "kind": item.kind, "title": item.title, "who": item.who,
             "when": _when(item, today),
             "due_sort": item.due.isoformat() if item.due else "9999", "overdue": item.overdue(today),
             "tab": item.tab, "record_id": item.record_id or ""}
            for n, item in enumerate(items)])
        self.due_empty.setText("目前没有到期或逾期的事项。")
        self.due_empty.setVisible(not items)
        self.due_loaded = True

    def _show_overview(self, o: Overview) -> None:
        details = _details(o)
        self.figures["households"].set(o.households, details["households"])
        self.figures["residents"].set(o.residents, details["residents"])
        self.figures["party"].set(o.party_members, details["party"])
        self.figures["elderly"].set(o.elderly_60, details["elderly"])
        self._set_tags(o.tags)
        self.recent_model.set_rows([
            {"id": str(n), "date": date or "", "kind": kind, "name": name, "address": address}
            for n, (date, kind, name, address) in enumerate(o.recent)])
        self.loaded = True

    def _set_tags(self, tags: list[tuple[str, int | None]]) -> None:
        """One label per tag, four to a row; labels are reused, so the
        placeholders ("—") are replaced in place."""
        while len(self._tag_texts) > len(tags):
            self._tag_texts.pop().deleteLater()
        for n, (tag, count) in enumerate(tags):
            text = f"{tag}　<b>{'—' if count is None else count}</b> 人"
            if n < len(self._tag_texts):
                self._tag_texts[n].setText(text)
            else:
                label = QLabel(text)
                self._tag_texts.append(label)
                self.tag_labels.addWidget(label, n // 4, n % 4)

    def _open_due(self, index) -> None:
        row = self.due_model.row(index.row())
        if row["tab"]:
            self.open_record.emit(row["tab"], row["record_id"])


class _Dashes:
    """Stands in for an Overview before the figures are in."""

    def __getattr__(self, _name: str) -> str:
        return "—"


_DASHES = _Dashes()


def _details(o) -> dict[str, str]:
    """The line under each figure (from an Overview, or dashes)."""
    return {
        "households": f"{o.compounds} 个小区 · {o.buildings} 栋 · {o.units} 个单元 · 空置 {o.vacant_households} 户",
        "residents": f"今年迁出 {o.moved_out_this_year} 人 · 去世 {o.deceased_this_year} 人",
        "party": f"长期在外 {o.party_away} 名 · 联系不上 {o.party_unreachable} 名",
        "elderly": f"其中 80 岁以上 {o.elderly_80} 人",
    }


def _when(item: due.DueItem, today: datetime.date) -> str:
    """``11-18 逾期`` / ``12-07`` (the year only when it is not this year)."""
    if item.due is None:
        return ""
    text = item.due.strftime("%m-%d") if item.due.year == today.year else item.due.isoformat()
    return f"{text} 逾期" if item.overdue(today) else text
