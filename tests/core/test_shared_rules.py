"""The pieces the importer shares with the registry: the resident rules split
out of check_resident, ID parsing, pinyin keys and new ids."""

from __future__ import annotations

import datetime
import uuid

import pytest

from core import idcard, registry
from core.ledger import Ledger, new_id
from core.pinyin import full_pinyin, initials_variants, search_key
from core.registry import ResidentForm
from core.errors import ValidationError
from tests.core.importing.workbooks import LI, ZHANG


def _household(ledger: Ledger) -> str:
    community = registry.ensure_community(ledger)
    registry.create_compound(ledger, community, registry.CompoundForm(
        "小区", buildings=1, units_per_building=1, floors=1, rooms_per_floor=1))
    return ledger.db.execute("SELECT id FROM household").fetchone()[0]


def test_validate_resident_needs_no_database() -> None:
    checked = registry.validate_resident(ResidentForm("张建国", id_number=f" {ZHANG.lower()} "))
    assert checked.values["id_number"] == ZHANG
    assert (checked.values["sex"], checked.values["birth_date"]) == ("男", "1950-03-07")
    with pytest.raises(ValidationError) as error:
        registry.validate_resident(ResidentForm("张建国", id_number=ZHANG, sex="女"))
    assert error.value.field == "sex"


def test_check_resident_still_checks_duplicates_and_heads(ledger: Ledger) -> None:
    household = _household(ledger)
    registry.add_resident(ledger, household, ResidentForm("张建国", id_number=ZHANG, relation="户主"))
    community = registry.community_of_unit(ledger.db, registry.get_household(ledger.db, household).unit_id)
    with pytest.raises(ValidationError, match="身份证号已登记：张建国") as error:
        registry.check_resident(ledger.db, ResidentForm("别人", id_number=ZHANG), community_id=community)
    assert error.value.field == "id_number"
    with pytest.raises(ValidationError, match="一户只能有一位在住的户主"):
        registry.check_resident(ledger.db, ResidentForm("李秀英", id_number=LI, relation="户主"),
                                community_id=community, household_id=household)


def test_validate_household() -> None:
    assert registry.validate_household("301室", "自有", "138 1234 5678") == ("301", "13812345678")
    with pytest.raises(ValidationError, match="居住性质"):
        registry.validate_household("301", "借住", "")


def test_id_parsing() -> None:
    info = idcard.parse(ZHANG)
    assert info.birth_date == datetime.date(1950, 3, 7)
    with pytest.raises(idcard.InvalidIdNumber, match="不存在"):
        idcard.parse("410102195002300013")
    with pytest.raises(idcard.InvalidIdNumber, match="文本"):
        idcard.parse("410102195003070000")  # Excel rounded the tail to zeros
    with pytest.raises(idcard.InvalidIdNumber, match="文本"):
        idcard.parse("4.10102E+17")
    assert idcard.normalize("４１０１０２１９５００３０７００１ｘ") == "41010219500307001X"


@pytest.mark.parametrize("name, initials, full", [
    ("张三", ("zs",), "zhangsan"),
    ("单雄信", ("sxx", "sxs"), "shanxiongxin"),
    ("尉迟恭", ("ycg",), "yuchigong"),
    ("曾国藩", ("zgf",), "zengguofan"),
    ("李长江", ("lcj",), "lichangjiang"),
])
def test_pinyin_keys(name: str, initials: tuple[str, ...], full: str) -> None:
    assert initials_variants(name) == initials
    assert full_pinyin(name) == full
    assert search_key(name).split()[0] == initials[0]


def test_new_ids_are_uuid4_text() -> None:
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    for value in list(ids)[:50]:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and str(parsed) == value
