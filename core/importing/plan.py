"""The import plan: what committing a workbook would change, decided before
anything is written.

A row's resident is matched by ID number anywhere in the community, else
by name within the same household (same compound, building, unit and
room). A matched resident is updated only where the sheet has a value and
it differs; an empty cell never overwrites what the ledger holds; tags are
only ever added; the status (迁出, 死亡) of someone already registered is
not changed by an old sheet. Each row is checked by the registry's own
rules (:func:`core.registry.validate_resident`); duplicates and household
heads are checked against the ledger and the rest of the file in bulk.

Two families are never mixed: a register household in a room where the
ledger has another family living (the register's head is not the ledger's
living head — or the ledger has none — and nobody on the register lives
there, or the register's head row was rejected) is a :class:`HouseholdConflict`. Nothing of it is planned
unless ``choices`` says otherwise: REPLACE records the ledger's residents
of the room as moved out and the register's household moves in; MERGE plans
it row by row as before.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from sqlite_utils import Database

from core import idcard, registry, vocab
from core.errors import ValidationError
from core.importing.compounds import (  # noqa: F401  (re-exported)
    ImportSetupError,
    choose_compound,
    compound_in_title,
    compound_names,
    file_compound,
)
from core.importing.header import FIELD_BY_KEY
from core.importing.household_rules import HouseholdRules
from core.importing.reader import WorkbookData
from core.importing.records import (  # noqa: F401  (re-exported)
    CONFLICT_CHOICES,
    MERGE,
    REPLACE,
    SKIP,
    AddressKey,
    HouseholdChange,
    HouseholdConflict,
    ImportPlan,
    MovedOut,
    NewPlace,
    ResidentChange,
    RowProblem,
)
from core.importing.rows import ParsedRow, parse_sheet
from core.importing.snapshot import (
    ExistingResident,
    Snapshot,
    fingerprint,
    load_snapshot,
)
from core.ledger import new_id
from core.masking import mask_id
from core.progress import Progress, no_progress
from core.registry import PartyInfo, ResidentForm


def build_plan(db: Database, book: WorkbookData, *, compound: str | None = None,
               sheets: Iterable[str] | None = None, today: datetime.date | None = None,
               progress: Progress = no_progress, choices: Mapping[AddressKey, str] | None = None) -> ImportPlan:
    """What importing ``book`` into the ledger would do.

    ``compound`` names the compound for rows without a 小区 cell (created if
    new); None means the ledger's only compound (the plan notes when the
    register's title names another). ``sheets`` limits the sheets read. ``choices``
    says what to do with each household conflict (by room; SKIP when not
    said). Raises ImportSetupError when no compound can be chosen.
    """
    named = file_compound(book, sheets)  # shown beside the target; the wizard proposes it
    chosen = [s for s in book.usable if sheets is None or s.name in set(sheets)]
    parsed: list[ParsedRow] = []
    notes: list[str] = []
    for sheet in chosen:
        rows, sheet_notes = parse_sheet(sheet)
        parsed.extend(rows)
        notes.extend(sheet_notes)
        if sheet.header is not None and sheet.header.duplicates:
            notes.append(f"工作表“{sheet.name}”中这些列与前面的列重复，未导入：{'、'.join(sheet.header.duplicates)}")
    compound_name = choose_compound(db, compound, parsed)
    plan = ImportPlan(source=book.path.name, compound=compound_name, sheets=[s.name for s in chosen],
                      rows=len(parsed), notes=notes, today=today or datetime.date.today(),
                      file_compound=named)
    if not parsed:
        raise ImportSetupError(
            f"“{book.path.name}”的表头下面没有数据行，没有可导入的内容。台账未做任何改动。")
    plan.fingerprint = fingerprint(db)
    snap = load_snapshot(db)
    plan.community_id = snap.community_id
    titles = {s.name: s.header.titles for s in chosen if s.header is not None}
    _Planner(plan, snap, titles, progress, dict(choices or {})).run(parsed)
    masked = sum(1 for row in parsed if row.masked)
    if masked:
        plan.notes.append(f"{masked} 行的身份证号或电话是打码的（如 {mask_id('110101195003071234')}），"
                          "已按空白处理，不会覆盖台账中的号码")
    return plan


def _column(titles: dict[str, dict[str, str]], sheet: str, key: str) -> str:
    title = titles.get(sheet, {}).get(key)
    if title:
        return title
    field_ = FIELD_BY_KEY.get(key)
    return field_.label if field_ else ""


#: ValidationError fields of the registry → import field keys.
_FIELD_OF_ERROR = {"presence": "presence", "joined_date": "joined_date", "tenure": "tenure", "room": "room"}


class _Planner(HouseholdRules):
    """Builds one plan; see the module docstring for the rules."""

    def __init__(self, plan: ImportPlan, snap: Snapshot, titles: dict[str, dict[str, str]],
                 progress: Progress, choices: dict[AddressKey, str] | None = None) -> None:
        self.plan = plan
        self.choices = choices or {}
        #: Every row of the file by room, rejected ones too (for the conflicts).
        self.rows_by_key: dict[AddressKey, list[ParsedRow]] = {}
        #: Households whose ledger residents move out (REPLACE).
        self.vacated: set[str] = set()
        self.snap = snap
        self.titles = titles
        self.progress = progress
        self.seen_ids: dict[str, ParsedRow] = {}
        self.seen_names: dict[tuple[AddressKey, str], ParsedRow] = {}
        self.seen_residents: dict[str, ParsedRow] = {}
        self.household_rows: dict[AddressKey, list[ParsedRow]] = {}
        self.changes: list[tuple[ParsedRow, ResidentChange]] = []
        self.rejected_rows: set[int] = set()
        self.new_rows: set[int] = set()

    def run(self, rows: list[ParsedRow]) -> None:
        total = len(rows)
        for row in rows:
            data = row.data
            if "room" in data and "building" in data and "unit" in data:
                key = self.key_of(row)
                self.rows_by_key.setdefault(key, []).append(row)
                if self.choices.get(key) == REPLACE:
                    household = self.existing_household(key)
                    if household is not None:
                        self.vacated.add(household.id)
        for done, row in enumerate(rows, 1):
            if row.problems:
                key, reason = row.problems[0]
                extra = "；".join(r for _, r in row.problems[1:])
                self.reject(row, key, reason + (f"；{extra}" if extra else ""))
            else:
                self.plan_row(row)
            if done % 1000 == 0:
                self.progress(done, total)
        self.find_conflicts()
        self.check_heads()
        self.build_households()
        self.plan_moves()
        self.plan.residents = [change for row, change in self.changes if id(row) not in self.rejected_rows]
        self.plan.rejected.sort(key=lambda p: (self.plan.sheets.index(p.sheet), p.row))
        self.progress(total, total)

    # ------------------------------------------------------------ rows

    def reject(self, row: ParsedRow, key: str, reason: str) -> None:
        self.rejected_rows.add(id(row))
        self.plan.rejected.append(RowProblem(row.sheet, row.row, _column(self.titles, row.sheet, key), reason))

    def warn(self, row: ParsedRow, key: str, remark: str) -> None:
        self.plan.warnings.append(RowProblem(row.sheet, row.row, _column(self.titles, row.sheet, key), remark))

    def key_of(self, row: ParsedRow) -> AddressKey:
        data = row.data
        return (str(data.get("compound") or self.plan.compound), str(data["building"]),
                str(data["unit"]), str(data["room"]))

    def existing_household(self, key: AddressKey):
        snap = self.snap
        compound_id = snap.compounds.get(key[0])
        building_id = snap.buildings.get((compound_id, key[1])) if compound_id else None
        unit_id = snap.units.get((building_id, key[2])) if building_id else None
        return snap.households.get((unit_id, key[3])) if unit_id else None

    def plan_row(self, row: ParsedRow) -> None:
        data = row.data
        if row.is_household_only:
            if "room" in data and "building" in data and "unit" in data:
                self.household_rows.setdefault(self.key_of(row), []).append(row)
            return
        if "household_phone" in data:
            try:
                data["household_phone"] = registry.normalize_phone(str(data["household_phone"]))
            except ValidationError as exc:
                self.reject(row, "household_phone", exc.message)
                return
        key = self.key_of(row)
        household = self.existing_household(key)
        match = self.match(row, key, household.id if household else None)
        if match is False:
            return
        change = self.resident_change(row, key, household.id if household else None, match)
        if change is None:
            return
        self.household_rows.setdefault(key, []).append(row)
        if change.is_new:
            self.new_rows.add(id(row))
        elif not change.changes:
            self.plan.unchanged += 1
        self.changes.append((row, change))  # unchanged ones count in the head check, then go

    def match(self, row: ParsedRow, key: AddressKey, household_id: str | None) -> ExistingResident | None | bool:
        """The resident this row is about; None for a new one; False if rejected."""
        snap = self.snap
        raw = row.data.get("id_number")
        number = _compact_id(str(raw)) if raw else ""
        name = row.name
        if number:
            first = self.seen_ids.get(number)
            if first is not None:
                self.reject(row, "id_number", f"身份证号与{_where(first, row)}重复；同一人只能登记一次")
                return False
            self.seen_ids[number] = row
        earlier = self.seen_names.get((key, name))
        if earlier is not None and (not number or not earlier.data.get("id_number")):
            self.reject(row, "name", f"与{_where(earlier, row)}是同一户的同名居民；如确是两个人，请都填写身份证号")
            return False
        self.seen_names[(key, name)] = row
        resident: ExistingResident | None = None
        if number and number in snap.by_id_number:
            resident = snap.residents[snap.by_id_number[number]]
            if resident.name != name:
                # Same number, another name: a mistyped or copied ID far more
                # often than a renamed person. Never overwrite on a guess.
                self.reject(row, "id_number",
                            f"这个身份证号在台账中登记的是{resident.name}（{snap.address_of(resident.household_id)}），"
                            f"与表中的姓名“{name}”不同；请核对身份证号，如确是改名请在住户档案中修改")
                return False
        elif household_id is not None and household_id not in self.vacated:
            candidates = snap.by_name.get((household_id, name), [])
            if len(candidates) > 1:
                self.reject(row, "name", f"这一户在台账中有 {len(candidates)} 位叫“{name}”的居民，请填写身份证号以区分")
                return False
            if candidates:
                resident = snap.residents[candidates[0]]
                if number and resident.id_number and resident.id_number != number:
                    self.reject(row, "id_number",
                                f"这一户已登记的{name}身份证号是 {mask_id(resident.id_number)}，与表中不同；请核对")
                    return False
        if resident is not None:
            first = self.seen_residents.get(resident.id)
            if first is not None:
                self.reject(row, "name", f"与{_where(first, row)}是台账中的同一位居民")
                return False
            self.seen_residents[resident.id] = row
            if household_id != resident.household_id:
                self.warn(row, "room", f"{resident.name}在台账中住 {snap.address_of(resident.household_id)}，"
                                       "与表中住址不同；未转户，如已搬家请在住户档案中办理转户")
        return resident

    def resident_change(self, row: ParsedRow, key: AddressKey, household_id: str | None,
                        current: ExistingResident | None) -> ResidentChange | None:
        data = row.data
        snap = self.snap
        has_id = "id_number" in data
        cur_tags = snap.tags.get(current.id, set()) if current else set()
        cur_party = snap.party.get(current.id) if current else None
        political = str(data.get("political_status") or (current.political_status if current else "群众"))
        party = None
        party_cells = not _PARTY_KEYS.isdisjoint(data)
        if vocab.is_party_member(political) and (party_cells or cur_party or not current
                                                 or not vocab.is_party_member(current.political_status)):
            base = cur_party or PartyInfo()
            party = PartyInfo(
                joined_date=data.get("joined_date") or base.joined_date,  # type: ignore[arg-type]
                branch=str(data.get("branch") or base.branch),
                party_group=str(data.get("party_group") or base.party_group),
                presence=str(data.get("presence") or base.presence or "在小区"),
                reachable=bool(data["reachable"]) if "reachable" in data else base.reachable,
                notes=base.notes,
            )
        birth = data.get("birth_date")
        form = ResidentForm(
            name=row.name,
            sex=str(data.get("sex") or ("" if has_id or not current else current.sex)),
            id_number=str(data.get("id_number") or (current.id_number if current else "") or ""),
            birth_date=birth if birth is not None else (  # type: ignore[arg-type]
                None if has_id or not current or not current.birth_date
                else datetime.date.fromisoformat(current.birth_date)),
            phone=str(data.get("phone") or (current.phone if current else "")),
            relation=str(data.get("relation") or (current.relation if current else "")),
            political_status=political,
            tags=tuple(sorted(cur_tags)) + tuple(t for t in data.get("tags", ()) if t not in cur_tags),  # type: ignore[union-attr]
            notes=str(data.get("notes") or (current.notes if current else "")),
            party=party,
        )
        try:
            checked = registry.validate_resident(form, today=self.plan.today)
        except ValidationError as exc:
            self.reject(row, _FIELD_OF_ERROR.get(exc.field or "", exc.field or "name"), exc.message)
            return None
        partial = data.get("birth_partial")
        if partial is not None:
            born = checked.values["birth_date"] if checked.values["id_number"] else None
            if born and (int(born[:4]) != partial.year or (partial.month and int(born[5:7]) != partial.month)):
                self.reject(row, "birth_date", f"出生日期“{partial.written}”与身份证号不符（身份证号表明为 {born}）")
                return None
            if not born:
                self.warn(row, "birth_date", f"出生日期“{partial.written}”不完整，未导入")
        for remark in checked.warnings:
            self.warn(row, "id_number", remark)
        for key_, remark in row.warnings:
            self.warn(row, key_, remark)
        new_tags = tuple(t for t in checked.tags if t not in cur_tags)
        if current is None:
            status = str(data.get("status") or vocab.STATUS_LIVING)
            status_date = data.get("status_date") if status != vocab.STATUS_LIVING else None
            return ResidentChange(
                id=new_id(), household_id=household_id or "", sheet=row.sheet, row=row.row,
                is_new=True, values=checked.values, key=key, status=status,
                status_date=status_date.isoformat() if status_date else None,  # type: ignore[union-attr]
                tags=new_tags, party=checked.party, party_changed=checked.party is not None)
        changes = [_LABELS[k] for k, v in checked.values.items() if getattr(current, k) != v and (v or getattr(current, k))]
        if new_tags:
            changes.append("标签")
        party_changed = checked.party != cur_party
        if party_changed and "政治面貌" not in changes:
            changes.append("党员信息")
        return ResidentChange(
            id=current.id, household_id=current.household_id, sheet=row.sheet, row=row.row, is_new=False,
            values=checked.values, key=key, status=current.status, tags=new_tags, party=checked.party,
            party_changed=party_changed, changes=changes)

    # ------------------------------------------------------------ households

    def build_households(self) -> None:
        plan = self.plan
        needed: dict[AddressKey, str] = {}
        places: dict[tuple, str] = {}
        for key, rows in self.household_rows.items():
            accepted = [r for r in rows if id(r) not in self.rejected_rows]
            if not accepted:
                continue
            tenure, phone, notes = self.household_values(accepted)
            existing = self.existing_household(key)
            if existing is not None:
                changes = []
                if tenure and tenure != existing.tenure:
                    changes.append("居住性质")
                if phone and phone != existing.phone:
                    changes.append("户联系电话")
                if notes and notes != existing.notes:
                    changes.append("备注")
                if changes:
                    plan.households.append(HouseholdChange(
                        existing.id, key, existing.unit_id, False, tenure or existing.tenure,
                        phone or existing.phone, notes or existing.notes, changes))
                continue
            has_new_people = any(id(r) in self.new_rows for r in accepted)
            if not has_new_people and not any(r.is_household_only for r in accepted):
                continue
            unit_id = self.place_ids(key, places)
            household = HouseholdChange(new_id(), key, unit_id, True, tenure or "自有", phone, notes)
            plan.households.append(household)
            needed[key] = household.id
        for _, change in self.changes:
            if change.is_new and not change.household_id:
                change.household_id = needed[change.key]

    def household_values(self, rows: list[ParsedRow]) -> tuple[str, str, str]:
        values: dict[str, tuple[str, ParsedRow]] = {}
        for row in rows:
            for key in ("tenure", "household_phone", "notes"):
                value = row.data.get(key)
                if key == "notes":
                    value = row.data.get("household_notes") or (value if row.is_household_only else None)
                if not value:
                    continue
                if key not in values:
                    values[key] = (str(value), row)
                elif values[key][0] != value:
                    self.warn(row, key, f"同一户的{_column(self.titles, row.sheet, key)}与"
                                        f"{_where(values[key][1], row)}不同，按前者导入")
        return tuple(values.get(k, ("", None))[0] for k in ("tenure", "household_phone", "notes"))  # type: ignore[return-value]

    def place_ids(self, key: AddressKey, made: dict[tuple, str]) -> str:
        """The unit id for ``key``, creating the compound, building and unit as needed."""
        snap, plan = self.snap, self.plan
        compound, building, unit, _room = key
        compound_id = snap.compounds.get(compound) or made.get(("compound", compound))
        if compound_id is None:
            compound_id = made[("compound", compound)] = new_id()
            plan.places.append(NewPlace("compound", compound_id, "", compound, compound))
        building_id = snap.buildings.get((compound_id, building)) or made.get(("building", compound_id, building))
        if building_id is None:
            building_id = made[("building", compound_id, building)] = new_id()
            prefix = f"{compound} " if compound != plan.compound else ""
            plan.places.append(NewPlace("building", building_id, compound_id, building, f"{prefix}{building}"))
        unit_id = snap.units.get((building_id, unit)) or made.get(("unit", building_id, unit))
        if unit_id is None:
            unit_id = made[("unit", building_id, unit)] = new_id()
            prefix = f"{compound} " if compound != plan.compound else ""
            plan.places.append(NewPlace("unit", unit_id, building_id, unit, f"{prefix}{building}{unit}"))
        return unit_id


_PARTY_KEYS = frozenset({"joined_date", "branch", "party_group", "presence", "reachable"})
_LABELS = {"name": "姓名", "sex": "性别", "id_number": "身份证号", "birth_date": "出生日期", "phone": "联系电话",
           "relation": "与户主关系", "political_status": "政治面貌", "notes": "备注"}


def _compact_id(raw: str) -> str:
    try:
        return idcard.normalize(raw)
    except Exception:  # stdnum's clean-up of odd text; such an ID fails validation later anyway
        return raw.strip()


def _where(earlier: ParsedRow, row: ParsedRow) -> str:
    if earlier.sheet == row.sheet:
        return f"第 {earlier.row} 行"
    return f"工作表“{earlier.sheet}”第 {earlier.row} 行"

