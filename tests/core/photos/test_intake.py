"""Photo intake on real image files: rotation, EXIF time, downscaling,
formats, and refusal of broken files. No database here."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from PIL import Image

from core.photos import intake as photo_intake
from core.photos.intake import MAX_SIDE, THUMB_SIDE, PhotoError, parse_exif_datetime, prepare_photo
from tests import photo_files as pf


def _open(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def _is_red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel[:3]
    return r > 200 and g < 60 and b < 60


def test_plain_jpeg_keeps_size_and_makes_thumbnail(tmp_path: Path) -> None:
    path = pf.write_jpeg(tmp_path / "a.jpg", (400, 300))
    prepared = prepare_photo(path)
    assert (prepared.width, prepared.height) == (400, 300)
    assert prepared.original_name == "a.jpg"
    assert prepared.source_format == "JPEG"
    image, thumb = _open(prepared.image), _open(prepared.thumb)
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == (400, 300)
    assert thumb.format == "JPEG" and max(thumb.size) == THUMB_SIDE
    assert thumb.size == (256, 192)
    assert len(prepared.sha256) == 64
    assert prepared.taken_at is None


def test_exif_orientation_6_is_turned_upright(tmp_path: Path) -> None:
    # Stored sideways as 400x300 with orientation 6: upright it is 300x400,
    # and the red top-left corner of the stored pixels ends up top-right.
    path = pf.write_jpeg(tmp_path / "phone.jpg", (400, 300), orientation=6)
    prepared = prepare_photo(path)
    assert (prepared.width, prepared.height) == (300, 400)
    assert prepared.source_size == (300, 400)
    image = _open(prepared.image)
    assert image.size == (300, 400)
    assert _is_red(image.getpixel((290, 10)))
    assert not _is_red(image.getpixel((10, 10)))
    # The stored JPEG carries no orientation left to apply twice.
    assert image.getexif().get(pf.ORIENTATION, 1) == 1
    assert _open(prepared.thumb).size == (192, 256)


@pytest.mark.parametrize("orientation, size", [(3, (400, 300)), (8, (300, 400)), (2, (400, 300))])
def test_other_orientations(tmp_path: Path, orientation: int, size: tuple[int, int]) -> None:
    path = pf.write_jpeg(tmp_path / "o.jpg", (400, 300), orientation=orientation)
    prepared = prepare_photo(path)
    assert (prepared.width, prepared.height) == size
    image = _open(prepared.image)
    assert not _is_red(image.getpixel((10, 10)))


def test_exif_datetime_original_is_read(tmp_path: Path) -> None:
    taken = datetime.datetime(2024, 5, 6, 7, 8, 9)
    path = pf.write_jpeg(tmp_path / "t.jpg", taken=taken, orientation=1)
    assert prepare_photo(path).taken_at == taken


@pytest.mark.parametrize("text, expected", [
    ("2024:05:06 07:08:09", datetime.datetime(2024, 5, 6, 7, 8, 9)),
    ("2024-05-06 07:08:09", datetime.datetime(2024, 5, 6, 7, 8, 9)),
    ("2024:05:06 07:08:09\x00", datetime.datetime(2024, 5, 6, 7, 8, 9)),
    (b"2023:12:31 23:59:59", datetime.datetime(2023, 12, 31, 23, 59, 59)),
    ("0000:00:00 00:00:00", None),
    ("1970:01:01 00:00:00", None),
    ("    :  :     :  :  ", None),
    ("", None),
    (None, None),
    (12, None),
])
def test_parse_exif_datetime(text: object, expected: datetime.datetime | None) -> None:
    assert parse_exif_datetime(text) == expected


def test_large_image_is_downscaled(tmp_path: Path) -> None:
    path = pf.write_jpeg(tmp_path / "big.jpg", (5000, 3000))
    prepared = prepare_photo(path)
    assert max(prepared.width, prepared.height) == MAX_SIDE
    assert (prepared.width, prepared.height) == (2048, 1229)
    assert prepared.source_size == (5000, 3000)
    assert _open(prepared.image).size == (2048, 1229)


def test_panorama_beyond_pillows_bomb_guard(tmp_path: Path) -> None:
    # 200 megapixels: Pillow's guard would refuse this outright (over 2x its
    # limit); a JPEG this size is decoded at 1/8 scale instead.
    limit = Image.MAX_IMAGE_PIXELS
    assert limit is not None and 20000 * 10000 > 2 * limit
    im = Image.new("RGB", (20000, 10000), "skyblue")
    path = tmp_path / "pano.jpg"
    im.save(path, format="JPEG", quality=50)
    del im
    prepared = prepare_photo(path)
    assert (prepared.width, prepared.height) == (2048, 1024)
    assert prepared.source_size == (20000, 10000)


def test_absurd_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photo_intake, "MAX_PIXELS_OTHER", 10_000)
    path = tmp_path / "wide.png"
    Image.new("RGB", (200, 100)).save(path)
    with pytest.raises(PhotoError, match="尺寸过大"):
        prepare_photo(path)


def test_png_with_alpha_is_laid_on_white(tmp_path: Path) -> None:
    path = pf.write_png_alpha(tmp_path / "logo.png", (200, 100))
    prepared = prepare_photo(path)
    assert prepared.source_format == "PNG"
    image = _open(prepared.image)
    assert image.mode == "RGB" and image.size == (200, 100)
    r, g, b = image.getpixel((20, 50))
    assert min(r, g, b) > 240  # transparent -> white
    r, g, b = image.getpixel((180, 50))
    assert b > 200 and r < 40 and g < 40


@pytest.mark.parametrize("fmt, mode", [("WEBP", "RGB"), ("BMP", "RGB"), ("GIF", "P"), ("TIFF", "CMYK")])
def test_other_formats(tmp_path: Path, fmt: str, mode: str) -> None:
    path = tmp_path / f"pic.{fmt.lower()}"
    pf.picture((300, 200)).convert(mode).save(path, format=fmt)
    prepared = prepare_photo(path)
    assert prepared.source_format == fmt
    assert _open(prepared.image).mode == "RGB"
    assert (prepared.width, prepared.height) == (300, 200)


def test_sixteen_bit_grey_png(tmp_path: Path) -> None:
    path = tmp_path / "grey16.png"
    Image.new("I;16", (64, 32), 40000).save(path)
    image = _open(prepare_photo(path).image)
    r, g, b = image.getpixel((5, 5))
    assert 145 < r < 165 and r == g == b


def test_heic_from_a_phone(tmp_path: Path) -> None:
    pytest.importorskip("pillow_heif")
    taken = datetime.datetime(2025, 3, 1, 9, 30, 0)
    path = pf.write_heic(tmp_path / "IMG_0001.HEIC", (320, 240), taken=taken)
    prepared = prepare_photo(path)
    assert prepared.source_format == "HEIF"
    assert (prepared.width, prepared.height) == (320, 240)
    assert prepared.taken_at == taken
    assert _open(prepared.image).format == "JPEG"


def test_heic_without_pillow_heif_gets_a_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pillow_heif")
    path = pf.write_heic(tmp_path / "IMG_0002.HEIC")
    monkeypatch.setattr(photo_intake, "_register_heif", lambda: False)
    with pytest.raises(PhotoError, match="HEIC") as caught:
        prepare_photo(path)
    assert "JPEG" in caught.value.message and "IMG_0002.HEIC" in caught.value.message


def test_bytes_source(tmp_path: Path) -> None:
    prepared = prepare_photo(pf.jpeg_bytes((100, 80)), "剪贴板.png")
    assert prepared.original_name == "剪贴板.png"
    assert (prepared.width, prepared.height) == (100, 80)
    assert prepare_photo(pf.jpeg_bytes((100, 80))).original_name == "粘贴的图片"


def test_text_file_renamed_jpg_is_refused(tmp_path: Path) -> None:
    path = pf.write_text_as_jpeg(tmp_path / "notes.jpg")
    with pytest.raises(PhotoError, match="不是照片或图片文件") as caught:
        prepare_photo(path)
    assert "notes.jpg" in caught.value.message


def test_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    path = pf.write_truncated_jpeg(tmp_path / "cut.jpg")
    with pytest.raises(PhotoError, match="不完整"):
        prepare_photo(path)


def test_truncated_large_jpeg_is_refused_even_when_decoded_small(tmp_path: Path) -> None:
    path = pf.write_truncated_jpeg(tmp_path / "cut-big.jpg", (6000, 4000))
    with pytest.raises(PhotoError, match="不完整"):
        prepare_photo(path)


def test_corrupt_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(PhotoError, match="损坏"):
        prepare_photo(path)


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(PhotoError, match="空文件"):
        prepare_photo(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="找不到文件"):
        prepare_photo(tmp_path / "gone.jpg")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="文件夹"):
        prepare_photo(tmp_path)


def test_unsupported_image_format(tmp_path: Path) -> None:
    path = tmp_path / "icon.ico"
    pf.picture((32, 32)).save(path, format="ICO")
    with pytest.raises(PhotoError, match="ICO 格式"):
        prepare_photo(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = pf.write_jpeg(tmp_path / "locked.jpg")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(PhotoError, match="无法读取"):
        prepare_photo(path)


def test_odd_colour_profiles_do_not_refuse_the_photo(tmp_path: Path) -> None:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))  # not RGB: ignored
    path = tmp_path / "lab.jpg"
    pf.picture((64, 64)).save(path, format="JPEG", icc_profile=profile.tobytes())
    assert prepare_photo(path).width == 64
    path2 = tmp_path / "broken-icc.jpg"
    pf.picture((64, 64)).save(path2, format="JPEG", icc_profile=b"not a profile")
    assert prepare_photo(path2).width == 64


def test_phone_photo_is_decoded_at_half_size(tmp_path: Path) -> None:
    # 4000x3000 halves to 2000x1500 in the JPEG decoder: within 10 % of
    # MAX_SIDE, so it is stored as is rather than resampled to 2048.
    path = pf.write_jpeg(tmp_path / "12mp.jpg", (4000, 3000), orientation=6)
    prepared = prepare_photo(path)
    assert (prepared.width, prepared.height) == (1500, 2000)
    assert prepared.source_size == (3000, 4000)


def test_colour_mode_that_cannot_be_converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(im: Image.Image) -> Image.Image:
        raise ValueError("conversion not supported")

    monkeypatch.setattr(photo_intake, "_to_rgb", refuse)
    with pytest.raises(PhotoError, match="颜色模式"):
        prepare_photo(pf.write_jpeg(tmp_path / "odd.jpg"))
