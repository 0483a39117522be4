"""Volunteer campaigns (专项整治行动): partner units, campaigns and their
daily entries.

A campaign has dates, an organising unit, partner units (包保单位, from a
list the community reuses) and goals per metric. Each entry records a day's
(or a job's) work: where, which partner units took part, the volunteers by
name with their hours, how many people came in all, and the quantities done.

Every write goes through ``ledger.write``; every check that can fail raises
:class:`~core.errors.ValidationError` with a Chinese message naming the field,
before anything is written. An entry dated outside its campaign raises
:class:`OutsideCampaign` unless the caller confirmed it (``allow_outside``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sqlite_utils import Database

from core import address, photos
from core.campaigns.metrics import Metric, check_amount, check_hours, from_stored, metric_map, to_stored
from core.due import DueItem
from core.ledger import Ledger, new_id, now
from core.errors import ValidationError

T_PARTNER = "partner_unit"
T_CAMPAIGN = "campaign"
T_ENTRY = "campaign_entry"
CAMPAIGN_TABLES = frozenset({T_CAMPAIGN, "campaign_partner", "campaign_goal"})
ENTRY_TABLES = frozenset({T_ENTRY, "campaign_entry_partner", "campaign_volunteer", "campaign_quantity"})
#: Every table of this module, for screens that watch them all.
ALL_TABLES = CAMPAIGN_TABLES | ENTRY_TABLES | {T_PARTNER, "campaign_metric"}

#: Kinds of partner unit (包保单位), the one list the dialogs offer.
PARTNER_KINDS: tuple[str, ...] = ("市直单位", "区直单位", "街道", "社区", "居民志愿队", "物业 / 企业", "其他")

#: Tab title, for due items that open a campaign.
TAB_TITLE = "整治行动"

#: owner_kind of entry photos in the photo module, and their two slots.
PHOTO_OWNER = "campaign_entry"
PHOTO_BEFORE = "before"
PHOTO_AFTER = "after"


class OutsideCampaign(ValidationError):
    """The entry's date lies outside its campaign; save only once confirmed."""


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class PartnerUnit:
    """A unit that sends volunteers (包保单位): 市城管局, 区住建局, 社区 …"""

    id: str
    name: str
    kind: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CampaignForm:
    """What the user enters for a campaign. Goals are exact amounts per metric key."""

    name: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    organiser: str = ""
    notes: str = ""
    partner_unit_ids: tuple[str, ...] = ()
    goals: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Campaign:
    """A campaign as stored."""

    id: str
    community_id: str
    name: str
    start_date: datetime.date
    end_date: datetime.date
    organiser: str
    notes: str
    partner_unit_ids: tuple[str, ...] = ()
    goals: Mapping[str, Decimal] = field(default_factory=dict)

    def contains(self, date: datetime.date) -> bool:
        return self.start_date <= date <= self.end_date

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def form(self) -> CampaignForm:
        return CampaignForm(self.name, self.start_date, self.end_date, self.organiser, self.notes,
                            self.partner_unit_ids, dict(self.goals))


@dataclass(frozen=True)
class VolunteerForm:
    """One named volunteer of an entry: a resident of the registry (``resident_id``)
    or a name typed in (partner staff), the unit they came with, and hours."""

    name: str
    hours: Decimal
    resident_id: str | None = None
    partner_unit_id: str | None = None


@dataclass(frozen=True)
class EntryForm:
    """What the team leader enters for a day's or a job's work.

    Attributes:
        place: a building or unit as the registry names it (``3栋``,
            ``3栋2单元``) or any other place (``北侧绿化带``).
        head_count: everyone who came, named or not; None means the named
            volunteers only.
        quantities: exact amounts per metric key; zeros may be left out.
    """

    date: datetime.date | None
    place: str
    partner_unit_ids: tuple[str, ...] = ()
    volunteers: tuple[VolunteerForm, ...] = ()
    head_count: int | None = None
    quantities: Mapping[str, Decimal] = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True)
