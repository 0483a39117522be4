"""Photo intake speed, as ratios to a bare Pillow open+load of the same file.

Not part of the test run. Generates a 12-megapixel phone-like JPEG and a
~30 MB panorama of over 100 megapixels in a temporary folder, then times
``prepare_photo`` (decode, rotate, downscale, thumbnail, hash) and
``store_photo`` (the database write) against ``Image.open(f).load()``.

    /tmp/venv/bin/python bench/bench_photos.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageFilter  # noqa: E402

from core.ledger import Ledger  # noqa: E402
from core.photos import delete_photo, prepare_photo, store_photo  # noqa: E402
from tests.photo_files import exif_bytes  # noqa: E402

REPEATS = 5


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
            ("panorama", make_photo(root / "pano.jpg", (22000, 6000), 95)),
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
        ledger.close()


if __name__ == "__main__":
    main()
