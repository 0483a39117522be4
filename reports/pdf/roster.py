"""The printed rosters: 楼栋花名册, 党员名册, 困难群体名单 (A4 landscape).

Rows come from :mod:`core.rosters` (of one community, in address order, ID
and phone numbers masked there unless ``full_id``); the last line of each
roster says whether the numbers are masked.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from core.ledger import current_community
from core.registry import age
from core.rosters import Privacy, care_roster, household_roster, party_roster, resident_roster, roster_place
from reports.pdf.document import Column, Row, Section, build_roster, write_pdf
from reports.pdf.fonts import FontSet, find_fonts
from reports.pdf.style import chinese_date


@dataclass(frozen=True)
class Printed:
    """What was printed: the file, its pages and the rows it holds."""

    path: Path
    pages: int
    rows: int


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _address(building: str, unit: str, room: str) -> str:
    return f"{building}{unit}{room}"


def _setting(db: Database, community_id: str | None, full_id: bool, today: datetime.date | None,
             fonts: FontSet | None) -> tuple[str, Privacy, datetime.date, FontSet, str]:
    """What every roster starts from: the community (default: the current
    one), the privacy asked for, the day, the fonts and the place's name."""
    community = community_id or current_community(db)
    return (community, Privacy.of(full_id), today or datetime.date.today(), fonts or find_fonts(),
            roster_place(db, community))


def _subtitle(place: str, what: str, today: datetime.date) -> str:
    return f"{place}　{what}　制表日期：{chinese_date(today)}"


def _closing(count: str, privacy: Privacy) -> list[str]:
    return [count, f"说明：{privacy.note}。"]


BUILDING_COLUMNS = (
    Column("房号", 18), Column("姓名", 22), Column("与户主关系", 20), Column("性别", 10, "CENTER"),
    Column("出生日期", 22, "CENTER"), Column("年龄", 10, "RIGHT"), Column("身份证号", 40),
    Column("联系电话", 27), Column("政治面貌", 22), Column("标签", 38), Column("居住性质", 18),
    Column("备注", 20),
)


def building_roster_pdf(db: Database, path: str | Path, *, full_id: bool = False,
                        community_id: str | None = None, fonts: FontSet | None = None,
                        today: datetime.date | None = None, ledgers=()) -> Printed:
    """楼栋花名册: each building and unit, each household's living residents, head first.

    A room whose household has no one living there prints as one line
    (空置 or 无在住人员), so the unit head sees every door.
    """
    community, privacy, today, fonts, place = _setting(db, community_id, full_id, today, fonts)
    households = household_roster(db, community, privacy)
    residents: dict[tuple, list] = {}
    for line in resident_roster(db, community, privacy):
        if line.status == "在住":
            residents.setdefault((line.compound, line.building, line.unit, line.room), []).append(line)
    several = len({h.compound for h in households}) > 1
    counts = Counter()
    unit_households, unit_living = Counter(), Counter()
    for h in households:
        unit_households[(h.compound, h.building, h.unit)] += 1
        unit_living[(h.compound, h.building, h.unit)] += h.living

    def items() -> Iterator:
        unit_key = None
        seen_rooms = set()
        for household in households:
            key = (household.compound, household.building, household.unit)
            if key != unit_key:
                unit_key = key
                label = f"{household.building} {household.unit}"
                if several:
                    label = f"{household.compound} {label}"
                label += f"（{unit_households[key]} 户，在住 {unit_living[key]} 人）"
                counts["units"] += 1
                yield Section(label)
            room_key = (*key, household.room)
            if room_key in seen_rooms:
                continue
            seen_rooms.add(room_key)
            counts["households"] += 1
            people = residents.get(room_key, [])
            if not people:
                yield [household.room, "", "", "", "", "", "", household.phone, "", "",
                       household.tenure or "", "空置" if household.tenure == "空置" else "无在住人员"]
                continue
            for n, r in enumerate(people):
                counts["residents"] += 1
                years = age(r.birth_date, today)
                values = [household.room if n == 0 else "", r.name, r.relation, r.sex, _date(r.birth_date),
                          "" if years is None else str(years), r.id_number,
                          r.phone or (r.household_phone if n == 0 else ""),
                          r.political_status, r.tags, household.tenure if n == 0 else "", r.notes]
                yield Row(values, None if n == 0 else [f"{household.room}（续）", *values[1:]])

    rows = list(items())  # counted before the closing line is written

    def build(target: Path) -> None:
        counts["pages"] = build_roster(
            target, fonts, title=f"{place}楼栋花名册", subtitle=_subtitle(place, "按楼栋、单元、户排列", today),
            columns=BUILDING_COLUMNS, items=rows,
            closing=_closing(f"共 {counts['units']} 个单元、{counts['households']} 户、在住 {counts['residents']} 人。",
                             privacy))

    written = write_pdf(path, build, ledgers=ledgers)
    return Printed(written, counts["pages"], counts["residents"])


