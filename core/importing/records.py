"""What an import plan is made of: rejected rows, places, households and
residents to create or update, and the plan that holds them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from core import vocab
from core.registry import PartyInfo

#: (compound, building, unit, room) as the ledger names them.
AddressKey = tuple[str, str, str, str]


@dataclass(frozen=True)
class RowProblem:
    """A rejected row (or a remark on an accepted one).

    Attributes:
        sheet / row: where it is in the file.
        column: the column at fault as headed in the file, or ``""``.
        reason: what is wrong and what to do, in Chinese.
    """

    sheet: str
    row: int
    column: str
    reason: str


@dataclass
class NewPlace:
    """A compound, building or unit the import creates."""

    kind: str  # compound, building or unit
    id: str
    parent_id: str
    name: str
    label: str  # 红星小区 3栋 2单元


@dataclass(slots=True)
class HouseholdChange:
    """A household the import creates or updates."""

    id: str
    key: AddressKey
    unit_id: str
    is_new: bool
    tenure: str
    phone: str
    notes: str
    changes: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return "".join(self.key[1:])


@dataclass(slots=True)
class ResidentChange:
    """A resident the import creates or updates.

    Attributes:
        values: the resident's columns as they will be stored.
        tags: tags to add.
        party: party details to store (None: not a party member).
        changes: labels of what changed (for the preview); empty for new.
    """

    id: str
    household_id: str
    sheet: str
    row: int
    is_new: bool
    values: dict
    key: AddressKey
    status: str = vocab.STATUS_LIVING
    status_date: str | None = None
    tags: tuple[str, ...] = ()
    party: PartyInfo | None = None
    party_changed: bool = False
    changes: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return "".join(self.key[1:])


#: What to do with a register household that another family holds in the ledger.
SKIP = "skip"          # import nothing of it (the default)
REPLACE = "replace"    # the ledger's household moved out; the register's moves in
MERGE = "merge"        # the same family: merge as usual
CONFLICT_CHOICES: dict[str, str] = {
    SKIP: "跳过这一户（不导入）",
    REPLACE: "原住户已迁出，表中这一户迁入",
    MERGE: "是同一家人，合并",
}


@dataclass
class HouseholdConflict:
    """A register household whose room the ledger gives to another family:
    the register and the ledger disagree about who heads it, or the
    register's head row was rejected. Nothing of it is merged unless the
    user chooses so.

    Attributes:
        key: the room (compound, building, unit, room).
        household_id: the ledger's household in that room.
        ledger_head: the ledger's living head ("" if none).
        ledger_members: the ledger's living residents of that room.
        register_head: the head the register names ("" if none).
        register_members: the names on the register's rows for the room.
        rows: (sheet, row) of the register's rows for the room.
        reason: why it is a conflict, in Chinese.
        choice: SKIP, REPLACE or MERGE.
    """

    key: AddressKey
    household_id: str
    ledger_head: str
    ledger_members: list[str]
    register_head: str
    register_members: list[str]
    rows: list[tuple[str, int]]
    reason: str
    choice: str = SKIP

    @property
    def address(self) -> str:
        return "".join(self.key[1:])

    def line(self) -> str:
        ledger = self.ledger_head or "（无户主）"
        others = [n for n in self.ledger_members if n != self.ledger_head]
        if others:
            ledger += f"，同住 {'、'.join(others[:4])}" + ("等" if len(others) > 4 else "")
        register = self.register_head or "（户主行被拒绝或未写）"
        mates = [n for n in self.register_members if n != self.register_head]
        if mates:
            register += f"，同户 {'、'.join(mates[:4])}" + ("等" if len(mates) > 4 else "")
        return f"{self.address}：台账中是 {ledger}；表中是 {register}。{self.reason}"


@dataclass
class MovedOut:
    """A ledger resident recorded as moved out because the user said the
    register's household moved into the room (REPLACE)."""

    resident_id: str
    name: str
    household_id: str


@dataclass
class ImportPlan:
    """Everything an import would do, and every row it would not take.

    Attributes:
        source: the file's name.
        compound: the compound chosen for rows without a 小区 cell.
        sheets: names of the sheets read.
        rows: data rows considered (blank and 合计 rows not counted).
        places: compounds, buildings and units to create.
        households: households to create or update.
        residents: residents to create or update.
        unchanged: matched residents the sheet holds nothing new for.
        rejected: rejected rows, one entry per row.
        warnings: remarks on accepted rows.
        notes: remarks on the file as a whole.
        community_id: None when the ledger is empty (one is created).
        fingerprint: the ledger's state the plan was made against.
        file_compound: the compound the register's title row names, if any.
        conflicts: register households another family holds in the ledger.
        moved_out: ledger residents to record as moved out (REPLACE choices).
    """

    source: str
    compound: str
    sheets: list[str] = field(default_factory=list)
    rows: int = 0
    places: list[NewPlace] = field(default_factory=list)
    households: list[HouseholdChange] = field(default_factory=list)
    residents: list[ResidentChange] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    community_id: str | None = None
    fingerprint: tuple = ()
    today: datetime.date = field(default_factory=datetime.date.today)
    file_compound: str = ""
    conflicts: list[HouseholdConflict] = field(default_factory=list)
    moved_out: list[MovedOut] = field(default_factory=list)

    @property
    def new_residents(self) -> list[ResidentChange]:
        return [r for r in self.residents if r.is_new]

    @property
    def updated_residents(self) -> list[ResidentChange]:
        return [r for r in self.residents if not r.is_new]

    @property
    def new_households(self) -> list[HouseholdChange]:
        return [h for h in self.households if h.is_new]

    @property
    def updated_households(self) -> list[HouseholdChange]:
        return [h for h in self.households if not h.is_new]

    @property
    def has_changes(self) -> bool:
        return bool(self.places or self.households or self.residents or self.moved_out)

    @property
    def compound_differs(self) -> bool:
        """The register names a compound other than the one imported into."""
        return bool(self.file_compound) and self.file_compound != self.compound
