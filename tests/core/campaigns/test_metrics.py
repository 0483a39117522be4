"""The metric list, exact decimal amounts, and the office's own metrics."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.campaigns import metrics as cm
from core.registry import ensure_community
from core.errors import ValidationError

GARBAGE = next(m for m in cm.BUILTIN_METRICS if m.key == "garbage")
DEMOLISH = next(m for m in cm.BUILTIN_METRICS if m.key == "demolish")
INVESTMENT = next(m for m in cm.BUILTIN_METRICS if m.key == "investment")


def test_builtin_metrics_follow_the_account() -> None:
    assert [m.name for m in cm.BUILTIN_METRICS] == [
        "拆除私搭乱建", "清运垃圾", "清理小广告", "疏通下水沟", "增绿补绿",
        "硬化路面", "施划停车位", "安装休闲椅", "新建晾衣架", "投资"]
    assert GARBAGE.unit == "吨" and GARBAGE.precision == 1
    assert INVESTMENT.unit == "万元" and INVESTMENT.precision == 2
    ads = next(m for m in cm.BUILTIN_METRICS if m.key == "ads")
    assert ads.unit == "m²" and ads.label == "清理小广告（平方米）"
    assert len(cm.BUILTIN_KEYS) == len(cm.BUILTIN_METRICS)


@pytest.mark.parametrize("text, expected", [
    ("3.2", Decimal("3.2")), (" 12 ", Decimal("12")), ("１２.５", Decimal("12.5")),
    ("1,200", Decimal("1200")), ("", None), ("0", Decimal("0")),
])
def test_parse_amount_accepts(text: str, expected: Decimal | None) -> None:
    assert cm.parse_amount(text, GARBAGE) == expected


@pytest.mark.parametrize("text, message", [
    ("3.25", "清运垃圾最多保留 1 位小数"),
    ("-1", "清运垃圾不能是负数"),
    ("abc", "不是数字"),
    ("1,20", "不是数字"),
    ("nan", "不是数字"),
    ("1e12", "数量太大"),
])
def test_parse_amount_refuses(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        cm.parse_amount(text, GARBAGE)
    assert message in caught.value.message
    assert caught.value.field == "garbage"


def test_whole_number_metrics_refuse_fractions() -> None:
    with pytest.raises(ValidationError, match="只能填整数"):
        cm.parse_amount("2.5", DEMOLISH)
    assert cm.parse_amount("2.0", DEMOLISH) == Decimal("2")


def test_storage_is_exact() -> None:
    total = sum(cm.to_stored(Decimal(x)) for x in ("0.1", "0.2")) 
    assert cm.from_stored(total) == Decimal("0.3")
    assert cm.to_stored(Decimal("12.3")) == 123000
    with pytest.raises(ValueError):
        cm.to_stored(Decimal("0.00001"))
    assert cm.from_stored(None) == 0


def test_format_has_no_float_noise() -> None:
    noisy = sum([Decimal("4.1")] * 3)
    assert cm.format_amount(noisy, 1) == "12.3"
    assert cm.format_amount(Decimal("1200.0"), 1) == "1,200"
    assert cm.format_amount(Decimal("60.50"), 2) == "60.5"
    assert cm.format_amount(Decimal("1E+3"), 0) == "1,000"
    assert cm.format_amount(None) == ""
    assert cm.format_quantity(Decimal("80.5"), GARBAGE) == "80.5 吨"
    assert cm.excel_format(0) == "#,##0" and cm.excel_format(2) == "#,##0.00"


def test_hours() -> None:
    assert cm.parse_hours("2.5") == Decimal("2.5")
    for text, message in (("0", "大于 0"), ("25", "超过 24"), ("1.25", "1 位小数")):
        with pytest.raises(ValidationError, match=message):
            cm.parse_hours(text)


def test_custom_metrics_follow_the_builtins(ledger) -> None:
    community = ensure_community(ledger, "幸福路社区")
    key = cm.add_custom_metric(ledger, community, "修剪树木", "棵", 0)
    second = cm.add_custom_metric(ledger, community, "粉刷楼道", "m²", 1)
    names = [m.name for m in cm.metrics(ledger.db, community)]
    assert names[:10] == [m.name for m in cm.BUILTIN_METRICS]
    assert names[10:] == ["修剪树木", "粉刷楼道"]
    custom = cm.metric_map(ledger.db)[key]
    assert not custom.builtin and custom.unit == "棵"
    with pytest.raises(ValidationError, match="最多保留 1 位小数"):
        cm.parse_amount("2.25", cm.metric_map(ledger.db)[second])


@pytest.mark.parametrize("name, unit, precision, field", [
    ("", "棵", 0, "name"), ("清运垃圾", "吨", 1, "name"), ("修剪树木", "", 0, "unit"),
    ("修剪树木", "棵", 5, "precision"),
])
def test_custom_metric_checks(ledger, name: str, unit: str, precision: int, field: str) -> None:
    community = ensure_community(ledger, "幸福路社区")
    with pytest.raises(ValidationError) as caught:
        cm.add_custom_metric(ledger, community, name, unit, precision)
    assert caught.value.field == field
    assert ledger.db.execute("SELECT count(*) FROM campaign_metric").fetchone()[0] == 0


def test_custom_metric_duplicate_and_update(ledger) -> None:
    community = ensure_community(ledger, "幸福路社区")
    key = cm.add_custom_metric(ledger, community, "修剪树木", "棵", 1)
    with pytest.raises(ValidationError, match="已有名为"):
        cm.add_custom_metric(ledger, community, "修剪树木", "棵", 0)
    cm.update_custom_metric(ledger, key, "修剪树木", "株", 2)
    assert cm.metric_map(ledger.db)[key].unit == "株"
    with pytest.raises(ValidationError, match="内置指标"):
        cm.update_custom_metric(ledger, "garbage", "垃圾", "吨", 1)
    with pytest.raises(ValidationError, match="内置指标不能删除"):
        cm.delete_custom_metric(ledger, "garbage")
    cm.delete_custom_metric(ledger, key)
    assert key not in cm.metric_map(ledger.db)
