"""One inspection from start to completion: reading it, checking what was
entered, saving drafts, completing (which opens a rectification for each
不达标 item), reopening and deleting drafts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from sqlite_utils import Database

from core.errors import ValidationError
from core.inspections import checklists
from core.inspections.checklists import RESULT_FAIL, RESULTS
from core.inspections.records import (
    EARLIEST_DATE,
    INSPECTION_PHOTO_OWNER,
    INSPECTION_TABLES,
    MAX_INSPECTORS,
    MAX_REMARK,
    PHOTO_OWNER,
    STATUS_DONE,
    STATUS_DRAFT,
    Inspection,
    Inspector,
    ResultEntry,
    ResultRow,
)
from core.inspections.rectifications import STATUS_TODO, insert_rectification
from core.inspections.scopes import _community_of_compound, get_scope
from core.ledger import Ledger, new_id, now
from core.child_rows import sync_rows
from core.photos import PHOTO_TABLES, count_photos, delete_photos_of
from core.text_rules import clean_notes


def get_inspection(db: Database, inspection_id: str) -> Inspection:
    row = db.execute(
        "SELECT id, community_id, template_id, version_id, template_name, date, scope_kind, "
        "scope_id, status, notes, rotation_slot_id, completed_at FROM inspection WHERE id = ?",
        [inspection_id]).fetchone()
    if row is None:
        raise ValidationError("该检查记录不存在，可能已被删除", "inspection")
    inspectors = tuple(Inspector(name, rid) for name, rid in db.execute(
        "SELECT name, resident_id FROM inspection_inspector WHERE inspection_id = ? ORDER BY position",
        [inspection_id]))
    results = tuple(
        ResultRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], _date(r[8]))
        for r in db.execute(
            "SELECT id, item_key, position, text, result, remark, fix_responsible, "
            "fix_resident_id, fix_deadline FROM inspection_result WHERE inspection_id = ? "
            "ORDER BY position", [inspection_id]))
    try:
        label = get_scope(db, row[6], row[7]).label
    except ValidationError:
        label = "（已删除）"
    return Inspection(
        id=row[0], community_id=row[1], template_id=row[2], version_id=row[3],
        template_name=row[4], date=datetime.date.fromisoformat(row[5]), scope_kind=row[6],
        scope_id=row[7], scope_label=label, status=row[8], notes=row[9],
        rotation_slot_id=row[10], completed_at=row[11], inspectors=inspectors, results=results)


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def inspection_of_result(db: Database, result_id: str) -> str | None:
    row = db.execute("SELECT inspection_id FROM inspection_result WHERE id = ?", [result_id]).fetchone()
    return row[0] if row else None


def check_date(date: datetime.date | None, today: datetime.date | None = None,
               field: str = "date", what: str = "检查日期") -> datetime.date:
    today = today or datetime.date.today()
    if date is None:
        raise ValidationError(f"请填写{what}", field)
    if date > today:
        raise ValidationError(f"{what}不能晚于今天", field)
    if date < EARLIEST_DATE:
        raise ValidationError(f"{what}太早了，请核对", field)
    return date


def check_inspectors(db: Database, inspectors: Iterable[Inspector]) -> tuple[Inspector, ...]:
    """Trimmed, without repeats; a resident id must be in the registry."""
    cleaned: list[Inspector] = []
    seen: set[str] = set()
    for person in inspectors:
        name = " ".join((person.name or "").split())
        if not name:
            continue
        if len(name) > 30:
            raise ValidationError(f"检查人“{name[:10]}…”的名字太长", "inspectors")
        if person.resident_id and db.execute(
                "SELECT 1 FROM resident WHERE id = ?", [person.resident_id]).fetchone() is None:
            raise ValidationError(f"检查人 {name} 不在居民名册中，可能已被删除", "inspectors")
        if name in seen:
            continue
        seen.add(name)
        cleaned.append(Inspector(name, person.resident_id))
    if len(cleaned) > MAX_INSPECTORS:
        raise ValidationError(f"检查人太多（最多 {MAX_INSPECTORS} 位）", "inspectors")
    return tuple(cleaned)


def parse_names(text: str) -> list[str]:
    """Names typed in one field, separated by 、，, ; or spaces."""
    for separator in "，,;；/":
        text = text.replace(separator, "、")
    return [name for part in text.split("、") for name in part.split() if name]


def _check_entry(db: Database, row: ResultRow, entry: ResultEntry, date: datetime.date) -> ResultRow:
    label = f"第 {row.position} 项“{row.text}”"
    if entry.result and entry.result not in RESULTS:
        raise ValidationError(f"{label}的结果只能是 达标、不达标 或 不适用", row.id)
    remark = " ".join((entry.remark or "").split())
    if len(remark) > MAX_REMARK:
        raise ValidationError(f"{label}的备注太长（最多 {MAX_REMARK} 个字）", row.id)
    responsible = " ".join((entry.fix_responsible or "").split())
    if len(responsible) > 30:
        raise ValidationError(f"{label}的整改责任人太长（最多 30 个字）", row.id)
    if entry.fix_resident_id and db.execute(
            "SELECT 1 FROM resident WHERE id = ?", [entry.fix_resident_id]).fetchone() is None:
        raise ValidationError(f"{label}的整改责任人不在居民名册中", row.id)
    if entry.fix_deadline is not None and entry.fix_deadline < date:
        raise ValidationError(f"{label}的整改期限早于检查日期", row.id)
    return replace(row, result=entry.result, remark=remark, fix_responsible=responsible,
                   fix_resident_id=entry.fix_resident_id or None, fix_deadline=entry.fix_deadline)


def check_complete(inspection: Inspection) -> None:
    """Raise ValidationError (field = the result row id) unless it can be completed."""
    if not inspection.inspectors:
        raise ValidationError("请填写检查人", "inspectors")
    for row in inspection.results:
        label = f"第 {row.position} 项“{row.text}”"
        if not row.result:
            raise ValidationError(f"{label}还没有填写结果", row.id)
        if row.result == RESULT_FAIL:
            if not row.fix_responsible:
                raise ValidationError(f"{label}不达标，请填写整改责任人", row.id)
            if row.fix_deadline is None:
                raise ValidationError(f"{label}不达标，请填写整改期限", row.id)


def _rotation_slot_for(db: Database, template: checklists.Template, scope_kind: str,
                       scope_id: str, date: datetime.date) -> str | None:
    """The hygiene rotation slot a unit's hygiene check on ``date`` fulfils."""
    if template.code != checklists.CODE_HYGIENE or scope_kind != checklists.SCOPE_UNIT:
        return None
    monday = date - datetime.timedelta(days=date.weekday())
    row = db.execute("SELECT id FROM rotation_slot WHERE unit_id = ? AND week_start = ?",
                     [scope_id, monday.isoformat()]).fetchone()
    return row[0] if row else None


