"""Reading a workbook: every sheet's cells, merged cells filled, header found.

Sheets are read from openpyxl's read-only workbook in one pass over each
sheet's XML. Read-only worksheets hide merged cells, so the XML is read
here: it gives the rows and, at the end of the sheet, the merged ranges,
which are then filled from their top-left cell (a 户主 or 楼栋 merged down
across a family reads as if written on every row).

A file that cannot be used (not a workbook, encrypted, old ``.xls``,
empty, without a recognisable header) raises :class:`WorkbookError` with a
Chinese message saying what to do.

Hostile or broken files are stopped where they enter, before anything is
inflated or parsed (:mod:`core.importing.workbook_file`: a regular file of
sane size, a zip whose parts do not inflate to gigabytes, no DTD or
entities). While reading, a value beyond column
:data:`MAX_COLUMNS` or more than :data:`MAX_ROWS` rows with values stop the
read with a message naming the limit, and rows are built only as wide as
their last value (a value in column XFD would otherwise make 16,384-cell
rows). Malformed XML, a bad shared-string index or cell reference becomes a
WorkbookError naming the sheet; a cell whose text does not fit its type
(a date that is no date) is read as its text, so the importer rejects that
row and says why.
"""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl import load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import SHARED_STRINGS

from core.importing import cells, workbook_file
from core.importing.workbook_file import WorkbookError
from core.importing.header import (
    HEADER_SEARCH_ROWS,
    HeaderMatch,
    expected_headers,
    find_header,
)
from core.progress import Progress, no_progress

#: Report progress every this many rows.
PROGRESS_EVERY = 500

#: Limits of what is read while parsing (the file's own: core.importing.workbook_file).
MAX_COLUMNS = 256  # column IV
MAX_ROWS = 200_000


@dataclass
class SheetData:
    """One sheet as read.

    Attributes:
        name: the sheet's name.
        rows: row number (1-based) → cell values, merged cells filled; rows
            without any value are left out.
        header: where the header is, or None if the sheet has none.
        merged: how many merged ranges the sheet has.
        building: the building the sheet's name names (``3号楼`` → ``3栋``).
        uncached: row number → 0-based columns of formula cells that carry no
            cached result. The importer stores what a cell shows (its cached
            value), never a formula; for these there is nothing to store.
    """

    name: str
    rows: dict[int, list] = field(default_factory=dict)
    header: HeaderMatch | None = None
    merged: int = 0
    building: str | None = None
    uncached: dict[int, set[int]] = field(default_factory=dict)

    def data_rows(self) -> list[tuple[int, list]]:
        """(row number, values) below the header."""
        if self.header is None:
            return []
        start = self.header.data_start
        return [(number, values) for number, values in self.rows.items() if number >= start]

    def header_rows(self) -> list[list]:
        if self.header is None:
            return []
        return [self.rows.get(n, []) for n in range(self.header.first_row, self.header.row + 1)]


@dataclass
class WorkbookData:
    """A workbook as read: its path and sheets."""

    path: Path
    sheets: list[SheetData]

    @property
    def usable(self) -> list[SheetData]:
        """Sheets with a header."""
        return [s for s in self.sheets if s.header is not None]

    def sheet(self, name: str) -> SheetData:
        return next(s for s in self.sheets if s.name == name)


def read_workbook(path: str | Path, progress: Progress = no_progress) -> WorkbookData:
    """Read every sheet of ``path``. Raises WorkbookError if it cannot be used."""
    path = Path(path)
    data = workbook_file.load_bytes(path)
    workbook_file.check_format(path, data)
    workbook_file.check_archive(path, data)
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (data validation extensions …);
        # reading values loses nothing the importer needs.
        warnings.simplefilter("ignore")
        try:
            wb = _open_workbook(data)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError,
                IndexError, AttributeError, OverflowError, zlib.error, EOFError, ParseError) as exc:
            detail = f"（{_describe(exc)}）" if isinstance(exc, ParseError) else "（文件可能已损坏）"
            raise WorkbookError(
                f"“{path.name}”无法作为 Excel 工作簿打开{detail}。"
                "请在 Excel 中打开它并另存为 .xlsx 后再导入。台账未做任何改动。") from exc
        try:
            sheets = _read_sheets(wb, data, progress)
        finally:
            wb.close()
    book = WorkbookData(path, sheets)
    if not any(s.rows for s in sheets):
        raise WorkbookError(f"“{path.name}”是空的：没有任何工作表含有数据。台账未做任何改动。")
    if not book.usable:
        raise WorkbookError(
            f"在“{path.name}”中没有找到表头：每个工作表的前 {HEADER_SEARCH_ROWS} 行里都没有"
            f"“姓名”这样的列名。请确认表中有一行列名，例如：{expected_headers()}。"
            "也可以先用“保存导入模板”得到一份标准表格。台账未做任何改动。")
    return book


