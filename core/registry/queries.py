"""Read queries of the household registry: the tree, filtered residents and
households page by page, and the counts shown in the status bar.

Searching is a scan of ``resident.search_text`` with ``LIKE``: SQLite's
full-text tokenizers cannot match a two-character Chinese name inside a
run of Chinese, and at 50,000 residents a scan of one column is fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlite_utils import Database

from core import vocab

#: The joins that give residents (r) their household (h), unit (u),
#: building (b) and compound (c); and households theirs.
RESIDENT_JOINS = (
    "JOIN household h ON h.id = r.household_id "
    "JOIN unit u ON u.id = h.unit_id "
    "JOIN building b ON b.id = u.building_id "
    "JOIN compound c ON c.id = b.compound_id"
)
HOUSEHOLD_JOINS = (
    "JOIN unit u ON u.id = h.unit_id "
    "JOIN building b ON b.id = u.building_id "
    "JOIN compound c ON c.id = b.compound_id"
)

SCOPE_ALL = "all"
SCOPE_COMPOUND = "compound"
SCOPE_BUILDING = "building"
SCOPE_UNIT = "unit"

#: Units of a scope, as a subquery, so filters need no joins.
_SCOPE_UNITS = {
    SCOPE_UNIT: "?",
    SCOPE_BUILDING: "SELECT id FROM unit WHERE building_id = ?",
    SCOPE_COMPOUND: "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id WHERE b.compound_id = ?",
}


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
        community_id: only this community's (None: every community held).
    """

    scope: str = SCOPE_ALL
    scope_id: str | None = None
    text: str = ""
    party_only: bool = False
    tag: str | None = None
    statuses: tuple[str, ...] = (vocab.STATUS_LIVING,)
    household_id: str | None = None
    community_id: str | None = None

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


def _units_clause(f: RegistryFilter, column: str, where: Where) -> None:
    if f.scope != SCOPE_ALL and f.scope_id:
        units = _SCOPE_UNITS[f.scope]
        if f.scope == SCOPE_UNIT:
            where.add(f"{column} = ?", f.scope_id)
        else:
            where.add(f"{column} IN ({units})", f.scope_id)


def _resident_where(f: RegistryFilter, *, with_household: bool = True) -> Where:
    """Conditions on ``resident r`` alone (no joins)."""
    where = Where()
    if f.community_id:
        # "+" keeps the planner off the (community, ID number) index: the
        # filter narrows nothing in a one-community ledger.
        where.add("+r.community_id = ?", f.community_id)
    if f.scope != SCOPE_ALL and f.scope_id:
        inner = Where()
        _units_clause(f, "unit_id", inner)
        where.add(f"r.household_id IN (SELECT id FROM household WHERE {inner.sql()})", *inner.params)
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


def _descending(order_sql: str) -> str:
    return ", ".join(part.strip() + " DESC" for part in order_sql.split(","))


