"""The household registry: compounds, buildings, units, households, residents.

Every function that changes something takes the :class:`~core.ledger.Ledger`
and goes through ``ledger.write``; every check that can fail raises
:class:`~core.errors.ValidationError` with a Chinese message naming the field,
before anything is written.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from sqlite_utils import Database

from core import address, idcard, vocab
from core.registry import index as registry_index
from core.ledger import Ledger, new_id, now
from core.errors import ValidationError
from core.registry.queries import RESIDENT_JOINS

#: Tables touched by the registry's operations, for change notifications.
T_COMPOUND = "compound"
T_BUILDING = "building"
T_UNIT = "unit"
T_HOUSEHOLD = "household"
T_RESIDENT = "resident"
RESIDENT_TABLES = frozenset({T_RESIDENT, "party_member", "resident_tag", "resident_event"})


@dataclass(frozen=True)
class PartyInfo:
    """Party-member details of a resident (党员信息)."""

    joined_date: datetime.date | None = None
    branch: str = ""
    party_group: str = ""
    presence: str = "在小区"
    reachable: bool = True
    notes: str = ""


@dataclass(frozen=True)
class ResidentForm:
    """What a user enters for a resident; ``id_number`` as typed."""

    name: str
    sex: str = ""
    id_number: str = ""
    birth_date: datetime.date | None = None
    phone: str = ""
    relation: str = ""
    political_status: str = "群众"
    tags: tuple[str, ...] = ()
    notes: str = ""
    party: PartyInfo | None = None


@dataclass(frozen=True)
class Resident:
    """A resident as stored, with party details and tags."""

    id: str
    household_id: str
    name: str
    sex: str
    id_number: str | None
    birth_date: datetime.date | None
    phone: str
    relation: str
    political_status: str
    status: str
    status_date: datetime.date | None
    notes: str
    tags: tuple[str, ...] = ()
    party: PartyInfo | None = None

    def form(self) -> ResidentForm:
        return ResidentForm(
            name=self.name, sex=self.sex, id_number=self.id_number or "",
            birth_date=self.birth_date, phone=self.phone, relation=self.relation,
            political_status=self.political_status, tags=self.tags,
            notes=self.notes, party=self.party,
        )


@dataclass(frozen=True)
class Household:
    id: str
    unit_id: str
    room: str
    tenure: str
    phone: str
    notes: str


@dataclass(frozen=True)
class CompoundForm:
    """A new compound, optionally with its buildings, units and rooms laid out."""

    name: str
    year_built: int | None = None
    floor_area: float | None = None
    notes: str = ""
    buildings: int = 0
    units_per_building: int = 0
    floors: int = 0
    rooms_per_floor: int = 0


@dataclass(frozen=True)
class CheckedResident:
    """A validated resident ready to store, and warnings the user should see."""

    values: dict
    tags: tuple[str, ...]
    party: PartyInfo | None
    warnings: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------- validation

_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}|\d{7,8})$")


def normalize_phone(raw: str) -> str:
    """Strip spaces; keep digits and one dash. Raises ValidationError."""
    phone = (raw or "").translate(str.maketrans("０１２３４５６７８９－", "0123456789-"))
    phone = phone.replace(" ", "").strip()
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not _PHONE.match(phone):
        raise ValidationError("电话号码格式不对：手机 11 位，固话如 0371-12345678", "phone")
    return phone


def check_resident(
    db: Database,
    form: ResidentForm,
    *,
    community_id: str,
    household_id: str | None = None,
    resident_id: str | None = None,
    today: datetime.date | None = None,
) -> CheckedResident:
    """Validate a resident form against the rules and the database.

    ``resident_id`` is the record being edited, excluded from duplicate checks.
    The rules that need no database are :func:`validate_resident`; the Excel
    importer applies those per row and checks duplicates and heads in bulk.
    """
    checked = validate_resident(form, today=today)
    id_number = checked.values["id_number"]
    if id_number:
        duplicate = find_by_id_number(db, community_id, id_number)
        if duplicate and duplicate["id"] != resident_id:
            raise ValidationError(
                f"身份证号已登记：{duplicate['name']}，{duplicate['address']}"
                f"（{duplicate['status']}）。同一人请勿重复登记",
                "id_number",
            )
    if checked.values["relation"] == "户主" and household_id:
        head = db.execute(
            "SELECT name FROM resident WHERE household_id = ? AND relation = '户主' "
            "AND status = ? AND id IS NOT ?",
            [household_id, vocab.STATUS_LIVING, resident_id],
        ).fetchone()
        if head:
            raise ValidationError(head_taken_message(head[0]), "relation")
    return checked


def head_taken_message(head_name: str) -> str:
    return f"这一户已有户主 {head_name}；一户只能有一位在住的户主"


def validate_resident(form: ResidentForm, *, today: datetime.date | None = None) -> CheckedResident:
    """The rules for a resident that need no database: name, ID number (and
    the sex and birth date it implies), phone, 政治面貌, relation and party
    details. Raises ValidationError naming the field; returns the values to
    store."""
    today = today or datetime.date.today()
    warnings: list[str] = []
    name = (form.name or "").strip()
    if not name:
        raise ValidationError("请填写姓名", "name")
    if len(name) > 30:
        raise ValidationError("姓名太长（最多 30 个字）", "name")

    sex = form.sex
    birth = form.birth_date
    id_number: str | None = None
    if form.id_number and form.id_number.strip():
        try:
            info = idcard.parse(form.id_number, today=today)
        except idcard.InvalidIdNumber as exc:
            raise ValidationError(str(exc), "id_number") from None
        id_number = info.number
        warnings.extend(info.warnings)
        if sex and sex != info.sex:
            raise ValidationError(f"性别与身份证号不符（身份证号表明为{info.sex}）", "sex")
        if birth and birth != info.birth_date:
            raise ValidationError(
                f"出生日期与身份证号不符（身份证号表明为 {info.birth_date.isoformat()}）",
                "birth_date",
            )
        sex, birth = info.sex, info.birth_date
    if sex and sex not in vocab.SEXES:
        raise ValidationError("性别只能是“男”或“女”", "sex")
    if birth and (birth > today or birth.year < 1880):
        raise ValidationError("出生日期不可能", "birth_date")

    phone = normalize_phone(form.phone)
    if form.political_status not in vocab.POLITICAL_STATUSES:
        raise ValidationError("请选择政治面貌", "political_status")
    if form.relation and form.relation not in vocab.RELATIONS:
        raise ValidationError(f"与户主关系“{form.relation}”不在列表中", "relation")

    party = form.party if vocab.is_party_member(form.political_status) else None
    if party is not None:
        party = replace(party, presence=party.presence or "在小区")
        if party.presence not in vocab.PARTY_PRESENCE:
            raise ValidationError("党员所在只能是“在小区”或“长期在外”", "presence")
        if party.joined_date and party.joined_date > today:
            raise ValidationError("入党日期不能晚于今天", "joined_date")
        if party.joined_date and birth and party.joined_date < birth + datetime.timedelta(days=365 * 17):
            raise ValidationError("入党日期早于 18 周岁前后，请核对", "joined_date")
    tags = tuple(dict.fromkeys(t for t in form.tags if t))
    values = {
        "name": name,
        "sex": sex or "",
        "id_number": id_number,
        "birth_date": birth.isoformat() if birth else None,
        "phone": phone,
        "relation": form.relation or "",
        "political_status": form.political_status,
        "notes": (form.notes or "").strip(),
    }
    return CheckedResident(values, tags, party, tuple(warnings))


def find_by_id_number(db: Database, community_id: str, id_number: str) -> dict | None:
    """The resident with this ID number in the community, with their address."""
    row = db.execute(
        f"SELECT r.id, r.name, r.status, {ADDRESS_SQL} AS address "
        f"FROM resident r {ADDRESS_JOINS} "
        "WHERE r.community_id = ? AND r.id_number = ?",
        [community_id, id_number],
    ).fetchone()
    if row is None:
        return None
    return {"id": row[0], "name": row[1], "status": row[2], "address": row[3]}


#: Joins and expression giving ``3栋2单元301`` for a resident ``r``.
ADDRESS_JOINS = RESIDENT_JOINS
ADDRESS_SQL = "c.name || ' ' || b.name || u.name || h.room"


# ---------------------------------------------------------------- structure


def ensure_community(ledger: Ledger, name: str = "", subdistrict: str = "") -> str:
    """The id of the ledger's community, created on first use."""
    row = ledger.db.execute("SELECT id FROM community ORDER BY created_at LIMIT 1").fetchone()
    if row:
        if name or subdistrict:
            ledger.write(
                "修改社区信息", {"community"},
                lambda db: db.execute(
                    "UPDATE community SET name = coalesce(nullif(?, ''), name), "
                    "subdistrict = coalesce(nullif(?, ''), subdistrict) WHERE id = ?",
                    [name.strip(), subdistrict.strip(), row[0]],
                ),
            )
        return row[0]
    community_id = new_id()
    ledger.write(
        "新建社区", {"community"},
        lambda db: db["community"].insert({
            "id": community_id, "name": name.strip() or "本社区",
            "subdistrict": subdistrict.strip(), "created_at": now(),
        }),
    )
    return community_id