class _ValuesReader(ExcelReader):
    """openpyxl's workbook reader with a faster shared-string table.

    openpyxl builds a rich-text object per shared string only to take its
    plain text; on a register of 20,000 people (a string table of 60,000
    names, numbers and words) that was half the reading time. The text is
    the same: plain ``<t>`` plus rich-text runs, phonetic runs left out.
    """

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _read_shared_strings(source)


def _read_shared_strings(source) -> list[str]:
    strings = []
    for _event, element in iterparse(source):
        if element.tag == _SHARED:
            strings.append((_inline_text(element) or "").replace("x005F_", ""))  # as openpyxl does
            element.clear()
    return strings


def _open_workbook(data: bytes):
    reader = _ValuesReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


def _read_sheets(wb, data: bytes, progress: Progress) -> list[SheetData]:
    worksheets = wb.worksheets
    total = sum((ws.max_row or 0) for ws in worksheets) or 1
    done = 0
    sheets = []
    read = 0
    for ws in worksheets:
        sheet = SheetData(ws.title, building=cells.building_of_sheet(ws.title))
        try:
            if _can_read_fast(wb, ws):
                rows, merges = _parse_sheet(wb, ws, progress, done, total, sheet.uncached)
            else:  # a newer openpyxl without these internals: read the slow way
                rows, merges = _parse_sheet_fallback(data, ws.title)
        except WorkbookError:
            raise
        except (ParseError, ValueError, IndexError, KeyError, TypeError, OverflowError, zipfile.BadZipFile,
                zlib.error, EOFError, OSError) as exc:
            raise WorkbookError(
                f"工作表“{ws.title}”的内容已损坏，无法读取（{_describe(exc)}）。请在 Excel 中打开这个文件，"
                "检查该工作表后另存为 .xlsx 再导入。台账未做任何改动。") from exc
        done += ws.max_row or len(rows)
        read += len(rows)
        if read > MAX_ROWS:
            raise _too_long(ws.title)
        _fill_merges(rows, merges)
        sheet.rows = rows
        sheet.merged = len(merges)
        top = [rows.get(n, []) for n in range(1, HEADER_SEARCH_ROWS + 1)]
        sheet.header = find_header(top)
        sheets.append(sheet)
    progress(total, total)
    return sheets


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _VALUE, _INLINE, _TEXT, _RUN = (_NS + t for t in ("c", "v", "is", "t", "r"))
_ROW, _MERGE, _SHARED, _FORMULA = _NS + "row", _NS + "mergeCell", _NS + "si", _NS + "f"
_COLUMNS: dict[str, int] = {}


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ParseError):
        line, column = getattr(exc, "position", (0, 0))
        return f"XML 格式错误，第 {line} 行第 {column} 列"
    return f"{type(exc).__name__}: {str(exc)[:120]}"


def _too_wide(sheet: str, ref: str | None, column: int) -> WorkbookError:
    from openpyxl.utils import get_column_letter

    return WorkbookError(
        f"工作表“{sheet}”的 {ref or get_column_letter(column)} 格有内容，超出了最多读取 {MAX_COLUMNS} 列"
        f"（到 {get_column_letter(MAX_COLUMNS)} 列）的上限。登记表用不了这么多列：请在 Excel 中删除右边多余的列"
        "（选中这些列，右键“删除”），保存后再导入。台账未做任何改动。")


def _too_long(sheet: str) -> WorkbookError:
    return WorkbookError(
        f"工作表“{sheet}”超过 {MAX_ROWS:,} 行的上限。一个街道约 5 万居民：请确认选择的是登记表，"
        "或把它分成几个文件导入。台账未做任何改动。")


def _can_read_fast(wb, ws) -> bool:
    """True while openpyxl has the internals :func:`_parse_sheet` uses."""
    return all(hasattr(ws, a) for a in ("_get_source", "_shared_strings")) and hasattr(wb, "_date_formats")


