"""Made-up photos for the demo compound, benchmarks and screenshots.

:func:`demo_photo` draws a plausible scene of the compound — sky, a
six-storey block with windows, the yard, and a subject (a garbage station, a
notice board, a bicycle shed…) — with a Chinese label, and returns it as a
JPEG carrying an EXIF time taken, so the demo's galleries look like photos
an inspector brought back. Deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import datetime
import io
import random
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

#: Fonts with Chinese glyphs, tried in order (Linux, then Windows).
_CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)

_WALLS = ((196, 178, 150), (214, 200, 178), (170, 150, 130), (205, 190, 170), (180, 120, 100))
_SUBJECT_COLOURS = ((46, 125, 50), (21, 101, 192), (198, 40, 40), (97, 97, 97), (239, 108, 0))


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in _CJK_FONTS:
        if Path(candidate).exists():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return ImageFont.load_default()


def demo_photo(rng: random.Random, title: str, *, taken: datetime.datetime | None = None,
               size: tuple[int, int] = (1600, 1200), quality: int = 82) -> bytes:
    """A JPEG of a made-up compound scene labelled ``title``."""
    width, height = size
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    horizon = int(height * rng.uniform(0.55, 0.68))
    sky_top = (rng.randint(90, 140), rng.randint(150, 190), rng.randint(210, 245))
    for y in range(horizon):  # sky gradient, paler towards the horizon
        t = y / max(1, horizon)
        draw.line([(0, y), (width, y)], fill=tuple(int(c + (235 - c) * t) for c in sky_top))
    ground = (rng.randint(110, 140), rng.randint(110, 130), rng.randint(100, 120))
    draw.rectangle([0, horizon, width, height], fill=ground)
    _building(draw, rng, width, horizon)
    _subject(draw, rng, width, height, horizon)
    _label(draw, title, width, height)
    out = io.BytesIO()
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    im.save(out, format="JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def _building(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, horizon: int) -> None:
    left = int(width * rng.uniform(0.05, 0.3))
    right = int(width * rng.uniform(0.7, 0.95))
    top = int(horizon * rng.uniform(0.12, 0.3))
    draw.rectangle([left, top, right, horizon], fill=rng.choice(_WALLS), outline=(90, 80, 70), width=3)
    floors, columns = 6, max(4, (right - left) // 110)
    cell_w = (right - left) / columns
    cell_h = (horizon - top) / floors
    for floor in range(floors):
        for column in range(columns):
            x = left + column * cell_w + cell_w * 0.25
            y = top + floor * cell_h + cell_h * 0.25
            lit = rng.random() < 0.15
            draw.rectangle([x, y, x + cell_w * 0.5, y + cell_h * 0.5],
                           fill=(250, 230, 160) if lit else (70, 95, 120), outline=(60, 60, 60))


def _subject(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int, horizon: int) -> None:
    colour = rng.choice(_SUBJECT_COLOURS)
    base = int(horizon + (height - horizon) * 0.75)
    x = int(width * rng.uniform(0.15, 0.55))
    box_w, box_h = int(width * 0.22), int(height * 0.28)
    draw.rectangle([x, base - box_h, x + box_w, base], fill=colour, outline=(30, 30, 30), width=4)
    for n in range(3):  # bins, doors or panels of the subject
        inner = x + 12 + n * (box_w - 24) // 3
        draw.rectangle([inner, base - box_h + 20, inner + (box_w - 24) // 3 - 10, base - 10],
                       outline=(240, 240, 240), width=3)
    for _ in range(rng.randint(2, 6)):  # litter or leaves on the ground
        cx = rng.randint(0, width)
        cy = rng.randint(horizon + 10, height - 10)
        r = rng.randint(6, 18)
        draw.ellipse([cx - r, cy - r // 2, cx + r, cy + r // 2], fill=(rng.randint(60, 200),) * 3)


def _label(draw: ImageDraw.ImageDraw, title: str, width: int, height: int) -> None:
    font = _font(max(16, height // 18))
    box = draw.textbbox((0, 0), title, font=font)
    pad = height // 60
    x, y = width // 30, height - (box[3] - box[1]) - 4 * pad
    draw.rectangle([x - pad, y - pad, x + box[2] - box[0] + pad, y + box[3] - box[1] + 2 * pad],
                   fill=(0, 0, 0))
    draw.text((x - box[0], y - box[1] + pad // 2), title, font=font, fill=(255, 255, 255))
