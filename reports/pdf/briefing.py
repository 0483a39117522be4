"""The 工作简报 (work briefing) of one community for a period, in the conventional shape.

Red masthead "XX社区工作简报", 第X期, the issuing office and the date above
a red rule; then the compound in numbers (places, households, residents,
party members and how many are away, vulnerable residents by tag, with a
bar chart), the grid's heads and gaps, the inspections against the nine
standards and the open rectifications, the campaigns' totals against their
goals, and the paragraphs 主要做法 / 存在问题 / 下一步打算 the caller passes
in; at the foot the 报/送/发 lines between rules and 共印X份. Figures come
from core's queries (no SQL here); the briefing prints no ID or phone numbers.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table
from sqlite_utils import Database

from core.campaigns.campaign import campaign_list
from core.campaigns.stats import summary, totals
from core.errors import LedgerError
from core.grid.coverage import coverage
from core.inspections import format_rate, period_inspections
from core.ledger import current_community
from core.overview import overview
from core.registry import community_name
from core.rosters import Privacy, grid_heads
from reports.pdf import style
from reports.pdf.document import build_portrait, write_pdf
from reports.pdf.fonts import FontSet, find_fonts
from reports.pdf.linebreak import CJKParagraph
from reports.pdf.roster import Printed

#: The caller's own paragraphs, in this order.
OWN_SECTIONS = ("主要做法", "存在问题", "下一步打算")
NUMERALS = "一二三四五六七八九十"


@dataclass
class BriefingText:
    """What the briefing says beyond the figures, and its masthead's particulars."""

    issue: int = 1
    office: str = ""            # default: the community's 居委会
    title: str = ""             # default: "<community>治理工作情况"
    sections: dict[str, list[str]] = field(default_factory=dict)  # 主要做法 … → paragraphs
    to_report: str = "街道党工委、街道办事处"     # 报
    to_send: str = "社区党委各委员"             # 送
    to_issue: str = "各网格长、楼栋单元长"       # 发
    copies: int = 10


def parse_sections(content: str) -> dict[str, list[str]]:
    """The caller's paragraphs from plain text: a line saying 主要做法, 存在问题 or
    下一步打算 (optionally numbered, e.g. "一、主要做法") starts that section;
    each other non-empty line is a paragraph of it."""
    sections: dict[str, list[str]] = {}
    current = None
    for raw in content.splitlines():
        line = raw.strip().lstrip("\ufeff")
        bare = line.lstrip("一二三四五六七八九十、.．0123456789 （）()").rstrip("：:")
        if bare in OWN_SECTIONS:
            current = bare
            sections.setdefault(current, [])
        elif line:
            if current is None:
                raise LedgerError(f"简报文字的第一段前应有一行“主要做法”“存在问题”或“下一步打算”，现在是：“{line[:20]}”。")
            sections[current].append(line)
    return sections


class _Rule(Flowable):
    """A horizontal rule across the text block."""

    def __init__(self, width: float, color=colors.black, space_before: float = 0, space_after: float = 0):
        super().__init__()
        self.line_width = width
        self.color = color
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def wrap(self, aw, ah):
        self.width = aw
        return aw, self.line_width

    def draw(self):
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.line_width)
        self.canv.line(0, self.line_width / 2, self.width, self.line_width / 2)


class _AtFoot(Flowable):
    """Flowables set at the foot of the page (the 版记), on a new page if they do not fit."""

    def __init__(self, flowables: Sequence[Flowable]):
        super().__init__()
        self.flowables = list(flowables)

    def _heights(self, aw):
        return [f.wrap(aw, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.flowables]

    def wrap(self, aw, ah):
        self.width = aw
        need = sum(self._heights(aw))
        self.height = ah if need <= ah else need
        return aw, self.height

    def split(self, aw, ah):
        return []

    def draw(self):
        y = sum(self._heights(self.width))
        for f in self.flowables:
            y -= f.getSpaceBefore()
            _w, h = f.wrap(self.width, 10_000)
            y -= h
            f.drawOn(self.canv, 0, y)
            y -= f.getSpaceAfter()


def _period_text(date_from: datetime.date, date_to: datetime.date) -> str:
    start = style.chinese_date(date_from)
    end = style.chinese_date(date_to)
    if date_from.year == date_to.year:
        end = end[end.index("年") + 1:]
    return f"{start}至{end}"


def _tag_chart(fonts: FontSet, tags: list[tuple[str, int]], width: float) -> Drawing | None:
    shown = [(tag, n) for tag, n in tags if n]
    if not shown:
        return None
    shown.reverse()  # the chart draws from the bottom up
    bar = 5 * mm
    height = bar * len(shown) + 17 * mm
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.body  # else the renderer starts every drawing in Helvetica (not embedded)
    chart = HorizontalBarChart()
    chart.x, chart.y = 30 * mm, 13 * mm
    chart.width, chart.height = width - 50 * mm, bar * len(shown)
    chart.data = [[n for _tag, n in shown]]
    chart.categoryAxis.categoryNames = [tag for tag, _n in shown]
    chart.categoryAxis.labels.fontName = fonts.body
    chart.categoryAxis.labels.fontSize = 10
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.labels.fontName = fonts.body
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.Color(0.75, 0.2, 0.2)
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d 人"
    chart.barLabels.fontName = fonts.body
    chart.barLabels.fontSize = 9
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(width / 2, 1 * mm, "图1　困难群体和关爱对象人数（在住，一人可属多类）", fontName=fonts.body,
                       fontSize=10.5, textAnchor="middle"))
    return drawing