def community_of_compound(db: Database, compound_id: str) -> str:
    return db.execute("SELECT community_id FROM compound WHERE id = ?", [compound_id]).fetchone()[0]


def create_compound(ledger: Ledger, community_id: str, form: CompoundForm) -> str:
    """Create a compound, laying out buildings, units and rooms if asked.

    Rooms are numbered floor by floor: floor 3 with 2 rooms per floor gives
    301 and 302.
    """
    name = form.name.strip()
    if not name:
        raise ValidationError("请填写小区名称", "name")
    this_year = datetime.date.today().year
    if form.year_built is not None and not 1900 <= form.year_built <= this_year:
        raise ValidationError(f"建成年份应在 1900 到 {this_year} 之间", "year_built")
    if form.floor_area is not None and form.floor_area < 0:
        raise ValidationError("总面积不能为负数", "floor_area")
    if ledger.db.execute(
        "SELECT 1 FROM compound WHERE community_id = ? AND name = ?", [community_id, name]
    ).fetchone():
        raise ValidationError(f"已有名为“{name}”的小区", "name")
    if not (0 <= form.buildings <= 200 and 0 <= form.units_per_building <= 20
            and 0 <= form.floors <= 60 and 0 <= form.rooms_per_floor <= 20):
        raise ValidationError("楼栋、单元、楼层或每层户数超出范围", "buildings")
    compound_id = new_id()
    stamp = now()

    def apply(db: Database) -> None:
        db["compound"].insert({
            "id": compound_id, "community_id": community_id, "name": name,
            "year_built": form.year_built, "floor_area": form.floor_area,
            "notes": form.notes.strip(), "created_at": stamp, "updated_at": stamp,
        })
        for b in range(1, form.buildings + 1):
            building_id = new_id()
            db["building"].insert({
                "id": building_id, "compound_id": compound_id,
                "name": address.building_name(b), "sort_key": b, "created_at": stamp,
            })
            for u in range(1, form.units_per_building + 1):
                unit_id = new_id()
                db["unit"].insert({
                    "id": unit_id, "building_id": building_id,
                    "name": address.unit_name(u), "sort_key": u, "created_at": stamp,
                })
                db["household"].insert_all(
                    _household_row(community_id, unit_id, f"{floor}{room:02d}", stamp)
                    for floor in range(1, form.floors + 1)
                    for room in range(1, form.rooms_per_floor + 1)
                )
        registry_index.reindex_households(db, "c.id = ?", [compound_id])

    ledger.write("新建小区", {T_COMPOUND, T_BUILDING, T_UNIT, T_HOUSEHOLD}, apply, ids=[compound_id])
    return compound_id


