"""Turning a photo file into what the ledger stores: the slow, pure part.

:func:`prepare_photo` reads a file (or bytes), refuses what it cannot use
with a Chinese message, and returns a :class:`PreparedPhoto`: a JPEG at
most :data:`MAX_SIDE` pixels on the long side, upright (EXIF orientation
applied), in sRGB, a small JPEG thumbnail, the time the photo was taken
(EXIF ``DateTimeOriginal``) and the SHA-256 of the original file. It opens
no database and touches no widget, so it runs on a worker thread.

Large JPEGs are decoded at reduced size (libjpeg's DCT scaling via
``Image.draft``): a 100-megapixel panorama is read at 1/8 of its size, fast
and in little memory. Pillow's decompression-bomb guard is not used for the
formats we accept, because it refuses such panoramas for no reason; instead
:data:`MAX_PIXELS_JPEG` and :data:`MAX_PIXELS_OTHER` bound what is decoded.

Every refusal is a :class:`PhotoError`; the caller has then written
nothing.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import importlib


class _Later:
    """A module imported when first used: Pillow and its image libraries
    take ~20 ms and ~50 MB of mapped code to load, and most of the program
    (the start screen, the registry, the due list that imports this
    package) never handles a photo."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)


Image = _Later("PIL.Image")
ImageCms = _Later("PIL.ImageCms")
ImageFile = _Later("PIL.ImageFile")

from core.errors import LedgerError

#: Long side of the stored image, in pixels: enough for an A4 page at 250 dpi.
MAX_SIDE = 2048
#: Long side of the thumbnail shown in galleries.
THUMB_SIDE = 256
JPEG_QUALITY = 85
THUMB_QUALITY = 80
#: Large JPEGs are decoded at 1/2, 1/4 or 1/8 scale when that still leaves
#: this share of MAX_SIDE: a 4000×3000 phone photo is then decoded straight
#: to 2000×1500 and needs no resampling (4× faster than decoding it whole).
DRAFT_FLOOR = 0.9
#: Files larger than this are refused before reading them.
MAX_FILE_BYTES = 300 * 1024 * 1024
#: Pixel limits, checked from the header before anything is decoded. JPEGs
#: are decoded at 1/8 scale when large, so they may be far larger than other
#: formats, which are decoded whole: 50 megapixels (an iPhone's 48-megapixel
#: HEIC) take about 200 MB as RGBA; a PNG declaring 12000×12000 would take 576 MB.
MAX_PIXELS_JPEG = 1_000_000_000
MAX_PIXELS_OTHER = 50_000_000

#: File name endings offered in the file dialog (one list for every screen).
IMAGE_SUFFIXES: tuple[str, ...] = (
    ".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".bmp", ".tif", ".tiff", ".gif",
)

#: Pillow formats accepted, in the order they are tried.
_ACCEPTED_FORMATS: tuple[str, ...] = ("JPEG", "MPO", "PNG", "HEIF", "WEBP", "BMP", "TIFF", "GIF", "AVIF")
_DRAFTABLE = frozenset({"JPEG", "MPO"})
#: ``ftyp`` brands of HEIF/HEIC files (bytes 8..12 of the file).
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_DATETIME_DIGITIZED = 0x9004
_ORIENTATION = 0x0112
#: EXIF orientation -> the transposition that makes the image upright.
@functools.cache
def _transposes() -> dict:
    """EXIF orientation → the transpose that puts the picture upright."""
    return {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }


