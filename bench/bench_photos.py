"""Photo intake and gallery speed, as ratios to bare baselines in the same run.

Not part of the test run. Generates a 12-megapixel phone-like JPEG and a
~30 MB panorama of over 100 megapixels in a temporary folder, then times
``prepare_photo`` (decode, rotate, downscale, thumbnail, hash) and
``store_photo`` (the database write) against ``Image.open(f).load()``.
Then opens a gallery of 40 such photos (offscreen) against a bare
``QListView`` showing the same 40 thumbnails, and the viewer on each photo.

    /tmp/venv/bin/python bench/bench_photos.py
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageFilter  # noqa: E402

from core.ledger import Ledger  # noqa: E402
from core.photos import delete_photo, prepare_photo, store_photo  # noqa: E402
from tests.photo_files import exif_bytes  # noqa: E402

REPEATS = 7


def make_photo(path: Path, size: tuple[int, int], quality: int) -> Path:
    """A photo-like JPEG: gradients with grain, so it compresses like a photo."""
    width, height = size
    small = (max(1, width // 8), max(1, height // 8))
    red = Image.linear_gradient("L").resize(small)
    green = Image.radial_gradient("L").resize(small)
    blue = Image.effect_noise(small, 60).filter(ImageFilter.GaussianBlur(2))
    im = Image.merge("RGB", (red, green, blue)).resize(size, Image.Resampling.BILINEAR)
    grain = Image.effect_noise(size, 18)
    im = Image.merge("RGB", [Image.blend(band, grain, 0.18) for band in im.split()])
    im.save(path, format="JPEG", quality=quality, exif=exif_bytes(6, None))
    return path


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_load(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as im:
            im.load()


def main() -> None:
    Image.MAX_IMAGE_PIXELS = None  # the baseline must open the panorama too
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        cases = [
            ("12 MP phone photo", make_photo(root / "phone.jpg", (4000, 3000), 92)),
            ("panorama", make_photo(root / "pano.jpg", (22000, 6000), 94)),
        ]
        ledger = Ledger.open(root / "bench.sqlite3")
        print(f"{'file':<20}{'size':>16}{'MB':>8}{'bare load':>12}{'prepare':>10}{'ratio':>8}"
              f"{'store':>9}")
        for label, path in cases:
            with Image.open(path) as im:
                pixels = f"{im.width}×{im.height}"
            megabytes = path.stat().st_size / 1024 / 1024
            baseline = best_of(lambda: bare_load(path))
            prepare = best_of(lambda: prepare_photo(path))
            prepared = prepare_photo(path)
            store_times = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                photo = store_photo(ledger, prepared, owner_kind="bench", owner_id="1")
                store_times.append(time.perf_counter() - start)
                delete_photo(ledger, photo.id)
            store = statistics.median(store_times)
            print(f"{label:<20}{pixels:>16}{megabytes:>8.1f}{baseline * 1000:>10.0f}ms"
                  f"{prepare * 1000:>8.0f}ms{prepare / baseline:>8.2f}{store * 1000:>7.1f}ms")
            for n in range(20):  # 20 of each for the gallery, as distinct photos
                store_photo(ledger, dataclasses.replace(prepared, sha256=f"{label}{n}"),
                            owner_kind="bench", owner_id="gallery")
        bench_gallery(ledger)
        ledger.close()


def bench_gallery(ledger: Ledger) -> None:
    from PySide6.QtGui import QIcon, QPixmap, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QListView

    from core.photos import list_photos, thumbnail_bytes
    from ui.changes import ChangeHub
    from ui.photo_gallery import PhotoGallery

    app = QApplication.instance() or QApplication([])
    hub = ChangeHub(ledger)
    photos = list_photos(ledger.db, "bench", "gallery")

    def bare() -> None:
        model = QStandardItemModel()
        for photo in photos:
            pixmap = QPixmap()
            pixmap.loadFromData(thumbnail_bytes(ledger.db, photo.id), "JPEG")
            model.appendRow(QStandardItem(QIcon(pixmap), photo.original_name))
        view = QListView()
        view.setViewMode(QListView.ViewMode.IconMode)
        view.setModel(model)
        view.resize(900, 2000)
        view.show()
        view.grab()
        view.close()
        view.deleteLater()
        app.processEvents()

    def gallery() -> None:
        widget = PhotoGallery(ledger, hub, "bench", "gallery")
        widget.resize(900, 2000)  # tall enough to paint every thumbnail
        widget.show()
        widget.grab()
        widget.close()
        widget.deleteLater()
        app.processEvents()

    baseline = best_of(bare)
    opened = best_of(gallery)
    print(f"gallery of {len(photos)} photos: {opened * 1000:.0f} ms, bare QListView of the same "
          f"thumbnails {baseline * 1000:.0f} ms, ratio {opened / baseline:.2f}")
    widget = PhotoGallery(ledger, hub, "bench", "gallery")
    for row in (0, len(photos) - 1):
        photo = photos[row]
        start = time.perf_counter()
        viewer = widget.open_viewer(row)
        viewer.grab()
        took = time.perf_counter() - start
        viewer.reject()
        print(f"viewer on {photo.width}×{photo.height} ({photo.byte_size / 1024:.0f} KB): "
              f"{took * 1000:.0f} ms to first paint")
    hub.detach()


if __name__ == "__main__":
    main()
