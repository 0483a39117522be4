"""The campaigns' lines on the start screen: goals behind schedule."""

from __future__ import annotations

import datetime
from decimal import Decimal

from sqlite_utils import Database

from core.campaigns.records import TAB_TITLE
from core.campaigns.stats import totals
from core.due import DueItem


def due_items(db: Database, today: datetime.date, community_id: str | None = None) -> list[DueItem]:
    """Campaigns under way whose goals are not yet met, due on their last day."""
    items: list[DueItem] = []
    where, params = (" AND community_id = ?", [community_id]) if community_id else ("", [])
    for campaign_id, name, end in db.execute(
            "SELECT id, name, end_date FROM campaign WHERE start_date <= ? AND end_date >= ?"
            f"{where} ORDER BY end_date", [today.isoformat(), today.isoformat(), *params]):
        behind = [t for t in totals(db, campaign_id) if t.goal is not None and not t.met]
        if not behind:
            continue
        worst = min(behind, key=lambda t: t.percent or Decimal(0))
        items.append(DueItem(
            kind="整治",
            title=f"{name}：{len(behind)} 项目标未完成（{worst.metric.name} 完成 {worst.percent_text}）",
            due=datetime.date.fromisoformat(end), tab=TAB_TITLE, record_id=campaign_id))
    return items