def start_inspection(ledger: Ledger, template_id: str, *, date: datetime.date, scope_kind: str,
                     scope_id: str, inspectors: Sequence[Inspector] = (), notes: str = "",
                     rotation_slot_id: str | None = None,
                     today: datetime.date | None = None) -> str:
    """A new draft inspection holding a copy of the template's current items."""
    db = ledger.db
    template = checklists.get_template(db, template_id)
    if template.retired:
        raise ValidationError(f"检查表“{template.name}”已停用，请选择其他检查表", "template")
    check_date(date, today)
    scope = get_scope(db, scope_kind, scope_id)
    community_id = _community_of_compound(db, scope.compound_id)
    if community_id != template.community_id:
        raise ValidationError("检查表与检查范围不属于同一个社区", "scope")
    people = check_inspectors(db, inspectors)
    if rotation_slot_id is not None:
        slot = db.execute("SELECT unit_id FROM rotation_slot WHERE id = ?", [rotation_slot_id]).fetchone()
        if slot is None or scope_kind != checklists.SCOPE_UNIT or slot[0] != scope_id:
            raise ValidationError("轮值安排与所选单元不符", "scope")
    else:
        rotation_slot_id = _rotation_slot_for(db, template, scope_kind, scope_id, date)
    inspection_id = new_id()
    stamp = now()

    def apply(db: Database) -> None:
        db["inspection"].insert({
            "id": inspection_id, "community_id": community_id, "template_id": template.id,
            "version_id": template.version_id, "template_name": template.name,
            "date": date.isoformat(), "scope_kind": scope_kind, "scope_id": scope_id,
            "status": STATUS_DRAFT, "notes": clean_notes(notes),
            "rotation_slot_id": rotation_slot_id, "created_at": stamp, "updated_at": stamp,
            "completed_at": None,
        })
        _write_inspectors(db, inspection_id, people)
        db["inspection_result"].insert_all(
            {"id": new_id(), "inspection_id": inspection_id, "item_key": item.key,
             "position": item.position, "text": item.text, "result": "", "remark": "",
             "fix_responsible": "", "fix_resident_id": None, "fix_deadline": None,
             "updated_at": stamp}
            for item in template.items)

    ledger.write("inspection.create", INSPECTION_TABLES, apply, ids=[inspection_id])
    return inspection_id


