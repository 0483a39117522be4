"""The printed rosters: text, figures, masking, fonts, tables across pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.errors import LedgerError
from core.overview import overview
from core.rosters import care_roster, party_roster
from reports.pdf.fonts import MissingGlyphsError
from reports.pdf.linebreak import CANNOT_START
from reports.pdf.roster import building_roster_pdf, care_roster_pdf, party_roster_pdf
from tests.reports.pdf_helpers import (
    ID_HEAD,
    ID_WIFE,
    PHONE_HEAD,
    TODAY,
    assert_fonts_embedded,
    pages,
    people,
    text,
)


@pytest.fixture
def small(ledger):
    people(ledger)
    return ledger


def test_building_roster_masked(tmp_path: Path, small) -> None:
    out = tmp_path / "花名册.pdf"
    printed = building_roster_pdf(small.db, out, today=TODAY)
    assert printed.pages == 1 and printed.rows == 3
    content = text(out)
    assert "测试小区楼栋花名册" in content and "制表日期：2026年12月3日" in content
    for name in ("张建国", "李秀英", "王堃"):
        assert name in content
    assert ID_HEAD not in content and PHONE_HEAD not in content
    assert f"{ID_HEAD[:6]}********{ID_HEAD[-4:]}" in content and "139****5678" in content
    assert "1栋 1单元（2 户，在住 2 人）" in content
    assert "共 4 个单元、8 户、在住 3 人。" in content
    assert "说明：身份证号、电话已打码。" in content
    assert re.search(r"第\s*1\s*页\s*共\s*1\s*页", content)
    assert content.count("无在住人员") == 6  # every door of the unit, empty rooms too
    assert_fonts_embedded(out)


def test_building_roster_full_numbers(tmp_path: Path, small) -> None:
    out = tmp_path / "花名册.pdf"
    building_roster_pdf(small.db, out, full_id=True, today=TODAY)
    content = text(out)
    assert ID_HEAD in content and ID_WIFE in content and PHONE_HEAD in content
    assert "含完整身份证号和电话，请妥善保管" in content


def test_party_and_care(tmp_path: Path, small) -> None:
    party, care = tmp_path / "党员.pdf", tmp_path / "困难.pdf"
    assert party_roster_pdf(small.db, party, today=TODAY).rows == len(party_roster(small.db, small.community_id))
    content = text(party)
    assert "测试小区党员名册" in content and "张建国" in content and "第一党支部（1 名）" in content
    assert "共 1 名（其中预备党员 0 名，长期在外 1 名）。" in content
    assert ID_HEAD not in content and "说明：身份证号、电话已打码。" in content
    assert care_roster_pdf(small.db, care, today=TODAY).rows == len(care_roster(small.db, small.community_id)) == 2
    content = text(care)
    assert "测试小区困难群体名单" in content and "李秀英" in content and "王堃" in content
    assert "张建国" not in content.split("困难群体名单", 1)[1].split("共 2 人")[0].replace("户主", "")
    assert "共 2 人（" in content and "困难老人 1 人" in content and "低保 1 人" in content
    assert_fonts_embedded(party)
    assert_fonts_embedded(care)


def test_demo_roster_spans_pages_with_the_header_on_each(tmp_path: Path, demo_ledger) -> None:
    out = tmp_path / "花名册.pdf"
    printed = building_roster_pdf(demo_ledger.db, out, today=TODAY)
    figures = overview(demo_ledger.db, TODAY, community_id=demo_ledger.community_id)
    assert printed.rows == figures.residents
    texts = pages(out)
    assert len(texts) == printed.pages > 20
    for number, page in enumerate(texts, 1):
        assert re.search(r"房号\s+姓名\s+与户主关系", page), number  # the header row on every page
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{printed.pages}\s*页", page), number
        if number > 1:
            assert "楼栋花名册" in page.splitlines()[0] or "楼栋花名册" in page[:200]
    last = texts[-1]
    assert f"在住 {figures.residents} 人。" in last and "身份证号、电话已打码" in last
    # rows are never split: every masked ID is whole on its line
    ids = re.findall(r"\d{6}\*{8}[\dX]{4}", "\n".join(texts))
    assert len(ids) >= figures.residents * 0.9
    # a household continued from the page before names its room again
    assert "（续）" in "\n".join(texts)
    assert_fonts_embedded(out)


def test_cell_lines_never_start_with_closing_punctuation(tmp_path: Path, demo_ledger) -> None:
    out = tmp_path / "困难.pdf"
    care_roster_pdf(demo_ledger.db, out, today=TODAY)
    for page in pages(out, layout=False):
        for line in page.splitlines():
            assert not line.strip() or line.strip()[0] not in CANNOT_START, line


def test_never_over_the_ledger(small) -> None:
    before = Path(small.path).read_bytes() if hasattr(small, "path") else None
    target = Path(small.db.conn.execute("PRAGMA database_list").fetchone()[2])
    with pytest.raises(LedgerError) as caught:
        building_roster_pdf(small.db, target, today=TODAY)
    assert "台账" in caught.value.message
    with pytest.raises(LedgerError):
        building_roster_pdf(small.db, Path(str(target) + "-wal"), today=TODAY)
    if before is not None:
        assert Path(small.path).read_bytes() == before


def test_a_name_no_font_can_print_writes_nothing(tmp_path: Path, small) -> None:
    from core import registry

    household = small.db.execute("SELECT id FROM household ORDER BY rowid LIMIT 1 OFFSET 3").fetchone()[0]
    registry.add_resident(small, household, registry.ResidentForm(name="𠮷祥", relation="户主"))
    out = tmp_path / "花名册.pdf"
    with pytest.raises(MissingGlyphsError) as caught:
        building_roster_pdf(small.db, out, today=TODAY)
    assert "𠮷" in caught.value.message
    assert not out.exists() and not list(tmp_path.glob(".*partial*"))


def test_a_rare_name_character_prints_in_another_font(tmp_path: Path, small) -> None:
    """A body font lacking 堃 (as 仿宋 lacks some name characters): the cell is
    set with the font that has it, and the name prints whole."""
    from reports.pdf import fonts as fontmod
    from reports.pdf.fonts import FontSet, find_fonts

    real = find_fonts().found[0]
    lacking = fontmod.LoadedFont(real.name, "缺字体", real.path, 0, real.glyphs - {ord("堃")})
    fonts = FontSet({role: lacking for role in fontmod.ROLES}, [lacking, real])
    out = tmp_path / "花名册.pdf"
    building_roster_pdf(small.db, out, fonts=fonts, today=TODAY)
    content = text(out)
    assert "王堃" in content and "张建国" in content
    assert_fonts_embedded(out)
