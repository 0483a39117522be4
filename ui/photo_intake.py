"""Taking photos in from the gallery: what a drop or the clipboard holds, and
the work done on the worker thread. No widgets here.

The worker runs :func:`prepare_all`, which turns each source into a
:class:`~core.photos.PreparedPhoto` or the :class:`~core.photos.PhotoError`
saying why it was refused, keeping their order; the gallery then stores the
good ones on the GUI thread.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage

from core.photos import IMAGE_SUFFIXES, PhotoError, PreparedPhoto, prepare_photo
from core.progress import Progress

#: A file to take in: a path, or an image pasted from the clipboard.
Source = tuple[Path | QImage, str]

#: Both cases: name filters are case-sensitive outside Windows (IMG_0001.HEIC).
FILE_FILTER = (
    "照片 (" + " ".join(f"*{suffix} *{suffix.upper()}" for suffix in IMAGE_SUFFIXES) + ");;所有文件 (*)"
)


def has_photos(mime: QMimeData) -> bool:
    """True if ``mime`` carries local files or an image."""
    if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
        return True
    return mime.hasImage()


def sources_from_mime(mime: QMimeData) -> list[Source]:
    """Local files named in ``mime``, or else the image it holds."""
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    if files:
        return [(path, path.name) for path in files]
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            stamp = datetime.datetime.now().strftime("%Y-%m-%d %H%M%S")
            return [(image.copy(), f"粘贴的图片 {stamp}.png")]
    return []


def prepare_all(sources: list[Source], progress: Progress) -> list[PreparedPhoto | PhotoError]:
    """Prepare every source, in order; a refused file becomes its PhotoError.

    Runs on the worker: no widgets, no database. A pasted QImage (safe to
    use off the GUI thread) is encoded as PNG here.
    """
    results: list[PreparedPhoto | PhotoError] = []
    for done, (source, name) in enumerate(sources):
        progress(done, len(sources))
        try:
            data = png_bytes(source) if isinstance(source, QImage) else source
            results.append(prepare_photo(data, name))
        except PhotoError as exc:
            results.append(exc)
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the batch
            results.append(PhotoError(f"“{name}”无法处理（{exc!r}）。请把它另存为 JPEG 后再试。"))
    progress(len(sources), len(sources))
    return results


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", 90)
    buffer.close()
    return bytes(data.data())
