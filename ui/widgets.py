"""Small widgets used across tabs."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QLayoutItem,
    QPushButton,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class LedgerTableView(QTableView):
    """A table view with the house defaults: whole-row selection, alternating
    rows, sortable headers, and row heights that follow the text size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._widths: list[int] = []
        self._whole: frozenset[int] = frozenset()
        self._user_sized = False
        self._fitting = False
        self.horizontalHeader().sectionResized.connect(self._column_dragged)
        self._fit_rows()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
            if self._widths:
                self.set_column_widths(self._widths, whole=self._whole)
        super().changeEvent(event)

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.7))

    def set_column_widths(self, chars: list[int], *, whole: Iterable[int] = ()) -> None:
        """Initial widths, in Latin characters of the current font (a Chinese
        character counts two), and never narrower than the column's header.
        They follow the text size. Until the user drags a column, they shrink
        together to the view's width (never below a header), so that every
        column is in sight at the largest text size; a cut text shows whole
        on hover (the models' tooltips). Columns of numbers, and those in
        ``whole`` (a time, say), are never cut."""
        self._widths = list(chars)
        self._whole = frozenset(whole)
        self._user_sized = False
        self._fit_columns()

    def wrap_text(self) -> None:
        """Long texts wrap onto more lines, rows growing to fit (for short
        lists such as the start screen's due items)."""
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _fit_columns(self) -> None:
        if not self._widths:
            return
        metrics = self.fontMetrics()
        unit = metrics.horizontalAdvance("0")
        header = self.horizontalHeader()
        header_metrics = header.fontMetrics()
        model = self.model()
        wanted, floors = [], []
        for column, width in enumerate(self._widths):
            title = model.headerData(column, Qt.Orientation.Horizontal) if model is not None else ""
            needed = header_metrics.horizontalAdvance(str(title or "")) + 28  # sort arrow and margins
            floors.append(needed)
            wanted.append(max(int(width * unit) + 16, needed))
        self.set_widths_in_view(wanted, floors)

    def set_widths_in_view(self, wanted: list[int], floors: list[int] | None = None) -> None:
        """Set column widths ``wanted`` (pixels), shrinking them together to the
        view's width when they do not fit, each down to at most its floor (its
        header) — never a column of numbers (right-aligned), which stays whole."""
        model = self.model()
        if floors is None:
            header_metrics = self.horizontalHeader().fontMetrics()
            floors = [header_metrics.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                      + 28 for c in range(len(wanted))]
        floors = list(floors)
        for column in self._whole:
            if column < len(wanted):
                floors[column] = wanted[column]
        if model is not None and model.rowCount() > 0:
            for column in range(min(len(wanted), model.columnCount())):
                align = model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
                if align is not None and int(Qt.AlignmentFlag(int(align)) & Qt.AlignmentFlag.AlignRight):
                    floors[column] = wanted[column]  # numbers are never cut ("64", not "6")
        room = self.viewport().width()
        excess = sum(wanted) - room
        slack = sum(max(0, w - f) for w, f in zip(wanted, floors))
        if self.isVisible() and room > 100 and excess > 0 and slack > 0:
            share = min(1.0, excess / slack)
            wanted = [int(w - max(0, w - f) * share) for w, f in zip(wanted, floors)]
        self._fitting = True
        try:
            for column, width in enumerate(wanted):
                self.setColumnWidth(column, width)
        finally:
            self._fitting = False

    def refit(self) -> None:
        """Fit the columns again (the view was resized or shown)."""
        if self._widths and not self._user_sized:
            self._fit_columns()

    def _column_dragged(self, _column: int, _old: int, _new: int) -> None:
        # Only a drag with the mouse is the user's; the stretched last column
        # and our own fitting resize sections too.
        if not self._fitting and QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._user_sized = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.refit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refit()


class Heading(QLabel):
    """A bold title that stays ``scale`` times the application's text size."""

    def __init__(self, text: str, parent: QWidget | None = None, scale: float = 1.25) -> None:
        super().__init__(text, parent)
        self._scale = scale
        self._apply()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply()
        return super().event(event)

    def _apply(self) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * self._scale)
        font.setBold(True)
        self.setFont(font)


