import pytest

from core import address
from core.masking import mask_id, mask_phone
from core.pinyin import full_pinyin, initials_variants, search_key
from core.surnames import COMPOUND_SURNAMES, SURNAMES


@pytest.mark.parametrize("name, initials", [
    ("张三", "zs"), ("欧阳娜娜", "oynn"), ("单田芳", "stf"), ("曾志伟", "zzw"), ("尉迟恭", "ycg"),
])
def test_usual_initials_come_first(name, initials):
    assert initials_variants(name)[0] == initials


@pytest.mark.parametrize("name, initials, full", [
    ("丁胜", "ds", "dingsheng"), ("董明", "dm", "dongming"), ("曾山", "zs", "zengshan"),
    ("单田芳", "stf", "shantianfang"), ("解放", "xf", "xiefang"), ("仇新", "qx", "qiuxin"),
    ("区志强", "ozq", "ouzhiqiang"), ("朴树", "ps", "piaoshu"), ("查理", "zl", "zhali"),
    ("翟明", "zm", "zhaiming"), ("盖红", "gh", "gehong"), ("覃静", "qj", "qinjing"),
    ("缪芳", "mf", "miaofang"), ("尉迟恭", "ycg", "yuchigong"), ("诸葛亮", "zgl", "zhugeliang"),
    ("长孙无忌", "zswj", "zhangsunwuji"), ("万俟卨", "mqx", "moqixie"),
])
def test_surnames_take_their_surname_reading_only(name, initials, full):
    variants = initials_variants(name)
    assert variants[0] == initials
    # The surname's initials are the same in every variant (丁 is never zheng).
    surname = 2 if name[:2] in COMPOUND_SURNAMES else 1
    assert all(v[:surname] == initials[:surname] for v in variants)
    assert full_pinyin(name) == full


def test_the_surname_table_covers_the_common_surnames():
    from core.demo import SURNAMES as DEMO_SURNAMES

    assert len(SURNAMES) >= 400 and len(COMPOUND_SURNAMES) >= 30
    assert all(ch in SURNAMES for ch in DEMO_SURNAMES)
    assert all(reading.isascii() and reading.isalpha() for reading in SURNAMES.values())


def test_heteronyms_give_extra_variants():
    assert "lj" in initials_variants("李强") and "lq" in initials_variants("李强")


def test_search_key_holds_initials_and_full_pinyin():
    assert search_key("张三") == "zs zhangsan"
    assert full_pinyin("单田芳") == "shantianfang"


@pytest.mark.parametrize("text, number", [
    ("3", 3), ("3栋", 3), ("3号楼", 3), ("三栋", 3), ("３", 3), ("第十二栋", 12),
    ("二十", 20), ("一百零五", 105), (3.0, 3), ("综合楼", None), (None, None),
])
def test_leading_number(text, number):
    assert address.leading_number(text) == number


def test_normalised_names():
    assert address.normalize_building("三号楼") == "3栋"
    assert address.normalize_unit("２") == "2单元"
    assert address.normalize_building("综合楼") == "综合楼"
    assert address.normalize_room("301室") == "301"
    assert address.normalize_room(301.0) == "301"
    assert address.normalize_room("3-2-502") == "502"


def test_room_key_sorts_numerically():
    rooms = ["1201", "301", "B1", "101"]
    assert sorted(rooms, key=address.room_key) == ["101", "301", "1201", "B1"]


def test_masking():
    assert mask_id("11010119500307123X") == "110101********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0371-12345678") == "0371-****5678"
    assert mask_phone("6234567") == "***4567"
    assert mask_id("") == "" and mask_phone(None) == ""
