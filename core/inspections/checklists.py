"""Checklists: the nine standards (九个有), the unit hygiene checklist, and
templates the office writes itself, each kept in numbered versions.

This module is the one source of truth for the standards' wording, the
result choices and the scope kinds; widgets, the demo, exports and reports
take them from here.

A template's items are never edited in place. :func:`revise_template`
writes a new version holding the whole new list (reworded, reordered, added
or retired items); older versions stay as they were, and every inspection
copies the text of its items into its own result rows anyway. An item keeps
its ``key`` across versions when it is reworded or moved, so results of
"the same" item line up in the compliance matrix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from core.errors import ValidationError
from core.ledger import Ledger, new_id, now

# ---------------------------------------------------------------- vocabulary

RESULT_PASS = "达标"
RESULT_FAIL = "不达标"
RESULT_NA = "不适用"
#: The answers of a checklist item, in the order the form offers them.
RESULTS: tuple[str, ...] = (RESULT_PASS, RESULT_FAIL, RESULT_NA)

SCOPE_COMPOUND = "compound"
SCOPE_BUILDING = "building"
SCOPE_UNIT = "unit"
#: What an inspection covers, with the words the user sees.
SCOPE_LABELS: dict[str, str] = {SCOPE_COMPOUND: "全小区", SCOPE_BUILDING: "楼栋", SCOPE_UNIT: "单元"}
SCOPES: tuple[str, ...] = tuple(SCOPE_LABELS)

#: The nine standards the community holds every compound to (九个有).
NINE_STANDARDS: tuple[str, ...] = (
    "有完善的小区管理制度",
    "有完备的创文公益广告",
    "有整洁的垃圾分类设备",
    "有简便的单元门禁系统",
    "有标准的消防安全设施",
    "有规范的车辆停放泊位",
    "有便民的居民晾晒区域",
    "有利民的居民活动场所",
    "有适用的信息发布专栏",
)

#: What the unit hygiene supervisor (环境卫生) looks at each week.
HYGIENE_ITEMS: tuple[str, ...] = (
    "楼道整洁，地面无积尘杂物",
    "楼道无乱堆乱放",
    "墙面无小广告、无乱涂乱画",
    "垃圾及时清运，桶边无散落",
    "扶手、窗台、信报箱无积灰",
    "楼道灯完好，无私拉电线",
    "单元门口周边干净，无积水",
)

CODE_NINE = "nine_haves"
CODE_HYGIENE = "hygiene"


@dataclass(frozen=True)
class BuiltinTemplate:
    """A checklist every community starts with."""

    code: str
    name: str
    scope_kind: str
    items: tuple[str, ...]
    notes: str = ""


BUILTIN_TEMPLATES: tuple[BuiltinTemplate, ...] = (
    BuiltinTemplate(CODE_NINE, "九个有", SCOPE_COMPOUND, NINE_STANDARDS,
                    "小区“九个有”标准，每月对全小区检查一次，可对楼栋、单元抽查复查"),
    BuiltinTemplate(CODE_HYGIENE, "单元环境卫生", SCOPE_UNIT, HYGIENE_ITEMS,
                    "党员、委员轮流督导各单元环境卫生，每周一次"),
)

MAX_ITEM_LENGTH = 60
MAX_ITEMS = 60


def short_label(text: str) -> str:
    """A short column title for an item: ``有完善的小区管理制度`` → ``小区管理制度``.

    The nine standards all read 有 + adjective + 的 + thing; the thing is
    what tells them apart. Other items keep their first clause, cut to
    eight characters.
    """
    text = text.strip()
    if text.startswith("有") and "的" in text[:5]:
        return text[text.index("的") + 1:]
    head = text.split("，")[0].split(",")[0]
    if len(head) > 8 and len(head.split("、")[0]) >= 4:
        head = head.split("、")[0]
    return head if len(head) <= 8 else head[:7] + "…"


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class ChecklistItem:
    """One item of a template version."""

    key: str
    text: str
    position: int


@dataclass(frozen=True)
class ItemDraft:
    """An item as the template editor hands it over: ``key`` None for a new one."""

    text: str
    key: str | None = None


@dataclass(frozen=True)
class Template:
    """A template with its current (latest) version.

    Attributes:
        code: ``nine_haves`` / ``hygiene`` for the built-in ones, else None.
        scope_kind: the scope a new inspection with it starts from.
        retired: no longer offered for new inspections; old ones keep it.
    """

    id: str
    community_id: str
    code: str | None
    name: str
    scope_kind: str
    notes: str
    retired: bool
    version_id: str
    version_number: int
    items: tuple[ChecklistItem, ...]

    @property
    def builtin(self) -> bool:
        return self.code is not None


@dataclass(frozen=True)
class TemplateVersion:
    number: int
    id: str
    created_at: str
    note: str
    items: tuple[ChecklistItem, ...]


# ---------------------------------------------------------------- reading


def version_items(db: Database, version_id: str) -> tuple[ChecklistItem, ...]:
    return tuple(ChecklistItem(key, text, position) for key, text, position in db.execute(
        "SELECT item_key, text, position FROM checklist_item WHERE version_id = ? ORDER BY position",
        [version_id]))


_TEMPLATE_SQL = (
    "SELECT t.id, t.community_id, t.code, t.name, t.scope_kind, t.notes, t.retired, v.id, v.number "
    "FROM checklist_template t JOIN checklist_version v ON v.template_id = t.id "
    "AND v.number = (SELECT max(number) FROM checklist_version WHERE template_id = t.id)"
)


def _template(db: Database, row: Sequence) -> Template:
    return Template(id=row[0], community_id=row[1], code=row[2], name=row[3], scope_kind=row[4],
                    notes=row[5], retired=bool(row[6]), version_id=row[7], version_number=row[8],
                    items=version_items(db, row[7]))


def get_template(db: Database, template_id: str) -> Template:
    row = db.execute(f"{_TEMPLATE_SQL} WHERE t.id = ?", [template_id]).fetchone()
    if row is None:
        raise ValidationError("该检查表不存在，可能已被删除", "template")
    return _template(db, row)


def list_templates(db: Database, community_id: str | None = None, *,
                   include_retired: bool = False) -> list[Template]:
    """Templates, built-in ones first, then by name."""
    where, params = ["1"], []
    if community_id:
        where.append("t.community_id = ?")
        params.append(community_id)
    if not include_retired:
        where.append("t.retired = 0")
    rows = db.execute(
        f"{_TEMPLATE_SQL} WHERE {' AND '.join(where)} "
        "ORDER BY t.code IS NULL, t.code DESC, t.name", params).fetchall()
    return [_template(db, row) for row in rows]


def template_by_code(db: Database, community_id: str, code: str) -> Template | None:
    row = db.execute(f"{_TEMPLATE_SQL} WHERE t.community_id = ? AND t.code = ?",
                     [community_id, code]).fetchone()
    return _template(db, row) if row else None


def template_versions(db: Database, template_id: str) -> list[TemplateVersion]:
    """Every version of a template, newest first."""
    rows = db.execute(
        "SELECT number, id, created_at, note FROM checklist_version WHERE template_id = ? "
        "ORDER BY number DESC", [template_id]).fetchall()
    return [TemplateVersion(n, vid, created, note, version_items(db, vid))
            for n, vid, created, note in rows]


# ---------------------------------------------------------------- writing


def ensure_builtin_templates(ledger: Ledger, community_id: str) -> dict[str, str]:
    """Create the built-in templates of a community if missing; ``{code: template id}``."""
    have = dict(ledger.db.execute(
        "SELECT code, id FROM checklist_template WHERE community_id = ? AND code IS NOT NULL",
        [community_id]).fetchall())
    missing = [b for b in BUILTIN_TEMPLATES if b.code not in have]
    if not missing:
        return have

    def apply(db: Database) -> None:
        for builtin in missing:
            have[builtin.code] = _insert_template(
                db, community_id, builtin.name, builtin.items, builtin.scope_kind,
                builtin.notes, code=builtin.code)

    ledger.write("checklist.builtin", {"checklist_template", "checklist_version", "checklist_item"}, apply)
    return have


def _insert_template(db: Database, community_id: str, name: str, items: Iterable[str],
                     scope_kind: str, notes: str, code: str | None = None) -> str:
    template_id = new_id()
    stamp = now()
    db["checklist_template"].insert({
        "id": template_id, "community_id": community_id, "code": code, "name": name,
        "scope_kind": scope_kind, "notes": notes, "retired": 0,
        "created_at": stamp, "updated_at": stamp,
    })
    _insert_version(db, template_id, 1, [ItemDraft(text) for text in items], "初版")
    return template_id


def _insert_version(db: Database, template_id: str, number: int, items: Sequence[ItemDraft],
                    note: str) -> str:
    version_id = new_id()
    db["checklist_version"].insert({"id": version_id, "template_id": template_id,
                                    "number": number, "note": note, "created_at": now()})
    db["checklist_item"].insert_all(
        {"id": new_id(), "version_id": version_id, "item_key": item.key or new_id(),
         "position": position, "text": item.text}
        for position, item in enumerate(items, start=1))
    return version_id


def _check_items(items: Sequence[ItemDraft]) -> list[ItemDraft]:
    cleaned = [ItemDraft(" ".join(item.text.split()), item.key) for item in items]
    cleaned = [item for item in cleaned if item.text]
    if not cleaned:
        raise ValidationError("检查表至少要有一项", "items")
    if len(cleaned) > MAX_ITEMS:
        raise ValidationError(f"检查项太多（最多 {MAX_ITEMS} 项）", "items")
    seen: set[str] = set()
    keys: set[str] = set()
    for number, item in enumerate(cleaned, start=1):
        if len(item.text) > MAX_ITEM_LENGTH:
            raise ValidationError(f"第 {number} 项太长（最多 {MAX_ITEM_LENGTH} 个字）", "items")
        if item.text in seen:
            raise ValidationError(f"第 {number} 项“{item.text}”重复了", "items")
        if item.key and item.key in keys:
            raise ValueError(f"item key {item.key} given twice")
        seen.add(item.text)
        if item.key:
            keys.add(item.key)
    return cleaned


def _check_name(db: Database, community_id: str, name: str, template_id: str | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("请填写检查表名称", "name")
    if len(name) > 30:
        raise ValidationError("检查表名称太长（最多 30 个字）", "name")
    if db.execute("SELECT 1 FROM checklist_template WHERE community_id = ? AND name = ? "
                  "AND id IS NOT ?", [community_id, name, template_id]).fetchone():
        raise ValidationError(f"已有名为“{name}”的检查表", "name")
    return name


def _check_scope_kind(scope_kind: str) -> None:
    if scope_kind not in SCOPE_LABELS:
        raise ValidationError("检查范围只能是 全小区、楼栋 或 单元", "scope_kind")


_TABLES = {"checklist_template", "checklist_version", "checklist_item"}


def create_template(ledger: Ledger, community_id: str, name: str, items: Sequence[str], *,
                    scope_kind: str = SCOPE_COMPOUND, notes: str = "") -> str:
    """A new template of the office's own; returns its id."""
    name = _check_name(ledger.db, community_id, name)
    _check_scope_kind(scope_kind)
    cleaned = _check_items([ItemDraft(text) for text in items])
    return ledger.write(
        "checklist.create", _TABLES,
        lambda db: _insert_template(db, community_id, name, [i.text for i in cleaned],
                                    scope_kind, notes.strip()))