class Entry:
    """An entry as stored, with its place's label."""

    id: str
    campaign_id: str
    date: datetime.date
    place: str
    building_id: str | None
    unit_id: str | None
    head_count: int
    notes: str
    partner_unit_ids: tuple[str, ...]
    volunteers: tuple[VolunteerForm, ...]
    quantities: Mapping[str, Decimal]

    def form(self) -> EntryForm:
        return EntryForm(self.date, self.place, self.partner_unit_ids, self.volunteers,
                         self.head_count, dict(self.quantities), self.notes)


# ---------------------------------------------------------------- partner units


def _check_partner(db: Database, community_id: str, name: str, kind: str,
                   unit_id: str | None = None) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写单位名称，如“市城市管理局”", "name")
    if len(name) > 40:
        raise ValidationError("单位名称太长（最多 40 个字）", "name")
    if kind and kind not in PARTNER_KINDS:
        raise ValidationError(f"单位类别“{kind}”不在列表中", "kind")
    clash = db.execute("SELECT 1 FROM partner_unit WHERE community_id = ? AND name = ? AND id IS NOT ?",
                       [community_id, name, unit_id]).fetchone()
    if clash:
        raise ValidationError(f"已有名为“{name}”的单位", "name")
    return name, kind or ""


def add_partner_unit(ledger: Ledger, community_id: str, name: str, kind: str = "", notes: str = "") -> str:
    """Add a unit to the community's reusable list of partner units."""
    name, kind = _check_partner(ledger.db, community_id, name, kind)
    unit_id = new_id()
    stamp = now()
    ledger.write("添加包保单位", {T_PARTNER}, lambda db: db["partner_unit"].insert({
        "id": unit_id, "community_id": community_id, "name": name, "kind": kind,
        "notes": (notes or "").strip(), "created_at": stamp, "updated_at": stamp}), ids=[unit_id])
    return unit_id


def update_partner_unit(ledger: Ledger, unit_id: str, name: str, kind: str = "", notes: str = "") -> None:
    row = ledger.db.execute("SELECT community_id FROM partner_unit WHERE id = ?", [unit_id]).fetchone()
    if row is None:
        raise ValidationError("找不到这个单位", "name")
    name, kind = _check_partner(ledger.db, row[0], name, kind, unit_id)
    ledger.write("修改包保单位", {T_PARTNER}, lambda db: db["partner_unit"].update(
        unit_id, {"name": name, "kind": kind, "notes": (notes or "").strip(), "updated_at": now()}),
        ids=[unit_id])


def partner_units(db: Database, community_id: str | None = None) -> list[PartnerUnit]:
    """The community's partner units, by kind (in PARTNER_KINDS order) and name."""
    sql = "SELECT id, name, kind, notes FROM partner_unit"
    params: list[str] = []
    if community_id:
        sql += " WHERE community_id = ?"
        params.append(community_id)
    units = [PartnerUnit(*row) for row in db.execute(sql, params)]
    order = {kind: n for n, kind in enumerate(PARTNER_KINDS)}
    return sorted(units, key=lambda u: (order.get(u.kind, len(order)), u.name))


# ---------------------------------------------------------------- campaigns


def _check_campaign(db: Database, community_id: str, form: CampaignForm,
                    metrics: Mapping[str, Metric]) -> tuple[dict, list[str], dict[str, int]]:
    name = (form.name or "").strip()
    if not name:
        raise ValidationError("请填写行动名称，如“弃管小区环境综合整治”", "name")
    if len(name) > 60:
        raise ValidationError("行动名称太长（最多 60 个字）", "name")
    if form.start_date is None:
        raise ValidationError("请填写开始日期", "start_date")
    if form.end_date is None:
        raise ValidationError("请填写结束日期（可以先填计划结束的日期，以后再改）", "end_date")
    if form.end_date < form.start_date:
        raise ValidationError("结束日期早于开始日期", "end_date")
    if (form.end_date - form.start_date).days > 3 * 366:
        raise ValidationError("一次行动最长 3 年，请核对日期", "end_date")
    partners = list(dict.fromkeys(p for p in form.partner_unit_ids if p))
    for partner_id in partners:
        if db.execute("SELECT 1 FROM partner_unit WHERE id = ? AND community_id = ?",
                      [partner_id, community_id]).fetchone() is None:
            raise ValidationError("所选包保单位不存在，请重新选择", "partners")
    goals = _stored_amounts(form.goals, metrics, "目标中有已删除的指标，请重新打开后再保存")
    values = {
        "name": name,
        "start_date": form.start_date.isoformat(),
        "end_date": form.end_date.isoformat(),
        "organiser": (form.organiser or "").strip(),
        "notes": (form.notes or "").strip(),
    }
    return values, partners, goals