class PhotoError(LedgerError):
    """A photo that cannot be taken in, or a photo operation that cannot be
    done; the message says what is wrong and what to do. Nothing was written."""


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to be stored: the result of :func:`prepare_photo`.

    Attributes:
        image: the stored JPEG (long side at most ``MAX_SIDE``).
        thumb: the thumbnail JPEG (long side at most ``THUMB_SIDE``).
        width / height: of ``image``, upright.
        sha256: hex digest of the original file's bytes (finds duplicates).
        taken_at: when the photo was taken, from EXIF, or None.
        original_name: the file name the user chose (no folder).
        source_format: Pillow's name of the original format (``JPEG``, ``HEIF``…).
        source_size: (width, height) of the original, upright.
    """

    image: bytes = field(repr=False)
    thumb: bytes = field(repr=False)
    width: int
    height: int
    sha256: str
    taken_at: datetime.datetime | None
    original_name: str
    source_format: str
    source_size: tuple[int, int]


def heif_supported() -> bool:
    """True if HEIC/HEIF photos can be read (pillow-heif is installed)."""
    return _register_heif()


_heif_state: list[bool] = []


def _register_heif() -> bool:
    if not _heif_state:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
            _heif_state.append(True)
        except Exception:  # missing, or its native library failed to load
            _heif_state.append(False)
    return _heif_state[0]


def prepare_photo(source: Path | str | bytes, name: str = "") -> PreparedPhoto:
    """Decode, turn upright, downscale and thumbnail a photo.

    ``source`` is a file path or the file's bytes; ``name`` is shown in
    messages and kept as the original name (defaults to the file's name).
    Raises PhotoError with a Chinese message for anything unusable.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "粘贴的图片"
    else:
        path = Path(source)
        name = name or path.name
        data = _read_file(path, name)
    if not data:
        raise PhotoError(f"“{name}”是一个空文件（0 字节），里面没有照片。"
                         "可能是复制或下载没有完成，请重新从手机或相机导出这张照片。")
    digest = hashlib.sha256(data).hexdigest()
    im = _open(data, name)
    fmt = im.format or ""
    source_size = im.size
    _check_pixels(im, name, fmt)
    if fmt in _DRAFTABLE:
        im.draft("RGB", _fit((im.width, im.height), int(MAX_SIDE * DRAFT_FLOOR)))
    _load(im, name)
    exif = _exif(im)
    taken_at = taken_at_from_exif(exif)
    orientation = _orientation(exif)
    icc = im.info.get("icc_profile")
    try:
        rgb = _to_rgb(im)
    except (ValueError, OSError):  # a colour mode Pillow cannot convert (e.g. LAB)
        raise PhotoError(f"“{name}”使用了本程序不支持的颜色模式（{im.mode}）。"
                         "请用看图软件把它另存为普通的 JPEG 后再添加。") from None
    image = _downscale(rgb, MAX_SIDE)
    transpose = _transposes().get(orientation)
    if transpose is not None:
        image = image.transpose(transpose)
        if transpose in (Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE,
                         Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270):
            source_size = (source_size[1], source_size[0])
    image = _to_srgb(image, icc)
    thumb = _downscale(image, THUMB_SIDE, reducing_gap=2.0)
    return PreparedPhoto(
        image=_jpeg(image, JPEG_QUALITY),
        thumb=_jpeg(thumb, THUMB_QUALITY),
        width=image.width,
        height=image.height,
        sha256=digest,
        taken_at=taken_at,
        original_name=name,
        source_format=fmt,
        source_size=source_size,
    )


def taken_at_from_exif(exif: Image.Exif) -> datetime.datetime | None:
    """The time the photo was taken (``DateTimeOriginal``, else
    ``DateTimeDigitized``), as the camera's local time; None if absent or
    nonsense (cameras with an unset clock write ``0000:00:00``)."""
    try:
        ifd = exif.get_ifd(_EXIF_IFD)
    except Exception:  # a malformed EXIF block is no reason to refuse the photo
        return None
    for tag in (_DATETIME_ORIGINAL, _DATETIME_DIGITIZED):
        parsed = parse_exif_datetime(ifd.get(tag))
        if parsed is not None:
            return parsed
    return None


def parse_exif_datetime(value: object) -> datetime.datetime | None:
    """``"2024:05:06 07:08:09"`` (or with dashes, or a T) -> datetime."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    text = value.strip().strip("\x00").strip()
    if len(text) < 19:
        return None
    text = text[:19]
    date_part, time_part = text[:10].replace("-", ":"), text[11:19]
    try:
        parsed = datetime.datetime.strptime(f"{date_part} {time_part}", "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if parsed.year < 1990 or parsed.year > datetime.date.today().year + 1:
        return None
    return parsed


# ---------------------------------------------------------------- steps


def _read_file(path: Path, name: str) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PhotoError(f"找不到文件“{name}”（{path}）。它可能已被移动、改名或删除，请重新选择。") from None
    except OSError as exc:
        raise PhotoError(f"无法读取“{name}”：{exc.strerror or exc}。请检查文件是否可以打开后重试。") from exc
    if path.is_dir():
        raise PhotoError(f"“{name}”是一个文件夹，不是照片。请打开文件夹，选中其中的照片文件。")
    if not path.is_file():  # a device or a named pipe: reading it could hang
        raise PhotoError(f"“{name}”不是普通文件（是设备或管道），不是照片。请选择手机或相机拍摄的照片文件。")
    if size > MAX_FILE_BYTES:
        raise PhotoError(f"“{name}”太大（{size / 1024 / 1024:.0f} MB），超过 "
                         f"{MAX_FILE_BYTES // 1024 // 1024} MB 的上限。请先用看图软件把它缩小后再添加。")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PhotoError(f"无法读取“{name}”：{exc.strerror or exc}。"
                         "请检查文件是否被其他程序占用、U 盘是否已拔出，然后重试。") from exc


def _open(data: bytes, name: str) -> ImageFile.ImageFile:
    """Open ``data`` as one of the accepted formats, reading only its header.

    The format's own factory is called directly (as ``Image.open`` does) so
    that Pillow's pixel-count guard does not refuse large panoramas; our own
    limits apply in :func:`_check_pixels`.
    """
    if _is_heif(data) and not _register_heif():
        raise PhotoError(f"“{name}”是苹果手机的 HEIC 照片，本机缺少读取这种照片的组件（pillow-heif）。"
                         "请在手机上把照片导出为 JPEG（“最兼容”格式），或请管理员安装 pillow-heif 后重试。")
    _register_heif()
    Image.init()
    prefix = data[:16]
    for fmt in _ACCEPTED_FORMATS:
        entry = Image.OPEN.get(fmt)
        if entry is None:
            continue
        factory, accept = entry
        if accept is not None:
            verdict = accept(prefix)
            if not verdict or isinstance(verdict, str):
                continue
        try:
            return factory(io.BytesIO(data), name)
        except Exception:  # noqa: BLE001 - any failure to parse the header means damage
            raise PhotoError(f"“{name}”已损坏，文件头无法识别，读不出照片。"
                             "请从手机或相机重新导出这张照片后再添加。") from None
    raise PhotoError(_not_accepted_message(data, name))


def _not_accepted_message(data: bytes, name: str) -> str:
    """Why ``data`` is refused: another image format, or not an image at all."""
    try:
        with Image.open(io.BytesIO(data)) as other:
            fmt = other.format
    except Exception:  # noqa: BLE001 - not an image Pillow knows
        fmt = None
    if fmt:
        return (f"“{name}”是 {fmt} 格式的图片，本程序不支持。"
                "请用看图软件把它另存为 JPEG 或 PNG 后再添加。")
    return (f"“{name}”不是照片或图片文件（无法识别其内容）。"
            "请选择手机或相机拍摄的照片（JPEG、PNG、HEIC 等格式）。")


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def _check_pixels(im: Image.Image, name: str, fmt: str) -> None:
    width, height = im.size
    pixels = width * height
    limit = MAX_PIXELS_JPEG if fmt in _DRAFTABLE else MAX_PIXELS_OTHER
    if width <= 0 or height <= 0:
        raise PhotoError(f"“{name}”已损坏：图片尺寸为 {width}×{height}。请重新导出这张照片后再添加。")
    if pixels > limit:
        raise PhotoError(
            f"“{name}”的尺寸过大（{width}×{height} 像素，约 {pixels / 1e6:.0f} 百万像素），"
            f"超过本程序能处理的上限（{limit / 1e6:.0f} 百万像素）。"
            "请先用看图软件把它缩小或裁剪后再添加。")


def _load(im: ImageFile.ImageFile, name: str) -> None:
    """Decode every pixel now, so a truncated or corrupt file is caught here.

    ``ImageFile.LOAD_TRUNCATED_IMAGES`` must stay off (Pillow's default):
    with it on, a truncated JPEG would load with a grey lower part.
    """
    try:
        im.load()
    except MemoryError:
        raise PhotoError(f"内存不足，无法读取“{name}”。请关闭其他程序，或先把照片缩小后再添加。") from None
    except Exception as exc:  # noqa: BLE001 - the decoder reports damage in many ways
        detail = str(exc)
        if "truncated" in detail or "broken data stream" in detail or isinstance(exc, EOFError):
            raise PhotoError(f"“{name}”不完整（文件被截断），照片只传了一部分。"
                             "可能是复制或传输中断了，请从手机或相机重新导出这张照片后再添加。") from None
        raise PhotoError(f"“{name}”已损坏，无法读取其中的图像。"
                         "请从手机或相机重新导出这张照片后再添加。") from None


def _exif(im: Image.Image) -> Image.Exif:
    try:
        return im.getexif()
    except Exception:  # noqa: BLE001 - a malformed EXIF block is no reason to refuse the photo
        return Image.Exif()


def _orientation(exif: Image.Exif) -> int:
    value = exif.get(_ORIENTATION, 1)
    return value if isinstance(value, int) else 1


def _to_rgb(im: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (the paper it is printed on)."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        im = im.point(lambda value: value * (1 / 256)).convert("L")
    elif im.mode == "F":
        im = im.convert("L")
    has_alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        im.mode == "P" and "transparency" in im.info)
    if has_alpha:
        rgba = im.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        return background.convert("RGB")
    if im.mode != "RGB":
        return im.convert("RGB")
    return im


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """``size`` scaled to at most ``side`` on the long side (never enlarged)."""
    width, height = size
    long_side = max(width, height)
    if long_side <= side:
        return width, height
    scale = side / long_side
    return max(1, round(width * scale)), max(1, round(height * scale))


def _downscale(im: Image.Image, side: int, *, reducing_gap: float = 3.0) -> Image.Image:
    """Fit in ``side``; ``reducing_gap`` trades a little sharpness for speed
    (Pillow first shrinks by whole factors, then resamples the rest)."""
    target = _fit(im.size, side)
    if target == im.size:
        return im
    return im.resize(target, Image.Resampling.LANCZOS, reducing_gap=reducing_gap)


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert from an embedded colour profile (phones use Display P3) to sRGB."""
    if not icc:
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if source.profile.xcolor_space.strip() != "RGB":
            return im
        converted = ImageCms.profileToProfile(im, source, _srgb(), outputMode="RGB")
    except Exception:  # noqa: BLE001 - a broken profile: keep the colours as they are
        return im
    return converted if converted is not None else im


def _jpeg(im: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=quality)
    return out.getvalue()