def revise_template(ledger: Ledger, template_id: str, items: Sequence[ItemDraft], *,
                    name: str | None = None, scope_kind: str | None = None,
                    notes: str | None = None, note: str = "") -> Template:
    """Save an edited template.

    ``items`` is the whole new list in its new order: an item keeping its
    ``key`` with new text is reworded, an old key left out is retired, an
    item without a key is new. If the list differs from the current
    version in any way, a new version is written; name, scope and notes
    are properties of the template and change in place.
    """
    current = get_template(ledger.db, template_id)
    new_name = current.name if name is None else _check_name(
        ledger.db, current.community_id, name, template_id)
    new_scope = current.scope_kind if scope_kind is None else scope_kind
    _check_scope_kind(new_scope)
    cleaned = _check_items(items)
    known = {item.key for item in current.items} | _all_keys(ledger.db, template_id)
    for item in cleaned:
        if item.key and item.key not in known:
            raise ValueError(f"item key {item.key} is not of template {template_id}")
    before = [(i.key, i.text) for i in current.items]
    after = [(i.key, i.text) for i in cleaned]
    items_changed = before != after

    def apply(db: Database) -> None:
        db.execute(
            "UPDATE checklist_template SET name = ?, scope_kind = ?, notes = ?, updated_at = ? "
            "WHERE id = ?",
            [new_name, new_scope, current.notes if notes is None else notes.strip(), now(),
             template_id])
        if items_changed:
            _insert_version(db, template_id, current.version_number + 1, cleaned,
                            note.strip() or _describe_change(current.items, cleaned))

    ledger.write("checklist.edit", _TABLES, apply, ids=[template_id])
    return get_template(ledger.db, template_id)


