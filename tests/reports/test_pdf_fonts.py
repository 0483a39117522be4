"""Finding and checking the Chinese fonts a PDF is printed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.pdf import fonts as fontmod
from reports.pdf.fonts import FontSet, MissingGlyphsError, NoChineseFontError, find_fonts


def test_finds_an_embeddable_chinese_font() -> None:
    found = find_fonts()
    assert found.found, "CI installs fonts-wqy-microhei"
    for role in fontmod.ROLES:
        assert found.roles[role] in found.found
    assert all(found.roles["body"].has(c) for c in "小区治理台账，。（）")


def test_no_chinese_font_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "simfang.ttf").write_bytes(b"not a font at all")  # a damaged "font" is not used either
    with pytest.raises(NoChineseFontError) as caught:
        find_fonts(dirs=[tmp_path])
    message = caught.value.message
    assert "找不到可以嵌入 PDF 的中文字体" in message and "fonts-wqy-microhei" in message and "simfang.ttf" in message


def test_a_chosen_font_that_does_not_load(tmp_path: Path) -> None:
    bad = tmp_path / "字体.ttf"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(NoChineseFontError) as caught:
        find_fonts(bad)
    assert "设置中选择的字体" in caught.value.message


def test_a_chosen_font_takes_every_role() -> None:
    path = find_fonts().found[0].path
    chosen = find_fonts((path, 0))
    assert {f.name for f in chosen.roles.values()} == {chosen.found[0].name}


def test_windows_fonts_come_first(tmp_path: Path, monkeypatch) -> None:
    """Windows' 仿宋 takes the body and 黑体 the headings when they are there
    (the WenQuanYi file stands in for them: it is loaded under their names)."""
    source = find_fonts().found[0].path
    for name in ("simfang.ttf", "simhei.ttf"):
        (tmp_path / name).symlink_to(source)
    found = find_fonts(dirs=[tmp_path])
    assert found.roles["body"].path.name == "simfang.ttf"
    assert found.roles["heading"].path.name == "simhei.ttf"
    assert found.roles["title"].path.name == "simhei.ttf"


def test_rare_characters_come_from_another_font() -> None:
    real = find_fonts().found[0]
    lacking = fontmod.LoadedFont(real.name, "缺字体", real.path, 0, real.glyphs - {ord("堃")})
    fonts = FontSet({role: lacking for role in fontmod.ROLES}, [lacking, real])
    assert not fonts.plain("王堃", lacking.name)
    fonts_real = FontSet({role: real for role in fontmod.ROLES}, [real])
    assert fonts_real.plain("王堃", real.name)
    # every font is registered under its own name; the lacking one borrows the real one's glyph
    other = fontmod.LoadedFont("CL-other", "另一字体", real.path, 0, real.glyphs)
    fonts = FontSet({role: lacking for role in fontmod.ROLES}, [lacking, other])
    assert fonts.markup("王堃<", lacking.name) == '王<font name="CL-other">堃</font>&lt;'


def test_a_character_no_font_has_is_refused() -> None:
    fonts = find_fonts()
    with pytest.raises(MissingGlyphsError) as caught:
        fonts.markup("𠮷祥", fonts.body)
    assert "𠮷" in caught.value.message and "U+20BB7" in caught.value.message and "空框" in caught.value.message
