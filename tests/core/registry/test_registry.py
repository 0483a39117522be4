"""The registry's rules, on real temporary databases."""

import datetime

import pytest

from core import registry as reg
from core.idcard import make_check_digit
from core.ledger import Ledger
from core.errors import ValidationError


def valid_id(first17: str) -> str:
    return first17 + make_check_digit(first17)


@pytest.fixture
def compound(ledger: Ledger):
    community = reg.ensure_community(ledger, "幸福路社区", "新华街道")
    compound_id = reg.create_compound(ledger, community, reg.CompoundForm(
        "测试小区", 1990, 1200.0, buildings=2, units_per_building=2, floors=3, rooms_per_floor=2))
    return compound_id


def household(ledger: Ledger, building: str = "1栋", unit: str = "1单元", room: str = "101") -> str:
    return ledger.db.execute(
        "SELECT h.id FROM household h JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id "
        "WHERE b.name = ? AND u.name = ? AND h.room = ?", [building, unit, room]).fetchone()[0]


def test_compound_layout_creates_buildings_units_and_rooms(ledger, compound):
    db = ledger.db
    assert db.execute("SELECT count(*) FROM building").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM unit").fetchone()[0] == 4
    rooms = [r for (r,) in db.execute(
        "SELECT room FROM household WHERE unit_id = (SELECT id FROM unit LIMIT 1) ORDER BY room_key")]
    assert rooms == ["101", "102", "201", "202", "301", "302"]


def test_duplicate_compound_name_is_refused(ledger, compound):
    community = reg.ensure_community(ledger)
    with pytest.raises(ValidationError, match="已有名为"):
        reg.create_compound(ledger, community, reg.CompoundForm("测试小区"))


def test_add_resident_derives_sex_and_birth_date_from_the_id(ledger, compound):
    rid = reg.add_resident(ledger, household(ledger), reg.ResidentForm(
        "张三", id_number=valid_id("11010119500307124"), relation="户主"))
    resident = reg.get_resident(ledger.db, rid)
    assert resident.sex == "女"
    assert resident.birth_date == datetime.date(1950, 3, 7)
    assert resident.status == "在住"


def test_sex_contradicting_the_id_is_refused(ledger, compound):
    with pytest.raises(ValidationError) as info:
        reg.add_resident(ledger, household(ledger), reg.ResidentForm(
            "张三", sex="男", id_number=valid_id("11010119500307124")))
    assert info.value.field == "sex"


def test_duplicate_id_is_refused_with_name_and_address(ledger, compound):
    number = valid_id("11010119500307123")
    reg.add_resident(ledger, household(ledger), reg.ResidentForm("张三", id_number=number))
    with pytest.raises(ValidationError, match="张三.*测试小区 1栋1单元101"):
        reg.add_resident(ledger, household(ledger, room="102"), reg.ResidentForm("李四", id_number=number))
    assert ledger.db.execute("SELECT count(*) FROM resident").fetchone()[0] == 1


def test_duplicate_check_includes_moved_out_residents(ledger, compound):
    number = valid_id("11010119500307123")
    rid = reg.add_resident(ledger, household(ledger), reg.ResidentForm("张三", id_number=number))
    reg.change_status(ledger, rid, "迁出", datetime.date.today())
    with pytest.raises(ValidationError, match="迁出"):
        reg.add_resident(ledger, household(ledger, room="102"), reg.ResidentForm("张三", id_number=number))


def test_only_one_living_head_per_household(ledger, compound):
    h = household(ledger)
    reg.add_resident(ledger, h, reg.ResidentForm("张三", relation="户主"))
    with pytest.raises(ValidationError, match="已有户主"):
        reg.add_resident(ledger, h, reg.ResidentForm("李四", relation="户主"))


def test_invalid_phone_is_refused(ledger, compound):
    with pytest.raises(ValidationError) as info:
        reg.add_resident(ledger, household(ledger), reg.ResidentForm("张三", phone="12345"))
    assert info.value.field == "phone"


def test_party_details_and_tags_are_stored(ledger, compound):
    rid = reg.add_resident(ledger, household(ledger), reg.ResidentForm(
        "王建国", political_status="中共党员", tags=("困难老人", "独居"),
        party=reg.PartyInfo(datetime.date(1975, 7, 1), "红星党支部", "第一党小组", "长期在外", False)))
    resident = reg.get_resident(ledger.db, rid)
    assert resident.tags == ("困难老人", "独居")
    assert resident.party.presence == "长期在外" and not resident.party.reachable
    # Leaving the party clears the party details, not the person.
    reg.update_resident(ledger, rid, reg.ResidentForm("王建国", political_status="群众", tags=("独居",)))
    resident = reg.get_resident(ledger.db, rid)
    assert resident.party is None and resident.tags == ("独居",)


