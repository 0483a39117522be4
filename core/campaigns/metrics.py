"""The campaign metrics and their units: the one list the entry form, the
totals, the chart, the exports and the demo all take their metrics from.

Ten metrics are built in, in the order of the community's account; the
office may add metrics of its own (stored in ``campaign_metric``), which
follow the built-in ones.

Quantities are exact decimals. They are parsed with :class:`decimal.Decimal`,
checked against the metric's precision (``3.25 吨`` is refused: 清运垃圾最多保留
1 位小数), and stored as integers counting ten-thousandths of the unit
(:data:`SCALE`), so ``3.2 吨`` is stored as ``32000``. Sums are integer sums,
exact in SQL and in Python, and :func:`format_amount` never shows float
noise such as ``12.299999``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlite_utils import Database

from core.errors import ValidationError
from core.ledger import Ledger, new_id, now

#: Stored amounts count units of 10**-SCALE; a metric's precision is at most this.
SCALE = 4
_FACTOR = 10 ** SCALE
#: Largest amount accepted for one entry or goal (a typo guard, not a rule).
MAX_AMOUNT = Decimal(10) ** 9
#: Decimal places the office may choose for a metric of its own.
MAX_CUSTOM_PRECISION = 3

#: Volunteer hours: precision and the most one person can give in a day.
HOURS_PRECISION = 1
MAX_HOURS = Decimal(24)

T_METRIC = "campaign_metric"


@dataclass(frozen=True)
class Metric:
    """One thing a campaign counts.

    Attributes:
        key: stable identifier stored with quantities and goals (ASCII for the
            built-in metrics, the row id for the office's own).
        name: 拆除私搭乱建.
        unit: the short unit shown next to fields and on axes (处, 吨, m²).
        precision: decimal places allowed (0 = whole numbers only).
        unit_name: the unit spelled out where that is clearer (平方米), or "".
        builtin: False for the office's own metrics.
    """

    key: str
    name: str
    unit: str
    precision: int = 0
    unit_name: str = ""
    builtin: bool = True

    @property
    def display_unit(self) -> str:
        """The unit as shown in tables, totals and exports (平方米, 吨)."""
        return self.unit_name or self.unit

    @property
    def label(self) -> str:
        """``清理小广告（平方米）``."""
        return f"{self.name}（{self.display_unit}）"

    @property
    def step(self) -> Decimal:
        """The smallest amount this metric can record (1, 0.1, 0.01)."""
        return Decimal(1).scaleb(-self.precision)


BUILTIN_METRICS: tuple[Metric, ...] = (
    Metric("demolish", "拆除私搭乱建", "处", 0),
    Metric("garbage", "清运垃圾", "吨", 1),
    Metric("ads", "清理小广告", "m²", 1, "平方米"),
    Metric("drains", "疏通下水沟", "米", 1),
    Metric("greening", "增绿补绿", "m²", 1, "平方米"),
    Metric("paving", "硬化路面", "m²", 1, "平方米"),
    Metric("parking", "施划停车位", "个", 0),
    Metric("benches", "安装休闲椅", "个", 0),
    Metric("racks", "新建晾衣架", "组", 0),
    Metric("investment", "投资", "万元", 2),
)
BUILTIN_KEYS: frozenset[str] = frozenset(m.key for m in BUILTIN_METRICS)

#: The volunteer-hours "metric", for parsing and formatting hours alike.
HOURS = Metric("hours", "志愿时长", "小时", HOURS_PRECISION)


# ---------------------------------------------------------------- the list


def metrics(db: Database, community_id: str | None = None) -> list[Metric]:
    """The built-in metrics followed by the office's own, in order."""
    sql = "SELECT id, name, unit, precision FROM campaign_metric"
    params: list[str] = []
    if community_id:
        sql += " WHERE community_id = ?"
        params.append(community_id)
    custom = [Metric(key, name, unit, precision, builtin=False)
              for key, name, unit, precision in db.execute(sql + " ORDER BY sort_key, created_at, name", params)]
    return list(BUILTIN_METRICS) + custom


def metric_map(db: Database, community_id: str | None = None) -> dict[str, Metric]:
    """Metrics by key."""
    return {m.key: m for m in metrics(db, community_id)}


# ---------------------------------------------------------------- amounts

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d*)?$")


