"""Made-up photos for the demo: deterministic, real JPEGs, time taken set."""

from __future__ import annotations

import datetime
import random

from core.demo.photos import demo_photo
from core.photos import prepare_photo


def test_demo_photo_is_a_deterministic_jpeg_with_time_taken() -> None:
    taken = datetime.datetime(2025, 4, 12, 9, 30)
    first = demo_photo(random.Random(3), "3栋2单元 垃圾分类亭", taken=taken, size=(640, 480))
    again = demo_photo(random.Random(3), "3栋2单元 垃圾分类亭", taken=taken, size=(640, 480))
    other = demo_photo(random.Random(4), "3栋2单元 垃圾分类亭", taken=taken, size=(640, 480))
    assert first == again and first != other
    prepared = prepare_photo(first, "demo.jpg")
    assert (prepared.width, prepared.height) == (640, 480)
    assert prepared.taken_at == taken
    assert prepare_photo(demo_photo(random.Random(3), "无时间", size=(320, 240))).taken_at is None
