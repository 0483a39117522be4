"""The demo's registry: the community, its compounds, buildings, units,
households and residents, with party members, tags and history, written in
one bulk insert.
"""

from __future__ import annotations

import datetime
import random

from sqlite_utils import Database

from core import address, idcard, vocab
from core.demo.context import (
    AREA_CODES,
    COMMUNITY,
    COMPOUND,
    GIVEN_FEMALE,
    GIVEN_MALE,
    SUBDISTRICT,
    SURNAMES,
    DemoContext,
    DemoSection,
)
from core.ledger import Ledger, new_id, now
from core.registry import RESIDENT_TABLES
from core.registry.index import reindex_all


def registry_section(compounds: int) -> DemoSection:
    def section(ledger: Ledger, ctx: DemoContext) -> None:
        ledger.write("demo.registry", {"community", "compound", "building", "unit", "household"}
                     | RESIDENT_TABLES, lambda db: _build_registry(db, ctx, compounds))
    return section


class _Registry:
    """Row buffers for one bulk insert."""

    def __init__(self) -> None:
        self.buildings: list[dict] = []
        self.units: list[dict] = []
        self.households: list[dict] = []
        self.residents: list[dict] = []
        self.party: list[dict] = []
        self.tags: list[dict] = []
        self.events: list[dict] = []
        self.id_numbers: set[str] = set()


def _build_registry(db: Database, ctx: DemoContext, compounds: int) -> None:
    rng = ctx.rng
    stamp = now()
    ctx.community_id = new_id()
    db["community"].insert({"id": ctx.community_id, "name": COMMUNITY,
                            "subdistrict": SUBDISTRICT, "created_at": stamp})
    buf = _Registry()
    for index in range(compounds):
        name = COMPOUND if index == 0 else _other_compound_name(index)
        compound_id = new_id()
        ctx.compound_ids.append(compound_id)
        ctx.unit_ids[compound_id] = []
        db["compound"].insert({
            "id": compound_id, "community_id": ctx.community_id, "name": name,
            "year_built": 1988 if index == 0 else rng.randint(1978, 2005),
            "floor_area": 56000.0 if index == 0 else float(rng.randint(30, 90) * 1000),
            "notes": "企业破产后交由清算组管理，2019 年起由社区牵头、居民自治" if index == 0 else "",
            "created_at": stamp, "updated_at": stamp,
        })
        branch = f"{name}党支部"
        for b in range(1, 9):
            building_id = new_id()
            buf.buildings.append({"id": building_id, "compound_id": compound_id,
                                  "name": address.building_name(b), "sort_key": b,
                                  "notes": "", "created_at": stamp})
            for u in range(1, 4):
                unit_id = new_id()
                ctx.unit_ids[compound_id].append(unit_id)
                buf.units.append({"id": unit_id, "building_id": building_id,
                                  "name": address.unit_name(u), "sort_key": u,
                                  "notes": "", "created_at": stamp})
                for floor in range(1, 8 if b <= 2 else 7):
                    for room in range(1, 5):
                        _household(buf, ctx, unit_id, f"{floor}{room:02d}", branch, stamp)
    db["building"].insert_all(buf.buildings, batch_size=500)
    db["unit"].insert_all(buf.units, batch_size=500)
    db["household"].insert_all(buf.households, batch_size=500)
    db["resident"].insert_all(buf.residents, batch_size=500)
    db["party_member"].insert_all(buf.party, batch_size=500)
    db["resident_tag"].insert_all(buf.tags, batch_size=500)
    db["resident_event"].insert_all(buf.events, batch_size=500)
    reindex_all(db)


def _other_compound_name(index: int) -> str:
    names = ("纺织厂", "第二机床厂", "化肥厂", "电缆厂", "棉纺厂", "建材厂", "面粉厂", "煤机厂",
             "水泵厂", "印刷厂", "肉联厂", "造纸厂", "玻璃厂", "砂轮厂", "铝厂", "齿轮厂", "阀门厂")
    return f"{names[index % len(names)]}{'' if index < len(names) else index // len(names) + 1}家属院"


def _household(buf: _Registry, ctx: DemoContext, unit_id: str, room: str, branch: str,
               stamp: str) -> None:
    rng = ctx.rng
    tenure = rng.choices(vocab.TENURES, weights=(80, 14, 6))[0]
    phone = _phone(rng) if rng.random() < 0.3 else ""
    household_id = new_id()
    buf.households.append({
        "id": household_id, "community_id": ctx.community_id, "unit_id": unit_id,
        "room": room, "room_key": address.room_key(room), "tenure": tenure, "phone": phone,
        "notes": "", "created_at": stamp, "updated_at": stamp,
    })
    if tenure == "空置":
        return
    surname = rng.choice(SURNAMES)
    head_age = rng.choices((rng.randint(28, 54), rng.randint(55, 74), rng.randint(75, 94)),
                           weights=(22, 48, 30))[0]
    head_sex = rng.choice(vocab.SEXES)
    members: list[tuple[str, str, int, str]] = [(surname, head_sex, head_age, "户主")]
    if tenure == "租住":
        members = [(surname, head_sex, rng.randint(22, 45), "户主")]
        if rng.random() < 0.6:
            members.append((rng.choice(SURNAMES), _other(head_sex), members[0][2] + rng.randint(-3, 3), "配偶"))
            if rng.random() < 0.5:
                sex = rng.choice(vocab.SEXES)
                members.append((surname, sex, rng.randint(1, 12), "子" if sex == "男" else "女"))
    else:
        living_alone = head_age >= 70 and rng.random() < 0.22
        if not living_alone and rng.random() < 0.85:
            members.append((rng.choice(SURNAMES), _other(head_sex),
                            max(head_age + rng.randint(-5, 4), 20), "配偶"))
        if not living_alone and head_age < 84 and rng.random() < 0.72:
            for _ in range(1 if rng.random() < 0.8 else 2):
                child_age = max(head_age - rng.randint(24, 34), 1)
                sex = rng.choice(vocab.SEXES)
                members.append((surname, sex, child_age, "子" if sex == "男" else "女"))
            if child_age >= 26 and rng.random() < 0.55:
                sex = rng.choice(vocab.SEXES)
                members.append((surname, sex, max(child_age - rng.randint(24, 30), 1),
                                "孙子" if sex == "男" else "孙女"))
    for member_surname, sex, age, relation in members:
        _resident(buf, ctx, household_id, unit_id, member_surname,
                  sex, age, relation, branch, stamp, alone=len(members) == 1)


