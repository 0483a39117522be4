"""What an inspection covers: the whole compound, a building or a unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from core.errors import ValidationError
from core.inspections import checklists
from core.inspections.checklists import SCOPE_LABELS


@dataclass(frozen=True)
class Scope:
    """A place an inspection can cover, with its label and compound."""

    kind: str
    id: str
    label: str
    compound_id: str


#: SQL giving (label, compound id, community id) of a scope ``(kind, id)``.
_SCOPE_SQL = {
    checklists.SCOPE_COMPOUND:
        "SELECT c.name, c.id, c.community_id FROM compound c WHERE c.id = ?",
    checklists.SCOPE_BUILDING:
        "SELECT b.name, c.id, c.community_id FROM building b "
        "JOIN compound c ON c.id = b.compound_id WHERE b.id = ?",
    checklists.SCOPE_UNIT:
        "SELECT b.name || u.name, c.id, c.community_id FROM unit u "
        "JOIN building b ON b.id = u.building_id JOIN compound c ON c.id = b.compound_id "
        "WHERE u.id = ?",
}


def get_scope(db: Database, kind: str, scope_id: str) -> Scope:
    if kind not in _SCOPE_SQL:
        raise ValidationError("检查范围只能是 全小区、楼栋 或 单元", "scope")
    row = db.execute(_SCOPE_SQL[kind], [scope_id]).fetchone()
    if row is None:
        raise ValidationError(f"所选{SCOPE_LABELS[kind]}不存在，可能已被删除", "scope")
    return Scope(kind, scope_id, row[0], row[1])


def scope_choices(db: Database, compound_id: str | None = None) -> list[Scope]:
    """Every compound, building and unit, in tree order, for pickers."""
    scopes: list[Scope] = []
    compounds = db.execute(
        "SELECT id, name FROM compound WHERE ? IS NULL OR id = ? ORDER BY created_at, name",
        [compound_id, compound_id]).fetchall()
    for cid, cname in compounds:
        scopes.append(Scope(checklists.SCOPE_COMPOUND, cid, cname, cid))
        units: dict[str, list[tuple[str, str]]] = {}
        for uid, bid, uname in db.execute(
                "SELECT u.id, u.building_id, u.name FROM unit u JOIN building b ON b.id = u.building_id "
                "WHERE b.compound_id = ? ORDER BY u.sort_key, u.name", [cid]):
            units.setdefault(bid, []).append((uid, uname))
        for bid, bname in db.execute(
                "SELECT id, name FROM building WHERE compound_id = ? ORDER BY sort_key, name", [cid]):
            scopes.append(Scope(checklists.SCOPE_BUILDING, bid, bname, cid))
            for uid, uname in units.get(bid, []):
                scopes.append(Scope(checklists.SCOPE_UNIT, uid, bname + uname, cid))
    return scopes


def _community_of_compound(db: Database, compound_id: str) -> str:
    return db.execute("SELECT community_id FROM compound WHERE id = ?", [compound_id]).fetchone()[0]
