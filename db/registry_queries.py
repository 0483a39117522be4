"""Read queries of the household registry: the tree, filtered residents and
households page by page, and the counts shown in the status bar.

Searching is a scan of ``resident.search_text`` with ``LIKE``: SQLite's
full-text tokenizers cannot match a two-character Chinese name inside a
run of Chinese, and at 50,000 residents a scan of one column is fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from core import vocab

_ADDRESS_JOINS = (
    "JOIN household h ON h.id = r.household_id "
    "JOIN unit u ON u.id = h.unit_id "
    "JOIN building b ON b.id = u.building_id "
    "JOIN compound c ON c.id = b.compound_id"
)

SCOPE_ALL = "all"
SCOPE_COMPOUND = "compound"
SCOPE_BUILDING = "building"
SCOPE_UNIT = "unit"
_SCOPE_COLUMN = {SCOPE_COMPOUND: "c.id", SCOPE_BUILDING: "b.id", SCOPE_UNIT: "u.id"}


@dataclass(frozen=True)
class RegistryFilter:
    """What the registry tab is showing.

    Attributes:
        scope: ``all``, ``compound``, ``building`` or ``unit``.
        scope_id: the id of the selected compound, building or unit.
        text: the search box; words separated by spaces must all match.
        party_only: only party members.
        tag: only residents carrying this tag.
        statuses: resident statuses shown; empty means all.
        household_id: narrow residents to one household.
    """

    scope: str = SCOPE_ALL
    scope_id: str | None = None
    text: str = ""
    party_only: bool = False
    tag: str | None = None
    statuses: tuple[str, ...] = (vocab.STATUS_LIVING,)
    household_id: str | None = None

    @property
    def filters_residents(self) -> bool:
        """True when the filter picks residents, not only a place."""
        return bool(self.text.strip() or self.party_only or self.tag)


@dataclass
class Where:
    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


def _scope(f: RegistryFilter, where: Where) -> None:
    if f.scope != SCOPE_ALL and f.scope_id:
        where.add(f"{_SCOPE_COLUMN[f.scope]} = ?", f.scope_id)


def _resident_where(f: RegistryFilter, *, with_household: bool = True) -> Where:
    where = Where()
    _scope(f, where)
    if with_household and f.household_id:
        where.add("r.household_id = ?", f.household_id)
    for word in f.text.lower().split():
        where.add("r.search_text LIKE ? ESCAPE '\\'", "%" + _escape_like(word) + "%")
    if f.party_only:
        where.add("r.political_status IN ('中共党员', '中共预备党员')")
    if f.tag:
        where.add("EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.tag = ?)", f.tag)
    if f.statuses:
        where.add(f"r.status IN ({', '.join('?' * len(f.statuses))})", *f.statuses)
    return where


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------- residents

#: Columns of the resident table: key, SQL expression.
RESIDENT_COLUMNS: dict[str, str] = {
    "id": "r.id",
    "household_id": "r.household_id",
    "compound": "c.name",
    "address": "b.name || u.name || h.room",
    "name": "r.name",
    "sex": "r.sex",
    "birth_date": "r.birth_date",
    "relation": "r.relation",
    "id_number": "r.id_number",
    "phone": "r.phone",
    "political_status": "r.political_status",
    "tags": "(SELECT group_concat(tag, '、') FROM resident_tag t WHERE t.resident_id = r.id)",
    "status": "r.status",
    "status_date": "r.status_date",
    "presence": "(SELECT presence FROM party_member p WHERE p.resident_id = r.id)",
}

_ADDRESS_ORDER = "b.sort_key, b.name, u.sort_key, u.name, h.room_key, h.room"
_RESIDENT_ORDER = {
    "address": _ADDRESS_ORDER + ", r.relation != '户主', r.birth_date",
    "name": "r.name",
    "sex": "r.sex",
    "birth_date": "r.birth_date",
    "relation": "r.relation",
    "political_status": "r.political_status",
    "status": "r.status",
}


def resident_page(db: Database, f: RegistryFilter, offset: int, limit: int,
                  order: str = "address", descending: bool = False) -> list[dict]:
    """One page of the residents ``f`` selects, as dicts keyed like RESIDENT_COLUMNS."""
    where = _resident_where(f)
    order_sql = _RESIDENT_ORDER.get(order, _RESIDENT_ORDER["address"])
    if descending:
        order_sql = ", ".join(part.strip() + " DESC" for part in order_sql.split(","))
    columns = ", ".join(RESIDENT_COLUMNS.values())
    rows = db.execute(
        f"SELECT {columns} FROM resident r {_ADDRESS_JOINS} WHERE {where.sql()} "
        f"ORDER BY {order_sql}, r.id LIMIT ? OFFSET ?",
        [*where.params, limit, offset],
    ).fetchall()
    keys = list(RESIDENT_COLUMNS)
    return [dict(zip(keys, row)) for row in rows]


@dataclass(frozen=True)
class Counts:
    households: int
    residents: int
    party_members: int


def resident_counts(db: Database, f: RegistryFilter) -> Counts:
    """户数 / 人数 / 党员数 of what ``f`` shows."""
    where = _resident_where(f)
    row = db.execute(
        "SELECT count(DISTINCT r.household_id), count(*), "
        "sum(r.political_status IN ('中共党员', '中共预备党员')) "
        f"FROM resident r {_ADDRESS_JOINS} WHERE {where.sql()}",
        where.params,
    ).fetchone()
    return Counts(row[0] or 0, row[1] or 0, row[2] or 0)


# ---------------------------------------------------------------- households

HOUSEHOLD_COLUMNS: dict[str, str] = {
    "id": "h.id",
    "compound": "c.name",
    "address": "b.name || u.name || h.room",
    "head": "(SELECT name FROM resident x WHERE x.household_id = h.id AND x.relation = '户主' "
            "AND x.status = '在住' LIMIT 1)",
    "living": "(SELECT count(*) FROM resident x WHERE x.household_id = h.id AND x.status = '在住')",
    "tenure": "h.tenure",
    "phone": "h.phone",
    "notes": "h.notes",
}

_HOUSEHOLD_JOINS = (
    "JOIN unit u ON u.id = h.unit_id "
    "JOIN building b ON b.id = u.building_id "
    "JOIN compound c ON c.id = b.compound_id"
)


def _household_where(f: RegistryFilter) -> Where:
    where = Where()
    _scope(f, where)
    if f.filters_residents:
        inner = _resident_where(f, with_household=False)
        clause = f"h.id IN (SELECT r.household_id FROM resident r {_ADDRESS_JOINS} WHERE {inner.sql()})"
        params = list(inner.params)
        words = f.text.lower().split()
        if words and not f.party_only and not f.tag:
            # A room typed alone ("301") finds empty households too.
            room_clause = " AND ".join(
                "(b.name || u.name || h.room || ' ' || h.room || ' ' || h.phone) LIKE ? ESCAPE '\\'"
                for _ in words)
            clause = f"({clause} OR ({room_clause}))"
            params += ["%" + _escape_like(w) + "%" for w in words]
        where.add(clause, *params)
    return where


def household_page(db: Database, f: RegistryFilter, offset: int, limit: int,
                   order: str = "address", descending: bool = False) -> list[dict]:
    where = _household_where(f)
    order_sql = {"address": _ADDRESS_ORDER, "tenure": "h.tenure", "living": "living"}.get(order, _ADDRESS_ORDER)
    if descending:
        order_sql = ", ".join(part.strip() + " DESC" for part in order_sql.split(","))
    columns = ", ".join(f"{sql} AS {key}" for key, sql in HOUSEHOLD_COLUMNS.items())
    rows = db.execute(
        f"SELECT {columns} FROM household h {_HOUSEHOLD_JOINS} WHERE {where.sql()} "
        f"ORDER BY {order_sql}, h.id LIMIT ? OFFSET ?",
        [*where.params, limit, offset],
    ).fetchall()
    keys = list(HOUSEHOLD_COLUMNS)
    return [dict(zip(keys, row)) for row in rows]


def household_count(db: Database, f: RegistryFilter) -> int:
    where = _household_where(f)
    return db.execute(
        f"SELECT count(*) FROM household h {_HOUSEHOLD_JOINS} WHERE {where.sql()}", where.params
    ).fetchone()[0]


# ---------------------------------------------------------------- tree


@dataclass
class TreeNode:
    """A compound, building or unit with its living counts."""

    kind: str
    id: str
    name: str
    households: int = 0
    residents: int = 0
    children: list[TreeNode] = field(default_factory=list)


def registry_tree(db: Database) -> list[TreeNode]:
    """Compounds › buildings › units, each with households and living residents."""
    unit_counts = {
        unit_id: (households, residents)
        for unit_id, households, residents in db.execute(
            "SELECT h.unit_id, count(DISTINCT h.id), "
            "(SELECT count(*) FROM resident r JOIN household hh ON hh.id = r.household_id "
            " WHERE hh.unit_id = h.unit_id AND r.status = '在住') "
            "FROM household h GROUP BY h.unit_id")
    }
    compounds: dict[str, TreeNode] = {}
    for cid, name in db.execute("SELECT id, name FROM compound ORDER BY created_at, name"):
        compounds[cid] = TreeNode(SCOPE_COMPOUND, cid, name)
    buildings: dict[str, TreeNode] = {}
    for bid, cid, name in db.execute(
            "SELECT id, compound_id, name FROM building ORDER BY sort_key, name"):
        node = TreeNode(SCOPE_BUILDING, bid, name)
        buildings[bid] = node
        compounds[cid].children.append(node)
    for uid, bid, name in db.execute(
            "SELECT id, building_id, name FROM unit ORDER BY sort_key, name"):
        households, residents = unit_counts.get(uid, (0, 0))
        buildings[bid].children.append(TreeNode(SCOPE_UNIT, uid, name, households, residents))
    for node in buildings.values():
        node.households = sum(c.households for c in node.children)
        node.residents = sum(c.residents for c in node.children)
    for node in compounds.values():
        node.households = sum(c.households for c in node.children)
        node.residents = sum(c.residents for c in node.children)
    return list(compounds.values())


def tag_choices(db: Database) -> list[str]:
    """The tag list of core.vocab, followed by any other tag found in the data."""
    used = [t for (t,) in db.execute("SELECT DISTINCT tag FROM resident_tag ORDER BY tag")]
    return list(vocab.VULNERABLE_TAGS) + [t for t in used if t not in vocab.VULNERABLE_TAGS]


def households_of_unit(db: Database, unit_id: str) -> list[tuple[str, str]]:
    """(id, room) of a unit's households, in room order, for pickers."""
    return db.execute(
        "SELECT id, room FROM household WHERE unit_id = ? ORDER BY room_key, room", [unit_id]
    ).fetchall()


def is_empty(db: Database) -> bool:
    """True when no compound has been set up yet (first run)."""
    return db.execute("SELECT count(*) FROM compound").fetchone()[0] == 0
