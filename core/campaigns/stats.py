"""Statistics of a campaign: totals per metric against the goals, work by
partner unit and by place, the volunteer roster with hours and days, and
the cumulative series the progress chart draws.

Every figure can be limited to a date range (``start`` / ``end``, both
inclusive, either may be None). Amounts are summed as integers (see
``core.campaign_metrics``) and returned as exact Decimals.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from sqlite_utils import Database

from core.campaigns.campaign import community_of_campaign, get_campaign
from core.campaigns.metrics import (
    HOURS,
    Metric,
    format_amount,
    format_quantity,
    from_stored,
    metrics,
)
from core.campaigns.places import PLACE_JOINS, PLACE_SQL

#: Label of volunteers who came without a unit named.
NO_UNIT = "未注明单位"

#: SQL naming one volunteer across entries: the resident, or name and unit.
_PERSON = "coalesce(v.resident_id, 'n:' || v.name || '|' || coalesce(v.partner_unit_id, ''))"


def _where(campaign_id: str, start: datetime.date | None, end: datetime.date | None) -> tuple[str, list]:
    sql, params = "e.campaign_id = ?", [campaign_id]
    if start is not None:
        sql += " AND e.date >= ?"
        params.append(start.isoformat())
    if end is not None:
        sql += " AND e.date <= ?"
        params.append(end.isoformat())
    return sql, params


# ---------------------------------------------------------------- totals


@dataclass(frozen=True)
class MetricTotal:
    """One metric's total and its goal.

    ``percent`` is the true share of the goal (112.5 when exceeded);
    ``bar`` is what a progress bar shows (capped at 100).
    """

    metric: Metric
    total: Decimal
    goal: Decimal | None = None

    @property
    def percent(self) -> Decimal | None:
        if not self.goal:
            return None
        return self.total * 100 / self.goal

    @property
    def met(self) -> bool:
        return self.goal is not None and self.total >= self.goal

    @property
    def bar(self) -> int:
        percent = self.percent
        return 0 if percent is None else int(min(percent, Decimal(100)))

    @property
    def percent_text(self) -> str:
        """``96.7%`` (rounded down, so an unmet goal never reads 100%), ``112.5%``."""
        percent = self.percent
        if percent is None:
            return ""
        return format_amount(percent.quantize(Decimal("0.1"), rounding=ROUND_DOWN), 1) + "%"

    @property
    def total_text(self) -> str:
        return format_quantity(self.total, self.metric)

    @property
    def goal_text(self) -> str:
        return format_quantity(self.goal, self.metric) if self.goal is not None else ""

    @property
    def remaining(self) -> Decimal | None:
        """How much is still to do, 0 once met; None without a goal."""
        if self.goal is None:
            return None
        return max(self.goal - self.total, Decimal(0))


def totals(db: Database, campaign_id: str, start: datetime.date | None = None,
           end: datetime.date | None = None) -> list[MetricTotal]:
    """Every metric's total over the range, with the campaign's goal, in metric order."""
    where, params = _where(campaign_id, start, end)
    sums = dict(db.execute(
        "SELECT q.metric, sum(q.amount) FROM campaign_quantity q JOIN campaign_entry e ON e.id = q.entry_id "
        f"WHERE {where} GROUP BY q.metric", params).fetchall())
    goals = dict(db.execute("SELECT metric, amount FROM campaign_goal WHERE campaign_id = ?",
                            [campaign_id]).fetchall())
    return [MetricTotal(m, from_stored(sums.get(m.key)),
                        from_stored(goals[m.key]) if m.key in goals else None)
            for m in metrics(db, community_of_campaign(db, campaign_id))]


@dataclass(frozen=True)
class Summary:
    """Head figures of a campaign over a range.

    Attributes:
        entries: records logged.
        days: distinct days worked.
        head_count: people who came, summed over entries (人次).
        volunteers: distinct named volunteers.
        hours: their hours.
    """

    entries: int
    days: int
    head_count: int
    volunteers: int
    hours: Decimal
    first: datetime.date | None = None
    last: datetime.date | None = None

    def text(self) -> str:
        return (f"工作 {self.days} 天，记录 {self.entries} 条，参加 {self.head_count} 人次，"
                f"登记志愿者 {self.volunteers} 人，志愿服务 {format_amount(self.hours, HOURS.precision)} 小时")


def summary(db: Database, campaign_id: str, start: datetime.date | None = None,
            end: datetime.date | None = None) -> Summary:
    where, params = _where(campaign_id, start, end)
    entries, days, heads, first, last = db.execute(
        f"SELECT count(*), count(DISTINCT e.date), coalesce(sum(e.head_count), 0), min(e.date), max(e.date) "
        f"FROM campaign_entry e WHERE {where}", params).fetchone()
    people, hours = db.execute(
        f"SELECT count(DISTINCT {_PERSON}), sum(v.hours) FROM campaign_volunteer v "
        f"JOIN campaign_entry e ON e.id = v.entry_id WHERE {where}", params).fetchone()
    return Summary(entries, days, heads, people, from_stored(hours),
                   datetime.date.fromisoformat(first) if first else None,
                   datetime.date.fromisoformat(last) if last else None)


# ---------------------------------------------------------------- by partner unit and place


@dataclass(frozen=True)
class PartnerRow:
    """What one partner unit took part in.

    ``quantities`` are the totals of the entries the unit took part in; work
    done jointly counts for every unit present, so the units' figures add
    up to more than the campaign's total.
    """

    partner_unit_id: str
    name: str
    kind: str
    entries: int
    days: int
    volunteers: int
    person_days: int
    hours: Decimal
    quantities: dict[str, Decimal] = field(default_factory=dict)


def by_partner(db: Database, campaign_id: str, start: datetime.date | None = None,
               end: datetime.date | None = None) -> list[PartnerRow]:
    """The campaign's partner units (and any other unit that took part), most days first."""
    where, params = _where(campaign_id, start, end)
    units = db.execute(
        "SELECT p.id, p.name, p.kind FROM partner_unit p WHERE p.id IN ("
        " SELECT partner_unit_id FROM campaign_partner WHERE campaign_id = ?"
        " UNION SELECT ep.partner_unit_id FROM campaign_entry_partner ep "
        " JOIN campaign_entry e ON e.id = ep.entry_id WHERE e.campaign_id = ?)",
        [campaign_id, campaign_id]).fetchall()
    taking_part = {unit: (entries, days) for unit, entries, days in db.execute(
        "SELECT ep.partner_unit_id, count(*), count(DISTINCT e.date) FROM campaign_entry_partner ep "
        f"JOIN campaign_entry e ON e.id = ep.entry_id WHERE {where} GROUP BY ep.partner_unit_id", params)}
    people = {unit: (n, person_days, hours) for unit, n, person_days, hours in db.execute(
        f"SELECT v.partner_unit_id, count(DISTINCT {_PERSON}), count(DISTINCT {_PERSON} || '@' || e.date), "
        "sum(v.hours) FROM campaign_volunteer v JOIN campaign_entry e ON e.id = v.entry_id "
        f"WHERE {where} AND v.partner_unit_id IS NOT NULL GROUP BY v.partner_unit_id", params)}
    quantities: dict[str, dict[str, Decimal]] = {}
    for unit, metric, amount in db.execute(
            "SELECT ep.partner_unit_id, q.metric, sum(q.amount) FROM campaign_entry_partner ep "
            "JOIN campaign_entry e ON e.id = ep.entry_id JOIN campaign_quantity q ON q.entry_id = e.id "
            f"WHERE {where} GROUP BY ep.partner_unit_id, q.metric", params):
        quantities.setdefault(unit, {})[metric] = from_stored(amount)
    rows = []
    for unit_id, name, kind in units:
        entries, days = taking_part.get(unit_id, (0, 0))
        n, person_days, hours = people.get(unit_id, (0, 0, 0))
        rows.append(PartnerRow(unit_id, name, kind, entries, days, n, person_days, from_stored(hours),
                               quantities.get(unit_id, {})))
    return sorted(rows, key=lambda r: (-r.days, -r.hours, r.name))


