"""Excel exports of the ledger: the registers the sub-district asks for.

:data:`EXPORT_KINDS` maps a kind (``residents``, ``households``, ``party``,
``vulnerable``) to its Chinese title and its writer. Other parts of the
program add an entry to that dict literal below (their writer may live in
their own module and be imported here, so the kind exists whatever was
imported first); the command line (``python main.py export KIND``) and the
export dialog offer whatever it holds.

ID and phone numbers are masked unless the caller asks for ``full_id``;
the title line says which. Column headers are the importer's own, so an
export with full numbers imports back as the same households and residents.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from core import vocab
from core.masking import mask_id, mask_phone
from core.registry import age
from reports.xlsx import CODE, DATE, NUMBER, XlsxColumn, as_date, write_table

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


_PLACE_JOINS = ("JOIN unit u ON u.id = h.unit_id JOIN building b ON b.id = u.building_id "
                "JOIN compound c ON c.id = b.compound_id")
_PLACE_ORDER = "c.created_at, c.name, b.sort_key, b.name, u.sort_key, u.name, h.room_key, h.room"
_TAGS = "(SELECT group_concat(tag, '、') FROM resident_tag t WHERE t.resident_id = r.id)"
_RELATION_ORDER = "r.relation != '户主', r.birth_date"


def _numbers(full_id: bool) -> tuple[Callable[[str | None], str], Callable[[str | None], str]]:
    if full_id:
        return (lambda v: v or ""), (lambda v: v or "")
    return mask_id, mask_phone


def _title(db: Database, kind: str, full_id: bool) -> str:
    names = [n for (n,) in db.execute("SELECT name FROM compound ORDER BY created_at, name")]
    place = names[0] if len(names) == 1 else (
        db.execute("SELECT name FROM community LIMIT 1").fetchone() or ("",))[0]
    privacy = "含完整身份证号和电话，请妥善保管" if full_id else "身份证号、电话已打码"
    return f"{place} {kind}（导出日期 {datetime.date.today().isoformat()}；{privacy}）".strip()


def export_residents(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Every resident with household and status (迁出 and 去世 included, as history)."""
    show_id, show_phone = _numbers(full_id)
    columns = [XlsxColumn("序号", NUMBER), XlsxColumn("小区"), XlsxColumn("楼栋"), XlsxColumn("单元"),
               XlsxColumn("房号"), XlsxColumn("姓名"), XlsxColumn("性别"), XlsxColumn("出生日期", DATE),
               XlsxColumn("身份证号", CODE), XlsxColumn("联系电话", CODE), XlsxColumn("与户主关系"),
               XlsxColumn("政治面貌"), XlsxColumn("标签"), XlsxColumn("状态"), XlsxColumn("状态日期", DATE),
               XlsxColumn("居住性质"), XlsxColumn("户联系电话", CODE), XlsxColumn("备注")]
    rows = db.execute(
        f"SELECT c.name, b.name, u.name, h.room, r.name, r.sex, r.birth_date, r.id_number, r.phone, "
        f"r.relation, r.political_status, {_TAGS}, r.status, r.status_date, h.tenure, h.phone, r.notes "
        f"FROM resident r JOIN household h ON h.id = r.household_id {_PLACE_JOINS} "
        f"ORDER BY {_PLACE_ORDER}, r.status != '在住', {_RELATION_ORDER}, r.name").fetchall()
    table = [(n, c, b, u, room, name, sex, as_date(birth), show_id(idn), show_phone(phone), relation,
              political, tags or "", status, as_date(status_date), tenure, show_phone(hphone), notes)
             for n, (c, b, u, room, name, sex, birth, idn, phone, relation, political, tags, status,
                     status_date, tenure, hphone, notes) in enumerate(rows, 1)]
    return write_table(path, sheet_title="居民名册", title=_title(db, "居民名册", full_id),
                       columns=columns, rows=table)


