"""A campaign's daily entries (工作记录): quantities per metric, partner
units, volunteers and their hours, before/after photos.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlite_utils import Database

from core import photos
from core.campaigns.campaign import get_campaign
from core.campaigns.metrics import (
    check_hours,
    from_stored,
    metric_map,
    stored_amounts,
    to_stored,
)
from core.campaigns.places import PLACE_JOINS, PLACE_SQL, resolve_place
from core.campaigns.records import (
    ENTRY_TABLES,
    PHOTO_OWNER,
    Campaign,
    Entry,
    EntryForm,
    OutsideCampaign,
    VolunteerForm,
)
from core.errors import ValidationError
from core.child_rows import sync_rows
from core.ledger import Ledger, new_id, now
from core.text_rules import clean_line, clean_notes
from db import change_log


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
        where = f"第 {number} 位志愿者"
        name = clean_line(volunteer.name, label=f"{where}的姓名", field="volunteers", limit=40)
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
    quantities = stored_amounts(form.quantities, metrics, "有已删除的指标，请重新打开后再保存")
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
        "place_text": place_text, "head_count": head_count, "notes": clean_notes(form.notes),
    }
    return CheckedEntry(values, tuple(dict.fromkeys(partners)), tuple(volunteers), quantities)




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
    new = entry_id is None
    entry_id = entry_id or new_entry_id or new_id()

    def apply(db: Database) -> None:
        # Checked inside the transaction, against the ledger as it is now.
        campaign = get_campaign(db, campaign_id)
        checked = check_entry(db, campaign, form, allow_outside=allow_outside, today=today)
        stamp = now()
        if new:
            db["campaign_entry"].insert({"id": entry_id, "campaign_id": campaign_id, **checked.values,
                                         "created_at": stamp, "updated_at": stamp})
        elif db.execute("SELECT 1 FROM campaign_entry WHERE id = ? AND campaign_id = ?",
                        [entry_id, campaign_id]).fetchone() is None:
            raise ValidationError("找不到要修改的记录，它可能已被删除")
        else:
            recorded = change_log.recorded(db)
            db["campaign_entry"].update(entry_id, checked.values)
        parent = {"entry_id": entry_id}
        sync_rows(db, "campaign_entry_partner", parent,
                  ({"partner_unit_id": p} for p in checked.partners), key=("partner_unit_id",))
        sync_rows(db, "campaign_volunteer", parent,
                  ({"id": new_id(), **v} for v in checked.volunteers), key=("name", "resident_id"),
                  keep=("id",))
        sync_rows(db, "campaign_quantity", parent,
                  ({"metric": key, "amount": amount} for key, amount in checked.quantities.items()),
                  key=("metric",))
        if not new and change_log.recorded(db) != recorded:  # something differed: stamp it
            db.execute("UPDATE campaign_entry SET updated_at = ? WHERE id = ?", [stamp, entry_id])

    ledger.write("campaign.entry_add" if new else "campaign.entry_edit", ENTRY_TABLES, apply, ids=[entry_id])
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

    ledger.write("campaign.entry_delete", ENTRY_TABLES | photos.PHOTO_TABLES, apply, ids=[entry_id])


def campaign_of_entry(db: Database, entry_id: str) -> str | None:
    """The campaign an entry belongs to, or None when ``entry_id`` is no entry."""
    row = db.execute("SELECT campaign_id FROM campaign_entry WHERE id = ?", [entry_id]).fetchone()
    return row[0] if row else None


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
