"""A table model over a SQL query, fetched page by page as the view scrolls.

Like Anki's browser table: rows come from the database in pages of
:attr:`PagedTableModel.PAGE`, so a scope of 50,000 residents opens as fast
as one of fifty. Sorting re-queries with another ``ORDER BY``; a change in
the database calls :meth:`reload`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

Row = dict[str, Any]
FetchPage = Callable[[int, int, str, bool], list[Row]]
CountRows = Callable[[], int]

Index = QModelIndex | QPersistentModelIndex

#: Role for the row's ``id`` (UUID text).
IdRole = Qt.ItemDataRole.UserRole + 1

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_K_TEXT, _K_ALIGN, _K_BRUSH, _K_FONT, _K_ID = range(5)
#: The roles :meth:`PagedTableModel.data` answers, by their int value.
_ROLES = {
    _DISPLAY: _K_TEXT,
    int(Qt.ItemDataRole.ToolTipRole): _K_TEXT,
    int(Qt.ItemDataRole.TextAlignmentRole): _K_ALIGN,
    int(Qt.ItemDataRole.ForegroundRole): _K_BRUSH,
    int(Qt.ItemDataRole.FontRole): _K_FONT,
    int(IdRole): _K_ID,
}


@dataclass(frozen=True)
class Column:
    """One column: where its value comes from and how it looks.

    Attributes:
        key: the row dict's key.
        title: the header text.
        order: the order name passed to the fetch function; None = unsortable.
        display: turns the row into the cell's text (default: the value).
        align_right: for numbers.
        width: initial width in characters.
    """

    key: str
    title: str
    order: str | None = None
    display: Callable[[Row], str] | None = None
    align_right: bool = False
    width: int = 10


class PagedTableModel(QAbstractTableModel):
    """Rows of a query, loaded a page at a time.

    Attributes:
        total: how many rows the query has in all (loaded or not).
        foreground / font: optional callables styling a whole row.
    """

    PAGE = 60

    def __init__(self, columns: list[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._rows: list[Row] = []
        self._texts: dict[int, tuple] = {}
        self._alignments = [
            int((Qt.AlignmentFlag.AlignRight if c.align_right else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter) for c in columns]
        self.dataChanged.connect(self._forget_texts)
        self._resetting = False
        self._fetching = False
        self.total = 0
        self._fetch: FetchPage | None = None
        self._count: CountRows | None = None
        self._order = next((c.order for c in columns if c.order), "")
        self._descending = False
        self.foreground: Callable[[Row, Column], QColor | None] | None = None
        self.font: Callable[[Row], QFont | None] | None = None

    # ------------------------------------------------------------ source

    def set_source(self, fetch: FetchPage, count: CountRows, *, ids: Sequence[str] | None = None) -> None:
        """Show what ``fetch`` and ``count`` give from now on.

        ``ids``: the ids the new source lists, in its order, when the caller
        knows them and the rows' contents have not changed (a narrower
        search): if the rows loaded so far are its first ones, the model
        takes the new source without a reset, so the view keeps its rows
        and does not repaint them (typing one more digit of an ID that the
        first rows all share).
        """
        if ids is not None and self._rows and self._fetch is not None:
            loaded = len(self._rows)
            total = count()
            if total >= loaded and [row.get("id") for row in self._rows] == list(ids[:loaded]):
                self._fetch, self._count, self.total = fetch, count, total
                return
        self._fetch, self._count = fetch, count
        self.reload()

    def reload(self) -> None:
        """Re-run the query from the first page."""
        self.beginResetModel()
        self._texts.clear()
        if self._fetch is None or self._count is None:
            self._rows, self.total = [], 0
        else:
            self.total = self._count()
            self._rows = self._fetch(0, self.PAGE, self._order, self._descending)
        # Slots of modelReset (views, testers) must not fetch more while the
        # reset is still being announced; they ask again afterwards.
        self._resetting = True
        try:
            self.endResetModel()
        finally:
            self._resetting = False

    @property
    def order(self) -> tuple[str, bool]:
        """The current sort: (order name, descending)."""
        return self._order, self._descending

    def row(self, row: int) -> Row:
        return self._rows[row]

    def id_at(self, row: int) -> str:
        return self._rows[row]["id"]

    def row_of(self, record_id: str, *, load: bool = True) -> int | None:
        """The row showing ``record_id``, loading further pages if needed."""
        while True:
            for number, row in enumerate(self._rows):
                if row["id"] == record_id:
                    return number
            if not (load and self.canFetchMore(QModelIndex())):
                return None
            self.fetchMore(QModelIndex())

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index) -> bool:
        return (not parent.isValid() and not self._resetting and not self._fetching
                and len(self._rows) < self.total)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._fetch is None or self._resetting or self._fetching:
            return
        page = self._fetch(len(self._rows), self.PAGE, self._order, self._descending)
        page = page[: max(self.total - len(self._rows), 0)]
        if not page:
            self.total = len(self._rows)
            return
        first = len(self._rows)
        # Slots of rowsAboutToBeInserted (testers, views) must not fetch the
        # next page in the middle of this one.
        self._fetching = True
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # A repaint asks every visible cell for a dozen roles, most of which
        # this model has nothing for: find the role in a dict first, and
        # compare plain ints, not Qt enum members (~10× cheaper per call).
        kind = _ROLES.get(role)
        if kind is None:
            return None
        number = index.row()
        if number < 0 or number >= len(self._rows):
            return None
        if kind == _K_TEXT:
            return self._looks(number)[0][index.column()]
        if kind == _K_ALIGN:
            return self._alignments[index.column()]
        if kind == _K_BRUSH:
            return self._looks(number)[1][index.column()]
        if kind == _K_FONT:
            return self._looks(number)[2]
        return self._rows[number].get("id")

    def _looks(self, number: int) -> tuple[list[str], list[QBrush | None], QFont | None]:
        """Texts, colours and font of one row, worked out once per row and
        page: a repaint asks for each of them many times."""
        looks = self._texts.get(number)
        if looks is None:
            row = self._rows[number]
            texts = []
            for column in self.columns:
                if column.display is not None:
                    texts.append(column.display(row))
                else:
                    value = row.get(column.key)
                    texts.append("" if value is None else str(value))
            brushes: list[QBrush | None] = [None] * len(self.columns)
            if self.foreground is not None:
                for n, column in enumerate(self.columns):
                    color = self.foreground(row, column)
                    brushes[n] = QBrush(color) if color is not None else None
            font = self.font(row) if self.font is not None else None
            looks = self._texts[number] = (texts, brushes, font)
        return looks

    def _forget_texts(self, top_left: QModelIndex, bottom_right: QModelIndex, _roles=()) -> None:
        for number in range(top_left.row(), bottom_right.row() + 1):
            self._texts.pop(number, None)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.columns):
                return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].order is None:
            return
        self._order = self.columns[column].order or ""
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()


class StaticTableModel(PagedTableModel):
    """A small table of rows already in memory (a history, a preview).

    Sorting orders the rows in Python by the column's key.
    """

    def __init__(self, columns: list[Column], rows: list[Row] | None = None, parent=None) -> None:
        super().__init__(columns, parent)
        self.set_rows(rows or [])

    def set_rows(self, rows: list[Row]) -> None:
        self._all = list(rows)
        self.set_source(self._page, lambda: len(self._all))

    def _page(self, offset: int, limit: int, order: str, descending: bool) -> list[Row]:
        rows = self._all
        if order:
            rows = sorted(rows, key=lambda r: (r.get(order) is None, str(r.get(order) or "")),
                          reverse=descending)
        return rows[offset: offset + limit]