@dataclass(frozen=True)
class PlaceRow:
    """The work done at one place."""

    place: str
    entries: int
    days: int
    head_count: int
    quantities: dict[str, Decimal] = field(default_factory=dict)


def by_place(db: Database, campaign_id: str, start: datetime.date | None = None,
             end: datetime.date | None = None) -> list[PlaceRow]:
    """Places in building order, then the free-text places by name."""
    where, params = _where(campaign_id, start, end)
    rows = db.execute(
        f"SELECT {PLACE_SQL} AS place, count(*), count(DISTINCT e.date), sum(e.head_count), "
        "min(coalesce(pb.sort_key, 1000000)), min(coalesce(pu.sort_key, 0)) "
        f"FROM campaign_entry e {PLACE_JOINS} WHERE {where} GROUP BY place", params).fetchall()
    quantities: dict[str, dict[str, Decimal]] = {}
    for place, metric, amount in db.execute(
            f"SELECT {PLACE_SQL} AS place, q.metric, sum(q.amount) FROM campaign_entry e {PLACE_JOINS} "
            f"JOIN campaign_quantity q ON q.entry_id = e.id WHERE {where} GROUP BY place, q.metric", params):
        quantities.setdefault(place, {})[metric] = from_stored(amount)
    rows.sort(key=lambda r: (r[4], r[5], r[0]))
    return [PlaceRow(place, entries, days, heads or 0, quantities.get(place, {}))
            for place, entries, days, heads, _b, _u in rows]


# ---------------------------------------------------------------- volunteers


@dataclass(frozen=True)
class VolunteerRow:
    """One volunteer's hours and days.

    Attributes:
        resident_id: set when the volunteer is a resident in the registry.
        address: the resident's room (``3栋2单元301``), else "".
        units: the unit(s) they came with, ``、``-joined.
    """

    name: str
    resident_id: str | None
    address: str
    units: str
    entries: int
    days: int
    hours: Decimal


