import datetime

import pytest

from core import idcard
from core.idcard import InvalidIdNumber, make_check_digit, parse


def valid(first17: str) -> str:
    return first17 + make_check_digit(first17)


def test_valid_number_gives_birth_date_and_sex():
    info = parse(valid("11010119500307123"))
    assert info.birth_date == datetime.date(1950, 3, 7)
    assert info.sex == "男"  # 17th digit 3 is odd
    assert info.warnings == ()


def test_lower_case_x_is_accepted_and_stored_upper_case():
    # Find a real number whose check digit is X.
    for serial in range(1000):
        first17 = f"11010119500307{serial:03d}"
        if make_check_digit(first17) == "X":
            break
    info = parse(first17 + "x")
    assert info.number == first17 + "X"


def test_full_width_digits_and_spaces_are_normalised():
    number = valid("11010119500307123")
    fullwidth = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse(" " + fullwidth[:6] + " " + fullwidth[6:]).number == number


@pytest.mark.parametrize("raw, reason", [
    ("1101011950030712", "18 位"),
    ("11010119500307123A", "只能是数字"),
    ("110101195002301235", "出生日期"),  # 30 February
])
def test_malformed_numbers_are_refused_with_the_reason(raw, reason):
    with pytest.raises(InvalidIdNumber, match=reason):
        parse(raw)


def test_wrong_check_digit_is_refused():
    number = valid("11010119500307123")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(InvalidIdNumber, match="校验码"):
        parse(wrong)


def test_future_birth_date_is_refused():
    with pytest.raises(InvalidIdNumber, match="不可能"):
        parse(valid("11010120990101123"), today=datetime.date(2026, 1, 1))


@pytest.mark.parametrize("excel_text", ["1.10101195003071E+17", "110101195003071000.0", "110101195003071000"])
def test_ids_mangled_by_excel_are_recognised(excel_text):
    number = "110101195003071000"
    if make_check_digit(number[:17]) == "0":
        pytest.skip("this rounding happens to carry a valid check digit")
    with pytest.raises(InvalidIdNumber, match="文本"):
        parse(excel_text)


def test_area_code_younger_than_the_holder_is_accepted_silently():
    # 410102 (中原区) exists since 1983; a resident born in 1951 carries it.
    info = parse(valid("41010219510101002"))
    assert info.warnings == ()


def test_area_code_that_never_existed_is_only_a_warning():
    info = parse(valid("99990119600101002"))
    assert info.birth_date == datetime.date(1960, 1, 1)
    assert any("地区码" in w for w in info.warnings)


def test_is_valid():
    assert idcard.is_valid(valid("11010119500307123"))
    assert not idcard.is_valid("123")