def update_compound(ledger: Ledger, compound_id: str, form: CompoundForm) -> None:
    name = form.name.strip()
    if not name:
        raise ValidationError("请填写小区名称", "name")
    def apply(db: Database) -> None:
        db.execute(
            "UPDATE compound SET name = ?, year_built = ?, floor_area = ?, notes = ?, "
            "updated_at = ? WHERE id = ?",
            [name, form.year_built, form.floor_area, form.notes.strip(), now(), compound_id])
        registry_index.reindex_households(db, "c.id = ?", [compound_id])
        registry_index.reindex_residents(db, "c.id = ?", [compound_id])

    ledger.write("修改小区信息", {T_COMPOUND, T_HOUSEHOLD, T_RESIDENT}, apply, ids=[compound_id])


def add_building(ledger: Ledger, compound_id: str, name: str) -> str:
    """Add a building (``3号楼`` is stored as ``3栋``) to a compound."""
    return _add_place(ledger, T_BUILDING, "compound_id", compound_id, address.normalize_building(name)
                      if name.strip() else "", "请填写楼栋名称，如“3栋”", "本小区")


def add_unit(ledger: Ledger, building_id: str, name: str) -> str:
    """Add a unit (``二单元`` is stored as ``2单元``) to a building."""
    return _add_place(ledger, T_UNIT, "building_id", building_id, address.normalize_unit(name)
                      if name.strip() else "", "请填写单元名称，如“2单元”", "本楼栋")