def _write_campaign_details(db: Database, campaign_id: str, partners: list[str], goals: dict[str, int]) -> None:
    db.execute("DELETE FROM campaign_partner WHERE campaign_id = ?", [campaign_id])
    db.execute("DELETE FROM campaign_goal WHERE campaign_id = ?", [campaign_id])
    db["campaign_partner"].insert_all(
        {"campaign_id": campaign_id, "partner_unit_id": p, "sort_key": n} for n, p in enumerate(partners))
    db["campaign_goal"].insert_all(
        {"campaign_id": campaign_id, "metric": key, "amount": amount} for key, amount in goals.items())


def create_campaign(ledger: Ledger, community_id: str, form: CampaignForm) -> str:
    """Start a new campaign; returns its id."""
    values, partners, goals = _check_campaign(ledger.db, community_id, form, metric_map(ledger.db, community_id))
    campaign_id = new_id()
    stamp = now()

    def apply(db: Database) -> None:
        db["campaign"].insert({"id": campaign_id, "community_id": community_id, **values,
                               "created_at": stamp, "updated_at": stamp})
        _write_campaign_details(db, campaign_id, partners, goals)

    ledger.write("新建整治行动", CAMPAIGN_TABLES, apply, ids=[campaign_id])
    return campaign_id


def update_campaign(ledger: Ledger, campaign_id: str, form: CampaignForm, *, allow_outside: bool = False) -> None:
    """Change a campaign. New dates that leave entries outside raise
    OutsideCampaign unless ``allow_outside``."""
    current = get_campaign(ledger.db, campaign_id)
    values, partners, goals = _check_campaign(
        ledger.db, current.community_id, form, metric_map(ledger.db, current.community_id))
    if not allow_outside:
        outside = ledger.db.execute(
            "SELECT count(*), min(date), max(date) FROM campaign_entry "
            "WHERE campaign_id = ? AND (date < ? OR date > ?)",
            [campaign_id, values["start_date"], values["end_date"]]).fetchone()
        if outside[0]:
            raise OutsideCampaign(
                f"有 {outside[0]} 条记录（{outside[1]} 至 {outside[2]}）将落在新的起止日期之外。"
                "仍要修改日期吗？", "start_date")
    values["updated_at"] = now()

    def apply(db: Database) -> None:
        db["campaign"].update(campaign_id, values)
        _write_campaign_details(db, campaign_id, partners, goals)

    ledger.write("修改整治行动", CAMPAIGN_TABLES, apply, ids=[campaign_id])


def delete_campaign(ledger: Ledger, campaign_id: str) -> None:
    """Delete a campaign that has no entries (entries are deleted one by one first)."""
    entries = ledger.db.execute("SELECT count(*) FROM campaign_entry WHERE campaign_id = ?",
                                [campaign_id]).fetchone()[0]
    if entries:
        raise ValidationError(f"这个行动已有 {entries} 条工作记录，不能删除。")

    def apply(db: Database) -> None:
        db.execute("DELETE FROM campaign_partner WHERE campaign_id = ?", [campaign_id])
        db.execute("DELETE FROM campaign_goal WHERE campaign_id = ?", [campaign_id])
        db.execute("DELETE FROM campaign WHERE id = ?", [campaign_id])

    ledger.write("删除整治行动", CAMPAIGN_TABLES, apply, ids=[campaign_id])


def get_campaign(db: Database, campaign_id: str) -> Campaign:
    row = db.execute("SELECT id, community_id, name, start_date, end_date, organiser, notes "
                     "FROM campaign WHERE id = ?", [campaign_id]).fetchone()
    if row is None:
        raise ValidationError("找不到这个整治行动，它可能已被删除")
    partners = tuple(p for (p,) in db.execute(
        "SELECT partner_unit_id FROM campaign_partner WHERE campaign_id = ? ORDER BY sort_key", [campaign_id]))
    goals = {key: from_stored(amount) for key, amount in db.execute(
        "SELECT metric, amount FROM campaign_goal WHERE campaign_id = ?", [campaign_id])}
    return Campaign(row[0], row[1], row[2], datetime.date.fromisoformat(row[3]),
                    datetime.date.fromisoformat(row[4]), row[5], row[6], partners, goals)


