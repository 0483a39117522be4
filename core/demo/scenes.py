"""Pictures of the inspection demo: stairwells, bins, doors, fire points,
parking, drying racks, fitness corners and notice boards, each drawn passing or
failing, with a caption and the time it was taken."""

from __future__ import annotations

import datetime
import io
import random
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PHOTO_SIZE = (480, 360)



@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    if FONT_PATH.exists():
        return ImageFont.truetype(str(FONT_PATH), size)
    return ImageFont.load_default()


_PALETTE = {
    "sky": (196, 220, 238), "wall": (226, 220, 205), "ground": (150, 150, 140),
    "grass": (120, 170, 100), "dirt": (140, 120, 90),
}


def draw_scene(scene: str, failing: bool, caption: str, taken: datetime.datetime | None = None,
               seed: int = 0) -> bytes:
    """A small JPEG of an item's scene, messy if ``failing``, with a caption bar.

    EXIF ``DateTimeOriginal`` is set to ``taken`` so the gallery shows when it
    was "taken".
    """
    rng = random.Random(seed)
    w, h = PHOTO_SIZE
    indoor = scene in ("stairs", "wall", "lamp", "board", "fire")
    im = Image.new("RGB", PHOTO_SIZE, _PALETTE["wall" if indoor else "sky"])
    d = ImageDraw.Draw(im)
    horizon = int(h * 0.62)
    d.rectangle([0, horizon, w, h], fill=_PALETTE["ground"] if indoor or scene != "fitness"
                else _PALETTE["grass"])
    _DRAW.get(scene, _draw_board)(d, rng, w, horizon, failing)
    if failing:
        for _ in range(rng.randint(4, 8)):  # litter and clutter
            x, y = rng.randint(10, w - 40), rng.randint(horizon, h - 70)
            d.rectangle([x, y, x + rng.randint(12, 40), y + rng.randint(8, 24)],
                        fill=rng.choice([(120, 90, 60), (90, 90, 90), (160, 140, 90)]))
    bar = (170, 40, 40) if failing else (40, 120, 70)
    d.rectangle([0, h - 44, w, h], fill=bar)
    d.text((12, h - 38), caption, fill="white", font=_font(24))
    out = io.BytesIO()
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    im.save(out, format="JPEG", quality=80, exif=exif.tobytes())
    return out.getvalue()