def _add_place(ledger: Ledger, table: str, parent_column: str, parent_id: str, name: str,
               missing: str, within: str) -> str:
    if not name:
        raise ValidationError(missing, "name")
    if ledger.db.execute(f"SELECT 1 FROM {table} WHERE {parent_column} = ? AND name = ?",
                         [parent_id, name]).fetchone():
        raise ValidationError(f"{within}已有“{name}”", "name")
    place_id = new_id()
    ledger.write(
        "添加楼栋" if table == T_BUILDING else "添加单元", {table},
        lambda db: db[table].insert({
            "id": place_id, parent_column: parent_id, "name": name,
            "sort_key": address.leading_number(name) or 0, "created_at": now(),
        }),
        ids=[place_id],
    )
    return place_id


def rename_node(ledger: Ledger, table: str, node_id: str, name: str) -> None:
    """Rename a building or unit (``table`` is ``building`` or ``unit``)."""
    if table not in (T_BUILDING, T_UNIT):
        raise ValueError(table)
    normalize = address.normalize_building if table == T_BUILDING else address.normalize_unit
    parent = "compound_id" if table == T_BUILDING else "building_id"
    name = normalize(name) if name.strip() else ""
    if not name:
        raise ValidationError("名称不能为空", "name")
    clash = ledger.db.execute(
        f"SELECT 1 FROM {table} WHERE name = ? AND id != ? AND {parent} = "
        f"(SELECT {parent} FROM {table} WHERE id = ?)",
        [name, node_id, node_id],
    ).fetchone()
    if clash:
        raise ValidationError(f"已有同名的“{name}”", "name")
    column = "b.id" if table == T_BUILDING else "u.id"

    def apply(db: Database) -> None:
        db.execute(f"UPDATE {table} SET name = ?, sort_key = ? WHERE id = ?",
                   [name, address.leading_number(name) or 0, node_id])
        registry_index.reindex_households(db, f"{column} = ?", [node_id])
        registry_index.reindex_residents(db, f"{column} = ?", [node_id])

    ledger.write("重命名", {table, T_HOUSEHOLD, T_RESIDENT}, apply, ids=[node_id])


def delete_empty_node(ledger: Ledger, table: str, node_id: str) -> None:
    """Delete a building or unit that holds no households.

    One that holds households is refused: residents are history and are
    never removed this way.
    """
    if table == T_BUILDING:
        count = ledger.db.execute(
            "SELECT count(*) FROM household h JOIN unit u ON u.id = h.unit_id "
            "WHERE u.building_id = ?", [node_id]).fetchone()[0]
    elif table == T_UNIT:
        count = ledger.db.execute(
            "SELECT count(*) FROM household WHERE unit_id = ?", [node_id]).fetchone()[0]
    else:
        raise ValueError(table)
    if count:
        raise ValidationError(f"其中还有 {count} 户，不能删除。请先把住户转到别处", "name")

    def apply(db: Database) -> None:
        if table == T_BUILDING:
            db.execute("DELETE FROM unit WHERE building_id = ?", [node_id])
        db.execute(f"DELETE FROM {table} WHERE id = ?", [node_id])

    ledger.write("删除空" + ("楼栋" if table == T_BUILDING else "单元"), {T_BUILDING, T_UNIT}, apply)


# ---------------------------------------------------------------- households


def _household_row(community_id: str, unit_id: str, room: str, stamp: str, **extra) -> dict:
    return {
        "id": new_id(), "community_id": community_id, "unit_id": unit_id,
        "room": room, "room_key": address.room_key(room), "tenure": extra.get("tenure", "自有"),
        "phone": extra.get("phone", ""), "notes": extra.get("notes", ""),
        "created_at": stamp, "updated_at": stamp,
    }


def community_of_unit(db: Database, unit_id: str) -> str:
    row = db.execute(
        "SELECT c.community_id FROM unit u JOIN building b ON b.id = u.building_id "
        "JOIN compound c ON c.id = b.compound_id WHERE u.id = ?", [unit_id]).fetchone()
    if row is None:
        raise ValidationError("所选单元不存在，可能已被删除", "unit")
    return row[0]


