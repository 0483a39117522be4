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
        return bool(self.places or self.households or self.residents)
