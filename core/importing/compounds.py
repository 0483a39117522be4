"""Which compound an import goes into: the ledger's compounds, the one a
register's title names, and the choice between them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlite_utils import Database

from core.errors import LedgerError
from core.importing.reader import WorkbookData
from core.importing.rows import ParsedRow


class ImportSetupError(LedgerError):
    """The import cannot start as asked (e.g. no compound chosen); nothing was changed."""


def compound_names(db: Database) -> list[str]:
    return [name for (name,) in db.execute("SELECT name FROM compound ORDER BY created_at, name")]


#: A compound's name inside a title such as “幸福路社区红旗机械厂生活区居民登记表（2023年）”.
_COMPOUND_IN_TITLE = re.compile(
    r"([\u4e00-\u9fffA-Za-z0-9·（）()]{1,30}?(?:生活区|小区|家属院|家属区|宿舍区|宿舍|花园|新村|公寓|大院|苑))")
_BEFORE_COMPOUND = re.compile(r"^.*?(?:社区|街道|居委会|办事处)")


def compound_in_title(text: str) -> str:
    """The compound a register's title names, or ``""``."""
    text = re.sub(r"\s+", "", str(text or ""))
    match = _COMPOUND_IN_TITLE.search(text)
    if match is None:
        return ""
    name = _BEFORE_COMPOUND.sub("", match.group(1)) or match.group(1)
    name = re.sub(r"^\d{4}年", "", name)
    return name if len(name) >= 2 else ""


def file_compound(book: WorkbookData, sheets: Iterable[str] | None = None) -> str:
    """The compound named in the title rows above the header of the first
    chosen sheet that has one (``""`` if none names one)."""
    wanted = None if sheets is None else set(sheets)
    for sheet in book.usable:
        if wanted is not None and sheet.name not in wanted:
            continue
        assert sheet.header is not None
        for number in sorted(n for n in sheet.rows if n < sheet.header.first_row):
            for value in sheet.rows[number]:
                if isinstance(value, str) and (name := compound_in_title(value)):
                    return name
    return ""


def choose_compound(db: Database, name: str | None, rows: list[ParsedRow]) -> str:
    """The compound named, else the ledger's only one; ImportSetupError if it must be said."""
    names = compound_names(db)
    if name is not None:
        name = name.strip()
        if not name:
            raise ImportSetupError("请填写小区名称")
        return name
    if len(names) == 1:
        return names[0]
    if all("compound" in row.data for row in rows if not row.problems):
        return names[0] if names else ""
    if not names:
        raise ImportSetupError("台账中还没有小区。请指定要导入到哪个小区（命令行用 --compound 名称），"
                               "没有的小区会新建。台账未做任何改动。")
    raise ImportSetupError(f"台账中有 {len(names)} 个小区：{'、'.join(names)}。请指定要导入到哪个小区"
                           "（命令行用 --compound 名称）。台账未做任何改动。")