PARTY_COLUMNS = (
    Column("序号", 10, "RIGHT"), Column("姓名", 20), Column("性别", 10, "CENTER"), Column("出生日期", 22, "CENTER"),
    Column("身份证号", 38), Column("联系电话", 26), Column("住址", 28), Column("政治面貌", 22),
    Column("入党日期", 22, "CENTER"), Column("党小组", 24), Column("在外情况", 20), Column("能否联系", 16, "CENTER"),
)


def party_roster_pdf(db: Database, path: str | Path, *, full_id: bool = False,
                     community_id: str | None = None, fonts: FontSet | None = None,
                     today: datetime.date | None = None, ledgers=()) -> Printed:
    """党员名册: living party members by branch, in address order."""
    community, privacy, today, fonts, place = _setting(db, community_id, full_id, today, fonts)
    lines = party_roster(db, community, privacy)
    by_branch: dict[str, list] = {}
    for line in lines:
        by_branch.setdefault(line.branch or "未编入党支部", []).append(line)
    rows: list = []
    number = 0
    for branch, members in by_branch.items():
        rows.append(Section(f"{branch}（{len(members)} 名）"))
        for m in members:
            number += 1
            reach = "" if m.reachable is None else ("能" if m.reachable else "否")
            rows.append([str(number), m.name, m.sex, _date(m.birth_date), m.id_number, m.phone,
                         _address(m.building, m.unit, m.room), m.political_status, _date(m.joined_date),
                         m.party_group, m.presence, reach])
    away = sum(1 for m in lines if m.presence == "长期在外")
    probationary = sum(1 for m in lines if m.political_status == "中共预备党员")
    closing = _closing(f"共 {len(lines)} 名（其中预备党员 {probationary} 名，长期在外 {away} 名）。", privacy)
    return _print_roster(path, fonts, ledgers, title=f"{place}党员名册", subtitle=_subtitle(place, "在住党员", today),
                         columns=PARTY_COLUMNS, rows=rows, closing=closing, count=len(lines))


CARE_COLUMNS = (
    Column("序号", 10, "RIGHT"), Column("姓名", 20), Column("性别", 10, "CENTER"), Column("年龄", 10, "RIGHT"),
    Column("身份证号", 38), Column("联系电话", 26), Column("住址", 32), Column("类别", 48),
    Column("与户主关系", 20), Column("同户在住", 17, "RIGHT"), Column("户联系电话", 27),
)


def care_roster_pdf(db: Database, path: str | Path, *, full_id: bool = False,
                    community_id: str | None = None, fonts: FontSet | None = None,
                    today: datetime.date | None = None, ledgers=()) -> Printed:
    """困难群体名单: living residents with any care tag, by building, with a count per tag."""
    community, privacy, today, fonts, place = _setting(db, community_id, full_id, today, fonts)
    lines = care_roster(db, community, privacy)
    several = len({c.compound for c in lines}) > 1
    rows: list = []
    building = None
    tags = Counter()
    for number, c in enumerate(lines, 1):
        key = (c.compound, c.building)
        if key != building:
            building = key
            rows.append(Section(f"{c.compound} {c.building}" if several else c.building))
        for tag in c.tags.split("、"):
            if tag:
                tags[tag] += 1
        rows.append([str(number), c.name, c.sex, "" if c.age is None else str(c.age), c.id_number, c.phone,
                     _address(c.building, c.unit, c.room), c.tags, c.relation, str(c.living_in_household),
                     c.household_phone])
    by_tag = "，".join(f"{tag} {n} 人" for tag, n in tags.most_common())
    closing = _closing(f"共 {len(lines)} 人" + (f"（{by_tag}；一人可属多类）。" if by_tag else "。"), privacy)
    return _print_roster(path, fonts, ledgers, title=f"{place}困难群体名单",
                         subtitle=_subtitle(place, "在住居民中的困难群体和关爱对象", today),
                         columns=CARE_COLUMNS, rows=rows, closing=closing, count=len(lines))


def _print_roster(path: str | Path, fonts: FontSet, ledgers, *, title: str, subtitle: str, columns, rows: list,
                  closing: Sequence[str], count: int) -> Printed:
    """Write a roster of ``rows`` (built beforehand) to ``path`` through the output guard."""
    pages = {}

    def build(target: Path) -> None:
        pages["n"] = build_roster(target, fonts, title=title, subtitle=subtitle, columns=columns, items=rows,
                                  closing=closing)

    written = write_pdf(path, build, ledgers=ledgers)
    return Printed(written, pages["n"], count)