class MessageLabel(QLabel):
    """A label for a message of any length: it wraps, takes the height of its
    wrapped text at the width it is given (never a clipped half line), and
    asks its window for room when its text grows."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def minimumSizeHint(self) -> QSize:
        # A wrapped QLabel's own minimum is one short line; the height its text
        # needs at the present width keeps every line on screen.
        hint = super().minimumSizeHint()
        if self.text() and self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def setText(self, text: str) -> None:
        super().setText(text)
        self.updateGeometry()
        window = self.window()
        if isinstance(window, LedgerDialog):
            window.content_changed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the wrapped height changes with the width


def error_label(parent: QWidget | None = None) -> QLabel:
    """A red label for a field's validation message, hidden while empty."""
    label = MessageLabel("", parent)
    label.setStyleSheet("color: #c0392b;")
    label.hide()
    return label


# ---------------------------------------------------------------- screen room

#: What a window's frame (title bar, borders) takes beyond its client area on
#: Windows at 100 % scaling; frameGeometry() is known only once shown.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of ``widget``'s screen (else the primary screen) a window may
    use: QScreen.availableGeometry, without the taskbar."""
    # The primary screen: the office PCs have one. (Asking a window under
    # construction for its screen crashed Qt 6.11 in the tests.)
    del widget
    return QGuiApplication.primaryScreen().availableGeometry()


def screen_room(widget: QWidget | None = None) -> QSize:
    """The largest client size a window can have and still lie, frame and
    all, inside the available screen."""
    room = available_geometry(widget).size() - FRAME_ALLOWANCE
    return room.expandedTo(QSize(320, 240))


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height``, or less where the screen
    is smaller."""
    window.resize(QSize(width, height).boundedTo(screen_room(window)))


