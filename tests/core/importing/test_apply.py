"""Committing a plan: all or nothing, searchable afterwards, and the error workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from core import registry
from core.importing import (
    StalePlanError,
    apply_plan,
    build_plan,
    read_workbook,
)
from reports.error_workbook import write_error_workbook
from core.ledger import Change, Ledger
from core.progress import Cancelled
from core.registry import ResidentForm
from core.registry import queries as rq
from tests.core.importing.test_plan import COMPOUND, counts
from tests.core.importing.workbooks import BAD_CHECK, FENG, REJECTED, ZHANG, messy_register, write


def test_cancelling_writes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    plan = build_plan(ledger.db, read_workbook(messy_register(tmp_path / "m.xlsx")), compound=COMPOUND)
    before = counts(ledger)
    calls = []

    def cancel_midway(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        apply_plan(ledger, plan, cancel_midway)
    assert counts(ledger) == before
    apply_plan(ledger, plan)  # the same plan still applies afterwards
    assert counts(ledger)["resident"] == 9


def test_a_failure_midway_writes_nothing(ledger: Ledger, tmp_path: Path, monkeypatch) -> None:
    import core.importing.apply as apply_module

    plan = build_plan(ledger.db, read_workbook(messy_register(tmp_path / "m.xlsx")), compound=COMPOUND)
    before = counts(ledger)
    monkeypatch.setattr(apply_module, "_update_residents", lambda *a: 1 / 0)
    plan.residents[-1].is_new = False  # force the failing step after the inserts
    with pytest.raises(ZeroDivisionError):
        apply_plan(ledger, plan)
    assert counts(ledger) == before


def test_a_ledger_changed_since_the_preview_is_not_written(ledger: Ledger, tmp_path: Path) -> None:
    plan = build_plan(ledger.db, read_workbook(messy_register(tmp_path / "m.xlsx")), compound=COMPOUND)
    community = registry.ensure_community(ledger)
    registry.create_compound(ledger, community, registry.CompoundForm("另一个小区"))
    before = counts(ledger)
    with pytest.raises(StalePlanError, match="重新预览"):
        apply_plan(ledger, plan)
    assert counts(ledger) == before


def test_one_change_is_published(ledger: Ledger, tmp_path: Path) -> None:
    seen: list[Change] = []
    ledger.bus.subscribe(seen.append)
    plan = build_plan(ledger.db, read_workbook(messy_register(tmp_path / "m.xlsx")), compound=COMPOUND)
    apply_plan(ledger, plan)
    assert len(seen) == 1
    assert seen[0].touches("resident", "household", "building")
    assert seen[0].action == "导入 Excel：m.xlsx"


def test_imported_residents_are_searchable_and_have_history(ledger: Ledger, tmp_path: Path) -> None:
    plan = build_plan(ledger.db, read_workbook(messy_register(tmp_path / "m.xlsx")), compound=COMPOUND)
    apply_plan(ledger, plan)
    for text in ("zjg", "zhangjianguo", ZHANG, "13812345678"):
        found = rq.resident_page(ledger.db, rq.RegistryFilter(text=text), 0, 10)
        assert [r["name"] for r in found] == ["张建国"], text
    for text in ("3-2-301", "3栋2单元301"):
        found = rq.resident_page(ledger.db, rq.RegistryFilter(text=text), 0, 10)
        assert {r["name"] for r in found} == {"张建国", "李秀英", "张伟"}, text
    # Sorted by address like residents entered by hand: the head first.
    rows = rq.resident_page(ledger.db, rq.RegistryFilter(text="3-2-301"), 0, 10)
    assert rows[0]["relation"] == "户主"
    assert ledger.db.execute("SELECT count(*) FROM resident WHERE address_key = ''").fetchone()[0] == 0
    assert ledger.db.execute(
        "SELECT count(*) FROM household WHERE address_key = '' OR search_text = ''").fetchone()[0] == 0
    resident = ledger.db.execute("SELECT id FROM resident WHERE name = '冯军'").fetchone()[0]
    history = registry.resident_history(ledger.db, resident)
    assert [(h["kind"], h["to"]) for h in history] == [("登记", "3栋2单元402")]
    assert "m.xlsx" in history[0]["note"]


def test_statuses_of_new_residents(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "s.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "与户主关系", "状态", "状态日期"],
        [1, 1, 101, "甲", "户主", "在住", None], [1, 1, 101, "乙", "户主", "死亡", "2020-05-01"],
        [1, 1, 101, "丙", "子", "迁出", "2021-06-01"]]})
    apply_plan(ledger, build_plan(ledger.db, read_workbook(path), compound=COMPOUND))
    assert set(ledger.db.execute("SELECT name, status, status_date FROM resident")) == {
        ("甲", "在住", None), ("乙", "死亡", "2020-05-01"), ("丙", "迁出", "2021-06-01")}
    assert ledger.db.execute("SELECT count(*) FROM resident_event").fetchone()[0] == 5


def test_an_old_sheet_does_not_bring_back_the_dead(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "s.xlsx", {"名单": [["楼栋", "单元", "房号", "姓名", "身份证号", "状态"],
                                               [1, 1, 101, "冯军", FENG, "在住"]]})
    apply_plan(ledger, build_plan(ledger.db, read_workbook(path), compound=COMPOUND))
    resident = ledger.db.execute("SELECT id FROM resident").fetchone()[0]
    import datetime

    registry.change_status(ledger, resident, "死亡", datetime.date(2024, 1, 1))
    plan = build_plan(ledger.db, read_workbook(path), compound=COMPOUND)
    assert plan.unchanged == 1
    assert registry.get_resident(ledger.db, resident).status == "死亡"


def test_party_details_of_existing_members_are_merged(ledger: Ledger, tmp_path: Path) -> None:
    community = registry.ensure_community(ledger)
    registry.create_compound(ledger, community, registry.CompoundForm(COMPOUND, buildings=1,
                             units_per_building=1, floors=1, rooms_per_floor=1))
    household = ledger.db.execute("SELECT id FROM household").fetchone()[0]
    resident = registry.add_resident(ledger, household, ResidentForm(
        "张建国", id_number=ZHANG, political_status="中共党员",
        party=registry.PartyInfo(branch="一支部", presence="长期在外")))
    path = write(tmp_path / "p.xlsx", {"党员": [["楼栋", "单元", "房号", "姓名", "身份证号", "党小组"],
                                               [1, 1, 101, "张建国", ZHANG, "第二党小组"]]})
    plan = build_plan(ledger.db, read_workbook(path), compound=COMPOUND)
    assert plan.updated_residents[0].changes == ["党员信息"]
    apply_plan(ledger, plan)
    party = registry.get_resident(ledger.db, resident).party
    assert (party.branch, party.party_group, party.presence) == ("一支部", "第二党小组", "长期在外")


# ------------------------------------------------------------ error workbook


def test_error_workbook_holds_the_rejected_rows_as_they_were(ledger: Ledger, tmp_path: Path) -> None:
    book = read_workbook(messy_register(tmp_path / "m.xlsx"))
    plan = build_plan(ledger.db, book, compound=COMPOUND)
    assert write_error_workbook(plan, book, tmp_path / "错误.xlsx") == 4
    wb = load_workbook(tmp_path / "错误.xlsx")
    assert wb.sheetnames == ["3号楼"]
    ws = wb["3号楼"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows[0]
    assert header[:12] == ["序号", "户主", "单元", "房号", "居民姓名", "性别", "与户主关系", "身份证号码",
                           "出生年月", "手机号码", "政治面貌", "人员类别"]
    assert header[-1] == "错误原因"
    assert [r[4] for r in rows[1:]] == ["王芳", "赵六", "钱七", "孙八"]
    assert isinstance(rows[1][7], float)  # the number as it was: its digits are lost
    assert rows[2][7] == BAD_CHECK
    assert "原表第 9 行" in rows[1][-1] and "文本" in rows[1][-1]
    assert ws["H2"].number_format == "@"
    assert ws.freeze_panes == "A2"
    assert len(rows) == 1 + len(REJECTED)


def test_corrected_error_workbook_imports(ledger: Ledger, tmp_path: Path) -> None:
    book = read_workbook(messy_register(tmp_path / "m.xlsx"))
    plan = build_plan(ledger.db, book, compound=COMPOUND)
    apply_plan(ledger, plan)
    write_error_workbook(plan, book, tmp_path / "错误.xlsx")
    wb = load_workbook(tmp_path / "错误.xlsx")
    ws = wb["3号楼"]
    ws["H2"] = "410102199001010047"  # 王芳's full number, typed as text
    wb.save(tmp_path / "错误.xlsx")
    again_book = read_workbook(tmp_path / "错误.xlsx")
    again = build_plan(ledger.db, again_book, compound=COMPOUND)
    assert [r.values["name"] for r in again.new_residents] == ["王芳"]
    assert len(again.rejected) == 3
    write_error_workbook(again, again_book, tmp_path / "错误2.xlsx")
    header = [c.value for c in load_workbook(tmp_path / "错误2.xlsx")["3号楼"][1]]
    assert header.count("错误原因") == 1  # the reason column is reused, not added again