def export_households(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Every household with its head, living count and tenure."""
    _show_id, show_phone = _numbers(full_id)
    columns = [XlsxColumn("序号", NUMBER), XlsxColumn("小区"), XlsxColumn("楼栋"), XlsxColumn("单元"),
               XlsxColumn("房号"), XlsxColumn("户主"), XlsxColumn("在住人数", NUMBER), XlsxColumn("居住性质"),
               XlsxColumn("户联系电话", CODE), XlsxColumn("备注")]
    rows = db.execute(
        "SELECT c.name, b.name, u.name, h.room, "
        "(SELECT name FROM resident x WHERE x.household_id = h.id AND x.relation = '户主' "
        " AND x.status = '在住' LIMIT 1), "
        "(SELECT count(*) FROM resident x WHERE x.household_id = h.id AND x.status = '在住'), "
        f"h.tenure, h.phone, h.notes FROM household h {_PLACE_JOINS} ORDER BY {_PLACE_ORDER}").fetchall()
    table = [(n, c, b, u, room, head or "", living, tenure, show_phone(phone), notes)
             for n, (c, b, u, room, head, living, tenure, phone, notes) in enumerate(rows, 1)]
    return write_table(path, sheet_title="住户名册", title=_title(db, "住户名册", full_id),
                       columns=columns, rows=table)


def export_party(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Living party members with their branch, group and whereabouts."""
    show_id, show_phone = _numbers(full_id)
    columns = [XlsxColumn("序号", NUMBER), XlsxColumn("姓名"), XlsxColumn("性别"), XlsxColumn("出生日期", DATE),
               XlsxColumn("身份证号", CODE), XlsxColumn("联系电话", CODE), XlsxColumn("小区"), XlsxColumn("楼栋"),
               XlsxColumn("单元"), XlsxColumn("房号"), XlsxColumn("政治面貌"), XlsxColumn("入党日期", DATE),
               XlsxColumn("所在支部"), XlsxColumn("党小组"), XlsxColumn("党员所在"), XlsxColumn("能否联系"),
               XlsxColumn("备注")]
    statuses = ", ".join(f"'{s}'" for s in sorted(vocab.PARTY_STATUSES))
    rows = db.execute(
        "SELECT r.name, r.sex, r.birth_date, r.id_number, r.phone, c.name, b.name, u.name, h.room, "
        "r.political_status, p.joined_date, p.branch, p.party_group, p.presence, p.reachable, p.notes "
        f"FROM resident r JOIN household h ON h.id = r.household_id {_PLACE_JOINS} "
        "LEFT JOIN party_member p ON p.resident_id = r.id "
        f"WHERE r.status = '在住' AND r.political_status IN ({statuses}) "
        f"ORDER BY {_PLACE_ORDER}, {_RELATION_ORDER}").fetchall()
    table = [(n, name, sex, as_date(birth), show_id(idn), show_phone(phone), c, b, u, room, political,
              as_date(joined), branch or "", group or "", presence or "", "" if reach is None else
              ("能" if reach else "否"), notes or "")
             for n, (name, sex, birth, idn, phone, c, b, u, room, political, joined, branch, group,
                     presence, reach, notes) in enumerate(rows, 1)]
    return write_table(path, sheet_title="党员名册", title=_title(db, "党员名册", full_id),
                       columns=columns, rows=table)


def export_vulnerable(db: Database, path: str | Path, *, full_id: bool = False) -> int:
    """Living residents carrying any care tag (困难老人, 低保, 独居 …)."""
    show_id, show_phone = _numbers(full_id)
    columns = [XlsxColumn("序号", NUMBER), XlsxColumn("姓名"), XlsxColumn("性别"), XlsxColumn("年龄", NUMBER),
               XlsxColumn("出生日期", DATE), XlsxColumn("身份证号", CODE), XlsxColumn("联系电话", CODE),
               XlsxColumn("小区"), XlsxColumn("楼栋"), XlsxColumn("单元"), XlsxColumn("房号"), XlsxColumn("标签"),
               XlsxColumn("与户主关系"), XlsxColumn("户内在住人数", NUMBER), XlsxColumn("户联系电话", CODE)]
    rows = db.execute(
        f"SELECT r.name, r.sex, r.birth_date, r.id_number, r.phone, c.name, b.name, u.name, h.room, {_TAGS}, "
        "r.relation, (SELECT count(*) FROM resident x WHERE x.household_id = h.id AND x.status = '在住'), "
        f"h.phone FROM resident r JOIN household h ON h.id = r.household_id {_PLACE_JOINS} "
        "WHERE r.status = '在住' AND EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id) "
        f"ORDER BY {_PLACE_ORDER}, {_RELATION_ORDER}").fetchall()
    table = [(n, name, sex, age(as_date(birth)), as_date(birth), show_id(idn), show_phone(phone), c, b, u,
              room, tags or "", relation, living, show_phone(hphone))
             for n, (name, sex, birth, idn, phone, c, b, u, room, tags, relation, living, hphone)
             in enumerate(rows, 1)]
    return write_table(path, sheet_title="关爱对象名册", title=_title(db, "关爱对象名册", full_id),
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

    campaigns = campaign_list(db)
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
