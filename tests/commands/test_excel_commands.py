"""``python main.py import`` and ``export``: output and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.ledger import Ledger
from main import main
from tests.core.importing.test_plan import counts
from tests.core.importing.workbooks import messy_register, write


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return messy_register(tmp_path / "登记表.xlsx")


def _counts(path: Path) -> dict[str, int]:
    ledger = Ledger.open(path, create=False)
    try:
        return counts(ledger)
    finally:
        ledger.close()


def test_import_some_rejected(tmp_path: Path, messy: Path, capsys) -> None:
    db = tmp_path / "l.sqlite3"
    errors = tmp_path / "错误.xlsx"
    assert main(["import", str(messy), "--db", str(db), "--compound", "红星小区", "--errors", str(errors)]) == 1
    out = capsys.readouterr().out
    assert "住户：新增 6 户，更新 0 户" in out
    assert "居民：新增 9 人，更新 0 人，无变化 0 人" in out
    assert "拒绝：4 行" in out
    assert "拒绝：工作表“3号楼”第 9 行【身份证号码】身份证号被 Excel 存成了数字" in out
    assert "将新建：小区 1 个（红星小区），楼栋 2 个（3栋、4栋）" in out
    assert "已新建数据文件" in out
    assert _counts(db)["resident"] == 9
    assert load_workbook(errors)["3号楼"].max_row == 5


def test_reimport_and_exit_zero(tmp_path: Path, messy: Path, capsys) -> None:
    db = tmp_path / "l.sqlite3"
    main(["import", str(messy), "--db", str(db), "--compound", "红星小区"])
    before = _counts(db)
    clean = write(tmp_path / "好.xlsx", {"名单": [["楼栋", "单元", "房号", "姓名"], ["3栋", 2, 301, "张建国"]]})
    capsys.readouterr()
    assert main(["import", str(clean), "--db", str(db)]) == 0  # the only compound is the default
    out = capsys.readouterr().out
    assert "居民：新增 0 人，更新 0 人，无变化 1 人" in out
    assert "没有需要写入的内容" in out
    assert main(["import", str(messy), "--db", str(db)]) == 1
    assert _counts(db) == before


def test_dry_run_changes_nothing(tmp_path: Path, messy: Path, capsys, demo_ledger: Ledger) -> None:
    db = Path(demo_ledger.path)
    demo_ledger.close()
    before = _counts(db)
    assert main(["import", str(messy), "--db", str(db), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "试运行：台账未做任何改动" in out
    # The demo's rooms hold other families: each register household is a
    # conflict, skipped, never attached to the family living there.
    assert "居民：新增 0 人" in out
    assert "住户冲突：8 户" in out
    assert "登记表标题写的小区“红星小区”与导入到的小区“红星机械厂生活区”不同" in out
    assert _counts(db) == before
    fresh = tmp_path / "new.sqlite3"
    assert main(["import", str(messy), "--db", str(fresh), "--dry-run", "--compound", "甲"]) == 1
    assert not fresh.exists()


@pytest.mark.parametrize("make", ["text", "empty", "no_header", "encrypted", "template"])
def test_unusable_files_exit_two_and_change_nothing(tmp_path: Path, capsys, demo_ledger: Ledger,
                                                     make: str) -> None:
    from reports.excel_template import write_template

    path = tmp_path / "坏.xlsx"
    if make == "text":
        path.write_text("姓名,身份证号\n", encoding="utf-8")
    elif make == "empty":
        Workbook().save(path)
    elif make == "no_header":
        write(path, {"表": [["物品", "数量"], ["扫帚", 3]]})
    elif make == "encrypted":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le"))
    else:
        write_template(path)
    db = Path(demo_ledger.path)
    demo_ledger.close()
    copy = tmp_path / "before.sqlite3"
    shutil.copy(db, copy)
    assert main(["import", str(path), "--db", str(db), "--errors", str(tmp_path / "e.xlsx")]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("错误：") and "台账未做任何改动" in captured.err
    assert "Traceback" not in captured.err
    assert _counts(db) == _counts(copy)
    assert not (tmp_path / "e.xlsx").exists()


def test_no_compound_to_choose(tmp_path: Path, messy: Path, capsys) -> None:
    db = tmp_path / "l.sqlite3"
    assert main(["import", str(messy), "--db", str(db)]) == 2
    assert "--compound" in capsys.readouterr().err
    assert not db.exists()


def test_unknown_sheet(tmp_path: Path, messy: Path, capsys) -> None:
    assert main(["import", str(messy), "--db", str(tmp_path / "l.sqlite3"), "--sheet", "9栋"]) == 2
    assert "可导入的工作表：3号楼、4栋" in capsys.readouterr().err


def test_export(tmp_path: Path, capsys, demo_ledger: Ledger) -> None:
    db = str(demo_ledger.path)
    out = tmp_path / "党员.xlsx"
    assert main(["export", "party", str(out), "--db", db]) == 0
    assert "已导出党员名册" in capsys.readouterr().out
    assert "*" in str(load_workbook(out).worksheets[0]["E3"].value)
    assert main(["export", "residents", str(tmp_path / "全.xlsx"), "--db", db, "--full-id"]) == 0
    assert "含完整身份证号" in capsys.readouterr().out
    assert main(["export", "grid-ish", str(out), "--db", db]) == 2
    assert "不认识的导出种类" in capsys.readouterr().err
    assert main(["export", "party", str(tmp_path / "x.csv"), "--db", db]) == 2
    assert main(["export", "party", str(out), "--db", str(tmp_path / "none.sqlite3")]) == 2
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize("kind, sheet, marker", [
    ("grid", 0, "网格"),
    ("inspections", 0, "检查"),
    ("campaigns", 0, "日期"),
])
def test_export_of_the_other_tabs(tmp_path: Path, capsys, demo_ledger: Ledger, kind: str, sheet: int,
                                  marker: str) -> None:
    out = tmp_path / f"{kind}.xlsx"
    assert main(["export", kind, str(out), "--db", str(demo_ledger.path)]) == 0
    assert "已导出" in capsys.readouterr().out
    book = load_workbook(out)
    cells = [str(c.value) for row in book.worksheets[sheet].iter_rows(max_row=4) for c in row if c.value]
    assert any(marker in c for c in cells), cells
    assert book.worksheets[sheet].max_row > 3


def test_grid_phones_are_masked_unless_asked(tmp_path: Path, capsys, demo_ledger: Ledger) -> None:
    masked, full = tmp_path / "m.xlsx", tmp_path / "f.xlsx"
    assert main(["export", "grid", str(masked), "--db", str(demo_ledger.path)]) == 0
    assert main(["export", "grid", str(full), "--db", str(demo_ledger.path), "--full-id"]) == 0

    def phones(path: Path) -> list[str]:
        sheet = load_workbook(path).worksheets[0]
        return [str(c.value) for row in sheet.iter_rows() for c in row
                if c.value and str(c.value)[:1] == "1" and len(str(c.value)) == 11]

    assert phones(full) and all("*" not in p for p in phones(full))
    assert phones(masked) and all("****" in p for p in phones(masked))


def test_export_a_named_campaign(tmp_path: Path, capsys, demo_ledger: Ledger) -> None:
    db = str(demo_ledger.path)
    name = demo_ledger.db.execute("SELECT name FROM campaign ORDER BY start_date LIMIT 1").fetchone()[0]
    out = tmp_path / "c.xlsx"
    entries = demo_ledger.db.execute(
        "SELECT count(*) FROM campaign_entry e JOIN campaign c ON c.id = e.campaign_id WHERE c.name = ?",
        [name]).fetchone()[0]
    assert main(["export", "campaigns", str(out), "--db", db, "--campaign", name]) == 0
    assert f"已导出整治行动 {entries} 行" in capsys.readouterr().out
    assert main(["export", "campaigns", str(out), "--db", db, "--campaign", "没有这次行动"]) == 2
    assert "没有名为" in capsys.readouterr().err