def validate_household(room: str, tenure: str, phone: str) -> tuple[str, str]:
    """The rules for a household that need no database; returns the room
    and phone as stored. Raises ValidationError."""
    room = address.normalize_room(room) if str(room).strip() else ""
    if not room:
        raise ValidationError("请填写房号，如 301", "room")
    if len(room) > 20:
        raise ValidationError("房号太长", "room")
    if tenure not in vocab.TENURES:
        raise ValidationError("居住性质只能是 自有、租住 或 空置", "tenure")
    return room, normalize_phone(phone)


def check_household(db: Database, unit_id: str, room: str, tenure: str, phone: str,
                    household_id: str | None = None) -> tuple[str, str]:
    """Every rule for a household, the room's uniqueness in its unit included;
    returns room and phone as stored. Raises ValidationError."""
    room, phone = validate_household(room, tenure, phone)
    clash = db.execute(
        "SELECT 1 FROM household WHERE unit_id = ? AND room = ? AND id IS NOT ?",
        [unit_id, room, household_id]).fetchone()
    if clash:
        raise ValidationError(f"本单元已有 {room} 室", "room")
    return room, phone


def add_household(ledger: Ledger, unit_id: str, room: str, *, tenure: str = "自有",
                  phone: str = "", notes: str = "") -> str:
    community_id = community_of_unit(ledger.db, unit_id)
    room, phone = check_household(ledger.db, unit_id, room, tenure, phone)
    row = _household_row(community_id, unit_id, room, now(),
                         tenure=tenure, phone=phone, notes=notes.strip())

    def apply(db: Database) -> None:
        db["household"].insert(row)
        registry_index.reindex_households(db, "h.id = ?", [row["id"]])

    ledger.write("添加住户", {T_HOUSEHOLD}, apply, ids=[row["id"]])
    return row["id"]


def update_household(ledger: Ledger, household_id: str, *, unit_id: str, room: str,
                     tenure: str, phone: str, notes: str) -> None:
    room, phone = check_household(ledger.db, unit_id, room, tenure, phone, household_id)
    def apply(db: Database) -> None:
        db.execute(
            "UPDATE household SET unit_id = ?, room = ?, room_key = ?, tenure = ?, phone = ?, "
            "notes = ?, updated_at = ? WHERE id = ?",
            [unit_id, room, address.room_key(room), tenure, phone, notes.strip(), now(), household_id],
        )
        registry_index.reindex_households(db, "h.id = ?", [household_id])
        registry_index.reindex_residents(db, "h.id = ?", [household_id])

    ledger.write("修改住户", {T_HOUSEHOLD, T_RESIDENT}, apply, ids=[household_id])


def get_household(db: Database, household_id: str) -> Household:
    row = db.execute(
        "SELECT id, unit_id, room, tenure, phone, notes FROM household WHERE id = ?",
        [household_id]).fetchone()
    if row is None:
        raise ValidationError("该户不存在，可能已被删除", "household")
    return Household(*row)


# ---------------------------------------------------------------- residents


def add_resident(ledger: Ledger, household_id: str, form: ResidentForm) -> str:
    """Register a resident in a household; returns the new id."""
    household = get_household(ledger.db, household_id)
    community_id = community_of_unit(ledger.db, household.unit_id)
    checked = check_resident(ledger.db, form, community_id=community_id, household_id=household_id)
    resident_id = new_id()
    stamp = now()
    row = {
        "id": resident_id, "community_id": community_id, "household_id": household_id,
        **checked.values, "status": vocab.STATUS_LIVING, "status_date": None,
        "search_text": "", "created_at": stamp, "updated_at": stamp,
    }

    def apply(db: Database) -> None:
        db["resident"].insert(row)
        _write_details(db, resident_id, checked)
        _record_event(db, resident_id, "登记", datetime.date.today(), None, household_id, "")
        registry_index.reindex_residents(db, "r.id = ?", [resident_id])

    ledger.write("添加居民", RESIDENT_TABLES, apply, ids=[resident_id])
    return resident_id


