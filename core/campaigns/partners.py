"""Partner units (包保单位): the city and district bodies, the sub-district,
residents' volunteer teams and companies that send volunteers.
"""

from __future__ import annotations

from sqlite_utils import Database

from core.campaigns.records import PARTNER_KINDS, T_PARTNER, PartnerUnit
from core.errors import ValidationError
from core.ledger import Ledger, new_id, now
from core.text_rules import clean_line, clean_notes


def _check_partner(db: Database, community_id: str, name: str, kind: str,
                   unit_id: str | None = None) -> tuple[str, str]:
    name = clean_line(name, label="单位名称", field="name", limit=40)
    if not name:
        raise ValidationError("请填写单位名称，如“市城市管理局”", "name")
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
    ledger.write("partner.add", {T_PARTNER}, lambda db: db["partner_unit"].insert({
        "id": unit_id, "community_id": community_id, "name": name, "kind": kind,
        "notes": clean_notes(notes), "created_at": stamp, "updated_at": stamp}), ids=[unit_id])
    return unit_id


def update_partner_unit(ledger: Ledger, unit_id: str, name: str, kind: str = "", notes: str = "") -> None:
    row = ledger.db.execute("SELECT community_id FROM partner_unit WHERE id = ?", [unit_id]).fetchone()
    if row is None:
        raise ValidationError("找不到这个单位", "name")
    name, kind = _check_partner(ledger.db, row[0], name, kind, unit_id)
    ledger.write("partner.edit", {T_PARTNER}, lambda db: db["partner_unit"].update(
        unit_id, {"name": name, "kind": kind, "notes": clean_notes(notes), "updated_at": now()}),
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