def briefing_pdf(db: Database, path: str | Path, *, date_from: datetime.date, date_to: datetime.date,
                 text: BriefingText | None = None, full_id: bool = False, community_id: str | None = None,
                 fonts: FontSet | None = None, today: datetime.date | None = None, ledgers=()) -> Printed:
    """Write the briefing for ``date_from``–``date_to`` to ``path``."""
    text = text or BriefingText()
    today = today or datetime.date.today()
    community = community_id or current_community(db)
    fonts = fonts or find_fonts()
    name = community_name(db, community) or "社区"
    office = text.office or (name + "居民委员会" if name.endswith("社区") else name)
    styles = style.document_styles(fonts)
    block = style.BLOCK_WIDTH

    def para(content: str, key: str = "body", st: ParagraphStyle | None = None) -> CJKParagraph:
        st = st or styles[key]
        return CJKParagraph(fonts.markup(content, st.fontName), st)

    story: list[Flowable] = []
    # -- masthead
    mast = ParagraphStyle("mast", parent=styles["title"], fontSize=40, leading=52, textColor=style.RED,
                          alignment=TA_CENTER, spaceAfter=0)
    story.append(para(f"{name}工作简报", st=mast))
    story.append(para(f"第{text.issue}期", st=ParagraphStyle("issue", parent=styles["plain"], alignment=TA_CENTER,
                                                             spaceBefore=6, spaceAfter=10)))
    head = Table([[para(office, "plain"), para(style.chinese_date(today), "right")]],
                 colWidths=[block * 0.6, block * 0.4],
                 style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("FONT", (0, 0), (-1, -1), fonts.body)])
    story += [head, _Rule(1.2, style.RED, space_after=4), _Rule(0.4, style.RED, space_after=style.BODY_LEADING / 2)]
    story.append(para(text.title or f"{name}治理工作情况", "title"))
    story.append(para(f"（{_period_text(date_from, date_to)}）",
                      st=ParagraphStyle("period", parent=styles["plain"], alignment=TA_CENTER,
                                        fontName=fonts.kai, spaceAfter=style.BODY_LEADING / 2)))
    numbers = iter(NUMERALS)

    def heading(title: str) -> None:
        story.append(para(f"{next(numbers)}、{title}", "heading1"))

    # -- the compound in numbers
    figures = overview(db, date_to, community_id=community)
    heading("小区基本情况")
    story.append(para(
        f"截至{style.chinese_date(date_to)}，共有小区{figures.compounds}个、楼栋{figures.buildings}栋、"
        f"单元{figures.units}个，住户{figures.households}户（其中空置{figures.vacant_households}户），"
        f"在住居民{figures.residents}人；60岁以上老人{figures.elderly_60}人，80岁以上{figures.elderly_80}人。"
        f"在住党员{figures.party_members}名，其中长期在外{figures.party_away}名、联系不上{figures.party_unreachable}名。"))
    tagged = [(tag, n) for tag, n in figures.tags if n]
    if tagged:
        story.append(para("困难群体和关爱对象：" + "，".join(f"{tag}{n}人" for tag, n in tagged) + "。"))
        chart = _tag_chart(fonts, figures.tags, block)
        if chart is not None:
            story += [Spacer(1, 4), chart, Spacer(1, 6)]

    # -- the grid
    heading("网格责任落实")
    heads = grid_heads(db, community, Privacy.MASKED, date_to)
    by_level: dict[str, list[int]] = {}
    for line in heads:
        held = by_level.setdefault(line.level_title, [0, 0])
        held[0] += 1
        held[1] += line.status == "空缺"
    if heads:
        story.append(para("四级网格共设网格 " + "、".join(
            f"{title}{n}个" + (f"（空缺{vacant}个）" if vacant else "")
            for title, (n, vacant) in by_level.items()) + "。"))
    else:
        story.append(para("尚未建立网格。"))
    problems = coverage(db, community)
    if problems:
        kinds = Counter(p.label for p in problems)
        story.append(para(f"覆盖检查发现问题{len(problems)}项：" + "，".join(f"{k}{n}项" for k, n in kinds.items())
                          + "。"))
        for p in problems[:6]:
            story.append(para(f"{p.text}；"))
        if len(problems) > 6:
            story.append(para(f"等{len(problems)}项，详见网格责任表。"))
    elif heads:
        story.append(para("每个单元都有楼栋单元长，没有空缺的网格。"))

    # -- inspections
    heading("“九个有”检查与整改")
    found = period_inspections(db, community, date_from, date_to)
    story.append(para(
        f"本期完成检查{found.inspections}次，其中“九个有”检查{found.nine}次；新发现需整改的问题{found.opened}项，"
        f"办结{found.closed}项。截至{style.chinese_date(date_to)}，尚未办结的整改{found.open_now}项，"
        f"其中已逾期{found.overdue_now}项。"))
    if found.nine:
        rows = [["标准", "达标", "不达标", "达标率"]]
        for s in found.standards:
            rate = s.passed / (s.passed + s.failed) if s.passed + s.failed else None
            rows.append([s.label, str(s.passed), str(s.failed), format_rate(rate)])
        story += [para("表1　本期“九个有”各项检查结果（次）", st=_caption(styles)),
                  _figure_table(fonts, rows, [block * 0.46, block * 0.18, block * 0.18, block * 0.18]),
                  Spacer(1, 8)]

    # -- campaigns
    heading("环境整治行动")
    campaigns = [c for c in campaign_list(db, community)
                 if c["start_date"] <= date_to.isoformat()
                 and (not c["end_date"] or c["end_date"] >= date_from.isoformat())]
    if not campaigns:
        story.append(para("本期没有进行中的整治行动。"))
    table_no = 2
    for c in campaigns:
        done = summary(db, c["id"], date_from, date_to)
        story.append(para(f"“{c['name']}”：本期{done.text()}。" if done.entries else
                          f"“{c['name']}”：本期没有记录。"))
        lines = [t for t in totals(db, c["id"], None, date_to) if t.total or t.goal]
        if lines:
            rows = [["指标", "累计完成", "目标", "完成率"]]
            rows += [[t.metric.name, t.total_text, t.goal_text or "—", t.percent_text or "—"] for t in lines]
            story += [para(f"表{table_no}　“{c['name']}”累计完成与目标（截至{style.chinese_date(date_to)}）",
                           st=_caption(styles)),
                      _figure_table(fonts, rows, [block * 0.34, block * 0.24, block * 0.24, block * 0.18]),
                      Spacer(1, 8)]
            table_no += 1

    # -- the caller's paragraphs
    for title in OWN_SECTIONS:
        paragraphs = [p for p in text.sections.get(title, []) if p.strip()]
        if paragraphs:
            heading(title)
            story += [para(p.strip()) for p in paragraphs]
    story.append(para(f"（本简报不列身份证号和电话{'；' + Privacy.FULL.note if full_id else ''}。）",
                      st=ParagraphStyle("masked", parent=styles["small"], spaceBefore=6)))

    # -- 版记
    foot = ParagraphStyle("foot", parent=styles["plain"], fontSize=14, leading=22, leftIndent=14,
                          firstLineIndent=0)
    story.append(_AtFoot([
        _Rule(1.0, space_after=2), para(f"报：{text.to_report}", st=foot), _Rule(0.5, space_after=2),
        para(f"送：{text.to_send}", st=foot), _Rule(0.5, space_after=2),
        para(f"发：{text.to_issue}", st=foot), _Rule(0.5, space_after=2),
        Table([[para(f"{office}", st=foot), para(f"共印{text.copies}份", st=ParagraphStyle(
            "copies", parent=foot, alignment=2, rightIndent=14))]], colWidths=[block * 0.6, block * 0.4],
            style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                   ("FONT", (0, 0), (-1, -1), fonts.body)]),
        _Rule(1.0, space_before=2),
    ]))
    pages: dict[str, int] = {}

    def build(target: Path) -> None:
        pages["n"] = build_portrait(target, story, fonts, title=f"{name}工作简报 第{text.issue}期",
                                    subject=_period_text(date_from, date_to))

    written = write_pdf(path, build, ledgers=ledgers)
    return Printed(written, pages["n"], 0)


def _caption(styles) -> ParagraphStyle:
    """表题 above its table (kept with it), 图题 below its figure."""
    return ParagraphStyle("caption", parent=styles["small"], alignment=TA_CENTER, spaceBefore=6, spaceAfter=2,
                          keepWithNext=1)


def _figure_table(fonts: FontSet, rows: list[list[str]], widths: list[float]) -> Table:
    cell = ParagraphStyle("fig", fontName=fonts.body, fontSize=12, leading=16, wordWrap="CJK")
    header = ParagraphStyle("fighead", parent=cell, fontName=fonts.heading, alignment=TA_CENTER)
    data = [[CJKParagraph(fonts.markup(v, (header if n == 0 else cell).fontName), header if n == 0 else cell)
             for v in row] for n, row in enumerate(rows)]
    return Table(data, colWidths=widths, repeatRows=1, style=[
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), style.HEADER_FILL),
        ("FONT", (0, 0), (-1, -1), fonts.body),  # a Table sets its cells' font even for Paragraphs
        ("FONT", (0, 0), (-1, 0), fonts.heading),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])