def update_resident(ledger: Ledger, resident_id: str, form: ResidentForm) -> tuple[str, ...]:
    """Save an edited resident; returns warnings worth showing (e.g. an old area code)."""
    current = get_resident(ledger.db, resident_id)
    community_id = community_of_unit(ledger.db, get_household(ledger.db, current.household_id).unit_id)
    checked = check_resident(ledger.db, form, community_id=community_id,
                             household_id=current.household_id if current.status == vocab.STATUS_LIVING else None,
                             resident_id=resident_id)

    def apply(db: Database) -> None:
        assignments = ", ".join(f"{key} = ?" for key in checked.values)
        db.execute(
            f"UPDATE resident SET {assignments}, updated_at = ? WHERE id = ?",
            [*checked.values.values(), now(), resident_id],
        )
        _write_details(db, resident_id, checked)
        registry_index.reindex_residents(db, "r.id = ?", [resident_id])

    ledger.write("修改居民", RESIDENT_TABLES, apply, ids=[resident_id])
    return checked.warnings


def write_resident_details(db: Database, resident_id: str, checked: CheckedResident) -> None:
    """Store a resident's tags and party details (inside a write)."""
    _write_details(db, resident_id, checked)


def _write_details(db: Database, resident_id: str, checked: CheckedResident) -> None:
    db.execute("DELETE FROM resident_tag WHERE resident_id = ?", [resident_id])
    for tag in checked.tags:
        db.execute("INSERT INTO resident_tag (resident_id, tag) VALUES (?, ?)", [resident_id, tag])
    if checked.party is None:
        # Keep the party details of someone whose status was changed by
        # mistake? No: the status is the truth; details of a non-member go.
        db.execute("DELETE FROM party_member WHERE resident_id = ?", [resident_id])
        return
    p = checked.party
    db.execute(
        "INSERT INTO party_member (resident_id, joined_date, branch, party_group, presence, "
        "reachable, notes) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (resident_id) DO UPDATE SET "
        # A member placed in the party tree (core.party_org) keeps the tree's names.
        "joined_date = excluded.joined_date, "
        "branch = CASE WHEN group_node_id IS NULL THEN excluded.branch ELSE branch END, "
        "party_group = CASE WHEN group_node_id IS NULL THEN excluded.party_group ELSE party_group END, "
        "presence = excluded.presence, "
        "reachable = excluded.reachable, notes = excluded.notes",
        [resident_id, p.joined_date.isoformat() if p.joined_date else None, p.branch.strip(),
         p.party_group.strip(), p.presence, int(p.reachable), p.notes.strip()],
    )


def _record_event(db: Database, resident_id: str, kind: str, date: datetime.date | None,
                  from_household: str | None, to_household: str | None, note: str) -> None:
    db["resident_event"].insert({
        "id": new_id(), "resident_id": resident_id, "kind": kind,
        "date": date.isoformat() if date else None, "from_household_id": from_household,
        "to_household_id": to_household, "note": note.strip(), "created_at": now(),
    })


def change_status(ledger: Ledger, resident_id: str, status: str, date: datetime.date,
                  note: str = "") -> None:
    """Move a resident out, record a death, or bring one back to 在住.

    The record stays; the change is kept in the resident's history.
    """
    if status not in vocab.STATUSES:
        raise ValueError(status)
    current = get_resident(ledger.db, resident_id)
    if current.status == status:
        raise ValidationError(f"{current.name} 已经是“{status}”状态", "status")
    if date > datetime.date.today():
        raise ValidationError("日期不能晚于今天", "date")
    if current.birth_date and date < current.birth_date:
        raise ValidationError("日期早于出生日期", "date")
    if current.status == vocab.STATUS_DECEASED and status == vocab.STATUS_MOVED_OUT:
        raise ValidationError("已去世的居民不能办理迁出", "status")
    if status == vocab.STATUS_LIVING and current.relation == "户主":
        head = ledger.db.execute(
            "SELECT name FROM resident WHERE household_id = ? AND relation = '户主' "
            "AND status = ? AND id != ?", [current.household_id, vocab.STATUS_LIVING, resident_id],
        ).fetchone()
        if head:
            raise ValidationError(f"这一户现在的户主是 {head[0]}，请先修改与户主关系", "relation")
    kind = {vocab.STATUS_MOVED_OUT: "迁出", vocab.STATUS_DECEASED: "死亡",
            vocab.STATUS_LIVING: "恢复在住"}[status]

    def apply(db: Database) -> None:
        db.execute(
            "UPDATE resident SET status = ?, status_date = ?, updated_at = ? WHERE id = ?",
            [status, None if status == vocab.STATUS_LIVING else date.isoformat(), now(), resident_id],
        )
        _record_event(db, resident_id, kind, date, current.household_id, None, note)

    action = {"迁出": "办理迁出", "死亡": "登记去世", "恢复在住": "恢复在住"}[kind]
    ledger.write(action, RESIDENT_TABLES, apply, ids=[resident_id])


