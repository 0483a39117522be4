"""Class 1: an output file the user names that is the ledger, one of its side
files, its lock, or the register being read. Nothing is written; an existing
file is replaced only by a complete one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.errors import LedgerError
from core.ledger import Ledger
from core.output_files import OutputPathError, check_output, write_file
from reports.excel_export import export
from reports.excel_template import write_template
from tests.core.importing.workbooks import messy_register
from tests.hostile.helpers import assert_message, cli, fingerprint, sha256


@pytest.fixture
def setup(tmp_path: Path, demo_ledger: Ledger):
    db = Path(demo_ledger.path)
    demo_ledger.close()
    register = messy_register(tmp_path / "登记表.xlsx")
    return db, register


def test_errors_workbook_over_the_ledger_is_refused(setup, capsys) -> None:
    db, register = setup
    before = fingerprint(db)
    code, out, err = cli(capsys, "import", register, "--db", db, "--errors", db)
    assert code == 2
    assert_message(err, "台账数据文件", "另选")
    assert fingerprint(db) == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm", ".lock"])
def test_errors_workbook_over_a_side_file_is_refused(setup, capsys, suffix: str) -> None:
    db, register = setup
    before = fingerprint(db)
    code, _out, err = cli(capsys, "import", register, "--db", db, "--errors", f"{db}{suffix}")
    assert code == 2
    assert_message(err, "附属文件")
    assert fingerprint(db) == before
    assert not Path(f"{db}{suffix}").exists() or suffix != ".lock"


def test_errors_workbook_over_the_register_is_refused(setup, capsys) -> None:
    db, register = setup
    before, source = fingerprint(db), sha256(register)
    code, _out, err = cli(capsys, "import", register, "--db", db, "--errors", register)
    assert code == 2
    assert_message(err, "正在读取的文件")
    assert sha256(register) == source and fingerprint(db) == before


def test_another_spelling_and_a_hard_link_are_the_same_file(setup, capsys, tmp_path: Path) -> None:
    db, register = setup
    before = fingerprint(db)
    spelled = tmp_path / "sub" / ".." / db.name
    (tmp_path / "sub").mkdir()
    code, _out, err = cli(capsys, "import", register, "--db", db, "--errors", spelled)
    assert code == 2 and "台账数据文件" in err
    link = tmp_path / "link.xlsx"
    os.link(db, link)
    code, _out, err = cli(capsys, "import", register, "--db", db, "--errors", link)
    assert code == 2 and "台账数据文件" in err
    symlink = tmp_path / "symlink.xlsx"
    symlink.symlink_to(register)
    code, _out, err = cli(capsys, "import", register, "--db", db, "--errors", symlink)
    assert code == 2 and "正在读取" in err
    assert fingerprint(db) == before


def test_errors_workbook_over_a_ledger_not_yet_created(tmp_path: Path, capsys) -> None:
    register = messy_register(tmp_path / "登记表.xlsx")
    db = tmp_path / "new.xlsx"
    code, _out, err = cli(capsys, "import", register, "--db", db, "--errors", db, "--compound", "红星小区")
    assert code == 2 and "台账数据文件" in err
    assert not db.exists()


def test_export_over_the_ledger_is_refused(setup, capsys) -> None:
    db, _register = setup
    before = fingerprint(db)
    for target in (db, Path(f"{db}-wal"), Path(f"{db}.lock")):
        code, _out, err = cli(capsys, "export", "residents", target.with_name(target.name), "--db", db)
        assert code == 2
        assert_message(err)
    # named .xlsx but a hard link to the ledger
    link = db.with_name("名册.xlsx")
    os.link(db, link)
    code, _out, err = cli(capsys, "export", "residents", link, "--db", db)
    assert code == 2 and "台账数据文件" in err
    assert fingerprint(db) == before


def test_writers_refuse_the_open_ledger_whoever_calls_them(demo_ledger: Ledger, tmp_path: Path) -> None:
    """The guard is in the writer, so the GUI and any later caller get it too."""
    db = Path(demo_ledger.path)
    demo_ledger.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = sha256(db)
    with pytest.raises(OutputPathError):
        export(demo_ledger.db, "residents", db)
    with pytest.raises(OutputPathError):
        write_template(db)
    with pytest.raises(OutputPathError):
        export(demo_ledger.db, "grid", Path(f"{db}-shm"))
    with pytest.raises(OutputPathError):
        export(demo_ledger.db, "inspections", Path(f"{db}.lock"))
    assert sha256(db) == before


def test_directory_device_and_missing_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputPathError, match="文件夹"):
        check_output(tmp_path)
    with pytest.raises(OutputPathError, match="不是普通文件"):
        check_output("/dev/null")
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(OutputPathError, match="不是普通文件"):
        check_output(fifo)
    with pytest.raises(OutputPathError, match="不存在"):
        check_output(tmp_path / "nowhere" / "x.xlsx")


def test_an_existing_file_is_replaced_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "名册.xlsx"
    target.write_bytes(b"the old export")

    def fail(temporary: Path) -> None:
        temporary.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(LedgerError, match="原有文件未被改动"):
        write_file(target, fail)
    assert target.read_bytes() == b"the old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["名册.xlsx"]  # no partial left

    inode = target.stat().st_ino
    wb = Workbook()
    wb.active["A1"] = "新"
    write_file(target, lambda t: wb.save(str(t)))
    assert target.stat().st_ino != inode  # renamed into place, not written over
    assert target.read_bytes()[:2] == b"PK"


def test_the_gui_save_dialog_refuses_the_open_ledger(qtbot, demo_ledger: Ledger, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from ui import messages
    from ui.save_dialog import ask_save_path

    shown = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, detail="": shown.append(detail))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(demo_ledger.path), ""))
    assert ask_save_path(None, "导出到", "名册.xlsx", suffix="") is None
    assert shown and "台账数据文件" in shown[0]