def volunteer_roster(db: Database, campaign_id: str, start: datetime.date | None = None,
                     end: datetime.date | None = None) -> list[VolunteerRow]:
    """Every named volunteer, most hours first."""
    where, params = _where(campaign_id, start, end)
    rows = db.execute(
        f"SELECT {_PERSON} AS person, max(v.name), max(v.resident_id), group_concat(DISTINCT p.name), "
        "count(DISTINCT e.id), count(DISTINCT e.date), sum(v.hours) "
        "FROM campaign_volunteer v JOIN campaign_entry e ON e.id = v.entry_id "
        f"LEFT JOIN partner_unit p ON p.id = v.partner_unit_id WHERE {where} GROUP BY person", params).fetchall()
    addresses = dict(db.execute(
        "SELECT r.id, b.name || u.name || h.room FROM resident r JOIN household h ON h.id = r.household_id "
        "JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id WHERE r.id IN "
        "(SELECT v.resident_id FROM campaign_volunteer v JOIN campaign_entry e ON e.id = v.entry_id "
        f"WHERE {where})", params).fetchall())
    roster = [VolunteerRow(name, resident_id, addresses.get(resident_id, ""), (units or "").replace(",", "、"),
                           entries, days, from_stored(hours))
              for _person, name, resident_id, units, entries, days, hours in rows]
    return sorted(roster, key=lambda r: (-r.hours, -r.days, r.name))


@dataclass(frozen=True)
class UnitHoursRow:
    """The named volunteers of one unit (or of none: ``未注明单位``)."""

    partner_unit_id: str | None
    name: str
    volunteers: int
    person_days: int
    days: int
    hours: Decimal


def unit_roster(db: Database, campaign_id: str, start: datetime.date | None = None,
                end: datetime.date | None = None) -> list[UnitHoursRow]:
    """Volunteers, person-days, days and hours per unit, most hours first."""
    where, params = _where(campaign_id, start, end)
    rows = db.execute(
        f"SELECT v.partner_unit_id, p.name, count(DISTINCT {_PERSON}), "
        f"count(DISTINCT {_PERSON} || '@' || e.date), count(DISTINCT e.date), sum(v.hours) "
        "FROM campaign_volunteer v JOIN campaign_entry e ON e.id = v.entry_id "
        f"LEFT JOIN partner_unit p ON p.id = v.partner_unit_id WHERE {where} "
        "GROUP BY v.partner_unit_id", params).fetchall()
    result = [UnitHoursRow(unit, name or NO_UNIT, people, person_days, days, from_stored(hours))
              for unit, name, people, person_days, days, hours in rows]
    return sorted(result, key=lambda r: (r.partner_unit_id is None, -r.hours, r.name))


# ---------------------------------------------------------------- the chart


@dataclass(frozen=True)
class CumulativeSeries:
    """Cumulative totals per metric at the end of each day.

    Attributes:
        days: every day from the campaign's start to its end (widened to
            cover entries logged outside it, and cut at ``through``).
        values: per metric key, one cumulative amount per day.
        goals: per metric key with a goal.
        metrics: the metrics, in order.
    """

    days: list[datetime.date]
    values: dict[str, list[Decimal]]
    goals: dict[str, Decimal]
    metrics: list[Metric]

    def final(self, key: str) -> Decimal:
        series = self.values.get(key) or [Decimal(0)]
        return series[-1]


def cumulative(db: Database, campaign_id: str, through: datetime.date | None = None) -> CumulativeSeries:
    """The series of every metric over the campaign's days.

    ``through`` (e.g. today, for a campaign still running) ends the series
    early; entries after it are not counted.
    """
    campaign = get_campaign(db, campaign_id)
    first, last = db.execute("SELECT min(date), max(date) FROM campaign_entry WHERE campaign_id = ?",
                             [campaign_id]).fetchone()
    start = min(campaign.start_date, datetime.date.fromisoformat(first)) if first else campaign.start_date
    end = max(campaign.end_date, datetime.date.fromisoformat(last)) if last else campaign.end_date
    if through is not None:
        end = max(min(end, through), start)
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    index = {day.isoformat(): n for n, day in enumerate(days)}
    all_metrics = metrics(db, campaign.community_id)
    daily = {m.key: [0] * len(days) for m in all_metrics}
    for date, metric, amount in db.execute(
            "SELECT e.date, q.metric, sum(q.amount) FROM campaign_quantity q "
            "JOIN campaign_entry e ON e.id = q.entry_id WHERE e.campaign_id = ? GROUP BY e.date, q.metric",
            [campaign_id]):
        if date in index and metric in daily:
            daily[metric][index[date]] += amount
    values: dict[str, list[Decimal]] = {}
    for key, amounts in daily.items():
        running, series = 0, []
        for amount in amounts:
            running += amount
            series.append(from_stored(running))
        values[key] = series
    return CumulativeSeries(days, values, dict(campaign.goals), all_metrics)