def _parse_sheet(wb, ws, progress: Progress, done: int, total: int,
                 uncached: dict[int, set[int]]) -> tuple[dict[int, list], list[str]]:
    """Rows and merged ranges of a read-only worksheet, in one pass.

    openpyxl's read-only workbook supplies the sheet's XML, the shared
    strings and the date styles; the cells are read here, values only,
    which is what the importer needs and about a third faster than
    openpyxl's own cell objects (tests compare the two on every fixture).
    """
    shared = ws._shared_strings
    date_styles = wb._date_formats
    duration_styles = wb._timedelta_formats
    epoch = wb.epoch
    rows: dict[int, list] = {}
    merges: list[str] = []
    cells: list[tuple[int, object]] = []
    formulas: list[int] = []
    row_number = column = count = 0
    with ws._get_source() as source:
        for _event, element in iterparse(source):
            tag = element.tag
            if tag == _CELL:
                ref = element.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    column = _COLUMNS.get(letters) or _COLUMNS.setdefault(letters, column_index_from_string(letters))
                else:
                    column += 1
                kind = element.get("t", "n")
                if kind == "s":
                    text = element.findtext(_VALUE)
                    value = _shared(shared, text, ws.title, ref) if text else None
                elif kind == "inlineStr":
                    value = _inline_text(element.find(_INLINE))
                else:
                    text = element.findtext(_VALUE)
                    value = _typed(kind, text, element.get("s"), date_styles, duration_styles, epoch) \
                        if text else None
                    if text is None and element.find(_FORMULA) is not None:
                        formulas.append(column - 1)
                if value is not None and (value.__class__ is not str or value.strip()):
                    if column > MAX_COLUMNS:
                        raise _too_wide(ws.title, ref, column)
                    cells.append((column, value))
                element.clear()
            elif tag == _ROW:
                number = element.get("r")
                row_number = int(number) if number else row_number + 1
                if cells:
                    values = [None] * cells[-1][0]
                    for index, value in cells:
                        values[index - 1] = value
                    rows[row_number] = values
                    cells = []
                    if len(rows) > MAX_ROWS:
                        raise _too_long(ws.title)
                if formulas:
                    uncached[row_number] = set(formulas)
                    formulas = []
                column = 0
                element.clear()
                count += 1
                if count % PROGRESS_EVERY == 0:
                    progress(done + count, total)
            elif tag == _MERGE:
                merges.append(element.get("ref", ""))
    return rows, [m for m in merges if m]


def _shared(strings: list[str], text: str, sheet: str, ref: str | None) -> str:
    try:
        return strings[int(text)]
    except (ValueError, IndexError):
        raise WorkbookError(
            f"工作表“{sheet}”的 {ref or ''} 格指向不存在的共享文本（编号 {text[:20]}），文件已损坏。"
            "请在 Excel 中打开这个文件，另存为 .xlsx 后再导入。台账未做任何改动。") from None


def _typed(kind: str, text: str, style: str | None, date_styles: set, duration_styles: set,
           epoch: datetime.datetime) -> object:
    """A cell's value from its type and text, as openpyxl reads it; text that
    does not fit the type (a "date" that is none) is returned as text, for
    the importer to refuse with the row and column."""
    try:
        return _typed_value(kind, text, style, date_styles, duration_styles, epoch)
    except (ValueError, TypeError, OverflowError):
        return text


def _typed_value(kind: str, text: str, style: str | None, date_styles: set, duration_styles: set,
                 epoch: datetime.datetime) -> object:
    if kind == "n":
        number: int | float = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        if style and int(style) in date_styles:
            try:
                return from_excel(number, epoch, timedelta=int(style) in duration_styles)
            except (OverflowError, ValueError):
                return None
        return number
    if kind == "str":
        return text
    if kind == "b":
        return text == "1"
    if kind == "d":
        return from_ISO8601(text)
    return None  # "e": an error such as #N/A is no value


def _inline_text(element) -> str | None:
    """The text of an inline string: plain or in rich-text runs (phonetic runs left out)."""
    if element is None:
        return None
    parts = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            parts.extend(t.text or "" for t in child.iter(_TEXT))
    return "".join(parts)


def _parse_sheet_fallback(data: bytes, title: str) -> tuple[dict[int, list], list[str]]:
    """The same from a normally loaded sheet (slower, more memory)."""
    sheet = load_workbook(io.BytesIO(data), data_only=True)[title]
    rows = {}
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        kept = [None if isinstance(v, str) and not v.strip() else v for v in values]
        if any(v is not None for v in kept):
            rows[number] = kept
    return rows, [str(r) for r in sheet.merged_cells.ranges]


def _fill_merges(rows: dict[int, list], merges: list[str]) -> None:
    """Copy each merged range's top-left value into its other cells (of rows
    that exist, up to column MAX_COLUMNS: a range across a whole sheet costs
    no more than the rows it meets)."""
    for ref in merges:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue  # a merged range that names no cells: nothing to fill
        if min_col is None or min_row is None or max_col is None or max_row is None:
            continue
        max_col = min(max_col, MAX_COLUMNS)
        top = rows.get(min_row)
        value = top[min_col - 1] if top is not None and min_col - 1 < len(top) else None
        if value is None:
            continue
        numbers = range(min_row, max_row + 1) if max_row - min_row < len(rows) else \
            sorted(n for n in rows if min_row <= n <= max_row)
        for number in numbers:
            row = rows.get(number)
            if row is None:
                continue
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for column in range(min_col - 1, max_col):
                if row[column] is None:
                    row[column] = value