def to_decimal(text: str) -> Decimal | None:
    """``"1,200.5"``, ``"１２"``, ``" 3 "`` → Decimal; ``""`` → None.

    Raises ValidationError (field None) for text that is not a number.
    """
    raw = (text or "").translate(_FULLWIDTH).replace(" ", "").strip()
    if not raw:
        return None
    if "," in raw:
        if not _GROUPED.match(raw):
            raise ValidationError(f"“{text.strip()}”不是数字")
        raw = raw.replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"“{text.strip()}”不是数字") from None
    if not value.is_finite():
        raise ValidationError(f"“{text.strip()}”不是数字")
    return value


def check_amount(value: Decimal, metric: Metric, *, field: str | None = None) -> Decimal:
    """Refuse negative, too precise or absurdly large amounts; return it normalised."""
    field = field or metric.key
    if value < 0:
        raise ValidationError(f"{metric.name}不能是负数", field)
    if value != value.quantize(metric.step, rounding=ROUND_HALF_UP):
        if metric.precision == 0:
            raise ValidationError(f"{metric.name}只能填整数", field)
        raise ValidationError(f"{metric.name}最多保留 {metric.precision} 位小数", field)
    if value >= MAX_AMOUNT:
        raise ValidationError(f"{metric.name}数量太大，请核对（单位：{metric.display_unit}）", field)
    return value.quantize(metric.step)


def parse_amount(text: str, metric: Metric, *, field: str | None = None) -> Decimal | None:
    """What the user typed for ``metric``, checked; None when left empty."""
    try:
        value = to_decimal(text)
    except ValidationError as exc:
        raise ValidationError(f"{metric.name}：{exc.message}", field or metric.key) from None
    return None if value is None else check_amount(value, metric, field=field)


def parse_hours(text: str, *, field: str = "hours") -> Decimal | None:
    """Volunteer hours: more than 0, at most 24, one decimal place."""
    value = parse_amount(text, HOURS, field=field)
    if value is None:
        return None
    return check_hours(value, field=field)


def check_hours(value: Decimal, *, field: str = "hours") -> Decimal:
    value = check_amount(value, HOURS, field=field)
    if value <= 0:
        raise ValidationError("志愿时长应大于 0 小时", field)
    if value > MAX_HOURS:
        raise ValidationError("一个人一天的志愿时长不能超过 24 小时", field)
    return value


def to_stored(value: Decimal) -> int:
    """The integer stored for ``value`` (ten-thousandths of the unit)."""
    scaled = value.scaleb(SCALE)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than {SCALE} decimal places")
    return int(scaled)


def from_stored(amount: int | None) -> Decimal:
    """The exact Decimal of a stored integer amount (None counts as 0)."""
    return Decimal(int(amount or 0)).scaleb(-SCALE)


def format_amount(value: Decimal | None, precision: int = SCALE, *, grouping: bool = True) -> str:
    """``Decimal("1200.0")`` → ``1,200``; ``80.50`` → ``80.5``; None → ``""``.

    Rounded to ``precision`` places, trailing zeros dropped, thousands
    grouped; never scientific notation.
    """
    if value is None:
        return ""
    value = value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)
    text = f"{value:,f}" if grouping else f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_quantity(value: Decimal | None, metric: Metric, *, unit: bool = True) -> str:
    """``80.5 吨``, ``1,200 平方米``."""
    text = format_amount(value, metric.precision)
    return f"{text} {metric.display_unit}" if unit and text else text


def quantities_text(quantities: dict[str, Decimal], metric_list: list[Metric], sep: str = "；") -> str:
    """``清运垃圾 3.2 吨；拆除私搭乱建 2 处``, in metric order, zeros left out."""
    return sep.join(f"{m.name} {format_quantity(quantities[m.key], m)}"
                    for m in metric_list if quantities.get(m.key))


def excel_format(precision: int) -> str:
    """The Excel number format showing ``precision`` decimal places."""
    return "#,##0" if precision <= 0 else "#,##0." + "0" * precision


# ---------------------------------------------------------------- the office's own


