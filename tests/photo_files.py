"""Real image files for tests, made with Pillow (JPEG with EXIF, PNG with
alpha, HEIC, broken files). Other modules' tests may use these too."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from PIL import Image, ImageDraw

EXIF_IFD = 0x8769
ORIENTATION = 0x0112
DATETIME_ORIGINAL = 0x9003


def picture(size: tuple[int, int] = (400, 300), colour: str = "steelblue",
            mode: str = "RGB") -> Image.Image:
    """A picture whose top-left corner is red, so rotations can be checked."""
    im = Image.new(mode, size, colour)
    draw = ImageDraw.Draw(im)
    draw.rectangle([0, 0, size[0] // 4, size[1] // 4], fill="red")
    return im


def exif_bytes(orientation: int | None = None, taken: datetime.datetime | None = None) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if taken is not None:
        exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
    return exif.tobytes()


def jpeg_bytes(size: tuple[int, int] = (400, 300), colour: str = "steelblue", *,
               orientation: int | None = None, taken: datetime.datetime | None = None,
               quality: int = 90) -> bytes:
    out = io.BytesIO()
    picture(size, colour).save(out, format="JPEG", quality=quality,
                               exif=exif_bytes(orientation, taken))
    return out.getvalue()


def write_jpeg(path: Path, size: tuple[int, int] = (400, 300), colour: str = "steelblue", *,
               orientation: int | None = None, taken: datetime.datetime | None = None) -> Path:
    path.write_bytes(jpeg_bytes(size, colour, orientation=orientation, taken=taken))
    return path


def write_png_alpha(path: Path, size: tuple[int, int] = (200, 100)) -> Path:
    """A PNG whose left half is fully transparent and right half opaque blue."""
    im = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(im).rectangle([size[0] // 2, 0, size[0], size[1]], fill=(0, 0, 255, 255))
    im.save(path, format="PNG")
    return path


def write_heic(path: Path, size: tuple[int, int] = (320, 240), *,
               taken: datetime.datetime | None = None) -> Path:
    import pillow_heif

    pillow_heif.register_heif_opener()
    picture(size, "seagreen").save(path, format="HEIF", exif=exif_bytes(None, taken))
    return path


def write_truncated_jpeg(path: Path, size: tuple[int, int] = (800, 600)) -> Path:
    """A real JPEG cut off at 60 % of its bytes, as an interrupted copy leaves it."""
    data = jpeg_bytes(size, "darkorange")
    path.write_bytes(data[: int(len(data) * 0.6)])
    return path


def write_text_as_jpeg(path: Path) -> Path:
    path.write_text("这不是照片，只是一个改了扩展名的文本文件。\n" * 20, encoding="utf-8")
    return path
