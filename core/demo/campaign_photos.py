"""Before/after pictures for the demo's campaign entries, drawn with
Pillow: a six-storey block of the 1980s, and in front of it the mess
(sheds, rubbish, small ads, a vegetable patch) or the result (lawn,
paving, parking bays, benches, drying racks), with a caption strip.

Deterministic from the ``random.Random`` passed in.
"""

from __future__ import annotations

import datetime
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (640, 480)
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("C:/Windows/Fonts/msyh.ttc"),
    Path("C:/Windows/Fonts/simhei.ttf"),
)


def _font(size: int) -> ImageFont.ImageFont:
    for path in FONT_PATHS:
        if path.exists():
            try:
                return ImageFont.truetype(str(path), size)
            except OSError:
                continue
    return ImageFont.load_default()


def scene(rng: random.Random, kind: str, after: bool, caption: str, place_seed: int = 0,
          taken: datetime.datetime | None = None) -> bytes:
    """A JPEG of one place before or after the work of ``kind`` (a metric key);
    the same ``place_seed`` draws the same building. ``taken`` goes into EXIF."""
    width, height = SIZE
    image = Image.new("RGB", SIZE, (196, 214, 228) if after else (190, 196, 200))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.55)
    _building(draw, random.Random(place_seed), horizon, weathered=not after)
    ground = (150, 150, 140) if not after else (170, 170, 166)
    draw.rectangle([0, horizon, width, height], fill=ground)
    if after:
        _tidy(draw, rng, kind, horizon)
    else:
        _mess(draw, rng, kind, horizon)
    _caption(draw, caption, after)
    out = io.BytesIO()
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(_EXIF_IFD)[_DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
    image.save(out, format="JPEG", quality=82, exif=exif.tobytes())
    return out.getvalue()


def _building(draw: ImageDraw.ImageDraw, rng: random.Random, horizon: int, weathered: bool) -> None:
    left, right = 40 + rng.randint(0, 40), 600 - rng.randint(0, 40)
    top = 40
    wall = (178, 160, 140) if weathered else (214, 196, 170)
    draw.rectangle([left, top, right, horizon], fill=wall, outline=(120, 110, 100))
    floors = 6
    step = (horizon - top) / floors
    for floor in range(floors):
        y = top + floor * step + step * 0.25
        for x in range(left + 18, right - 30, 52):
            glass = (90, 110, 130) if rng.random() < 0.8 else (60, 70, 80)
            draw.rectangle([x, y, x + 30, y + step * 0.5], fill=glass, outline=(230, 230, 230))
    if weathered:
        for _ in range(6):
            x = rng.randint(left, right - 40)
            y = rng.randint(top, horizon - 60)
            draw.rectangle([x, y, x + rng.randint(8, 20), y + rng.randint(30, 60)], fill=(140, 128, 112))


def _mess(draw: ImageDraw.ImageDraw, rng: random.Random, kind: str, horizon: int) -> None:
    width, height = SIZE
    if kind in ("demolish", "garbage", "vegetables", "greening", "paving"):
        for _ in range(3):  # sheds of corrugated sheet
            x = rng.randint(20, 500)
            w, h = rng.randint(80, 130), rng.randint(60, 90)
            draw.rectangle([x, horizon + 20 - h, x + w, horizon + 20], fill=(96, 110, 126), outline=(60, 60, 60))
            for line in range(x, x + w, 10):
                draw.line([line, horizon + 20 - h, line, horizon + 20], fill=(80, 90, 104))
    for _ in range(14 if kind in ("garbage", "demolish") else 7):  # rubbish heaps
        x, y = rng.randint(0, width - 60), rng.randint(horizon + 30, height - 90)
        colour = rng.choice(((110, 90, 70), (90, 90, 90), (140, 120, 60), (60, 70, 80)))
        draw.ellipse([x, y, x + rng.randint(30, 80), y + rng.randint(15, 35)], fill=colour)
    if kind in ("ads", "garbage", "demolish"):
        for _ in range(18):  # small ads on the wall
            x, y = rng.randint(50, 560), rng.randint(60, horizon - 30)
            draw.rectangle([x, y, x + 22, y + 14], fill=(245, 245, 235))
            draw.line([x + 3, y + 5, x + 19, y + 5], fill=(200, 40, 40), width=2)
    if kind in ("vegetables", "greening"):
        for row in range(5):  # a vegetable patch dug into the green belt
            y = horizon + 40 + row * 22
            draw.line([40, y, 360, y], fill=(100, 80, 50), width=8)
            for x in range(50, 350, 24):
                draw.ellipse([x, y - 10, x + 12, y], fill=(70, 120, 50))
    if kind == "drains":
        draw.rectangle([0, height - 120, width, height - 95], fill=(70, 60, 50))


def _tidy(draw: ImageDraw.ImageDraw, rng: random.Random, kind: str, horizon: int) -> None:
    width, height = SIZE
    draw.rectangle([0, horizon, width, horizon + 60], fill=(88, 150, 70))  # the green belt
    for x in range(20, width, 70):  # young trees
        draw.line([x + 10, horizon + 50, x + 10, horizon + 10], fill=(100, 70, 40), width=4)
        draw.ellipse([x - 6, horizon - 20, x + 26, horizon + 16], fill=(60, 130, 60))
    draw.rectangle([0, horizon + 60, width, height - 100], fill=(180, 180, 176))  # new paving
    if kind in ("parking", "paving"):
        for x in range(30, width - 40, 90):  # parking bays
            draw.rectangle([x, horizon + 80, x + 70, height - 110], outline=(250, 250, 250), width=3)
    if kind in ("benches", "greening", "vegetables"):
        for x in (120, 360):
            draw.rectangle([x, height - 150, x + 110, height - 138], fill=(150, 100, 60))
            draw.rectangle([x + 6, height - 138, x + 12, height - 118], fill=(80, 80, 80))
            draw.rectangle([x + 98, height - 138, x + 104, height - 118], fill=(80, 80, 80))
    if kind == "racks":
        for x in (80, 300):
            draw.line([x, height - 170, x, height - 110], fill=(90, 90, 90), width=4)
            draw.line([x + 160, height - 170, x + 160, height - 110], fill=(90, 90, 90), width=4)
            for y in (height - 168, height - 155, height - 142):
                draw.line([x, y, x + 160, y], fill=(200, 200, 200), width=2)
    draw.rectangle([0, height - 100, width, height], fill=(120, 170, 90))


def _caption(draw: ImageDraw.ImageDraw, caption: str, after: bool) -> None:
    width, height = SIZE
    draw.rectangle([0, height - 44, width, height], fill=(30, 100, 50) if after else (120, 40, 30))
    draw.text((16, height - 38), caption, fill=(255, 255, 255), font=_font(26))
