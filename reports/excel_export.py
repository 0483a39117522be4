"""Excel exports of the ledger: the registers the sub-district asks for.

:data:`EXPORT_KINDS` maps a kind (``residents``, ``households``, ``party``,
``vulnerable``) to its Chinese title and its writer. Other parts of the
program add an entry to that dict literal below (their writer may live in
their own module and be imported here, so the kind exists whatever was
imported first); the command line (``python main.py export KIND``) and the
export dialog offer whatever it holds.

The rows are the rosters of :mod:`core.rosters`, of the ledger's current
community; ID and phone numbers are masked there unless the caller asks
for ``full_id``, and the title line says which. Column headers are the importer's own, so an
export with full numbers imports back as the same households and residents.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from core.ledger import current_community
from core.rosters import (
    Privacy,
    care_roster,
    household_roster,
    party_roster,
    resident_roster,
    roster_place,
)
from reports.xlsx import CODE, DATE, NUMBER, XlsxColumn, write_table

Writer = Callable[..., int]


@dataclass(frozen=True)
class ExportKind:
    """A kind of export.

    Attributes:
        title: its Chinese name, used in the dialog, the title line and the file name.
        write: ``write(db, path, *, full_id=False) -> rows written``.
        description: one line for the dialog.
    """

    title: str
    write: Writer
    description: str = ""


def _title(db: Database, kind: str, privacy: Privacy) -> str:
    place = roster_place(db, current_community(db))
    return f"{place} {kind}（导出日期 {datetime.date.today().isoformat()}；{privacy.note}）".strip()


def export_residents(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Every resident with household and status (迁出 and 去世 included, as history)."""
    privacy = Privacy.of(full_id)
    columns = [XlsxColumn("序号", NUMBER), XlsxColumn("小区"), XlsxColumn("楼栋"), XlsxColumn("单元"),
               XlsxColumn("房号"), XlsxColumn("姓名"), XlsxColumn("性别"), XlsxColumn("出生日期", DATE),
               XlsxColumn("身份证号", CODE), XlsxColumn("联系电话", CODE), XlsxColumn("与户主关系"),
               XlsxColumn("政治面貌"), XlsxColumn("标签"), XlsxColumn("状态"), XlsxColumn("状态日期", DATE),
               XlsxColumn("居住性质"), XlsxColumn("户联系电话", CODE), XlsxColumn("备注")]
    table = [(n, r.compound, r.building, r.unit, r.room, r.name, r.sex, r.birth_date, r.id_number, r.phone,
              r.relation, r.political_status, r.tags, r.status, r.status_date, r.tenure, r.household_phone,
              r.notes)
             for n, r in enumerate(resident_roster(db, current_community(db), privacy), 1)]
    return write_table(path, sheet_title="居民名册", title=_title(db, "居民名册", privacy),
                       columns=columns, rows=table)


