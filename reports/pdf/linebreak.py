"""Chinese line breaking (禁则): no line starts with closing punctuation, none
ends with an opening mark, and numbers and Latin words stay whole.

reportlab's ``wordWrap='CJK'`` keeps only ``。、）」』】〕`` (and ASCII
``!',.:;?")]``) off the start of a line (``reportlab.lib.textsplit.ALL_CANNOT_START``)
and has no rule for the end of a line, so ``，`` ``；`` ``：`` ``？`` ``！``
``”`` ``》`` ``…`` could begin a line and ``“`` ``《`` ``（`` end one. The
rules here extend that list (GB/T 15834 punctuation; JIS X 4051 style
kinsoku): when the character that does not fit may not start a line, it
hangs in the margin as Word does by default (one character, never two);
otherwise the break moves back until both sides are allowed.

:class:`CJKParagraph` is a reportlab ``Paragraph`` breaking its lines this way.
"""

from __future__ import annotations

from reportlab.lib.textsplit import ALL_CANNOT_END as _RL_CANNOT_END
from reportlab.lib.textsplit import ALL_CANNOT_START as _RL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import ParaLines, Paragraph, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

#: May not begin a line: closing quotes and brackets, stops, pause and
#: separation marks, the ellipsis and dash, the middle dot, percent and degrees.
CANNOT_START = frozenset(
    _RL_CANNOT_START
    + "，。、；：？！…‥—～·・”’）》〉」』】〕〗〙］｝｠»›"
    + "‰％℃°′″）"
    + ",.;:?!)]}%")
#: May not end a line: opening quotes and brackets, currency and number signs.
CANNOT_END = frozenset(_RL_CANNOT_END + "“‘（《〈「『【〔〖〘［｛｟«‹" + "([{¥￥$#")


def _word(char: str) -> bool:
    """Part of a number or Latin word, which is not broken inside."""
    return char.isascii() and (char.isalnum() or char in ".-_/@")


def _allowed(chars, j: int) -> bool:
    """Whether a line may end before ``chars[j]``."""
    before, after = chars[j - 1], chars[j]
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if _word(before) and _word(after):
        return False
    return True


def break_lines(chars, widths: list[float], max_widths: list[float],
                forced: set[int] | frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Where the lines of ``chars`` begin and end: ``[(start, end), ...]``.

    ``widths`` are the characters' widths; the n-th line may be
    ``max_widths[n]`` wide (the last value for the lines after). ``forced``
    holds the indices after which a line must end (explicit breaks).
    """
    n = len(chars)
    lines: list[tuple[int, int]] = []
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        brk = False
        while i < n:
            w = widths[i]
            if used + w > max_width + _FUZZ and i > start:
                break
            used += w
            i += 1
            if i - 1 in forced:
                brk = True
                break
        if not brk and i < n:
            if chars[i] in CANNOT_START and chars[i - 1] not in CANNOT_END \
                    and (i + 1 >= n or chars[i + 1] not in CANNOT_START):
                i += 1  # hangs in the margin
            else:
                j = i
                while j > start + 1 and not _allowed(chars, j):
                    j -= 1
                if _allowed(chars, j):
                    i = j
        lines.append((start, i))
        start = i
    return lines


class CJKParagraph(Paragraph):
    """A Paragraph (``wordWrap='CJK'``) that breaks lines by :func:`break_lines`."""

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        frags = self.frags
        split = hasattr(self, "blPara") and getattr(self, "_splitpara", 0)
        style = self.style
        self.height = 0
        if not frags:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName,
                             textColor=style.textColor, lines=[], ascent=style.fontSize,
                             descent=-0.2 * style.fontSize)
        if len(frags) == 1 and not hasattr(frags[0], "cbDefn") and not style.endDots:
            f = frags[0]
            if split:  # a part of a paragraph split across pages, as reportlab does
                return f.clone(kind=0, lines=self.blPara.lines)
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            widths = [stringWidth(c, f.fontName, f.fontSize) for c in text]
            lines = []
            for s, e in break_lines(text, widths, list(maxWidths)):
                line_width = sum(widths[s:e])
                lines.append((maxWidths[min(len(lines), len(maxWidths) - 1)] - line_width, [text[s:e]]))
            return f.clone(kind=0, lines=lines, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        if split:
            return self.blPara
        units = []
        forced = set()
        for f in frags:
            text = f.text if isinstance(f.text, str) else f.text.decode("utf8")
            if text:
                units.extend(cjkU(t, f, "utf8") for t in text)
            else:
                units.append(cjkU(text, f, "utf8"))
            if hasattr(f, "lineBreak"):
                forced.add(len(units) - 1)
        widths = [u.width for u in units]
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        calc_bounds = auto not in ("", "off")
        lines = []
        for s, e in break_lines(units, widths, list(maxWidths), forced):
            max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
            used = sum(widths[s:e])
            line_break = (e - 1) in forced
            lines.append(makeCJKParaLine(units[s:e], max_width, used, max_width - used, line_break, calc_bounds))
        return ParaLines(kind=1, lines=lines)


def wrap_text(text: str, font_name: str, font_size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (for table cells drawn as strings)."""
    out: list[str] = []
    for part in text.split("\n"):
        if not part:
            out.append("")
            continue
        widths = [stringWidth(c, font_name, font_size) for c in part]
        out.extend(part[s:e] for s, e in break_lines(part, widths, [width]))
    return out