def test_move_out_and_death_keep_the_record_with_history(ledger, compound):
    h = household(ledger)
    rid = reg.add_resident(ledger, h, reg.ResidentForm("张三"))
    reg.change_status(ledger, rid, "迁出", datetime.date(2024, 5, 1), "随子女居住")
    resident = reg.get_resident(ledger.db, rid)
    assert resident.status == "迁出" and resident.status_date == datetime.date(2024, 5, 1)
    kinds = [e["kind"] for e in reg.resident_history(ledger.db, rid)]
    assert kinds == ["登记", "迁出"]
    with pytest.raises(ValidationError, match="已去世的居民不能办理迁出"):
        reg.change_status(ledger, rid, "死亡", datetime.date(2024, 6, 1))
        reg.change_status(ledger, rid, "迁出", datetime.date(2024, 6, 2))
    assert ledger.db.execute("SELECT count(*) FROM resident").fetchone()[0] == 1


def test_status_date_in_the_future_is_refused(ledger, compound):
    rid = reg.add_resident(ledger, household(ledger), reg.ResidentForm("张三"))
    with pytest.raises(ValidationError, match="晚于今天"):
        reg.change_status(ledger, rid, "迁出", datetime.date.today() + datetime.timedelta(days=1))


def test_move_to_another_household(ledger, compound):
    a, b = household(ledger), household(ledger, "2栋", "2单元", "302")
    rid = reg.add_resident(ledger, a, reg.ResidentForm("张三", relation="户主"))
    reg.move_resident(ledger, rid, b, datetime.date.today(), relation="户主")
    resident = reg.get_resident(ledger.db, rid)
    assert resident.household_id == b and resident.relation == "户主"
    history = reg.resident_history(ledger.db, rid)
    assert history[-1]["kind"] == "转户" and history[-1]["from"] == "1栋1单元101" and history[-1]["to"] == "2栋2单元302"
    # The search text follows the new address.
    text = ledger.db.execute("SELECT search_text FROM resident WHERE id = ?", [rid]).fetchone()[0]
    assert "2-2-302" in text and "1-1-101" not in text


def test_room_clash_in_a_unit_is_refused(ledger, compound):
    unit = ledger.db.execute("SELECT unit_id FROM household WHERE id = ?", [household(ledger)]).fetchone()[0]
    with pytest.raises(ValidationError, match="已有 101 室"):
        reg.add_household(ledger, unit, "101室")


def test_renaming_a_building_updates_search_text(ledger, compound):
    rid = reg.add_resident(ledger, household(ledger), reg.ResidentForm("张三"))
    building = ledger.db.execute("SELECT id FROM building WHERE name = '1栋'").fetchone()[0]
    reg.rename_node(ledger, "building", building, "五号楼")
    text = ledger.db.execute("SELECT search_text FROM resident WHERE id = ?", [rid]).fetchone()[0]
    assert "5栋1单元101" in text


def test_only_empty_units_can_be_deleted(ledger, compound):
    unit = ledger.db.execute("SELECT id FROM unit LIMIT 1").fetchone()[0]
    with pytest.raises(ValidationError, match="还有 6 户"):
        reg.delete_empty_node(ledger, "unit", unit)
    building = ledger.db.execute("SELECT id FROM building LIMIT 1").fetchone()[0]
    empty = reg.add_unit(ledger, building, "九单元")
    reg.delete_empty_node(ledger, "unit", empty)
    assert ledger.db.execute("SELECT count(*) FROM unit WHERE id = ?", [empty]).fetchone()[0] == 0


def test_a_failed_write_leaves_nothing_and_publishes_nothing(ledger, compound):
    seen = []
    ledger.bus.subscribe(seen.append)
    before = ledger.db.execute("SELECT count(*) FROM household").fetchone()[0]

    def half_then_fail(db):
        db.execute("DELETE FROM resident_event")
        db.execute("UPDATE household SET notes = 'x'")
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        ledger.write("household.edit", {"household", "resident_event"}, half_then_fail)
    assert seen == []
    assert ledger.db.execute("SELECT count(*) FROM household WHERE notes = 'x'").fetchone()[0] == 0
    assert ledger.db.execute("SELECT count(*) FROM household").fetchone()[0] == before


def test_nested_writes_publish_once_committed(ledger, compound):
    seen = []
    ledger.bus.subscribe(seen.append)
    h = household(ledger)

    def outer(db):
        reg.add_resident(ledger, h, reg.ResidentForm("甲"))
        assert seen == []  # not yet: the outer transaction is open
        reg.add_resident(ledger, h, reg.ResidentForm("乙"))

    ledger.write("import.commit", {"resident"}, outer, label="批量")
    assert [c.action for c in seen] == ["添加居民", "添加居民", "批量"]


def test_entries_survive_reopening(tmp_path):
    path = tmp_path / "x.sqlite3"
    ledger = Ledger.open(path)
    community = reg.ensure_community(ledger, "社区")
    reg.create_compound(ledger, community, reg.CompoundForm("小区", buildings=1, units_per_building=1,
                                                             floors=1, rooms_per_floor=1))
    rid = reg.add_resident(ledger, household(ledger), reg.ResidentForm("张三", phone="13812345678"))
    ledger.close()
    reopened = Ledger.open(path)
    assert reg.get_resident(reopened.db, rid).phone == "13812345678"
    reopened.close()
