"""``python main.py report``: exit codes, messages, read-only opening."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from main import main
from tests.reports.pdf_helpers import text


def _digest(path: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "-"
            for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm"))]


@pytest.fixture
def demo_file(demo_ledger) -> Path:
    path = Path(demo_ledger.path)
    demo_ledger.close()
    return path


@pytest.mark.parametrize("kind, title", [("roster", "楼栋花名册"), ("party", "党员名册"),
                                         ("vulnerable", "困难群体名单")])
def test_rosters(tmp_path: Path, demo_file: Path, capsys, kind: str, title: str) -> None:
    before = _digest(demo_file)
    out = tmp_path / f"{kind}.pdf"
    assert main(["report", kind, str(out), "--db", str(demo_file)]) == 0
    said = capsys.readouterr().out
    assert f"已打印{title}" in said and "身份证号和电话已打码" in said
    assert title in text(out)
    assert _digest(demo_file) == before  # opened read-only: not a byte changed, no side files left


def test_briefing_with_notes(tmp_path: Path, demo_file: Path, capsys) -> None:
    notes = tmp_path / "文字.txt"
    notes.write_text("主要做法\n组织党员志愿者清理楼道。\n", encoding="utf-8")
    out = tmp_path / "简报.pdf"
    assert main(["report", "briefing", str(out), "--db", str(demo_file), "--from", "2026-11-01",
                 "--to", "2026-11-30", "--notes", str(notes), "--issue", "7", "--copies", "20"]) == 0
    content = text(out)
    assert "第7期" in content and "组织党员志愿者清理楼道" in content and "共印20份" in content


@pytest.mark.parametrize("args, message", [
    (["report", "nothing", "x.pdf"], "不认识的报表种类"),
    (["report", "roster", "x.xlsx"], "应以 .pdf 结尾"),
    (["report", "briefing", "x.pdf", "--from", "2026-13-01"], "不是日期"),
    (["report", "briefing", "x.pdf", "--from", "2026-12-01", "--to", "2026-11-01"], "晚于"),
    (["report", "roster", "x.pdf", "--from", "2026-12-01"], "不按日期范围"),
])
def test_refusals(tmp_path: Path, demo_file: Path, capsys, args: list[str], message: str) -> None:
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    assert main([*args, "--db", str(demo_file)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_never_over_the_ledger_or_the_notes(tmp_path: Path, demo_file: Path, capsys) -> None:
    before = _digest(demo_file)
    wal = Path(str(demo_file) + "-wal")
    assert main(["report", "roster", str(wal.with_suffix(".pdf")), "--db", str(demo_file)]) == 0
    notes = tmp_path / "文字.pdf"
    notes.write_text("主要做法\n文字\n", encoding="utf-8")
    assert main(["report", "briefing", str(notes), "--db", str(demo_file), "--notes", str(notes)]) == 2
    assert "正在读取的文件" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "主要做法\n文字\n"
    assert _digest(demo_file) == before


def test_missing_ledger(tmp_path: Path, capsys) -> None:
    assert main(["report", "roster", str(tmp_path / "a.pdf"), "--db", str(tmp_path / "无.sqlite3")]) == 2
    assert "找不到数据文件" in capsys.readouterr().err