def _draw_bins(d: ImageDraw.ImageDraw, rng: random.Random, w: int, ground: int, failing: bool) -> None:
    colours = [(40, 130, 60), (40, 90, 170), (190, 50, 50), (110, 110, 110)]
    for n, colour in enumerate(colours):
        x = 70 + n * 90
        tilt = rng.randint(-12, 12) if failing else 0
        d.polygon([(x, ground - 90), (x + 64, ground - 90 + tilt), (x + 58, ground + 10),
                   (x + 6, ground + 10)], fill=colour)
        d.rectangle([x - 4, ground - 100, x + 68, ground - 88], fill=tuple(c // 2 for c in colour))


def _draw_door(d, rng, w, ground, failing) -> None:
    d.rectangle([140, 40, 340, ground + 30], fill=(120, 80, 50))
    d.rectangle([160, 60, 320, ground + 30], fill=(70, 90, 110))
    d.rectangle([345, 120, 375, 170], fill=(30, 30, 30))
    d.rectangle([350, 128, 370, 142], fill=(200, 60, 60) if failing else (60, 200, 90))


def _draw_fire(d, rng, w, ground, failing) -> None:
    d.rectangle([100, 50, 380, ground + 20], outline=(190, 30, 30), width=6)
    for n in range(2 if not failing else 1):
        x = 150 + n * 110
        d.rounded_rectangle([x, 110, x + 60, ground + 10], radius=18, fill=(210, 30, 30))
        d.rectangle([x + 20, 90, x + 40, 112], fill=(40, 40, 40))


def _draw_parking(d, rng, w, ground, failing) -> None:
    for n in range(6):
        x = 20 + n * 78
        d.line([(x, ground + 5), (x - 20, ground + 110)],
               fill=(235, 235, 235) if not failing else (180, 180, 170), width=4)
    for n in range(4):
        x = 30 + n * 110 + (rng.randint(-30, 30) if failing else 0)
        d.rounded_rectangle([x, ground - 40, x + 90, ground + 20], radius=14,
                            fill=rng.choice([(200, 60, 60), (60, 90, 170), (230, 230, 230), (60, 60, 60)]))


def _draw_drying(d, rng, w, ground, failing) -> None:
    for x in (60, 240, 420):
        d.line([(x, 60), (x + (rng.randint(-25, 25) if failing else 0), ground + 20)],
               fill=(110, 80, 60) if failing else (150, 150, 160), width=8)
    d.line([(60, 70), (420, 70)], fill=(80, 80, 80), width=2)
    if not failing:
        for n in range(7):
            x = 80 + n * 48
            colour = rng.choice([(230, 120, 90), (90, 150, 220), (240, 220, 120)])
            d.rectangle([x, 72, x + 34, 130], fill=colour)


def _draw_fitness(d, rng, w, ground, failing) -> None:
    d.ellipse([320, 30, 440, 150], fill=(70, 140, 70))
    d.rectangle([370, 140, 390, ground + 10], fill=(110, 80, 50))
    for x in (60, 170):
        d.line([(x, ground + 10), (x + 40, ground - 80)], fill=(230, 170, 30), width=10)
        d.line([(x + 80, ground + 10), (x + 40, ground - 80)], fill=(230, 170, 30), width=10)
    if not failing:
        d.rectangle([240, ground - 10, 320, ground], fill=(150, 100, 60))


def _draw_board(d, rng, w, ground, failing) -> None:
    d.rectangle([60, 40, 420, ground - 10], fill=(40, 80, 150))
    d.rectangle([75, 55, 405, ground - 25], fill=(245, 245, 240) if not failing else (200, 195, 170))
    for n in range(6):
        y = 70 + n * 22
        d.line([(90, y), (90 + rng.randint(180, 300), y)], fill=(90, 90, 90), width=4)
    if failing:
        d.line([(300, 60), (380, 160)], fill=(80, 80, 80), width=2)
        d.line([(330, 60), (300, 150)], fill=(80, 80, 80), width=2)


def _draw_poster(d, rng, w, ground, failing) -> None:
    d.rectangle([40, 50, 440, ground - 20], fill=(200, 40, 40))
    d.text((70, 90), "讲文明 树新风", fill=(255, 230, 120), font=_font(40))
    if failing:
        d.polygon([(360, 50), (440, 50), (440, 150)], fill=_PALETTE["sky"])


def _draw_stairs(d, rng, w, ground, failing) -> None:
    for n in range(7):
        y = ground - n * 26
        d.rectangle([120 + n * 30, y - 26, 460, y], fill=(180, 175, 165), outline=(140, 135, 125))
    d.line([(110, ground - 60), (330, ground - 240)], fill=(90, 70, 50), width=6)
    if failing:
        d.rectangle([20, ground - 80, 110, ground + 20], fill=(150, 110, 70))
        d.rectangle([30, ground - 130, 100, ground - 80], fill=(170, 140, 90))


def _draw_wall(d, rng, w, ground, failing) -> None:
    d.rectangle([0, 0, w, ground], fill=(235, 232, 222))
    if failing:
        for _ in range(9):
            x, y = rng.randint(10, w - 90), rng.randint(10, ground - 50)
            d.rectangle([x, y, x + 80, y + 40], fill=(250, 250, 250), outline=(200, 40, 40))
            d.text((x + 6, y + 10), "开锁", fill=(200, 40, 40), font=_font(18))


def _draw_lamp(d, rng, w, ground, failing) -> None:
    d.rectangle([0, 0, w, ground], fill=(150, 150, 140) if failing else (240, 238, 225))
    d.ellipse([210, 20, 270, 80], fill=(90, 90, 90) if failing else (255, 240, 150))
    if failing:
        d.line([(0, 120), (w, 160)], fill=(30, 30, 30), width=3)


_DRAW = {
    "bins": _draw_bins, "door": _draw_door, "fire": _draw_fire, "parking": _draw_parking,
    "drying": _draw_drying, "fitness": _draw_fitness, "board": _draw_board,
    "poster": _draw_poster, "stairs": _draw_stairs, "wall": _draw_wall, "lamp": _draw_lamp,
}

