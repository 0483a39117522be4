"""The house style of printed output, after GB/T 9704-2012 where it applies.

Portrait documents (the 工作简报): A4, 天头 (top margin) 37 mm, 订口 (left,
binding) 28 mm, 版心 (text block) 156 × 225 mm; body 三号 (15.75 pt) 仿宋 on a
28.9 pt line, 22 lines of 28 characters; title 二号 (22 pt) 小标宋 or 黑体;
first-level headings 一、 in 黑体, second-level （一） in 楷体; page numbers
四号 "— 1 —" 7 mm below the text block, odd pages right, even pages left,
one character in from the edge of the block; dates as 2026年12月3日.

Rosters and tables: A4 landscape, smaller type, the same title block and
"第 X 页 共 Y 页" centred at the foot.
"""

from __future__ import annotations

import datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from reports.pdf.fonts import FontSet

PAGE = A4
TOP = 37 * mm          # 天头
LEFT = 28 * mm         # 订口
BLOCK_WIDTH = 156 * mm  # 版心
BLOCK_HEIGHT = 225 * mm
RIGHT = PAGE[0] - LEFT - BLOCK_WIDTH
BOTTOM = PAGE[1] - TOP - BLOCK_HEIGHT

BODY_SIZE = 15.75      # 三号
LINES_PER_PAGE = 22
BODY_LEADING = BLOCK_HEIGHT / LINES_PER_PAGE  # 28.9 pt: 22 lines fill the block
TITLE_SIZE = 22        # 二号
PAGE_NUMBER_SIZE = 14  # 四号
PAGE_NUMBER_DROP = 7 * mm

RED = colors.Color(0.85, 0.0, 0.0)

# Landscape rosters and tables.
ROSTER_PAGE = landscape(A4)
ROSTER_MARGIN = 15 * mm
ROSTER_TOP = 18 * mm
ROSTER_BOTTOM = 16 * mm
ROSTER_SIZE = 9.5
ROSTER_LEADING = 12
ROSTER_PADDING = 2.5
HEADER_FILL = colors.Color(0.88, 0.88, 0.88)
SECTION_FILL = colors.Color(0.95, 0.95, 0.95)


def chinese_date(date: datetime.date) -> str:
    """2026年12月3日: no leading zeros, as official documents write it."""
    return f"{date.year}年{date.month}月{date.day}日"


def page_number_text(number: int) -> str:
    return f"— {number} —"


def page_of_text(number: int, total: int) -> str:
    return f"第 {number} 页 共 {total} 页"


def document_styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    """The paragraph styles of a portrait document."""
    base = dict(wordWrap="CJK", textColor=colors.black)
    body = ParagraphStyle("body", fontName=fonts.body, fontSize=BODY_SIZE, leading=BODY_LEADING,
                          firstLineIndent=2 * BODY_SIZE, alignment=TA_LEFT, **base)
    return {
        "body": body,
        "title": ParagraphStyle("title", fontName=fonts.title, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.5,
                                alignment=TA_CENTER, spaceAfter=BODY_LEADING * 0.5, **base),
        "heading1": ParagraphStyle("heading1", parent=body, fontName=fonts.heading, keepWithNext=1),
        "heading2": ParagraphStyle("heading2", parent=body, fontName=fonts.kai, keepWithNext=1),
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "right": ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", fontName=fonts.body, fontSize=12, leading=18, **base),
    }


def roster_styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    """The styles of a landscape roster: its title block and cells."""
    base = dict(wordWrap="CJK", textColor=colors.black)
    return {
        "title": ParagraphStyle("rtitle", fontName=fonts.title, fontSize=18, leading=26, alignment=TA_CENTER,
                                **base),
        "subtitle": ParagraphStyle("rsub", fontName=fonts.body, fontSize=11, leading=18, alignment=TA_CENTER,
                                   spaceAfter=6, **base),
        "cell": ParagraphStyle("cell", fontName=fonts.body, fontSize=ROSTER_SIZE, leading=ROSTER_LEADING, **base),
        "note": ParagraphStyle("rnote", fontName=fonts.body, fontSize=10.5, leading=16, spaceBefore=6, **base),
    }