def _fetch_in_order(db: Database, select: str, joins: str, alias: str, ids: list[str],
                    keys: list[str]) -> list[dict]:
    """The display rows of ``ids`` (a page), in the order of ``ids``."""
    if not ids:
        return []
    rows = db.execute(
        f"SELECT {select} FROM {joins} WHERE {alias}.id IN ({', '.join('?' * len(ids))})", ids).fetchall()
    by_id = {row[0]: dict(zip(keys, row)) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


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

_RESIDENT_ORDER = {
    "address": "r.address_key",
    "name": "r.name, r.address_key",
    "sex": "r.sex, r.address_key",
    "birth_date": "r.birth_date, r.address_key",
    "relation": "r.relation, r.address_key",
    "political_status": "r.political_status, r.address_key",
    "status": "r.status, r.address_key",
}


def resident_page(db: Database, f: RegistryFilter, offset: int, limit: int,
                  order: str = "address", descending: bool = False) -> list[dict]:
    """One page of the residents ``f`` selects, as dicts keyed like RESIDENT_COLUMNS.

    The page's ids are found on the resident table alone (its address_key
    index gives the order), then only those rows are joined for display.
    """
    where = _resident_where(f)
    order_sql = _RESIDENT_ORDER.get(order, _RESIDENT_ORDER["address"])
    if descending:
        order_sql = _descending(order_sql)
    ids = [i for (i,) in db.execute(
        f"SELECT r.id FROM resident r WHERE {where.sql()} ORDER BY {order_sql}, r.id LIMIT ? OFFSET ?",
        [*where.params, limit, offset])]
    return resident_rows(db, ids)


def resident_rows(db: Database, ids: list[str]) -> list[dict]:
    """Display rows (keyed like RESIDENT_COLUMNS) of the residents ``ids``, in that order."""
    return _fetch_in_order(db, ", ".join(RESIDENT_COLUMNS.values()), f"resident r {RESIDENT_JOINS}",
                           "r", ids, list(RESIDENT_COLUMNS))


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
        f"FROM resident r WHERE {where.sql()}",
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

_HOUSEHOLD_ORDER = {
    "address": "h.address_key",
    "tenure": "h.tenure, h.address_key",
    "living": "(SELECT count(*) FROM resident x WHERE x.household_id = h.id AND x.status = '在住'), h.address_key",
}


def _household_where(f: RegistryFilter) -> Where:
    where = Where()
    if f.community_id:
        where.add("+h.community_id = ?", f.community_id)
    _units_clause(f, "h.unit_id", where)
    if f.filters_residents:
        inner = _resident_where(replace(f, scope=SCOPE_ALL, scope_id=None), with_household=False)
        clause = f"h.id IN (SELECT r.household_id FROM resident r WHERE {inner.sql()})"
        params = list(inner.params)
        words = f.text.lower().split()
        if words and not f.party_only and not f.tag:
            # A room typed alone ("301") finds empty households too.
            room_clause = " AND ".join("h.search_text LIKE ? ESCAPE '\\'" for _ in words)
            clause = f"({clause} OR ({room_clause}))"
            params += ["%" + _escape_like(w) + "%" for w in words]
        where.add(clause, *params)
    return where


def household_page(db: Database, f: RegistryFilter, offset: int, limit: int,
                   order: str = "address", descending: bool = False) -> list[dict]:
    where = _household_where(f)
    order_sql = _HOUSEHOLD_ORDER.get(order, _HOUSEHOLD_ORDER["address"])
    if descending:
        order_sql = _descending(order_sql)
    ids = [i for (i,) in db.execute(
        f"SELECT h.id FROM household h WHERE {where.sql()} ORDER BY {order_sql}, h.id LIMIT ? OFFSET ?",
        [*where.params, limit, offset])]
    return household_rows(db, ids)


def household_rows(db: Database, ids: list[str]) -> list[dict]:
    """Display rows (keyed like HOUSEHOLD_COLUMNS) of the households ``ids``, in that order."""
    return _fetch_in_order(db, ", ".join(HOUSEHOLD_COLUMNS.values()), f"household h {HOUSEHOLD_JOINS}",
                           "h", ids, list(HOUSEHOLD_COLUMNS))


def household_count(db: Database, f: RegistryFilter) -> int:
    where = _household_where(f)
    return db.execute(f"SELECT count(*) FROM household h WHERE {where.sql()}", where.params).fetchone()[0]


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


def registry_tree(db: Database, community_id: str | None = None, *,
                  unit_counts: dict[str, tuple[int, int]] | None = None) -> list[TreeNode]:
    """Compounds › buildings › units (of one community when given), each with
    households and living residents.

    ``unit_counts`` ({unit: (households, living residents)}, as
    ``RegistrySearch.unit_counts`` gives them from memory) spares the scan
    of every resident that counting them in SQL takes."""
    if unit_counts is None:
        households = dict(db.execute("SELECT unit_id, count(*) FROM household GROUP BY unit_id").fetchall())
        living = dict(db.execute(
            "SELECT h.unit_id, count(*) FROM resident r JOIN household h ON h.id = r.household_id "
            "WHERE r.status = '在住' GROUP BY h.unit_id").fetchall())
        unit_counts = {unit: (count, living.get(unit, 0)) for unit, count in households.items()}
    compounds: dict[str, TreeNode] = {}
    for cid, name, community in db.execute(
            "SELECT id, name, community_id FROM compound ORDER BY created_at, name"):
        if community_id is None or community == community_id:
            compounds[cid] = TreeNode(SCOPE_COMPOUND, cid, name)
    buildings: dict[str, TreeNode] = {}
    for bid, cid, name in db.execute(
            "SELECT id, compound_id, name FROM building ORDER BY sort_key, name"):
        if cid not in compounds:
            continue
        node = TreeNode(SCOPE_BUILDING, bid, name)
        buildings[bid] = node
        compounds[cid].children.append(node)
    for uid, bid, name in db.execute(
            "SELECT id, building_id, name FROM unit ORDER BY sort_key, name"):
        if bid not in buildings:
            continue
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
