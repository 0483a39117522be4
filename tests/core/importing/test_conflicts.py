"""Imports never mix two families: a register household in a room the ledger
gives to another family is a conflict, and nothing of it is merged unless
the user says how. And a register titled with another compound's name says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import registry, vocab
from core.importing import MERGE, REPLACE, SKIP, apply_plan, build_plan, file_compound, read_workbook
from core.importing.plan import compound_in_title
from core.ledger import Ledger
from core.registry import ResidentForm
from tests.core.importing.workbooks import BAD_CHECK, LI, ZHANG, write

COMPOUND = "红星机械厂生活区"
HEADER = ["楼栋", "单元", "房号", "姓名", "与户主关系", "身份证号"]


def _room_301(ledger: Ledger) -> str:
    community = registry.ensure_community(ledger)
    registry.create_compound(ledger, community, registry.CompoundForm(
        COMPOUND, buildings=3, units_per_building=2, floors=3, rooms_per_floor=1))
    return ledger.db.execute(
        "SELECT h.id FROM household h JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id "
        "WHERE b.name = '3栋' AND u.name = '2单元' AND h.room = '301'").fetchone()[0]


@pytest.fixture
def wang_family(ledger: Ledger) -> str:
    """Room 3栋2单元301 holds 王五 (户主) and his wife 赵丽 in the ledger."""
    household = _room_301(ledger)
    registry.add_resident(ledger, household, ResidentForm("王五", relation="户主"))
    registry.add_resident(ledger, household, ResidentForm("赵丽", relation="配偶"))
    return household


def _zhang_register(tmp_path: Path, head_id: str = ZHANG, title: str | None = None) -> Path:
    rows = [[title]] if title else []
    rows += [HEADER, [3, 2, 301, "张建国", "户主", head_id], [3, 2, 301, "李秀英", "配偶", LI],
             [3, 2, 302, "孙八", "户主", None]]
    return write(tmp_path / "r.xlsx", {"名单": rows})


def _living(ledger: Ledger, household: str) -> set[tuple[str, str]]:
    return set(ledger.db.execute(
        "SELECT name, relation FROM resident WHERE household_id = ? AND status = '在住'", [household]).fetchall())


def test_another_family_in_the_room_is_a_conflict_and_nothing_is_merged(ledger, tmp_path, wang_family):
    plan = build_plan(ledger.db, read_workbook(_zhang_register(tmp_path)))
    [conflict] = plan.conflicts
    assert conflict.address == "3栋2单元301"
    assert conflict.ledger_head == "王五" and set(conflict.ledger_members) == {"王五", "赵丽"}
    assert conflict.register_head == "张建国" and conflict.register_members == ["张建国", "李秀英"]
    assert conflict.choice == SKIP
    assert "王五" in conflict.line() and "张建国" in conflict.line()
    assert {r.values["name"] for r in plan.residents} == {"孙八"}  # the other room goes ahead
    assert not plan.rejected
    apply_plan(ledger, plan)
    # The wife is not recorded as a second 配偶 under another family's head.
    assert _living(ledger, wang_family) == {("王五", "户主"), ("赵丽", "配偶")}


def test_choosing_moved_in_moves_the_old_household_out(ledger, tmp_path, wang_family):
    book = read_workbook(_zhang_register(tmp_path))
    first = build_plan(ledger.db, book)
    key = first.conflicts[0].key
    plan = build_plan(ledger.db, book, choices={key: REPLACE})
    assert plan.conflicts[0].choice == REPLACE
    assert {m.name for m in plan.moved_out} == {"王五", "赵丽"}
    apply_plan(ledger, plan)
    assert _living(ledger, wang_family) == {("张建国", "户主"), ("李秀英", "配偶")}
    moved = ledger.db.execute(
        "SELECT r.name, r.status, e.kind FROM resident r JOIN resident_event e ON e.resident_id = r.id "
        "WHERE r.household_id = ? AND e.kind = ?", [wang_family, vocab.STATUS_MOVED_OUT]).fetchall()
    assert {(n, s) for n, s, _k in moved} == {("王五", "迁出"), ("赵丽", "迁出")}


def test_choosing_same_family_merges_as_before(ledger, tmp_path, wang_family):
    book = read_workbook(_zhang_register(tmp_path))
    key = build_plan(ledger.db, book).conflicts[0].key
    plan = build_plan(ledger.db, book, choices={key: MERGE})
    assert [p.row for p in plan.rejected] == [2]  # a second living head is still refused
    apply_plan(ledger, plan)
    assert ("李秀英", "配偶") in _living(ledger, wang_family)


def test_a_rejected_head_row_makes_the_household_a_conflict(ledger, tmp_path, wang_family):
    plan = build_plan(ledger.db, read_workbook(_zhang_register(tmp_path, head_id=BAD_CHECK)))
    [conflict] = plan.conflicts
    assert "户主行被拒绝" in conflict.reason
    assert [p.row for p in plan.rejected] == [2]  # the bad row is still listed, to be corrected
    apply_plan(ledger, plan)
    assert _living(ledger, wang_family) == {("王五", "户主"), ("赵丽", "配偶")}


def test_the_same_family_is_no_conflict(ledger, tmp_path, wang_family):
    path = write(tmp_path / "s.xlsx", {"名单": [
        HEADER, [3, 2, 301, "王小明", "户主", None], [3, 2, 301, "王五", "父亲", None]]})
    plan = build_plan(ledger.db, read_workbook(path))
    assert not plan.conflicts
    assert {r.values["name"] for r in plan.new_residents} == {"王小明"}


def test_an_empty_room_takes_the_register_household(ledger, tmp_path):
    _room_301(ledger)
    plan = build_plan(ledger.db, read_workbook(_zhang_register(tmp_path)))
    assert not plan.conflicts
    assert {r.values["name"] for r in plan.new_residents} == {"张建国", "李秀英", "孙八"}


@pytest.mark.parametrize(("title", "name"), [
    ("红旗机械厂生活区居民登记表", "红旗机械厂生活区"),
    ("幸福路社区红旗机械厂生活区住户信息登记表（2023年）", "红旗机械厂生活区"),
    ("红星小区3号楼住户信息登记表", "红星小区"),
    ("居民信息登记表", ""),
])
def test_compound_in_title(title, name):
    assert compound_in_title(title) == name


def test_a_register_titled_with_another_compound_says_so(ledger, tmp_path):
    _room_301(ledger)
    path = _zhang_register(tmp_path, title="红旗机械厂生活区居民登记表")
    book = read_workbook(path)
    assert file_compound(book) == "红旗机械厂生活区"
    plan = build_plan(ledger.db, book)
    assert plan.compound == COMPOUND and plan.file_compound == "红旗机械厂生活区"
    assert plan.compound_differs
    from core.importing import summary_lines

    assert any("红旗机械厂生活区" in line and "不同" in line for line in summary_lines(plan))
    # Taking the proposal: a new compound of the file's name.
    plan = build_plan(ledger.db, book, compound=plan.file_compound)
    assert [p.name for p in plan.places if p.kind == "compound"] == ["红旗机械厂生活区"]
    assert not plan.compound_differs


def test_people_without_a_head_in_the_room_are_not_joined_by_another_family(ledger, tmp_path):
    household = _room_301(ledger)
    registry.add_resident(ledger, household, ResidentForm("赵丽", relation="配偶"))
    plan = build_plan(ledger.db, read_workbook(_zhang_register(tmp_path)))
    [conflict] = plan.conflicts
    assert conflict.ledger_head == "" and "未登记户主" in conflict.reason
    assert "（无户主）" in conflict.line()
