"""The 工作简报: its shape, the figures of the ledger, page numbers, fonts."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from core.campaigns.campaign import campaign_list
from core.campaigns.stats import totals
from core.inspections import period_inspections
from core.overview import overview
from reports.pdf.briefing import BriefingText, briefing_pdf, parse_sections
from reports.pdf.linebreak import CANNOT_START
from tests.reports.pdf_helpers import TODAY, assert_fonts_embedded, pages, people, text

NOTES = """一、主要做法
坚持党建引领，社区党委组织党员志愿者“认领”楼栋，逐户走访困难老人和独居老人，建立“一户一档”；召开楼栋议事会12场，议定《小区文明公约》（试行），居民参与率明显提高。
存在问题
部分楼栋单元长年龄偏大，入户走访力量不足；车辆乱停、楼道堆物等问题反复出现！
下一步打算：
继续推进“九个有”标准化建设，完成剩余整改事项。
"""

FROM, TO = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def _squash(content: str) -> str:
    return re.sub(r"\s+", "", content)


def test_parse_sections() -> None:
    sections = parse_sections(NOTES)
    assert list(sections) == ["主要做法", "存在问题", "下一步打算"]
    assert sections["下一步打算"] == ["继续推进“九个有”标准化建设，完成剩余整改事项。"]


def test_briefing_of_the_demo(tmp_path: Path, demo_ledger) -> None:
    db, community = demo_ledger.db, demo_ledger.community_id
    out = tmp_path / "简报.pdf"
    printed = briefing_pdf(db, out, date_from=FROM, date_to=TO, today=TODAY,
                           text=BriefingText(issue=12, sections=parse_sections(NOTES), copies=15))
    texts = pages(out)
    assert len(texts) == printed.pages >= 2
    flat = _squash("".join(texts))
    # the masthead
    assert "幸福路社区工作简报" in flat and "第12期" in flat and "幸福路社区居民委员会" in flat
    assert "2026年12月3日" in flat and "2026年11月1日至11月30日" in flat
    # the compound in numbers
    figures = overview(db, TO, community_id=community)
    assert f"住户{figures.households}户" in flat and f"在住居民{figures.residents}人" in flat
    assert f"在住党员{figures.party_members}名，其中长期在外{figures.party_away}名" in flat
    for tag, n in figures.tags:
        if n:
            assert f"{tag}{n}人" in flat
    assert "图1" in flat
    # inspections and rectifications
    found = period_inspections(db, community, FROM, TO)
    assert f"本期完成检查{found.inspections}次，其中“九个有”检查{found.nine}次" in flat
    assert f"尚未办结的整改{found.open_now}项，其中已逾期{found.overdue_now}项" in flat
    assert "小区管理制度" in flat and "表1" in flat
    # campaigns against their goals
    for campaign in campaign_list(db, community):
        if campaign["start_date"] <= TO.isoformat():
            assert campaign["name"] in flat
            for t in totals(db, campaign["id"], None, TO):
                if t.goal:
                    assert _squash(t.goal_text) in flat and t.percent_text in flat
    # the caller's paragraphs, and the foot
    for heading in ("主要做法", "存在问题", "下一步打算"):
        assert heading in flat
    assert "《小区文明公约》（试行）" in flat
    assert "报：街道党工委、街道办事处" in flat and "共印15份" in flat
    assert "本简报不列身份证号和电话" in flat
    # page numbers: "— 1 —" on each page
    for number, page in enumerate(texts, 1):
        assert f"—{number}—" in _squash(page)
    assert_fonts_embedded(out)
    for page in pages(out, layout=False):
        for line in page.splitlines():
            if re.fullmatch(r"—\s*\d+\s*—", line.strip()):
                continue  # the page number
            assert not line.strip() or line.strip()[0] not in CANNOT_START, line


def test_briefing_of_a_small_ledger(tmp_path: Path, ledger) -> None:
    people(ledger)
    out = tmp_path / "简报.pdf"
    briefing_pdf(ledger.db, out, date_from=FROM, date_to=TO, today=TODAY)
    flat = _squash(text(out))
    assert "住户8户" in flat and "在住居民3人" in flat and "尚未建立网格" in flat
    assert "本期没有进行中的整治行动" in flat
    assert "主要做法" not in flat  # nothing passed in: no empty headings
