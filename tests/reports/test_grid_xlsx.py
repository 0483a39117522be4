"""The grid responsibility table, read back with openpyxl."""

from __future__ import annotations

import datetime

import openpyxl
import pytest

from core.grid.people import current_holder
from core import grid
from core.grid import TREE_GRID
from core.masking import mask_phone
from core.errors import LedgerError
from reports.grid_xlsx import GRID_COLUMNS, export_grid


def test_export_masks_phones_and_lists_every_node(demo_ledger, tmp_path):
    path = tmp_path / "网格.xlsx"
    count = export_grid(demo_ledger.db, path)
    assert count == 28
    book = openpyxl.load_workbook(path)
    sheet = book["网格责任表"]
    header = [c.value for c in sheet[1]]
    assert header == [h for h, _w in GRID_COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{count + 1}"
    assert sheet.column_dimensions["B"].width == 18
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in rows[:3]] == ["一级网格", "二级网格", "三级网格"]
    col = {h: i for i, h in enumerate(header)}
    level4 = [r for r in rows if r[0] == "四级网格"]
    assert len(level4) == 23
    node = grid.nodes(demo_ledger.db, TREE_GRID, 4)[0]
    holder = current_holder(demo_ledger.db, node.id)
    line = next(r for r in level4 if r[col["网格"]] == node.name)
    assert line[col["负责人"]] == holder.name
    assert line[col["联系电话"]] == mask_phone(holder.phone) and "****" in line[col["联系电话"]]
    assert line[col["负责单元"]] == node.name and line[col["户数"]] > 0
    assert any(r[col["状态"]] == "迁出" for r in level4)
    assert rows[0][col["户数"]] == sum(r[col["户数"]] for r in level4)
    # No full phone anywhere unless asked for.
    all_text = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)
    assert holder.phone not in all_text
    party = book["党组织"]
    assert [c.value for c in party[1]][:4] == ["类别", "支部 / 党小组", "职务", "姓名"]
    assert party.max_row > 30


def test_export_with_full_phones_and_a_past_day(demo_ledger, tmp_path):
    path = tmp_path / "full.xlsx"
    export_grid(demo_ledger.db, path, full_phone=True,
                on_date=datetime.date(datetime.date.today().year - 1, 1, 1))
    sheet = openpyxl.load_workbook(path)["网格责任表"]
    top = current_holder(demo_ledger.db, grid.nodes(demo_ledger.db, TREE_GRID, 1)[0].id)
    assert sheet["G2"].value == top.phone
    # Two units had another head at the start of last year.
    names_then = {sheet.cell(r, 2).value: sheet.cell(r, 5).value for r in range(2, sheet.max_row + 1)}
    changed = [n for n in grid.nodes(demo_ledger.db, TREE_GRID, 4)
               if names_then[n.name] != current_holder(demo_ledger.db, n.id).name]
    assert len(changed) == 2


def test_an_unwritable_path_is_reported_and_leaves_nothing(demo_ledger, tmp_path):
    target = tmp_path / "missing" / "网格.xlsx"
    with pytest.raises(LedgerError, match="不存在"):
        export_grid(demo_ledger.db, target)
    assert not target.exists() and not list(tmp_path.glob("**/*.part"))