def scrolling(body: QWidget) -> QScrollArea:
    """``body`` in a frameless scroll area that follows its width, so a form
    scrolls rather than squeezes on a small screen at the largest text size."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(body)
    return area


class ScrolledContent(QWidget):
    """What a dialog scrolls; tells when its layout asks for another size.

    Signals:
        layout_changed(): a row or message appeared, grew or went.
    """

    layout_changed = Signal()

    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self.layout_changed.emit()
        return result


def _holds_buttons(item: QLayoutItem) -> bool:
    widget = item.widget()
    if widget is not None:
        return isinstance(widget, (QDialogButtonBox, QAbstractButton)) or bool(
            widget.findChildren(QAbstractButton))
    layout = item.layout()
    if layout is None:
        return False
    return any(_holds_buttons(layout.itemAt(i)) for i in range(layout.count()))


def _take_last(layout: QLayout) -> QWidget | QLayout:
    """Remove the last item of ``layout`` and return its widget or layout
    (never a bare QLayoutItem, which Python would own and delete)."""
    item = layout.itemAt(layout.count() - 1)
    widget = item.widget()
    if widget is not None:
        layout.removeWidget(widget)
        return widget
    inner = item.layout()
    layout.removeItem(inner)
    inner.setParent(None)
    return inner


def scroll_content(owner: QWidget, keep_last: bool = True) -> QScrollArea | None:
    """Move ``owner``'s layout into a scroll area, keeping its last item (the
    button row) below it, always visible. Returns the scroll area, or None
    when ``owner`` has no layout."""
    layout = owner.layout()
    if layout is None:
        return None
    kept: list[QWidget | QLayout] = []
    if keep_last and layout.count() and _holds_buttons(layout.itemAt(layout.count() - 1)):
        kept.append(_take_last(layout))
        # A message shown just above the buttons stays in sight with them.
        while layout.count() and isinstance(layout.itemAt(layout.count() - 1).widget(), MessageLabel):
            kept.insert(0, _take_last(layout))
    margins = layout.contentsMargins()
    body = ScrolledContent()
    body.setObjectName("scrolledContent")
    body.setLayout(layout)  # takes the layout (and its widgets) from ``owner``
    area = scrolling(body)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, margins.bottom() if kept else 0)
    outer.setSpacing(0)
    outer.addWidget(area, 1)
    if kept:
        layout.setContentsMargins(margins.left(), margins.top(), margins.right(), 4)
        row = QVBoxLayout()
        row.setContentsMargins(margins.left(), 4, margins.right(), 0)
        for item in kept:
            if isinstance(item, QWidget):
                row.addWidget(item)
            else:
                row.addLayout(item)
        outer.addLayout(row)
    return area


def scrolled_size(area: QScrollArea, chrome: QSize, width: int = 0) -> QSize:
    """The size a window whose content is ``area`` needs to show all of it
    without scrolling, plus ``chrome`` (what the window holds beside the
    scroll area): the content at its preferred width, or at the window width
    ``width`` when that is larger, its wrapped texts at that width."""
    body = area.widget()
    hint = body.sizeHint().expandedTo(body.minimumSizeHint())
    bar = area.verticalScrollBar().sizeHint().width()
    inner = max(hint.width(), width - chrome.width() - bar - 2)
    height = hint.height()
    if body.hasHeightForWidth():
        wrapped = body.heightForWidth(inner)
        if wrapped > 0:
            height = max(wrapped, body.minimumSizeHint().height())
    return QSize(inner + bar + 2, height + 2) + chrome


def _wants_height(body: QWidget) -> bool:
    """Whether ``body`` holds a list, table or text box that can use any height."""
    for area in body.findChildren(QAbstractScrollArea):
        if area.isVisibleTo(body) and area.maximumHeight() >= 16_777_215 and \
                area.sizePolicy().verticalPolicy() != QSizePolicy.Policy.Fixed:
            return True
    return False


class LedgerDialog(QDialog):
    """The base of every dialog of the program.

    On first showing it moves its content into a scroll area and keeps the
    last row of its layout (the buttons) below it, always visible; it is
    never taller or wider than the available screen (``resize`` is bounded by
    :func:`screen_room`); and it grows, as far as the screen allows, when a
    message or a section appears in it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content_area: QScrollArea | None = None
        self._wanted: QSize | None = None
        self._shown = False

    def resize(self, *size) -> None:  # type: ignore[override]
        wanted = QSize(*size) if len(size) == 2 else QSize(size[0])
        self._wanted = wanted
        super().resize(wanted.boundedTo(screen_room(self)))

    def setVisible(self, visible: bool) -> None:
        # Before the first showing (show() and exec() come here), so that the
        # content is in its scroll area when the children are shown.
        if visible and not self._shown:
            self._shown = True
            self._wrap()
            self._fit(grow_only=False)
        super().setVisible(visible)

    def _wrap(self) -> None:
        if self.content_area is None and self.layout() is not None:
            focus = self.focusWidget()  # moving widgets forgets the window's focus
            self.content_area = scroll_content(self)
            if focus is not None:
                focus.setFocus()
            if self.content_area is not None:
                self.content_area.widget().layout_changed.connect(self.content_changed)

    def content_changed(self) -> None:
        """A message appeared or grew: make room for it if the screen has."""
        if self._shown:
            self._fit(grow_only=True)

    def _fit(self, *, grow_only: bool) -> None:
        room = screen_room(self)
        if self.content_area is None:
            self.resize_bounded(self.size().expandedTo(self.sizeHint()) if grow_only
                                else (self._wanted or self.sizeHint()), room)
            return
        chrome = self.size() - self.content_area.size() if grow_only else QSize(
            0, self.sizeHint().height() - self.content_area.sizeHint().height())
        chrome = chrome.expandedTo(QSize(0, 0))
        if grow_only:
            needed = scrolled_size(self.content_area, chrome, self.width())
            target = self.size().expandedTo(needed.boundedTo(room))
        else:
            wanted_width = min((self._wanted or QSize(0, 0)).width(), room.width())
            needed = scrolled_size(self.content_area, chrome, wanted_width)
            target = needed.expandedTo(self._wanted or QSize(0, 0))
            if not _wants_height(self.content_area.widget()):
                # Nothing in it (a table, a list, a text box) uses more height:
                # no taller than its content, or its rows drift apart from their labels.
                target.setHeight(needed.height())
        self.resize_bounded(target, room)

    def resize_bounded(self, size: QSize, room: QSize) -> None:
        size = size.boundedTo(room)
        if size != self.size():
            QDialog.resize(self, size)


def dialog_buttons(dialog: QDialog, ok_text: str = "保存",
                   cancel_text: str = "取消") -> tuple[QDialogButtonBox, QPushButton]:
    """The house OK/Cancel row, labelled in Chinese and wired to the dialog's
    accept()/reject(); returns the box and its OK button."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class FlowLayout(QLayout):
    """Buttons left to right, wrapping onto another row when the width runs
    out (a row of ten actions at 特大 would make the window wider than the
    screen). After Qt's flow layout example."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        width = sum(i.sizeHint().width() for i in self._visible()) + self._gap * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() is not None and i.widget().isHidden())]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(x, y, hint.width(), hint.height()))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


def stacked(*widgets: QWidget) -> QWidget:
    """A margin-less box holding ``widgets`` one above the other (a title over
    its table, for a splitter pane)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box