def _write_inspectors(db: Database, inspection_id: str, people: Sequence[Inspector]) -> None:
    sync_rows(db, "inspection_inspector", {"inspection_id": inspection_id},
              ({"position": n, "name": p.name, "resident_id": p.resident_id}
               for n, p in enumerate(people, start=1)), key=("position",))


def _result_values(r: ResultRow) -> tuple:
    return (r.result, r.remark, r.fix_responsible, r.fix_resident_id,
            r.fix_deadline.isoformat() if r.fix_deadline else None)


def save_inspection(ledger: Ledger, inspection_id: str, *,
                    entries: Mapping[str, ResultEntry] | None = None,
                    date: datetime.date | None = None,
                    inspectors: Sequence[Inspector] | None = None,
                    notes: str | None = None,
                    complete: bool = False,
                    today: datetime.date | None = None) -> list[str]:
    """Save a draft's header and results; with ``complete`` also complete it.

    ``entries`` maps result row ids to what the form holds; rows not named
    are left as they are. Everything is checked before anything is written:
    a failed completion saves nothing (the form still holds the input).
    Returns the ids of the rectifications completing opened.
    """

    def apply(db: Database) -> list[str]:
        # Checked inside the transaction, against the inspection as it is now.
        current = get_inspection(db, inspection_id)
        if current.completed:
            raise ValidationError("这次检查已完成，结果不能再修改。如有错误，请先“退回草稿”", "status")
        new_date = check_date(date, today) if date is not None else current.date
        people = check_inspectors(db, inspectors) if inspectors is not None else current.inspectors
        rows = {row.id: row for row in current.results}
        for result_id in (entries or {}):
            if result_id not in rows:
                raise ValueError(f"result {result_id} is not of inspection {inspection_id}")
        merged = tuple(
            _check_entry(db, row, entries[row.id], new_date) if entries and row.id in entries else row
            for row in current.results)
        for row in merged:
            if row.fix_deadline is not None and row.fix_deadline < new_date:
                raise ValidationError(f"第 {row.position} 项的整改期限早于检查日期", row.id)
        state = replace(current, date=new_date, inspectors=people, results=merged,
                        notes=current.notes if notes is None else clean_notes(notes))
        if complete:
            check_complete(state)
        slot_id = current.rotation_slot_id
        if new_date != current.date and slot_id is not None:
            template = checklists.get_template(db, current.template_id)
            slot_id = _rotation_slot_for(db, template, current.scope_kind, current.scope_id, new_date)
        stamp = now()
        # Only what differs is written, so the change record shows the user's edits.
        changed = [r for r in merged if _result_values(r) != _result_values(rows[r.id])]
        db.conn.executemany(
            "UPDATE inspection_result SET result = ?, remark = ?, fix_responsible = ?, "
            "fix_resident_id = ?, fix_deadline = ?, updated_at = ? WHERE id = ?",
            [(*_result_values(r), stamp, r.id) for r in changed])
        if inspectors is not None:
            _write_inspectors(db, inspection_id, people)
        header = (new_date, state.notes, slot_id)
        if changed or header != (current.date, current.notes, current.rotation_slot_id) or (
                inspectors is not None and tuple(people) != tuple(current.inspectors)):
            db.execute(
                "UPDATE inspection SET date = ?, notes = ?, rotation_slot_id = ?, updated_at = ? "
                "WHERE id = ?", [new_date.isoformat(), state.notes, slot_id, stamp, inspection_id])
        if not complete:
            return []
        db.execute("UPDATE inspection SET status = ?, completed_at = ? WHERE id = ?",
                   [STATUS_DONE, stamp, inspection_id])
        return _open_rectifications(db, state)

    return ledger.write("inspection.complete" if complete else "inspection.save", INSPECTION_TABLES, apply,
                        ids=[inspection_id])


