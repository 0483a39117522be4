"""The Chinese fonts a PDF is printed in: found, checked, embedded as subsets.

reportlab embeds TrueType outlines only (``.ttf``, ``.ttc``): the Windows
fonts, WenQuanYi and AR PL work; Noto / Source Han CJK (CFF outlines) are
refused by reportlab when loaded, so every candidate is loaded before it is
used. reportlab's ``TTFont`` embeds only the glyphs a document uses.

The order fonts are looked for in (:func:`find_fonts`):

1. a font chosen in the settings (``chosen``: a path, with its subfont index);
2. the Windows fonts in ``%WINDIR%\\Fonts``: 仿宋 ``simfang.ttf`` for the body,
   黑体 ``simhei.ttf`` for headings and titles, 楷体 ``simkai.ttf`` for the
   second-level headings, 宋体 ``simsun.ttc`` (subfont 0, SimSun), and
   微软雅黑 ``msyh.ttc`` as a fallback;
3. on Linux: WenQuanYi Micro Hei / Zen Hei, AR PL UMing / UKai where installed.

Each role (body, heading, title, kai) takes the first loadable font of its
own preference list, else any Chinese font found. Text whose characters a
role's font lacks (rare name characters) is printed in another found font
that has them (:meth:`FontSet.markup`); a character no font has raises
:class:`MissingGlyphsError` rather than printing an empty box.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from core.errors import LedgerError

#: Characters every Chinese font must have to count as one.
PROBE = "小区治理台账第页共一二三年月日，。（）"

ROLES = ("body", "heading", "title", "kai")


@dataclass(frozen=True)
class FontFile:
    """A font file we know: its label for messages, file name and subfont."""

    label: str
    file: str
    subfont: int = 0


# What each family is called on disk.
FANGSONG = FontFile("仿宋", "simfang.ttf")
SIMHEI = FontFile("黑体", "simhei.ttf")
KAITI = FontFile("楷体", "simkai.ttf")
SIMSUN = FontFile("宋体", "simsun.ttc", 0)
MSYH = FontFile("微软雅黑", "msyh.ttc", 0)
XBS = FontFile("方正小标宋", "FZXBSJW.TTF")
WQY_MICRO = FontFile("文泉驿微米黑", "wqy-microhei.ttc", 0)
WQY_ZEN = FontFile("文泉驿正黑", "wqy-zenhei.ttc", 0)
UMING = FontFile("AR PL UMing", "uming.ttc", 0)
UKAI = FontFile("AR PL UKai", "ukai.ttc", 0)

WINDOWS = (FANGSONG, SIMHEI, KAITI, SIMSUN, MSYH, XBS)
LINUX = (WQY_MICRO, WQY_ZEN, UMING, UKAI)

#: Each role's preferences, best first (the house style: 仿宋 body, 黑体 headings,
#: 小标宋 or 黑体 titles, 楷体 for （一） headings).
PREFERENCES: dict[str, tuple[FontFile, ...]] = {
    "body": (FANGSONG, SIMSUN, KAITI, UMING, WQY_MICRO, WQY_ZEN, SIMHEI, MSYH, UKAI),
    "heading": (SIMHEI, MSYH, WQY_MICRO, WQY_ZEN, SIMSUN, FANGSONG, UMING, UKAI),
    "title": (XBS, SIMHEI, MSYH, WQY_MICRO, WQY_ZEN, SIMSUN, UMING),
    "kai": (KAITI, UKAI, FANGSONG, SIMSUN, UMING, WQY_MICRO, WQY_ZEN, MSYH),
}

HOW_TO_FIX = ("请在 Windows 的“C:\\Windows\\Fonts”中确认有仿宋（simfang.ttf）、黑体（simhei.ttf）或宋体（simsun.ttc）；"
              "Linux 上请安装文泉驿微米黑（软件包 fonts-wqy-microhei）或 AR PL UMing（fonts-arphic-uming）。"
              "Noto / 思源等 OTF（CFF）字体不能嵌入 PDF。")


class NoChineseFontError(LedgerError):
    """No usable Chinese TrueType font: nothing can be printed."""


class MissingGlyphsError(LedgerError):
    """Some characters of the text are in no font found."""


def font_dirs() -> list[Path]:
    """Where fonts are looked for, Windows first."""
    dirs = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    if sys.platform == "win32":
        dirs.append(Path("C:/Windows/Fonts"))
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                 Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts"]
    return dirs


def _locate(dirs: list[Path]) -> dict[str, Path]:
    """Known font file names (lower case) → the first path holding one."""
    wanted = {f.file.lower() for f in (*WINDOWS, *LINUX)}
    found: dict[str, Path] = {}
    for root in dirs:
        if not root.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                key = name.lower()
                if key in wanted and key not in found:
                    found[key] = Path(dirpath) / name
    return found


@dataclass
class LoadedFont:
    """A font registered with reportlab under ``name``."""

    name: str
    label: str
    path: Path
    subfont: int
    glyphs: frozenset[int] = field(repr=False, default=frozenset())

    def has(self, char: str) -> bool:
        return char.isspace() or ord(char) in self.glyphs


_loaded: dict[tuple[str, int], LoadedFont | None] = {}
_lock = threading.Lock()


def load_font(path: Path, subfont: int = 0, label: str | None = None) -> LoadedFont | None:
    """Register the font at ``path`` with reportlab, or None if it cannot be
    embedded (CFF outlines, damaged) or lacks the Chinese of :data:`PROBE`."""
    key = (os.path.normcase(str(path)), subfont)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        font = None
        try:
            name = f"CL-{Path(path).stem}-{subfont}"
            tt = TTFont(name, str(path), subfontIndex=subfont)
            glyphs = frozenset(tt.face.charToGlyph)
            if all(ord(c) in glyphs for c in PROBE):
                pdfmetrics.registerFont(tt)
                font = LoadedFont(name, label or Path(path).stem, Path(path), subfont, glyphs)
        except Exception:  # noqa: BLE001 - any font reportlab cannot read is simply not used
            font = None
        _loaded[key] = font
        return font


@dataclass
class FontSet:
    """The fonts of one document, by role, and every font found (for rare characters)."""

    roles: dict[str, LoadedFont]
    found: list[LoadedFont]

    @property
    def body(self) -> str:
        return self.roles["body"].name

    @property
    def heading(self) -> str:
        return self.roles["heading"].name

    @property
    def title(self) -> str:
        return self.roles["title"].name

    @property
    def kai(self) -> str:
        return self.roles["kai"].name

    def font(self, name: str) -> LoadedFont:
        for font in self.found:
            if font.name == name:
                return font
        raise KeyError(name)

    def missing(self, text: str, name: str) -> set[str]:
        """The characters of ``text`` the font ``name`` has no glyph for."""
        font = self.font(name)
        return {c for c in text if not font.has(c)}

    def fallback(self, char: str) -> LoadedFont | None:
        for font in self.found:
            if font.has(char):
                return font
        return None

    def check(self, text: str, name: str) -> None:
        """Raise MissingGlyphsError for characters no font found can print."""
        lost = sorted(c for c in self.missing(text, name) if self.fallback(c) is None)
        if lost:
            shown = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in lost[:10])
            raise MissingGlyphsError(
                f"这些字在已找到的字体（{'、'.join(f.label for f in self.found)}）中都没有，打印出来会是空框：{shown}。"
                "请安装含这些字的字体（如 Windows 的“宋体-方正超大字符集”或“中易宋体”），"
                "或在设置中选择一个含这些字的 TrueType 字体后再试。什么也没有写入。")

    def plain(self, text: str, name: str) -> bool:
        """Whether ``text`` prints in font ``name`` alone."""
        font = self.font(name)
        return all(font.has(c) for c in text)

    def markup(self, text: str, name: str) -> str:
        """``text`` escaped for a Paragraph in font ``name``; characters that
        font lacks are set in another font found that has them."""
        font = self.font(name)
        if all(font.has(c) for c in text):
            return escape(text)
        self.check(text, name)
        parts = []
        for char in text:
            if font.has(char):
                parts.append(escape(char))
            else:
                parts.append(f'<font name="{self.fallback(char).name}">{escape(char)}</font>')
        return "".join(parts)


def find_fonts(chosen: tuple[str | Path, int] | str | Path | None = None, *,
               dirs: list[Path] | None = None) -> FontSet:
    """The document's fonts, looked for in the order the module's doc says.

    ``chosen`` is the font picked in the settings (a path, or ``(path,
    subfont)``): it takes every role when it loads. Raises
    NoChineseFontError (with how to fix it) when no Chinese font loads.
    """
    found: list[LoadedFont] = []
    chosen_font = None
    if chosen is not None:
        path, subfont = chosen if isinstance(chosen, tuple) else (chosen, 0)
        chosen_font = load_font(Path(path), subfont)
        if chosen_font is None:
            raise NoChineseFontError(
                f"设置中选择的字体“{path}”不能用于 PDF：文件不存在、不是 TrueType 字体，或不含中文。"
                "请在设置中另选一个字体（.ttf 或 .ttc），或清除这项设置使用系统字体。" + HOW_TO_FIX)
        found.append(chosen_font)
    located = _locate(dirs if dirs is not None else font_dirs())
    by_file: dict[str, LoadedFont] = {}
    for known in (*WINDOWS, *LINUX):
        path = located.get(known.file.lower())
        if path is None:
            continue
        font = load_font(path, known.subfont, known.label)
        if font is not None:
            by_file[known.file.lower()] = font
            found.append(font)
    if not found:
        raise NoChineseFontError("找不到可以嵌入 PDF 的中文字体，无法生成 PDF（否则文字会是空框）。" + HOW_TO_FIX)
    roles = {}
    for role in ROLES:
        if chosen_font is not None:
            roles[role] = chosen_font
            continue
        roles[role] = next((by_file[f.file.lower()] for f in PREFERENCES[role] if f.file.lower() in by_file),
                           found[0])
    return FontSet(roles, found)
