"""Chinese line breaking: no line starts with closing punctuation or ends with an opening mark."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus.paragraph import Paragraph

from reports.pdf.fonts import find_fonts
from reports.pdf.linebreak import CANNOT_END, CANNOT_START, CJKParagraph, break_lines, wrap_text
from tests.reports.pdf_helpers import pages

#: Real paragraphs of the kind a briefing holds: quotes, book titles, brackets,
#: numbers with decimals, enumerations, ellipses and dashes.
PARAGRAPHS = (
    "坚持党建引领，社区党委组织党员志愿者“认领”楼栋，逐户走访困难老人和独居老人，建立“一户一档”；"
    "召开楼栋议事会12场，议定《小区文明公约》（试行），居民参与率达到86.5%。",
    "本期共清运垃圾82.5吨、拆除私搭乱建31处、清理小广告612.5平方米……居民说：“楼道亮了，心里也亮了！”"
    "下一步将继续推进“九个有”标准化建设——力争每个单元都有人管事、有人办事。",
    "存在问题：一是部分楼栋单元长年龄偏大（平均68岁），入户走访力量不足；二是车辆乱停、楼道堆物等问题反复出现？"
    "三是《居民公约》的知晓率不高，“红色物业”服务队人手紧张！",
)


@pytest.fixture(scope="module")
def fonts():
    return find_fonts()


def _lines(text: str, font: str, chars: int) -> list[str]:
    widths = [stringWidth(c, font, 16) for c in text]
    return [text[s:e] for s, e in break_lines(text, widths, [16 * chars])]


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_no_line_starts_with_closing_or_ends_with_opening(fonts, paragraph) -> None:
    for chars in range(6, 31):
        lines = _lines(paragraph, fonts.body, chars)
        assert "".join(lines) == paragraph
        for line in lines[1:]:
            assert line[0] not in CANNOT_START, (chars, line)
        for line in lines[:-1]:
            assert line[-1] not in CANNOT_END, (chars, line)
        for before, after in zip(lines, lines[1:]):  # numbers are not cut
            assert not (before[-1].isdigit() and (after[0].isdigit() or after[0] == ".")), (chars, before, after)


def test_reportlab_alone_would_start_lines_with_these(fonts) -> None:
    """The reason for the module: reportlab's list lacks ，；：？！”》… ."""
    for mark in "，；：？！”》…":
        assert mark not in ALL_CANNOT_START and mark in CANNOT_START


def test_one_closing_mark_hangs_two_push_back(fonts) -> None:
    # 10 characters fit; the 11th is "，": it hangs in the margin.
    assert _lines("一二三四五六七八九十，甲乙", fonts.body, 10) == ["一二三四五六七八九十，", "甲乙"]
    # "。”" after the 10th: both cannot start a line, so "十" goes down with them.
    assert _lines("一二三四五六七八九十。”甲乙", fonts.body, 10) == ["一二三四五六七八九", "十。”甲乙"]
    # An opening mark never ends a line.
    assert _lines("一二三四五六七八九“十”甲", fonts.body, 10) == ["一二三四五六七八九", "“十”甲"]


def test_wrap_text_for_cells(fonts) -> None:
    lines = wrap_text("困难老人、独居、空巢、低保、残疾", fonts.body, 10, 45)
    assert "".join(lines) == "困难老人、独居、空巢、低保、残疾"
    assert all(line[0] not in CANNOT_START for line in lines[1:])


def _starts(path: Path) -> list[str]:
    return [line.strip()[0] for page in pages(path, layout=False) for line in page.splitlines() if line.strip()]


def test_paragraphs_in_a_pdf(tmp_path: Path, fonts) -> None:
    """Printed in columns 9 to 20 characters wide, the lines pdftotext reads
    back obey the rules, where reportlab's own CJK wrapping breaks them."""
    style = ParagraphStyle("b", fontName=fonts.body, fontSize=16, leading=26, wordWrap="CJK")
    broken = []
    for width in range(9, 21):
        ours, theirs = tmp_path / f"ours{width}.pdf", tmp_path / f"theirs{width}.pdf"
        for path, kind in ((ours, CJKParagraph), (theirs, Paragraph)):
            doc = SimpleDocTemplate(str(path), pagesize=(16 * width + 144.5, 842), leftMargin=72, rightMargin=72,
                                    initialFontName=fonts.body)
            doc.build([kind(p, style) for p in PARAGRAPHS])
        assert not [c for c in _starts(ours) if c in CANNOT_START], width
        broken += [c for c in _starts(theirs) if c in CANNOT_START]
    assert broken  # reportlab alone starts lines with ，；” …