def campaign_list(db: Database) -> list[dict]:
    """Every campaign, the latest first, with its number of entries and days worked."""
    rows = db.execute(
        "SELECT c.id, c.name, c.start_date, c.end_date, c.organiser, "
        "(SELECT count(*) FROM campaign_entry e WHERE e.campaign_id = c.id), "
        "(SELECT count(DISTINCT date) FROM campaign_entry e WHERE e.campaign_id = c.id) "
        "FROM campaign c ORDER BY c.start_date DESC, c.name").fetchall()
    keys = ("id", "name", "start_date", "end_date", "organiser", "entries", "days")
    return [dict(zip(keys, row)) for row in rows]


def community_of_campaign(db: Database, campaign_id: str) -> str:
    return db.execute("SELECT community_id FROM campaign WHERE id = ?", [campaign_id]).fetchone()[0]


# ---------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    """A building or unit of the registry offered as a place."""

    label: str
    building_id: str
    unit_id: str | None = None


def place_choices(db: Database, community_id: str | None = None) -> list[Place]:
    """Buildings and their units in order (``3栋``, ``3栋1单元`` …); with several
    compounds in the community, each label starts with the compound's name."""
    where, params = "", []
    if community_id:
        where, params = "WHERE c.community_id = ?", [community_id]
    compounds = db.execute(f"SELECT count(*) FROM compound c {where}", params).fetchone()[0]
    rows = db.execute(
        "SELECT c.name, b.id, b.name, u.id, u.name FROM building b "
        "JOIN compound c ON c.id = b.compound_id LEFT JOIN unit u ON u.building_id = b.id "
        f"{where} ORDER BY c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name", params).fetchall()
    places: list[Place] = []
    seen: set[str] = set()
    for compound, building_id, building, unit_id, unit in rows:
        prefix = f"{compound} " if compounds > 1 else ""
        if building_id not in seen:
            seen.add(building_id)
            places.append(Place(prefix + building, building_id))
        if unit_id:
            places.append(Place(prefix + building + unit, building_id, unit_id))
    return places


def resolve_place(db: Database, text: str, community_id: str | None = None) -> tuple[str | None, str | None, str]:
    """(building_id, unit_id, place_text) for what was typed in 地点.

    ``3栋2单元``, ``3号楼2单元`` and ``三栋二单元`` name the registry's unit;
    anything else (``北侧绿化带``, ``3栋楼前``) is kept as free text.
    """
    raw = (text or "").strip()
    if not raw:
        return None, None, ""
    choices = place_choices(db, community_id)
    by_label = {p.label: p for p in choices}
    place = by_label.get(raw) or by_label.get(_normalise_place(raw))
    if place is not None:
        return place.building_id, place.unit_id, ""
    return None, None, raw


_PLACE = re.compile(r"^(?:第)?([0-9０-９零〇一二两三四五六七八九十百]+)(?:栋|号楼|幢|号)"
                    r"(?:(?:第)?([0-9０-９零〇一二两三四五六七八九十百]+)单元)?$")


def _normalise_place(text: str) -> str:
    """``3号楼2单元`` / ``三栋二单元`` → ``3栋2单元``; other text unchanged."""
    match = _PLACE.match(text.replace(" ", ""))
    if not match:
        return text
    building = address.building_name(address.leading_number(match.group(1)))
    if match.group(2):
        return building + address.unit_name(address.leading_number(match.group(2)))
    return building


def place_label(db: Database, building_id: str | None, unit_id: str | None, place_text: str) -> str:
    """The label of a stored place."""
    if unit_id:
        row = db.execute("SELECT b.name || u.name FROM unit u JOIN building b ON b.id = u.building_id "
                         "WHERE u.id = ?", [unit_id]).fetchone()
        return row[0] if row else place_text
    if building_id:
        row = db.execute("SELECT name FROM building WHERE id = ?", [building_id]).fetchone()
        return row[0] if row else place_text
    return place_text