def _check_custom(db: Database, community_id: str, name: str, unit: str, precision: int,
                  metric_key: str | None = None) -> tuple[str, str, int]:
    name = (name or "").strip()
    unit = (unit or "").strip()
    if not name:
        raise ValidationError("请填写指标名称，如“修剪树木”", "name")
    if len(name) > 20:
        raise ValidationError("指标名称太长（最多 20 个字）", "name")
    if any(m.name == name for m in BUILTIN_METRICS):
        raise ValidationError(f"“{name}”是内置指标，无需再添加", "name")
    clash = db.execute(
        "SELECT 1 FROM campaign_metric WHERE community_id = ? AND name = ? AND id IS NOT ?",
        [community_id, name, metric_key]).fetchone()
    if clash:
        raise ValidationError(f"已有名为“{name}”的指标", "name")
    if not unit:
        raise ValidationError("请填写单位，如“棵”“平方米”", "unit")
    if len(unit) > 6:
        raise ValidationError("单位太长（最多 6 个字）", "unit")
    if not 0 <= int(precision) <= MAX_CUSTOM_PRECISION:
        raise ValidationError(f"小数位数应在 0 到 {MAX_CUSTOM_PRECISION} 之间", "precision")
    return name, unit, int(precision)


def add_custom_metric(ledger: Ledger, community_id: str, name: str, unit: str,
                      precision: int = 0) -> str:
    """Add the office's own metric; returns its key."""
    name, unit, precision = _check_custom(ledger.db, community_id, name, unit, precision)
    key = new_id()
    stamp = now()

    def apply(db: Database) -> None:
        order = db.execute("SELECT coalesce(max(sort_key), 0) + 1 FROM campaign_metric "
                           "WHERE community_id = ?", [community_id]).fetchone()[0]
        db["campaign_metric"].insert({
            "id": key, "community_id": community_id, "name": name, "unit": unit,
            "precision": precision, "sort_key": order, "created_at": stamp, "updated_at": stamp})

    ledger.write("metric.add", {T_METRIC}, apply, ids=[key])
    return key


def update_custom_metric(ledger: Ledger, key: str, name: str, unit: str, precision: int) -> None:
    """Rename the office's metric, change its unit or precision.

    Fewer decimal places are refused while amounts already recorded need more.
    """
    row = ledger.db.execute("SELECT community_id FROM campaign_metric WHERE id = ?", [key]).fetchone()
    if row is None:
        raise ValidationError("只能修改自定义指标；内置指标不能修改", "name")
    name, unit, precision = _check_custom(ledger.db, row[0], name, unit, precision, key)
    step = 10 ** (SCALE - precision)
    finer = ledger.db.execute(
        "SELECT (SELECT count(*) FROM campaign_quantity WHERE metric = ? AND amount % ? != 0) + "
        "(SELECT count(*) FROM campaign_goal WHERE metric = ? AND amount % ? != 0)",
        [key, step, key, step]).fetchone()[0]
    if finer:
        raise ValidationError(
            f"已有 {finer} 条记录的数量带有更多小数位，不能改为保留 {precision} 位小数", "precision")
    ledger.write("metric.edit", {T_METRIC}, lambda db: db["campaign_metric"].update(
        key, {"name": name, "unit": unit, "precision": precision, "updated_at": now()}), ids=[key])


def delete_custom_metric(ledger: Ledger, key: str) -> None:
    """Remove the office's metric, only while nothing records it."""
    if key in BUILTIN_KEYS:
        raise ValidationError("内置指标不能删除")
    used = ledger.db.execute(
        "SELECT (SELECT count(*) FROM campaign_quantity WHERE metric = ?) + "
        "(SELECT count(*) FROM campaign_goal WHERE metric = ?)", [key, key]).fetchone()[0]
    if used:
        raise ValidationError(f"已有 {used} 条记录或目标用到这个指标，不能删除；可以改名")
    ledger.write("metric.delete", {T_METRIC},
                 lambda db: db.execute("DELETE FROM campaign_metric WHERE id = ?", [key]), ids=[key])


def stored_amounts(typed: Mapping[str, object], metrics: Mapping[str, Metric],
                    deleted: str) -> dict[str, int]:
    """Checked amounts per metric key, as stored; empty and zero ones left out.
    ``deleted`` is the message for a metric that no longer exists."""
    stored: dict[str, int] = {}
    for key, value in typed.items():
        if value is None:
            continue
        metric = metrics.get(key)
        if metric is None:
            raise ValidationError(deleted, key)
        value = check_amount(value, metric, field=key)
        if value > 0:
            stored[key] = to_stored(value)
    return stored
