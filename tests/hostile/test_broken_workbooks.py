"""Class 4a: workbooks whose XML is malformed or hostile. Each gets a Chinese
message and exit code 2 (or, for a bad cell, its row rejected), never a
traceback, and the ledger is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.importing import WorkbookError, read_workbook
from tests.core.importing.workbooks import ZHANG
from tests.hostile import raw_xlsx as rx
from tests.hostile.helpers import assert_message, cli, fingerprint


def _person(number: int, *extra: str) -> str:
    return rx.row(number, rx.inline(f"A{number}", "3栋"), rx.inline(f"B{number}", "2单元"),
                  rx.inline(f"C{number}", f"30{number}"), rx.inline(f"D{number}", "张建国"), *extra)


BOMB = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")

#: name → (sheet XML, shared strings or None, part of the message)
WHOLE_FILE_REFUSED = {
    "entity bomb": (rx.sheet(rx.HEADER + _person(2, rx.inline("F2", "&i;")), prolog=BOMB), None, "实体声明"),
    "external entity": (rx.sheet(rx.HEADER + _person(2), prolog='<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
                        None, "实体声明"),
    "shared string index out of range": (
        rx.sheet(rx.HEADER + _person(2, '<c r="E2" t="s"><v>99</v></c>')), rx.shared("甲"), "共享文本"),
    "shared string index not a number": (
        rx.sheet(rx.HEADER + _person(2, '<c r="E2" t="s"><v>x1</v></c>')), rx.shared("甲"), "共享文本"),
    "bad cell reference": (rx.sheet(rx.HEADER + rx.row(2, '<c r="1A" t="inlineStr"><is><t>x</t></is></c>')),
                           None, "已损坏"),
    "control character reference": (rx.sheet(rx.HEADER + _person(2, rx.inline("F2", "x").replace("x", "&#1;"))),
                                    None, "XML 格式错误"),
    "raw control character": (rx.sheet(rx.HEADER + _person(2, rx.inline("F2", "a\x01b"))), None, "XML 格式错误"),
    "truncated XML": (rx.sheet(rx.HEADER + _person(2))[:-40], None, "XML 格式错误"),
    "value in column XFD": (rx.sheet(rx.HEADER + _person(2, rx.inline("XFD2", "x"))), None, "256 列"),
}


@pytest.mark.parametrize("name", WHOLE_FILE_REFUSED)
def test_a_broken_workbook_is_refused_with_a_message(name: str, tmp_path: Path, closed_demo: Path, capsys) -> None:
    sheet, strings, part = WHOLE_FILE_REFUSED[name]
    book = rx.write(tmp_path / "坏.xlsx", sheet, strings=strings)
    before = fingerprint(closed_demo)
    code, _out, err = cli(capsys, "import", book, "--db", closed_demo)
    assert code == 2
    assert_message(err, part, "台账未做任何改动")
    assert fingerprint(closed_demo) == before


def test_bad_dates_reject_the_row_not_the_file(tmp_path: Path, capsys) -> None:
    sheet = rx.sheet(rx.HEADER + _person(2, rx.inline("E2", ZHANG), '<c r="F2" t="d"><v>not-a-date</v></c>')
                     + _person(3, '<c r="F3" s="1"><v>abc</v></c>')
                     + _person(4, '<c r="F4" s="1"><v>1e400</v></c>')
                     + rx.row(5, rx.inline("A5", "3栋"), rx.inline("B5", "2单元"), rx.inline("C5", "305"),
                              rx.inline("D5", "李秀英")))
    book = rx.write(tmp_path / "日期.xlsx", sheet)
    code, out, err = cli(capsys, "import", book, "--db", tmp_path / "l.sqlite3", "--compound", "红星小区")
    assert code == 1, err
    assert_message(out, "第 2 行", "第 3 行", "出生日期")
    assert "Traceback" not in err


def test_not_a_zip_and_a_broken_zip(tmp_path: Path, closed_demo: Path, capsys) -> None:
    good = rx.write(tmp_path / "好.xlsx", rx.sheet(rx.HEADER + _person(2)))
    data = good.read_bytes()
    cases = {"截断.xlsx": data[: len(data) // 2], "乱码.xlsx": b"PK\x03\x04" + bytes(range(256)) * 20,
             "文本.xlsx": "姓名,身份证号\n张三,1\n".encode()}
    before = fingerprint(closed_demo)
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        code, _out, err = cli(capsys, "import", tmp_path / name, "--db", closed_demo)
        assert code == 2, name
        assert_message(err)
    assert fingerprint(closed_demo) == before


def test_the_reader_raises_only_its_own_error(tmp_path: Path) -> None:
    """What the import wizard calls: every broken file is a WorkbookError (shown as a message)."""
    for name, (sheet, strings, _part) in WHOLE_FILE_REFUSED.items():
        book = rx.write(tmp_path / "x.xlsx", sheet, strings=strings)
        with pytest.raises(WorkbookError):
            read_workbook(book)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("name", ["entity bomb", "value in column XFD", "truncated XML"])
def test_the_import_wizard_shows_the_same_message(name: str, qtbot, ledger, tmp_path: Path) -> None:
    from ui.registry.import_wizard import ImportWizard

    sheet, strings, part = WHOLE_FILE_REFUSED[name]
    book = rx.write(tmp_path / "坏.xlsx", sheet, strings=strings)
    wizard = ImportWizard(ledger, str(book))
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.currentPage()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.task is not None and wizard.task.done, timeout=20000)
    assert wizard.currentPage() is page  # stayed on the first page
    assert_message(page.error.text(), part)
