"""The blank import template (导入模板.xlsx).

A 居民登记 sheet with the importer's headers, the ID and phone columns
formatted as text (so Excel keeps all 18 digits), drop-down lists for the
columns with fixed choices (from :mod:`core.vocab`, kept on a hidden
选项 sheet), an example row the importer skips, and a short 填写说明 sheet.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import idcard, vocab
from core.importing.header import FIELD_BY_KEY, TEMPLATE_EXAMPLE_MARK
from reports.xlsx import save_workbook, text_width

TEMPLATE_NAME = "导入模板.xlsx"
#: Rows prepared (text format, drop-downs) below the header.
ROWS = 2000

#: Template columns: field key, example value.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("building", "3栋"),
    ("unit", "2单元"),
    ("room", "301"),
    ("tenure", "自有"),
    ("household_phone", ""),
    ("name", "张建国"),
    ("sex", "男"),
    ("id_number", ""),  # filled with a valid example below
    ("birth_date", "1950-03-07"),
    ("phone", "13800000000"),
    ("relation", "户主"),
    ("political_status", "中共党员"),
    ("tags", "高龄老人"),
    ("joined_date", "1975-07-01"),
    ("branch", ""),
    ("party_group", ""),
    ("presence", "在小区"),
    ("notes", TEMPLATE_EXAMPLE_MARK),
)
_TEXT_COLUMNS = {"room", "household_phone", "id_number", "phone"}
#: Drop-down lists: field key → (choices, free text allowed).
_CHOICES: dict[str, tuple[tuple[str, ...], bool]] = {
    "tenure": (vocab.TENURES, False),
    "sex": (vocab.SEXES, False),
    "relation": (vocab.RELATIONS, False),
    "political_status": (vocab.POLITICAL_STATUSES, False),
    "tags": (vocab.VULNERABLE_TAGS, True),  # several tags: 高龄老人、独居
    "presence": (vocab.PARTY_PRESENCE, False),
}

INSTRUCTIONS: tuple[str, ...] = (
    "填写说明",
    "1. 每位居民填一行；同一户的成员楼栋、单元、房号相同。户主的“与户主关系”填“户主”。",
    "2. 第 2 行是示例，导入时自动跳过，可以删除。",
    "3. 身份证号、电话两列已设为“文本”格式。请直接输入或粘贴为“值”；如果身份证号变成了 1.10101E+17 "
    "这样的数字，说明该列不是文本格式，后几位已丢失，必须重新输入。",
    "4. 性别、居住性质、与户主关系、政治面貌、党员所在可从下拉列表中选择。标签可选一个，"
    "多个标签用顿号隔开，如“高龄老人、独居”。",
    "5. 出生日期可写成 1950-03-07、1950.3.7 或 1950年3月7日；填写了身份证号时可不填，程序从身份证号读出。",
    "6. 入党日期、所在支部、党小组、党员所在只对党员填写。",
    "7. 楼栋可写 3、3栋、3号楼；单元可写 2、2单元。台账中没有的楼栋、单元会在导入时新建（预览中会列出）。",
    "8. 空着的格子不会覆盖台账中已有的内容；同一个文件重复导入不会产生重复的居民。",
    "9. 有问题的行不会导入，程序会列出行号和原因，并可保存为“错误工作簿”，改正后再次导入。",
)


def example_id_number() -> str:
    """A made-up but valid ID for the example row (born 1950-03-07, male)."""
    first17 = "41010219500307001"
    return first17 + idcard.make_check_digit(first17)


def write_template(path: str | Path) -> None:
    """Write the blank import template to ``path``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "居民登记"
    options = wb.create_sheet("选项")
    options.sheet_state = "hidden"
    notes = wb.create_sheet("填写说明")

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    example_font = Font(italic=True, color="808080")
    for index, (key, example) in enumerate(COLUMNS, 1):
        letter = get_column_letter(index)
        label = FIELD_BY_KEY[key].label
        cell = ws.cell(1, index, label)
        cell.font, cell.fill = header_font, header_fill
        value = example_id_number() if key == "id_number" else example
        example_cell = ws.cell(2, index, value or None)
        example_cell.font = example_font
        width = max(text_width(label), text_width(value)) + 2
        ws.column_dimensions[letter].width = min(max(width, 8), 40 if key == "notes" else 24)
        if key in _TEXT_COLUMNS:
            ws.column_dimensions[letter].number_format = "@"
            for row in range(2, ROWS + 2):
                ws.cell(row, index).number_format = "@"
        if key in _CHOICES:
            choices, free = _CHOICES[key]
            _add_list(ws, options, index, letter, label, choices, free)
    ws.freeze_panes = "A2"

    notes.column_dimensions["A"].width = 110
    for row, line in enumerate(INSTRUCTIONS, 1):
        cell = notes.cell(row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
    save_workbook(wb, Path(path))


def _add_list(ws, options, index: int, letter: str, label: str, choices: tuple[str, ...], free: bool) -> None:
    """A drop-down on the column, its choices in a column of the hidden 选项 sheet."""
    options_column = options.max_column + 1 if options.max_row > 1 or options["A1"].value else 1
    options.cell(1, options_column, label)
    for row, choice in enumerate(choices, 2):
        options.cell(row, options_column, choice)
    source_letter = get_column_letter(options_column)
    validation = DataValidation(
        type="list", formula1=f"'选项'!${source_letter}$2:${source_letter}${len(choices) + 1}",
        allow_blank=True, showErrorMessage=not free,
        errorTitle="不在列表中", error=f"请从下拉列表中选择{label}")
    validation.add(f"{letter}2:{letter}{ROWS + 1}")
    ws.add_data_validation(validation)