#: SQL giving an entry ``e``'s place label (joins PLACE_JOINS).
PLACE_SQL = "coalesce(pb.name || coalesce(pu.name, ''), e.place_text)"
PLACE_JOINS = ("LEFT JOIN building pb ON pb.id = e.building_id "
               "LEFT JOIN unit pu ON pu.id = e.unit_id")


# ---------------------------------------------------------------- entries


@dataclass(frozen=True)
class CheckedEntry:
    values: dict
    partners: tuple[str, ...]
    volunteers: tuple[dict, ...]
    quantities: dict[str, int]


def check_entry(db: Database, campaign: Campaign, form: EntryForm, *,
                allow_outside: bool = False, today: datetime.date | None = None) -> CheckedEntry:
    """Validate an entry of ``campaign``; raises ValidationError / OutsideCampaign."""
    today = today or datetime.date.today()
    if form.date is None:
        raise ValidationError("请填写日期", "date")
    if form.date > today:
        raise ValidationError("日期不能晚于今天：请在工作完成当天或之后登记", "date")
    if not allow_outside and not campaign.contains(form.date):
        raise OutsideCampaign(
            f"{form.date.isoformat()} 不在行动“{campaign.name}”的起止日期"
            f"（{campaign.start_date.isoformat()} 至 {campaign.end_date.isoformat()}）之内。仍要保存吗？",
            "date")
    building_id, unit_id, place_text = resolve_place(db, form.place, campaign.community_id)
    if not (building_id or place_text):
        raise ValidationError("请填写地点：楼栋单元（如 3栋2单元），或如“北侧绿化带”", "place")
    if len(place_text) > 60:
        raise ValidationError("地点太长（最多 60 个字）", "place")

    known_units = {u for (u,) in db.execute("SELECT id FROM partner_unit WHERE community_id = ?",
                                            [campaign.community_id])}
    volunteers: list[dict] = []
    seen: set[tuple] = set()
    for number, volunteer in enumerate(form.volunteers, start=1):
        name = (volunteer.name or "").strip()
        where = f"第 {number} 位志愿者"
        if not name:
            raise ValidationError(f"{where}没有填姓名", "volunteers")
        if len(name) > 30:
            raise ValidationError(f"{where}的姓名太长（最多 30 个字）", "volunteers")
        if volunteer.hours is None:
            raise ValidationError(f"请填写{name}的志愿时长", "volunteers")
        try:
            hours = check_hours(volunteer.hours, field="volunteers")
        except ValidationError as exc:
            raise ValidationError(f"{name}：{exc.message}", "volunteers") from None
        if volunteer.partner_unit_id and volunteer.partner_unit_id not in known_units:
            raise ValidationError(f"{name}所在的单位不存在，请重新选择", "volunteers")
        if volunteer.resident_id:
            row = db.execute("SELECT name FROM resident WHERE id = ? AND community_id = ?",
                             [volunteer.resident_id, campaign.community_id]).fetchone()
            if row is None:
                raise ValidationError(f"{name}不在本社区的住户档案中", "volunteers")
        key = ("r", volunteer.resident_id) if volunteer.resident_id else \
            ("n", name, volunteer.partner_unit_id or "")
        if key in seen:
            raise ValidationError(f"志愿者“{name}”填了两次；同一人一条记录只登记一次，时长合在一起填", "volunteers")
        seen.add(key)
        volunteers.append({"resident_id": volunteer.resident_id, "name": name,
                           "partner_unit_id": volunteer.partner_unit_id or None,
                           "hours": to_stored(hours), "sort_key": number})

    head_count = check_head_count(form.head_count, len(volunteers))

    metrics = metric_map(db, campaign.community_id)
    quantities = _stored_amounts(form.quantities, metrics, "有已删除的指标，请重新打开后再保存")
    if not quantities and head_count == 0:
        raise ValidationError("这条记录既没有完成量，也没有参加人员；请至少填写一项", "quantities")

    partners = [p for p in form.partner_unit_ids if p]
    for partner_id in partners:
        if partner_id not in known_units:
            raise ValidationError("所选参与单位不存在，请重新选择", "partners")
    # A volunteer's unit took part that day, ticked or not.
    partners += [v["partner_unit_id"] for v in volunteers if v["partner_unit_id"]]
    values = {
        "date": form.date.isoformat(), "building_id": building_id, "unit_id": unit_id,
        "place_text": place_text, "head_count": head_count, "notes": (form.notes or "").strip(),
    }
    return CheckedEntry(values, tuple(dict.fromkeys(partners)), tuple(volunteers), quantities)


