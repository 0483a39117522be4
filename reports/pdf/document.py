"""Building a PDF: the page templates, tables across pages, writing the file.

Every PDF is written through :func:`core.output_files.write_file` (a
temporary file renamed into place; the ledger and its side files refused).

Tables are split into one table per page here (:func:`page_tables`, :class:`PageTable`):
each page's rows are measured by this module (fixed column widths, cell
text wrapped by the Chinese line-breaking rules), a row is never split, a
section row never ends a page, and every page's table starts with the header
row. One ``LongTable`` of all rows measured 13× slower than drawing them
straight on the canvas.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from core.output_files import write_file
from reports.pdf import style
from reports.pdf.fonts import FontSet
from reports.pdf.linebreak import CJKParagraph, wrap_text


def write_pdf(path: str | Path, build: Callable[[Path], None], *,
              ledgers: Iterable[str | Path | None] = ()) -> Path:
    """Have ``build`` write the PDF into a temporary file, renamed to ``path``."""
    return write_file(path, build, ledgers=ledgers)


class TotalPagesCanvas(Canvas):
    """A canvas that knows, when saved, how many pages there are, and draws
    "第 X 页 共 Y 页" on each (``footer(canvas, number, total)``)."""

    footer: Callable[[Canvas, int, int], None] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            if self.footer is not None:
                self.footer(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


def build_portrait(path: Path, story: list[Flowable], fonts: FontSet, *, title: str, subject: str = "") -> int:
    """A portrait document in the house style, "— N —" at the foot, odd pages right, even left."""

    def on_page(canvas: Canvas, doc) -> None:
        number = canvas.getPageNumber()
        text = style.page_number_text(number)
        canvas.saveState()
        canvas.setFont(fonts.body, style.PAGE_NUMBER_SIZE)
        y = style.BOTTOM - style.PAGE_NUMBER_DROP - style.PAGE_NUMBER_SIZE * 0.8
        indent = style.PAGE_NUMBER_SIZE  # one character in from the block's edge
        if number % 2:
            canvas.drawRightString(style.LEFT + style.BLOCK_WIDTH - indent, y, text)
        else:
            canvas.drawString(style.LEFT + indent, y, text)
        canvas.restoreState()

    doc = BaseDocTemplate(str(path), pagesize=style.PAGE, leftMargin=style.LEFT, rightMargin=style.RIGHT,
                          topMargin=style.TOP, bottomMargin=style.BOTTOM, title=title, author="小区治理台账",
                          subject=subject, creator="小区治理台账", initialFontName=fonts.body)
    frame = Frame(style.LEFT, style.BOTTOM, style.BLOCK_WIDTH, style.BLOCK_HEIGHT, id="block",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="portrait", frames=[frame], onPage=on_page)])
    doc.build(story)
    return doc.page


# --- landscape rosters -------------------------------------------------------

@dataclass(frozen=True)
class Column:
    header: str
    width_mm: float
    align: str = "LEFT"


class Row(list):
    """A row's values, and what its first cells say when it starts a page
    (a household continued from the page before names its room again)."""

    def __init__(self, values, continued=None):
        super().__init__(values)
        self.continued = continued


@dataclass(frozen=True)
class Section:
    """A full-width row naming what follows (楼栋 and 单元)."""

    label: str


def roster_frame() -> tuple[float, float, float, float]:
    width, height = style.ROSTER_PAGE
    return (style.ROSTER_MARGIN, style.ROSTER_BOTTOM, width - 2 * style.ROSTER_MARGIN,
            height - style.ROSTER_TOP - style.ROSTER_BOTTOM)


class _Cells:
    """Turns a row's values into cells and measures the row's height."""

    def __init__(self, fonts: FontSet, columns: Sequence[Column]):
        self.fonts = fonts
        self.font = fonts.body
        self.columns = columns
        self.widths = [c.width_mm * mm for c in columns]
        self.inner = [w - 2 * style.ROSTER_PADDING for w in self.widths]
        self.cell_style = style.roster_styles(fonts)["cell"]
        self.total_width = sum(self.widths)
        self._cache: dict[tuple[int, str], tuple[object, int]] = {}

    def height(self, lines: int) -> float:
        return lines * style.ROSTER_LEADING + 2 * style.ROSTER_PADDING

    def row(self, values: Sequence[str]) -> tuple[list, float]:
        cells = []
        most = 1
        cache = self._cache
        for n, value in enumerate(values):
            key = (n, value)
            found = cache.get(key)
            if found is None:
                found = cache[key] = self._cell(value or "", self.inner[n])
            cells.append(found[0])
            if found[1] > most:
                most = found[1]
        return cells, self.height(most)

    def _cell(self, text: str, width: float) -> tuple[object, int]:
        """A cell (a string, or a Paragraph when another font must print a
        rare character) and its number of lines; repeated values are cached."""
        if not self.fonts.plain(text, self.font):
            para = CJKParagraph(self.fonts.markup(text, self.font), self.cell_style)
            _w, h = para.wrap(width, 10_000)
            return para, max(1, round(h / style.ROSTER_LEADING + 0.49))
        if "\n" not in text and stringWidth(text, self.font, style.ROSTER_SIZE) <= width:
            return text, 1
        lines = wrap_text(text, self.font, style.ROSTER_SIZE, width)
        return "\n".join(lines), len(lines)

    def section(self, label: str) -> tuple[list, float]:
        return [label] + [""] * (len(self.columns) - 1), self.height(1)


def page_tables(fonts: FontSet, columns: Sequence[Column], items: Iterable[Sequence[str] | Section], *,
                first_height: float, height: float) -> list[Flowable]:
    """The rows as one Table per page, each starting with the header row.

    ``first_height`` is the room left on the first page (under the title
    block), ``height`` that of the pages after.
    """
    cells = _Cells(fonts, columns)
    header, header_height = cells.row([c.header for c in columns])
    flowables: list[Flowable] = []
    page: list[tuple[list, float, bool]] = []
    room = first_height - header_height
    used = 0.0

    def flush(rows: list[tuple[list, float, bool]]) -> None:
        if flowables:
            flowables.append(PageBreak())
        flowables.append(_table(cells, header, header_height, rows))

    for item in items:
        if isinstance(item, Section):
            values, h = cells.section(item.label)
            is_section = True
        else:
            values, h = cells.row(item)
            is_section = False
        if page and used + h > room:
            carried = []
            while page and page[-1][2]:  # a section row never ends a page
                carried.insert(0, page.pop())
            if page:
                flush(page)
            page, used = carried, sum(r[1] for r in carried)
            room = height - header_height
            if not carried and getattr(item, "continued", None) is not None:
                values, h = cells.row(item.continued)
        page.append((values, h, is_section))
        used += h
    if page or not flowables:
        flush(page)
    return flowables


class PageTable(Flowable):
    """One page of a roster's table: the header row, then rows measured by
    :class:`_Cells`, drawn straight onto the canvas (a platypus ``Table``
    per page measured 2.7× the bare canvas on 50,000 residents: it restyles
    every cell for every style command). Fixed column widths, a grid, the
    header and section rows shaded, text vertically centred."""

    def __init__(self, cells: _Cells, header: list, header_height: float,
                 rows: list[tuple[list, float, bool]]):
        super().__init__()
        self.cells = cells
        self.rows = [(header, header_height, False)] + rows
        self.width = cells.total_width
        self.height = sum(r[1] for r in self.rows)
        self.hAlign = "CENTER"

    def wrap(self, aw, ah):
        return self.width, self.height

    def split(self, aw, ah):
        return []  # measured to fit its page

    def draw(self) -> None:
        canvas = self.canv
        cells = self.cells
        fonts = cells.fonts
        widths = cells.widths
        size, leading, pad = style.ROSTER_SIZE, style.ROSTER_LEADING, style.ROSTER_PADDING
        ascent = size * 0.8  # baseline below the top of a line
        top = self.height
        canvas.saveState()
        canvas.setLineWidth(0.5)
        y = top
        bounds = []
        current = None
        for n, (values, h, is_section) in enumerate(self.rows):
            bottom = y - h
            bounds.append((y, bottom, is_section))
            if n == 0 or is_section:
                canvas.setFillColor(style.HEADER_FILL if n == 0 else style.SECTION_FILL)
                canvas.rect(0, bottom, self.width, h, stroke=0, fill=1)
                canvas.setFillColorRGB(0, 0, 0)
            font = fonts.heading if n == 0 or is_section else cells.font
            if font != current:
                canvas.setFont(font, size)
                current = font
            if is_section:
                canvas.drawString(pad, bottom + (h - leading) / 2 + leading - ascent, values[0])
                y = bottom
                continue
            x = 0.0
            for column, value, w in zip(cells.columns, values, widths):
                if value == "":
                    x += w
                    continue
                if not isinstance(value, str):  # a Paragraph (a rare character)
                    _pw, ph = value.wrap(w - 2 * pad, h)
                    value.drawOn(canvas, x + pad, bottom + (h - ph) / 2)
                    canvas.setFont(cells.font, size)
                    current = cells.font
                    x += w
                    continue
                lines = value.split("\n")
                base = bottom + (h + len(lines) * leading) / 2 - (leading - size) / 2 - ascent
                align = "CENTER" if n == 0 else column.align
                for line in lines:
                    if align == "CENTER":
                        canvas.drawCentredString(x + w / 2, base, line)
                    elif align == "RIGHT":
                        canvas.drawRightString(x + w - pad, base, line)
                    else:
                        canvas.drawString(x + pad, base, line)
                    base -= leading
                x += w
            y = bottom
        # the grid: every row's top; the column lines run down each stretch of
        # rows between section rows (which span the table), one line per stretch
        path = canvas.beginPath()
        for row_top, _bottom, _section in bounds:
            path.moveTo(0, row_top)
            path.lineTo(self.width, row_top)
        stretch_top = None
        edges = [0.0]
        for w in widths:
            edges.append(edges[-1] + w)
        for row_top, row_bottom, is_section in [*bounds, (0.0, 0.0, True)]:
            if is_section:
                if stretch_top is not None and stretch_top > row_top:
                    for x in edges:
                        path.moveTo(x, stretch_top)
                        path.lineTo(x, row_top)
                stretch_top = None
                if row_top > row_bottom:  # the section row itself: only the outer edges
                    for x in (0.0, self.width):
                        path.moveTo(x, row_top)
                        path.lineTo(x, row_bottom)
            elif stretch_top is None:
                stretch_top = row_top
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.line(0, 0, self.width, 0)
        canvas.restoreState()


def _table(cells: _Cells, header: list, header_height: float, rows: list[tuple[list, float, bool]]) -> PageTable:
    return PageTable(cells, header, header_height, rows)


def build_roster(path: Path, fonts: FontSet, *, title: str, subtitle: str, columns: Sequence[Column],
                 items: Iterable[Sequence[str] | Section], closing: Sequence[str]) -> int:
    """A landscape roster: the title block, the table page by page, closing
    lines (the count, whether numbers are masked); "第 X 页 共 Y 页" at the
    foot and the title at the head of every page. Returns the page count."""
    styles = style.roster_styles(fonts)
    x, y, width, height = roster_frame()
    block = [CJKParagraph(fonts.markup(title, fonts.title), styles["title"]),
             CJKParagraph(fonts.markup(subtitle, fonts.body), styles["subtitle"])]
    block_height = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in block)
    tables = page_tables(fonts, columns, items, first_height=height - block_height - 4, height=height - 4)
    closing_paras = [CJKParagraph(fonts.markup(line, fonts.body), styles["note"]) for line in closing]
    story: list[Flowable] = [*block, *tables, Spacer(1, 2), *closing_paras]
    pages = []

    def footer(canvas: Canvas, number: int, total: int) -> None:
        page_width, _ = style.ROSTER_PAGE
        canvas.saveState()
        canvas.setFont(fonts.body, 9)
        canvas.drawCentredString(page_width / 2, style.ROSTER_BOTTOM / 2, style.page_of_text(number, total))
        if number > 1:
            canvas.drawString(x, y + height + 6, title if fonts.plain(title, fonts.body) else "")
        canvas.restoreState()
        pages.append(number)

    class _Canvas(TotalPagesCanvas):
        pass

    _Canvas.footer = staticmethod(footer)
    doc = BaseDocTemplate(str(path), pagesize=style.ROSTER_PAGE, leftMargin=x, rightMargin=x,
                          topMargin=style.ROSTER_TOP, bottomMargin=style.ROSTER_BOTTOM, title=title,
                          author="小区治理台账", creator="小区治理台账", subject=subtitle,
                          initialFontName=fonts.body)
    frame = Frame(x, y, width, height, id="roster", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="landscape", frames=[frame])])
    doc.build(story, canvasmaker=_Canvas)
    return len(pages)


def made_on(today: datetime.date) -> str:
    return f"制表日期：{style.chinese_date(today)}"


__all__ = ["Column", "Paragraph", "Row", "Section", "build_portrait", "build_roster", "made_on", "page_tables",
           "write_pdf"]