def _all_keys(db: Database, template_id: str) -> set[str]:
    return {k for (k,) in db.execute(
        "SELECT DISTINCT i.item_key FROM checklist_item i JOIN checklist_version v "
        "ON v.id = i.version_id WHERE v.template_id = ?", [template_id])}


def _describe_change(old: Sequence[ChecklistItem], new: Sequence[ItemDraft]) -> str:
    """``新增 1 项，改写 2 项，停用 1 项``: the default note of a new version."""
    old_text = {i.key: i.text for i in old}
    new_keys = [i.key for i in new if i.key]
    added = sum(1 for i in new if not i.key or i.key not in old_text)
    reworded = sum(1 for i in new if i.key in old_text and old_text[i.key] != i.text)
    retired = sum(1 for key in old_text if key not in new_keys)
    parts = [f"{label} {n} 项" for label, n in (("新增", added), ("改写", reworded), ("停用", retired)) if n]
    old_order = [k for k in (i.key for i in old) if k in new_keys]
    new_order = [k for k in new_keys if k in old_text]
    if old_order != new_order:
        parts.append("调整顺序")
    return "，".join(parts) or "修改"


def set_template_retired(ledger: Ledger, template_id: str, retired: bool) -> None:
    """Stop offering a template for new inspections (or offer it again)."""
    get_template(ledger.db, template_id)
    ledger.write(
        "checklist.retire" if retired else "checklist.restore", {"checklist_template"},
        lambda db: db.execute(
            "UPDATE checklist_template SET retired = ?, updated_at = ? WHERE id = ?",
            [int(retired), now(), template_id]),
        ids=[template_id])
