"""Campaigns: their dates, goals and partner units.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from sqlite_utils import Database

from core.campaigns.metrics import (
    Metric,
    from_stored,
    metric_map,
    stored_amounts,
)
from core.campaigns.records import (
    CAMPAIGN_TABLES,
    Campaign,
    CampaignForm,
    OutsideCampaign,
)
from core.errors import ValidationError
from core.ledger import Ledger, new_id, now
from core.text_rules import clean_line, clean_notes


def _check_campaign(db: Database, community_id: str, form: CampaignForm,
                    metrics: Mapping[str, Metric]) -> tuple[dict, list[str], dict[str, int]]:
    name = clean_line(form.name, label="行动名称", field="name", limit=60)
    if not name:
        raise ValidationError("请填写行动名称，如“弃管小区环境综合整治”", "name")
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
    goals = stored_amounts(form.goals, metrics, "目标中有已删除的指标，请重新打开后再保存")
    values = {
        "name": name,
        "start_date": form.start_date.isoformat(),
        "end_date": form.end_date.isoformat(),
        "organiser": clean_line(form.organiser, label="组织单位", field="organiser", limit=60),
        "notes": clean_notes(form.notes),
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

    ledger.write("campaign.create", CAMPAIGN_TABLES, apply, ids=[campaign_id])
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

    ledger.write("campaign.edit", CAMPAIGN_TABLES, apply, ids=[campaign_id])


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

    ledger.write("campaign.delete", CAMPAIGN_TABLES, apply, ids=[campaign_id])


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


def campaign_list(db: Database, community_id: str | None = None) -> list[dict]:
    """Every campaign (of one community when given), the latest first, with
    its number of entries and days worked."""
    where, params = ("WHERE c.community_id = ?", [community_id]) if community_id else ("", [])
    rows = db.execute(
        "SELECT c.id, c.name, c.start_date, c.end_date, c.organiser, "
        "(SELECT count(*) FROM campaign_entry e WHERE e.campaign_id = c.id), "
        "(SELECT count(DISTINCT date) FROM campaign_entry e WHERE e.campaign_id = c.id) "
        f"FROM campaign c {where} ORDER BY c.start_date DESC, c.name", params).fetchall()
    keys = ("id", "name", "start_date", "end_date", "organiser", "entries", "days")
    return [dict(zip(keys, row)) for row in rows]


def community_of_campaign(db: Database, campaign_id: str) -> str:
    return db.execute("SELECT community_id FROM campaign WHERE id = ?", [campaign_id]).fetchone()[0]