def _stored_amounts(typed: Mapping[str, object], metrics: Mapping[str, Metric],
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


def check_head_count(head_count: int | None, named: int) -> int:
    """The head count to store: everyone who came, at least the ``named``
    volunteers; None means the named ones only."""
    head_count = named if head_count is None else int(head_count)
    if head_count < 0:
        raise ValidationError("参加人数不能是负数", "head_count")
    if head_count < named:
        raise ValidationError(
            f"参加人数 {head_count} 人少于登记了姓名的志愿者 {named} 人。参加人数是到场的总人数"
            f"（包括没有登记姓名的人），应不少于 {named}；请改正人数，或删去多填的志愿者。", "head_count")
    if head_count > 10000:
        raise ValidationError("参加人数太多，请核对", "head_count")
    return head_count


def save_entry(ledger: Ledger, campaign_id: str, form: EntryForm, *, entry_id: str | None = None,
               new_entry_id: str | None = None, allow_outside: bool = False,
               today: datetime.date | None = None) -> str:
    """Add an entry to a campaign, or replace entry ``entry_id``; returns its id.

    A new entry takes ``new_entry_id`` when given (the entry form makes its
    id up front, so photos can be added before the entry is saved).
    """
    campaign = get_campaign(ledger.db, campaign_id)
    checked = check_entry(ledger.db, campaign, form, allow_outside=allow_outside, today=today)
    if entry_id is not None and ledger.db.execute(
            "SELECT 1 FROM campaign_entry WHERE id = ? AND campaign_id = ?", [entry_id, campaign_id]).fetchone() is None:
        raise ValidationError("找不到要修改的记录，它可能已被删除")
    new = entry_id is None
    entry_id = entry_id or new_entry_id or new_id()
    stamp = now()

    def apply(db: Database) -> None:
        if new:
            db["campaign_entry"].insert({"id": entry_id, "campaign_id": campaign_id, **checked.values,
                                         "created_at": stamp, "updated_at": stamp})
        else:
            db["campaign_entry"].update(entry_id, {**checked.values, "updated_at": stamp})
            _delete_entry_details(db, entry_id)
        db["campaign_entry_partner"].insert_all(
            {"entry_id": entry_id, "partner_unit_id": p} for p in checked.partners)
        db["campaign_volunteer"].insert_all(
            {"id": new_id(), "entry_id": entry_id, **v} for v in checked.volunteers)
        db["campaign_quantity"].insert_all(
            {"entry_id": entry_id, "metric": key, "amount": amount} for key, amount in checked.quantities.items())

    ledger.write("登记整治工作" if new else "修改整治工作", ENTRY_TABLES, apply, ids=[entry_id])
    return entry_id


def _delete_entry_details(db: Database, entry_id: str) -> None:
    for table in ("campaign_entry_partner", "campaign_volunteer", "campaign_quantity"):
        db.execute(f"DELETE FROM {table} WHERE entry_id = ?", [entry_id])


def delete_entry(ledger: Ledger, entry_id: str) -> None:
    """Delete an entry with its volunteers, quantities and before/after photos."""

    def apply(db: Database) -> None:
        _delete_entry_details(db, entry_id)
        photos.delete_photos_of(db, PHOTO_OWNER, entry_id)
        db.execute("DELETE FROM campaign_entry WHERE id = ?", [entry_id])

    ledger.write("删除整治工作记录", ENTRY_TABLES | photos.PHOTO_TABLES, apply, ids=[entry_id])


def get_entry(db: Database, entry_id: str) -> Entry:
    row = db.execute(
        f"SELECT e.id, e.campaign_id, e.date, {PLACE_SQL}, e.building_id, e.unit_id, e.head_count, e.notes "
        f"FROM campaign_entry e {PLACE_JOINS} WHERE e.id = ?", [entry_id]).fetchone()
    if row is None:
        raise ValidationError("找不到这条记录，它可能已被删除")
    partners = tuple(p for (p,) in db.execute(
        "SELECT ep.partner_unit_id FROM campaign_entry_partner ep JOIN partner_unit p ON p.id = ep.partner_unit_id "
        "WHERE ep.entry_id = ? ORDER BY p.name", [entry_id]))
    volunteers = tuple(
        VolunteerForm(name, from_stored(hours), resident_id, unit_id)
        for name, hours, resident_id, unit_id in db.execute(
            "SELECT name, hours, resident_id, partner_unit_id FROM campaign_volunteer "
            "WHERE entry_id = ? ORDER BY sort_key", [entry_id]))
    quantities = {key: from_stored(amount) for key, amount in db.execute(
        "SELECT metric, amount FROM campaign_quantity WHERE entry_id = ?", [entry_id])}
    return Entry(row[0], row[1], datetime.date.fromisoformat(row[2]), row[3], row[4], row[5], row[6], row[7],
                 partners, volunteers, quantities)


def previous_volunteers(db: Database, campaign_id: str, before: datetime.date | None = None) -> tuple[VolunteerForm, ...]:
    """The volunteers of the latest entry before ``before`` (for 沿用上次名单)."""
    params: list = [campaign_id]
    where = "campaign_id = ?"
    if before is not None:
        where += " AND date <= ?"
        params.append(before.isoformat())
    row = db.execute(f"SELECT id FROM campaign_entry WHERE {where} AND EXISTS "
                     "(SELECT 1 FROM campaign_volunteer v WHERE v.entry_id = campaign_entry.id) "
                     "ORDER BY date DESC, created_at DESC LIMIT 1", params).fetchone()
    return get_entry(db, row[0]).volunteers if row else ()


def find_residents(db: Database, text: str, community_id: str | None = None, limit: int = 20) -> list[tuple[str, str, str]]:
    """(id, name, ``3栋2单元301``) of living residents matching name, pinyin initials or room."""
    words = (text or "").lower().split()
    if not words:
        return []
    clauses = ["r.status = '在住'"]
    params: list = []
    if community_id:
        clauses.append("r.community_id = ?")
        params.append(community_id)
    for word in words:
        clauses.append("r.search_text LIKE ? ESCAPE '\\'")
        params.append("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    rows = db.execute(
        "SELECT r.id, r.name, b.name || u.name || h.room FROM resident r "
        "JOIN household h ON h.id = r.household_id JOIN unit u ON u.id = h.unit_id "
        f"JOIN building b ON b.id = u.building_id WHERE {' AND '.join(clauses)} "
        "ORDER BY r.name = ? DESC, b.sort_key, u.sort_key, h.room_key LIMIT ?",
        [*params, text.strip(), limit]).fetchall()
    return [tuple(row) for row in rows]


def default_entry_date(db: Database, campaign: Campaign, today: datetime.date | None = None) -> datetime.date:
    """Today during the campaign; otherwise the day after the last entry, within the campaign."""
    today = today or datetime.date.today()
    if campaign.contains(today):
        return today
    last = db.execute("SELECT max(date) FROM campaign_entry WHERE campaign_id = ?", [campaign.id]).fetchone()[0]
    if last:
        day = datetime.date.fromisoformat(last) + datetime.timedelta(days=1)
        return min(day, campaign.end_date, today)
    return min(campaign.start_date, today)


# ---------------------------------------------------------------- start screen


def due_items(db: Database, today: datetime.date) -> list[DueItem]:
    """Campaigns under way whose goals are not yet met, due on their last day."""
    from core.campaigns.stats import totals

    items: list[DueItem] = []
    for campaign_id, name, end in db.execute(
            "SELECT id, name, end_date FROM campaign WHERE start_date <= ? AND end_date >= ? ORDER BY end_date",
            [today.isoformat(), today.isoformat()]):
        behind = [t for t in totals(db, campaign_id) if t.goal is not None and not t.met]
        if not behind:
            continue
        worst = min(behind, key=lambda t: t.percent or Decimal(0))
        items.append(DueItem(
            kind="整治",
            title=f"{name}：{len(behind)} 项目标未完成（{worst.metric.name} 完成 {worst.percent_text}）",
            due=datetime.date.fromisoformat(end), tab=TAB_TITLE, record_id=campaign_id))
    return items