def complete_inspection(ledger: Ledger, inspection_id: str, *,
                        today: datetime.date | None = None) -> list[str]:
    """Complete a draft as it is saved; returns the rectifications opened."""
    return save_inspection(ledger, inspection_id, complete=True, today=today)


def _open_rectifications(db: Database, inspection: Inspection) -> list[str]:
    return [
        insert_rectification(db, inspection.community_id, inspection.id, row.id,
                             row.fix_responsible, row.fix_resident_id, row.fix_deadline,
                             inspection.date)
        for row in inspection.results if row.result == RESULT_FAIL
    ]


def reopen_inspection(ledger: Ledger, inspection_id: str) -> None:
    """Put a completed inspection back to draft, to correct a mistake.

    Allowed only while none of its rectifications has been started or
    closed; those still 待整改 are removed with it.
    """
    current = get_inspection(ledger.db, inspection_id)
    if not current.completed:
        raise ValidationError("这次检查还是草稿", "status")
    moved = ledger.db.execute(
        "SELECT count(*) FROM rectification WHERE inspection_id = ? AND status != ?",
        [inspection_id, STATUS_TODO]).fetchone()[0]
    if moved:
        raise ValidationError(
            f"这次检查已有 {moved} 项整改在进行或已完成，不能退回草稿。"
            "如结果有误，请另做一次复查", "status")
    rect_ids = [r for (r,) in ledger.db.execute(
        "SELECT id FROM rectification WHERE inspection_id = ?", [inspection_id])]
    if any(count_photos(ledger.db, "rectification", rect_ids).values()):
        raise ValidationError("这次检查的整改已有整改后照片，不能退回草稿。"
                              "如结果有误，请另做一次复查", "status")

    def apply(db: Database) -> None:
        ids = [r for (r,) in db.execute(
            "SELECT id FROM rectification WHERE inspection_id = ?", [inspection_id])]
        for rect_id in ids:
            db.execute("DELETE FROM rectification_event WHERE rectification_id = ?", [rect_id])
            db.execute("DELETE FROM rectification WHERE id = ?", [rect_id])
        db.execute("UPDATE inspection SET status = ?, completed_at = NULL, updated_at = ? "
                   "WHERE id = ?", [STATUS_DRAFT, now(), inspection_id])

    ledger.write("inspection.reopen", INSPECTION_TABLES, apply, ids=[inspection_id])


def delete_inspection(ledger: Ledger, inspection_id: str) -> None:
    """Delete a draft with its results and photos. Completed ones are kept."""
    current = get_inspection(ledger.db, inspection_id)
    if current.completed:
        raise ValidationError("已完成的检查不能删除。如有错误，请先“退回草稿”", "status")

    def apply(db: Database) -> None:
        delete_photos_of(db, INSPECTION_PHOTO_OWNER, inspection_id)
        for row in current.results:
            delete_photos_of(db, PHOTO_OWNER, row.id)
        db.execute("DELETE FROM inspection_result WHERE inspection_id = ?", [inspection_id])
        db.execute("DELETE FROM inspection_inspector WHERE inspection_id = ?", [inspection_id])
        db.execute("DELETE FROM inspection WHERE id = ?", [inspection_id])

    ledger.write("inspection.delete_draft", INSPECTION_TABLES | PHOTO_TABLES, apply, ids=[inspection_id])