def _other(sex: str) -> str:
    return "女" if sex == "男" else "男"


def _phone(rng: random.Random) -> str:
    return rng.choice(("138", "139", "137", "135", "186", "155", "158", "152")) + f"{rng.randint(0, 99999999):08d}"


def _name(rng: random.Random, surname: str, sex: str) -> str:
    pool = GIVEN_MALE if sex == "男" else GIVEN_FEMALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    return surname + given


def _id_number(buf: _Registry, rng: random.Random, birth: datetime.date, sex: str) -> str:
    while True:
        serial = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "男" else (0, 2, 4, 6, 8))
        first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{serial:03d}"
        number = first17 + idcard.make_check_digit(first17)
        if number not in buf.id_numbers:
            buf.id_numbers.add(number)
            return number


def _resident(buf: _Registry, ctx: DemoContext, household_id: str, unit_id: str,
              surname: str, sex: str, age: int, relation: str,
              branch: str, stamp: str, *, alone: bool) -> None:
    rng = ctx.rng
    name = _name(rng, surname, sex)
    birth = ctx.today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    id_number = _id_number(buf, rng, birth, sex) if rng.random() < 0.97 else None
    phone = _phone(rng) if age >= 16 and rng.random() < 0.75 else ""
    resident_id = new_id()
    status, status_date = vocab.STATUS_LIVING, None
    roll = rng.random()
    if relation != "户主" and roll < 0.035:
        status, status_date = vocab.STATUS_MOVED_OUT, ctx.today - datetime.timedelta(days=rng.randint(30, 1500))
    elif relation != "户主" and age >= 70 and roll < 0.09:
        status, status_date = vocab.STATUS_DECEASED, ctx.today - datetime.timedelta(days=rng.randint(30, 1500))
    political = "群众"
    if age >= 45 and rng.random() < 0.045:
        political = "中共党员"
    elif 16 <= age <= 28 and rng.random() < 0.3:
        political = "共青团员"
    buf.residents.append({
        "id": resident_id, "community_id": ctx.community_id, "household_id": household_id,
        "name": name, "sex": sex, "id_number": id_number,
        "birth_date": birth.isoformat(), "phone": phone, "relation": relation,
        "political_status": political, "status": status,
        "status_date": status_date.isoformat() if status_date else None, "notes": "",
        "created_at": stamp, "updated_at": stamp,
    })
    buf.events.append({"id": new_id(), "resident_id": resident_id, "kind": "登记",
                       "date": (ctx.today - datetime.timedelta(days=2000)).isoformat(),
                       "from_household_id": None, "to_household_id": household_id,
                       "note": "原企业户籍资料转入", "created_at": stamp})
    if status != vocab.STATUS_LIVING:
        buf.events.append({"id": new_id(), "resident_id": resident_id,
                           "kind": "迁出" if status == vocab.STATUS_MOVED_OUT else "死亡",
                           "date": status_date.isoformat(), "from_household_id": household_id,
                           "to_household_id": None, "note": "", "created_at": stamp})
    if political == "中共党员":
        away = rng.random() < 0.6
        joined_age = rng.randint(20, 40)
        buf.party.append({
            "resident_id": resident_id,
            "joined_date": (birth + datetime.timedelta(days=joined_age * 365 + rng.randint(0, 300))).isoformat(),
            "branch": branch, "party_group": f"第{'一二三'[rng.randint(0, 2)]}党小组",
            "presence": "长期在外" if away else "在小区",
            "reachable": int(not away or rng.random() < 0.5), "notes": "",
        })
    tags: list[str] = []
    if age >= 80:
        tags.append("高龄老人")
    if age >= 65 and rng.random() < 0.09:
        tags.append("困难老人")
    if rng.random() < 0.015:
        tags.append("低保")
    if rng.random() < 0.012:
        tags.append("残疾")
    if alone and age >= 60:
        tags.append("独居")
    elif age >= 60 and relation in ("户主", "配偶") and rng.random() < 0.12:
        tags.append("空巢")
    if age >= 60 and rng.random() < 0.01:
        tags.append("优抚对象")
    for tag in tags:
        buf.tags.append({"resident_id": resident_id, "tag": tag})
    if status == vocab.STATUS_LIVING:
        ctx.residents.append((resident_id, name, age, household_id, unit_id))
        if political == "中共党员":
            ctx.party_member_ids.append(resident_id)
