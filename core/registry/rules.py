"""The registry's rules: a resident's name, ID number (and the sex and birth
date it implies), phone, relation and party details; a household's room; no ID
number registered twice in a community; one living head per household.

The rules that need no database (``validate_*``) are shared with the Excel
importer, which checks duplicates and heads in bulk.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from sqlite_utils import Database

from core import address, idcard, vocab
from core.errors import ValidationError
from core.text_rules import clean_line, clean_notes
from core.registry.queries import RESIDENT_JOINS
from core.registry.records import CheckedResident, ResidentForm

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
    name = clean_line(form.name, label="姓名", field="name", limit=30, warnings=warnings)
    if not name:
        raise ValidationError("请填写姓名", "name")
    notes = clean_notes(form.notes, warnings=warnings)

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
        "notes": notes,
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


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def age(birth: datetime.date | None, today: datetime.date | None = None) -> int | None:
    if birth is None:
        return None
    today = today or datetime.date.today()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
