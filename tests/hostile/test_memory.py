"""Class 7: small files that would need unbounded memory. Workbooks are read
without building empty columns, and what exceeds a limit (columns, rows,
inflated size, pixels) is refused with a message naming the limit. Peak
memory of a separate process is measured for the worst of them."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from core.importing import reader, workbook_file
from core.photos import intake
from core.photos.intake import PhotoError, prepare_photo
from tests.hostile import raw_xlsx as rx
from tests.hostile.helpers import ROOT, assert_message, cli, fingerprint

#: Peak resident memory allowed to one command on these inputs.
PEAK_LIMIT_MB = 300

needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")


def xfd_on_every_row(path: Path, rows: int = 30_000, *, with_value: bool) -> Path:
    """A register whose every row also has a cell in column XFD (the last of 16,384)."""
    far = '<c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c>' if with_value else '<c r="XFD{n}" s="0"/>'
    body = rx.HEADER + "".join(
        rx.row(n, rx.inline(f"A{n}", "3栋"), rx.inline(f"B{n}", "2单元"), rx.inline(f"C{n}", str(100 + n)),
               rx.inline(f"D{n}", "张三"), far.format(n=n)) for n in range(2, rows + 2))
    return rx.write(path, rx.sheet(body, dimension=f"A1:XFD{rows + 1}"))


def inflating_zip(path: Path, inflated_mb: int = 400) -> Path:
    """A workbook whose sheet inflates to ``inflated_mb`` MB (of spaces) from a few hundred KB."""
    rx.write(path, rx.sheet(rx.HEADER))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("xl/media/padding.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_mb):
                part.write(chunk)
    return path


def png_declaring(width: int, height: int) -> bytes:
    """A PNG header declaring ``width``×``height`` pixels, with a tiny (truncated) image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
            + chunk(b"IEND", b""))


@needs_proc
def test_a_value_in_column_xfd_on_30000_rows(tmp_path: Path, closed_demo: Path) -> None:
    book = xfd_on_every_row(tmp_path / "宽.xlsx", with_value=True)
    assert book.stat().st_size < 1_000_000
    before = fingerprint(closed_demo)
    code, text, peak = _measured("import", book, "--db", closed_demo, home=tmp_path)
    assert code == 2
    assert_message(text, "XFD2", "256 列", "台账未做任何改动")
    print(f"peak {peak:.0f} MB"); assert peak < PEAK_LIMIT_MB, peak
    assert fingerprint(closed_demo) == before


@needs_proc
def test_empty_styled_cells_in_column_xfd_are_read_in_little_memory(tmp_path: Path) -> None:
    book = xfd_on_every_row(tmp_path / "宽.xlsx", with_value=False)
    code, text, peak = _measured("import", book, "--db", tmp_path / "l.sqlite3", "--compound", "红星小区",
                                 "--dry-run", home=tmp_path)
    assert code == 0, text
    assert "居民：新增 30000 人" in text
    print(f"peak {peak:.0f} MB"); assert peak < PEAK_LIMIT_MB, peak


@needs_proc
def test_a_zip_that_inflates_to_400_mb(tmp_path: Path, closed_demo: Path) -> None:
    book = inflating_zip(tmp_path / "炸弹.xlsx")
    assert book.stat().st_size < 5_000_000
    before = fingerprint(closed_demo)
    code, text, peak = _measured("import", book, "--db", closed_demo, home=tmp_path)
    assert code == 2
    assert_message(text, "解压后有 400 MB", "150 MB 的上限")
    print(f"peak {peak:.0f} MB"); assert peak < PEAK_LIMIT_MB, peak
    assert fingerprint(closed_demo) == before


def test_row_and_file_limits_name_the_limit(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 100)
    book = xfd_on_every_row(tmp_path / "长.xlsx", rows=150, with_value=False)
    code, _out, err = cli(capsys, "import", book, "--db", tmp_path / "l.sqlite3", "--compound", "红星小区")
    assert code == 2
    assert_message(err, "100 行的上限")
    monkeypatch.setattr(workbook_file, "MAX_FILE_BYTES", 1000)
    code, _out, err = cli(capsys, "import", book, "--db", tmp_path / "l.sqlite3", "--compound", "红星小区")
    assert code == 2
    assert_message(err, "的上限")
    assert not (tmp_path / "l.sqlite3").exists()


@needs_proc
def test_a_photo_declaring_12000_by_12000_pixels(tmp_path: Path) -> None:
    photo = tmp_path / "巨大.png"
    photo.write_bytes(png_declaring(12000, 12000))
    with pytest.raises(PhotoError, match="12000×12000") as info:
        prepare_photo(photo)
    assert f"{intake.MAX_PIXELS_OTHER / 1e6:.0f} 百万像素" in info.value.message
    code = ("import sys; sys.path.insert(0, sys.argv[2]); from core.photos.intake import prepare_photo, PhotoError\n"
            "try:\n    prepare_photo(sys.argv[1])\nexcept PhotoError as e:\n    print(e.message)\n")
    code += "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n"
    result = subprocess.run([sys.executable, "-c", code, str(photo), str(ROOT)], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    message, peak_kb = result.stdout.strip().rsplit("\n", 1)
    assert "尺寸过大" in message
    print(f"peak {int(peak_kb) / 1024:.0f} MB")
    assert int(peak_kb) / 1024 < PEAK_LIMIT_MB


def test_a_photo_that_is_a_pipe_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "照片.jpg"
    os.mkfifo(fifo)
    with pytest.raises(PhotoError, match="不是普通文件"):
        prepare_photo(fifo)


#: Runs main.py and, on the way out, prints the process's own peak resident
#: memory (VmHWM: since its exec, not counting the test process it was forked from).
_MEASURE = """
import runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
    print(f"VmHWM {peak}", file=sys.stderr, flush=True)
"""


def _measured(*args, home: Path) -> tuple[int, str, float]:
    env = {**os.environ, "COMPOUND_LEDGER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(ROOT / "main.py"), *map(str, args)],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=300)
    peak = int(result.stderr.rsplit("VmHWM ", 1)[1].split()[0]) / 1024
    return result.returncode, result.stderr + result.stdout, peak