def move_resident(ledger: Ledger, resident_id: str, to_household_id: str,
                  date: datetime.date, relation: str = "", note: str = "") -> None:
    """Move a living resident to another household (转户), keeping the history."""
    current = get_resident(ledger.db, resident_id)
    if current.status != vocab.STATUS_LIVING:
        raise ValidationError(f"{current.name} 现在是“{current.status}”，不能转户", "status")
    if to_household_id == current.household_id:
        raise ValidationError("目标住户与现住户相同", "household")
    target = get_household(ledger.db, to_household_id)
    if community_of_unit(ledger.db, target.unit_id) != community_of_unit(
            ledger.db, get_household(ledger.db, current.household_id).unit_id):
        raise ValidationError("只能在本社区内转户", "household")
    relation = relation or ("其他" if current.relation == "户主" else current.relation)
    if relation and relation not in vocab.RELATIONS:
        raise ValidationError(f"与户主关系“{relation}”不在列表中", "relation")
    if relation == "户主" and ledger.db.execute(
            "SELECT 1 FROM resident WHERE household_id = ? AND relation = '户主' AND status = ?",
            [to_household_id, vocab.STATUS_LIVING]).fetchone():
        raise ValidationError("目标住户已有户主", "relation")

    def apply(db: Database) -> None:
        db.execute(
            "UPDATE resident SET household_id = ?, relation = ?, updated_at = ? WHERE id = ?",
            [to_household_id, relation, now(), resident_id],
        )
        _record_event(db, resident_id, "转户", date, current.household_id, to_household_id, note)
        registry_index.reindex_residents(db, "r.id = ?", [resident_id])

    ledger.write("居民转户", RESIDENT_TABLES, apply, ids=[resident_id])


def get_resident(db: Database, resident_id: str) -> Resident:
    row = db.execute(
        "SELECT id, household_id, name, sex, id_number, birth_date, phone, relation, "
        "political_status, status, status_date, notes FROM resident WHERE id = ?",
        [resident_id]).fetchone()
    if row is None:
        raise ValidationError("该居民不存在，可能已被删除", "resident")
    tags = tuple(t for (t,) in db.execute(
        "SELECT tag FROM resident_tag WHERE resident_id = ? ORDER BY rowid", [resident_id]))
    party_row = db.execute(
        "SELECT joined_date, branch, party_group, presence, reachable, notes "
        "FROM party_member WHERE resident_id = ?", [resident_id]).fetchone()
    party = None
    if party_row:
        party = PartyInfo(_date(party_row[0]), party_row[1], party_row[2], party_row[3],
                          bool(party_row[4]), party_row[5])
    return Resident(
        id=row[0], household_id=row[1], name=row[2], sex=row[3], id_number=row[4],
        birth_date=_date(row[5]), phone=row[6], relation=row[7], political_status=row[8],
        status=row[9], status_date=_date(row[10]), notes=row[11], tags=tags, party=party,
    )


def resident_history(db: Database, resident_id: str) -> list[dict]:
    """The resident's events, oldest first, with the households as addresses."""
    rows = db.execute(
        "SELECT e.kind, e.date, e.note, e.created_at, "
        "(SELECT b.name || u.name || h.room FROM household h JOIN unit u ON u.id = h.unit_id "
        " JOIN building b ON b.id = u.building_id WHERE h.id = e.from_household_id), "
        "(SELECT b.name || u.name || h.room FROM household h JOIN unit u ON u.id = h.unit_id "
        " JOIN building b ON b.id = u.building_id WHERE h.id = e.to_household_id) "
        "FROM resident_event e WHERE e.resident_id = ? ORDER BY e.created_at, e.rowid",
        [resident_id]).fetchall()
    return [dict(zip(("kind", "date", "note", "created_at", "from", "to"), r)) for r in rows]


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def age(birth: datetime.date | None, today: datetime.date | None = None) -> int | None:
    if birth is None:
        return None
    today = today or datetime.date.today()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
