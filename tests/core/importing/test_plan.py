"""Planning an import: what is new, what is updated, what is rejected and why."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from core import registry
from core.importing import ImportSetupError, apply_plan, build_plan, read_workbook, summary_lines
from core.ledger import Ledger
from core.registry import ResidentForm
from tests.core.importing.workbooks import (
    ACCEPTED,
    CHEN,
    REJECTED,
    ZHANG,
    ZHOU,
    messy_register,
    valid_id,
    write,
)

COMPOUND = "红星小区"
_PEOPLE = ("SELECT b.name, u.name, h.room, r.name, r.id_number FROM resident r "
           "JOIN household h ON h.id = r.household_id JOIN unit u ON u.id = h.unit_id "
           "JOIN building b ON b.id = u.building_id")
_TABLES = ("community", "compound", "building", "unit", "household", "resident", "party_member",
           "resident_tag", "resident_event")


def counts(ledger: Ledger) -> dict[str, int]:
    return {t: ledger.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _TABLES}


def people(ledger: Ledger) -> set[tuple]:
    return set(ledger.db.execute(_PEOPLE).fetchall())


def import_file(ledger: Ledger, path: Path, compound: str | None = COMPOUND):
    plan = build_plan(ledger.db, read_workbook(path), compound=compound)
    apply_plan(ledger, plan)
    return plan


def test_messy_register(ledger: Ledger, tmp_path: Path) -> None:
    plan = import_file(ledger, messy_register(tmp_path / "m.xlsx"))
    assert people(ledger) == ACCEPTED
    assert {(p.sheet, p.row, p.column) for p in plan.rejected} == {r[:3] for r in REJECTED}
    for problem in plan.rejected:
        expected = next(r for r in REJECTED if r[:2] == (problem.sheet, problem.row))
        assert expected[3] in problem.reason
    assert len(plan.new_households) == 6
    assert [p.label for p in plan.places if p.kind == "building"] == ["3栋", "4栋"]
    assert plan.rows == 13  # blank, 合计, 总计 and 填表人 rows are not data


def test_values_are_normalised(ledger: Ledger, tmp_path: Path) -> None:
    import_file(ledger, messy_register(tmp_path / "m.xlsx"))
    rows = {r[0]: r[1:] for r in ledger.db.execute(
        "SELECT name, relation, phone, birth_date, political_status, sex FROM resident")}
    assert rows["张建国"] == ("户主", "13812345678", "1950-03-07", "中共党员", "男")
    assert rows["李秀英"] == ("配偶", "13912345678", "1952-05-01", "群众", "女")
    assert rows["张伟"] == ("子", "", "1980-10-02", "共青团员", "男")
    assert rows["冯军"][1] == "0371-87654321"
    assert rows["周立新"][0] == "户主"
    tags = {r for r in ledger.db.execute(
        "SELECT r.name, t.tag FROM resident_tag t JOIN resident r ON r.id = t.resident_id")}
    assert tags == {("张建国", "高龄老人"), ("吴桂兰", "低保"), ("陈淑珍", "独居"), ("陈淑珍", "高龄老人")}
    tenure = dict(ledger.db.execute("SELECT room, tenure FROM household"))
    assert tenure == {"301": "自有", "402": "自有", "101": "自有", "102": "自有", "201": "租住", "202": "租住"}
    party = ledger.db.execute("SELECT presence FROM party_member").fetchall()
    assert party == [("在小区",), ("在小区",)]


def test_reimporting_changes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    path = messy_register(tmp_path / "m.xlsx")
    import_file(ledger, path)
    before = counts(ledger)
    stamps = ledger.db.execute("SELECT id, updated_at FROM resident ORDER BY id").fetchall()
    plan = import_file(ledger, path)
    assert (len(plan.new_residents), len(plan.updated_residents)) == (0, 0)
    assert (len(plan.new_households), len(plan.updated_households)) == (0, 0)
    assert plan.unchanged == len(ACCEPTED)
    assert not plan.places
    assert counts(ledger) == before
    assert ledger.db.execute("SELECT id, updated_at FROM resident ORDER BY id").fetchall() == stamps
    assert "居民：新增 0 人，更新 0 人" in "\n".join(summary_lines(plan))


def test_generated_register_matches_its_facts(ledger: Ledger, tmp_path: Path) -> None:
    from bench.register import write_register

    facts = write_register(tmp_path / "r.xlsx", rows=400, seed=5)
    plan = import_file(ledger, tmp_path / "r.xlsx")
    assert people(ledger) == set(facts.residents)
    assert {(p.sheet, p.row) for p in plan.rejected} == {(s, r) for s, r, _k in facts.rejected}
    assert len(plan.new_households) == len(facts.households)


def _existing(ledger: Ledger) -> tuple[str, str]:
    community = registry.ensure_community(ledger)
    compound = registry.create_compound(ledger, community, registry.CompoundForm(
        COMPOUND, buildings=4, units_per_building=2, floors=5, rooms_per_floor=2))
    household = ledger.db.execute(
        "SELECT h.id FROM household h JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id "
        "WHERE b.name = '3栋' AND u.name = '2单元' AND h.room = '301'").fetchone()[0]
    return compound, household


def test_matches_existing_residents_and_never_blanks_them(ledger: Ledger, tmp_path: Path) -> None:
    _compound, household = _existing(ledger)
    # Registered by hand: by ID, and one without ID (matched by name in the household).
    zhang = registry.add_resident(ledger, household, ResidentForm(
        "张建国", id_number=ZHANG, phone="13700000000", relation="户主", notes="老厂长",
        political_status="中共党员"))
    li = registry.add_resident(ledger, household, ResidentForm("李秀英", relation="配偶", phone="13600000000"))
    path = write(tmp_path / "u.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "身份证号", "联系电话", "备注", "与户主关系"],
        [3, 2, 301, "张建国", ZHANG, None, None, None],                       # nothing new
        [3, 2, 301, "李秀英", valid_id("41010219520501002"), None, "腿脚不便", None],  # fills ID, notes
    ]})
    plan = import_file(ledger, path)
    assert (len(plan.new_residents), len(plan.updated_residents), plan.unchanged) == (0, 1, 1)
    assert set(plan.updated_residents[0].changes) == {"身份证号", "出生日期", "性别", "备注"}
    stored = registry.get_resident(ledger.db, zhang)
    assert (stored.phone, stored.notes, stored.political_status) == ("13700000000", "老厂长", "中共党员")
    other = registry.get_resident(ledger.db, li)
    assert other.phone == "13600000000"  # the empty cell left it alone
    assert (other.id_number, other.sex, other.notes) == (valid_id("41010219520501002"), "女", "腿脚不便")
    assert ledger.db.execute("SELECT count(*) FROM resident").fetchone()[0] == 2


def test_id_against_the_ledger_with_another_name_is_rejected(ledger: Ledger, tmp_path: Path) -> None:
    _compound, household = _existing(ledger)
    registry.add_resident(ledger, household, ResidentForm("张建国", id_number=ZHANG, relation="户主"))
    path = write(tmp_path / "d.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "身份证号"], [1, 1, 101, "孙八", ZHANG]]})
    plan = build_plan(ledger.db, read_workbook(path), compound=COMPOUND)
    assert len(plan.rejected) == 1
    assert "台账中登记的是张建国" in plan.rejected[0].reason
    assert not plan.residents


def test_same_person_at_another_address_is_not_moved(ledger: Ledger, tmp_path: Path) -> None:
    _compound, household = _existing(ledger)
    resident = registry.add_resident(ledger, household, ResidentForm("张建国", id_number=ZHANG, relation="户主"))
    path = write(tmp_path / "a.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "身份证号", "联系电话"], [1, 1, 101, "张建国", ZHANG, "13811112222"]]})
    plan = import_file(ledger, path)
    assert "未转户" in plan.warnings[0].reason
    assert registry.get_resident(ledger.db, resident).household_id == household
    assert registry.get_resident(ledger.db, resident).phone == "13811112222"
    assert not plan.new_households


def test_a_second_head_is_rejected(ledger: Ledger, tmp_path: Path) -> None:
    _compound, household = _existing(ledger)
    registry.add_resident(ledger, household, ResidentForm("张建国", id_number=ZHANG, relation="户主"))
    path = write(tmp_path / "h.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "与户主关系"],
        [3, 2, 301, "王五", "户主"],
        [3, 2, 302, "赵六", "户主"], [3, 2, 302, "钱七", "户主"],
    ]})
    plan = build_plan(ledger.db, read_workbook(path), compound=COMPOUND)
    assert {(p.row, p.column) for p in plan.rejected} == {(4, "与户主关系")}
    assert all("一户只能有一位在住的户主" in p.reason for p in plan.rejected)
    assert [r.values["name"] for r in plan.new_residents] == ["赵六"]
    # 王五 heading 301, which the ledger gives to 张建国, is a household conflict (skipped).
    assert [(c.address, c.ledger_head, c.register_head) for c in plan.conflicts] == [("3栋2单元301", "张建国", "王五")]


def test_head_handed_over_within_the_file(ledger: Ledger, tmp_path: Path) -> None:
    _compound, household = _existing(ledger)
    registry.add_resident(ledger, household, ResidentForm("张建国", id_number=ZHANG, relation="户主"))
    path = write(tmp_path / "h.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "与户主关系"],
        [3, 2, 301, "张伟", "户主"], [3, 2, 301, "张建国", "父亲"]]})
    plan = import_file(ledger, path)
    assert not plan.rejected
    heads = ledger.db.execute("SELECT name FROM resident WHERE relation = '户主'").fetchall()
    assert heads == [("张伟",)]


def test_same_name_twice_in_a_household_without_ids(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "n.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名"], [3, 2, 301, "张伟"], [3, 2, 301, "张伟"]]})
    plan = build_plan(ledger.db, read_workbook(path), compound=COMPOUND)
    assert [p.row for p in plan.rejected] == [3]
    assert "同名" in plan.rejected[0].reason


def test_registry_rules_apply_per_row(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "r.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "性别", "身份证号", "出生日期", "联系电话", "政治面貌"],
        [3, 2, 301, "张建国", "女", ZHANG, None, None, None],
        [3, 2, 302, "周立新", None, ZHOU, "1961-01-15", None, None],
        [3, 2, 303, "陈淑珍", None, CHEN, None, "12345", None],
        [3, 2, 304, "何小平", None, None, None, None, "少先队员"],
        [3, 2, 305, "韩磊", None, None, "2199-01-01", None, None],
    ]})
    plan = build_plan(ledger.db, read_workbook(path), compound=COMPOUND,
                      today=datetime.date(2025, 1, 1))
    reasons = {p.row: (p.column, p.reason) for p in plan.rejected}
    assert reasons[2] == ("性别", "性别与身份证号不符（身份证号表明为男）")
    assert reasons[3][0] == "出生日期" and "不符" in reasons[3][1]
    assert reasons[4][0] == "联系电话"
    assert reasons[5][0] == "政治面貌" and "可填" in reasons[5][1]
    assert reasons[6][0] == "出生日期"
    assert not plan.residents


def test_masked_numbers_count_as_empty(ledger: Ledger, tmp_path: Path) -> None:
    _compound, household = _existing(ledger)
    registry.add_resident(ledger, household, ResidentForm("张建国", id_number=ZHANG, phone="13700000000",
                                                          relation="户主"))
    path = write(tmp_path / "m.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "身份证号", "联系电话"],
        [3, 2, 301, "张建国", "410102********0010", "137****0000"]]})
    plan = build_plan(ledger.db, read_workbook(path), compound=COMPOUND)
    assert plan.unchanged == 1 and not plan.rejected
    assert any("打码" in note for note in plan.notes)


def test_partial_birth_dates(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "p.xlsx", {"名单": [
        ["楼栋", "单元", "房号", "姓名", "身份证号", "出生年月"],
        [3, 2, 301, "张建国", ZHANG, "1950.3"],
        [3, 2, 302, "周立新", ZHOU, "1959.1"],
        [3, 2, 303, "何小平", None, "1970.5"],
    ]})
    plan = build_plan(ledger.db, read_workbook(path), compound=COMPOUND)
    assert [(p.row, p.column) for p in plan.rejected] == [(3, "出生年月")]
    assert [p.row for p in plan.warnings] == [4]
    assert {r.values["name"]: r.values["birth_date"] for r in plan.new_residents} == {
        "张建国": "1950-03-07", "何小平": None}


def test_household_register_with_only_heads(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "hh.xlsx", {"住户": [
        ["房屋地址", "户主", "居住性质", "户联系电话", "备注"],
        ["3栋2单元301", "张建国", "自有", "0371-66668888", "一楼"],
        ["3-2-302", None, "空置", None, "无人居住"],
    ]})
    import_file(ledger, path)
    assert ledger.db.execute("SELECT room, tenure, phone, notes FROM household ORDER BY room").fetchall() == [
        ("301", "自有", "0371-66668888", "一楼"), ("302", "空置", "", "无人居住")]
    assert ledger.db.execute("SELECT name, relation FROM resident").fetchall() == [("张建国", "户主")]


def test_compound_column_and_choice(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "c.xlsx", {"名单": [
        ["小区", "楼栋", "单元", "房号", "姓名"], ["东院", 1, 1, 101, "甲"], [None, 1, 1, 101, "乙"]]})
    with pytest.raises(ImportSetupError, match="--compound"):
        build_plan(ledger.db, read_workbook(path))
    plan = import_file(ledger, path, compound="西院")
    assert sorted(p.label for p in plan.places if p.kind == "compound") == ["东院", "西院"]
    assert len(plan.new_households) == 2


def test_several_compounds_need_a_choice(ledger: Ledger, tmp_path: Path) -> None:
    community = registry.ensure_community(ledger)
    for name in ("东院", "西院"):
        registry.create_compound(ledger, community, registry.CompoundForm(name))
    path = write(tmp_path / "c.xlsx", {"名单": [["楼栋", "单元", "房号", "姓名"], [1, 1, 101, "甲"]]})
    with pytest.raises(ImportSetupError, match="东院、西院"):
        build_plan(ledger.db, read_workbook(path))


def test_a_single_compound_is_the_default(ledger: Ledger, tmp_path: Path) -> None:
    _existing(ledger)
    path = write(tmp_path / "c.xlsx", {"名单": [["楼栋", "单元", "房号", "姓名"], [9, 1, 101, "甲"]]})
    plan = build_plan(ledger.db, read_workbook(path))
    assert plan.compound == COMPOUND
    assert [(p.kind, p.label) for p in plan.places] == [("building", "9栋"), ("unit", "9栋1单元")]
    assert "将新建：楼栋 1 个（9栋），单元 1 个" in "\n".join(summary_lines(plan))


def test_sheets_can_be_left_out(ledger: Ledger, tmp_path: Path) -> None:
    plan = build_plan(ledger.db, read_workbook(messy_register(tmp_path / "m.xlsx")), compound=COMPOUND,
                      sheets=["4栋"])
    assert plan.sheets == ["4栋"]
    assert len(plan.new_residents) == 5 and not plan.rejected


def test_no_data_rows(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path / "e.xlsx", {"名单": [["姓名", "身份证号"]]})
    with pytest.raises(ImportSetupError, match="没有数据行"):
        build_plan(ledger.db, read_workbook(path), compound=COMPOUND)