def export_households(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Every household with its head, living count and tenure."""
    privacy = Privacy.of(full_id)
    columns = [XlsxColumn("序号", NUMBER), XlsxColumn("小区"), XlsxColumn("楼栋"), XlsxColumn("单元"),
               XlsxColumn("房号"), XlsxColumn("户主"), XlsxColumn("在住人数", NUMBER), XlsxColumn("居住性质"),
               XlsxColumn("户联系电话", CODE), XlsxColumn("备注")]
    table = [(n, h.compound, h.building, h.unit, h.room, h.head, h.living, h.tenure, h.phone, h.notes)
             for n, h in enumerate(household_roster(db, current_community(db), privacy), 1)]
    return write_table(path, sheet_title="住户名册", title=_title(db, "住户名册", privacy),
                       columns=columns, rows=table)


def export_party(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Living party members with their branch, group and whereabouts."""
    privacy = Privacy.of(full_id)
    columns = [XlsxColumn("序号", NUMBER), XlsxColumn("姓名"), XlsxColumn("性别"), XlsxColumn("出生日期", DATE),
               XlsxColumn("身份证号", CODE), XlsxColumn("联系电话", CODE), XlsxColumn("小区"), XlsxColumn("楼栋"),
               XlsxColumn("单元"), XlsxColumn("房号"), XlsxColumn("政治面貌"), XlsxColumn("入党日期", DATE),
               XlsxColumn("所在支部"), XlsxColumn("党小组"), XlsxColumn("党员所在"), XlsxColumn("能否联系"),
               XlsxColumn("备注")]
    table = [(n, p.name, p.sex, p.birth_date, p.id_number, p.phone, p.compound, p.building, p.unit, p.room,
              p.political_status, p.joined_date, p.branch, p.party_group, p.presence,
              "" if p.reachable is None else ("能" if p.reachable else "否"), p.notes)
             for n, p in enumerate(party_roster(db, current_community(db), privacy), 1)]
    return write_table(path, sheet_title="党员名册", title=_title(db, "党员名册", privacy),
                       columns=columns, rows=table)


def export_vulnerable(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Living residents carrying any care tag (困难老人, 低保, 独居 …)."""
    privacy = Privacy.of(full_id)
    columns = [XlsxColumn("序号", NUMBER), XlsxColumn("姓名"), XlsxColumn("性别"), XlsxColumn("年龄", NUMBER),
               XlsxColumn("出生日期", DATE), XlsxColumn("身份证号", CODE), XlsxColumn("联系电话", CODE),
               XlsxColumn("小区"), XlsxColumn("楼栋"), XlsxColumn("单元"), XlsxColumn("房号"), XlsxColumn("标签"),
               XlsxColumn("与户主关系"), XlsxColumn("户内在住人数", NUMBER), XlsxColumn("户联系电话", CODE)]
    table = [(n, c.name, c.sex, c.age, c.birth_date, c.id_number, c.phone, c.compound, c.building, c.unit,
              c.room, c.tags, c.relation, c.living_in_household, c.household_phone)
             for n, c in enumerate(care_roster(db, current_community(db), privacy), 1)]
    return write_table(path, sheet_title="关爱对象名册", title=_title(db, "关爱对象名册", privacy),
                       columns=columns, rows=table)


def export_grid_table(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """The grid responsibility table (网格责任表) and the party organisation."""
    from reports.grid_xlsx import export_grid

    return export_grid(db, path, full_phone=full_id)


def export_inspection_book(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Every inspection, its results and its rectifications (no ID or phone numbers in it)."""
    from reports.inspection_xlsx import export_inspections

    return export_inspections(db, path)


def export_latest_campaign(db: Database, path: str | Path, *, full_id: bool = False,
                           campaign: str | None = None) -> int:
    """A campaign's log, totals against goals and volunteer hours: the one
    named ``campaign``, else the latest. No ID or phone numbers in it."""
    from core.campaigns import campaign_list
    from core.errors import LedgerError
    from reports.campaign_xlsx import export_campaign

    campaigns = campaign_list(db, current_community(db))
    if campaign:
        campaigns = [c for c in campaigns if c["name"] == campaign]
    if not campaigns:
        raise LedgerError(f"没有名为“{campaign}”的整治行动" if campaign else "台账中还没有整治行动")
    latest = max(campaigns, key=lambda c: (c["start_date"] or "", c["name"]))
    return export_campaign(db, latest["id"], path)


#: Export kinds by name. Other tabs add theirs here.
EXPORT_KINDS: dict[str, ExportKind] = {
    "residents": ExportKind("居民名册", export_residents, "全部居民及其住址、状态（含迁出、去世）"),
    "households": ExportKind("住户名册", export_households, "每户的户主、在住人数、居住性质"),
    "party": ExportKind("党员名册", export_party, "在住党员及其支部、党小组、是否长期在外"),
    "vulnerable": ExportKind("关爱对象名册", export_vulnerable, "带有困难老人、低保、独居等标签的在住居民"),
    "grid": ExportKind("网格责任表", export_grid_table, "四级网格的负责人、电话、负责单元和户数，附党组织名单"),
    "inspections": ExportKind("检查记录", export_inspection_book, "“九个有”与环境卫生检查的结果及整改情况"),
    "campaigns": ExportKind("整治行动", export_latest_campaign, "最近一次整治行动的日志、合计与目标、志愿者时长"),
}


def export(db: Database, kind: str, path: str | Path, *, full_id: bool = False) -> int:
    """Write export ``kind`` to ``path``; returns the number of rows. KeyError for an unknown kind."""
    return EXPORT_KINDS[kind].write(db, Path(path), full_id=full_id)


def suggested_name(kind: str, today: datetime.date | None = None) -> str:
    """``居民名册_2025-06-01.xlsx``."""
    return f"{EXPORT_KINDS[kind].title}_{(today or datetime.date.today()).isoformat()}.xlsx"
