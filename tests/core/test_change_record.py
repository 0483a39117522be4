"""Every change through Ledger.write leaves a record of who, when, which
operation and which rows before and after; nothing else can write."""

from __future__ import annotations

import datetime
import sqlite3

import pytest

from core import registry
from core.change_record import history_of_row, recent_operations, row_changes
from core.errors import ValidationError
from core.ledger import Ledger
from tests.site_helpers import make_site


def _latest(ledger: Ledger):
    return recent_operations(ledger.db, limit=1)[0]


def test_an_insert_records_the_row_after_with_operation_actor_and_community(ledger: Ledger):
    site = make_site(ledger)
    household = ledger.db.execute("SELECT id FROM household ORDER BY rowid LIMIT 1").fetchone()[0]
    resident_id = registry.add_resident(ledger, household, registry.ResidentForm(
        name="赵小红", relation="配偶", tags=("独居",)))
    op = _latest(ledger)
    assert (op.code, op.label, op.community_id) == ("resident.add", "添加居民", site.community_id)
    assert op.actor
    assert datetime.datetime.fromisoformat(op.at).tzinfo is not None  # the time carries its zone
    changes = row_changes(ledger.db, op.id)
    inserted = [c for c in changes if c.table == "resident"]
    assert len(inserted) == 1
    assert inserted[0].kind == "insert" and inserted[0].key == resident_id
    assert inserted[0].before is None and inserted[0].after["name"] == "赵小红"
    assert {c.table for c in changes} >= {"resident", "resident_tag", "resident_event"}


def test_an_update_records_before_and_after_of_what_changed_only(ledger: Ledger):
    make_site(ledger)
    household = ledger.db.execute("SELECT id FROM household ORDER BY rowid LIMIT 1").fetchone()[0]
    resident_id = registry.add_resident(ledger, household, registry.ResidentForm(
        name="赵小红", relation="配偶", tags=("独居", "残疾")))
    registry.update_resident(ledger, resident_id, registry.ResidentForm(
        name="赵晓红", relation="配偶", phone="13800138000", tags=("残疾", "低保")))
    op = _latest(ledger)
    assert op.code == "resident.edit"
    changes = row_changes(ledger.db, op.id)
    resident = [c for c in changes if c.table == "resident"]
    assert len(resident) == 1 and resident[0].kind == "update"
    assert resident[0].before["name"] == "赵小红" and resident[0].after["name"] == "赵晓红"
    assert {"name", "phone"} <= set(resident[0].changed_columns()) <= {"name", "phone", "updated_at"}
    # the tags that stayed are not deleted and reinserted
    tags = sorted((c.kind, (c.before or c.after)["tag"]) for c in changes if c.table == "resident_tag")
    assert tags == [("delete", "独居"), ("insert", "低保")]


def test_an_unchanged_save_records_nothing(ledger: Ledger):
    make_site(ledger)
    household = ledger.db.execute("SELECT id FROM household ORDER BY rowid LIMIT 1").fetchone()[0]
    form = registry.ResidentForm(name="赵小红", relation="配偶", tags=("独居",))
    resident_id = registry.add_resident(ledger, household, form)
    before = ledger.db.execute("SELECT count(*) FROM operation").fetchone()[0]
    stamp = ledger.db.execute("SELECT updated_at FROM resident WHERE id = ?", [resident_id]).fetchone()
    registry.update_resident(ledger, resident_id, form)
    assert ledger.db.execute("SELECT count(*) FROM operation").fetchone()[0] == before
    assert ledger.db.execute("SELECT updated_at FROM resident WHERE id = ?", [resident_id]).fetchone() == stamp


def test_a_delete_records_the_row_before(ledger: Ledger):
    site = make_site(ledger)
    building = registry.add_building(ledger, site.compound_id, "9栋")
    registry.delete_empty_node(ledger, "building", building)
    op = _latest(ledger)
    assert op.code == "building.delete"
    (change,) = [c for c in row_changes(ledger.db, op.id) if c.table == "building"]
    assert change.kind == "delete" and change.before["name"] == "9栋" and change.after is None
    kinds = [c.kind for _, c in history_of_row(ledger.db, "building", building)]
    assert kinds == ["insert", "delete"]


def test_a_failed_write_keeps_nothing_and_records_nothing(ledger: Ledger):
    make_site(ledger)
    household = ledger.db.execute("SELECT id FROM household ORDER BY rowid LIMIT 1").fetchone()[0]
    operations = ledger.db.execute("SELECT count(*) FROM operation").fetchone()[0]
    rows = ledger.db.execute("SELECT count(*) FROM change_row").fetchone()[0]
    with pytest.raises(ValidationError):
        registry.add_resident(ledger, household, registry.ResidentForm(name="钱二", relation="户主"))
    published = []
    ledger.bus.subscribe(published.append)

    def half_then_fail(db):
        db.execute("UPDATE resident SET name = '改了' WHERE 1")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        ledger.write("resident.edit", {"resident"}, half_then_fail)
    assert ledger.db.execute("SELECT count(*) FROM resident WHERE name = '改了'").fetchone()[0] == 0
    assert ledger.db.execute("SELECT count(*) FROM operation").fetchone()[0] == operations
    assert ledger.db.execute("SELECT count(*) FROM change_row").fetchone()[0] == rows
    assert published == []


def test_nested_writes_share_one_operation(ledger: Ledger):
    make_site(ledger)

    def outer(db):
        ledger.set_setting("x", "1")
        ledger.set_setting("y", "2")

    ledger.write("setting.set", {"setting"}, outer)
    op = _latest(ledger)
    assert sorted(c.key for c in row_changes(ledger.db, op.id)) == ["x", "y"]


def test_unknown_operation_codes_are_refused(ledger: Ledger):
    with pytest.raises(ValueError):
        ledger.write("随便写写", {"setting"}, lambda db: None)


@pytest.mark.unguarded
def test_a_write_outside_the_ledger_fails_and_changes_nothing(ledger: Ledger):
    make_site(ledger)
    ledger.db.conn.set_authorizer(None)  # past the test guard: the triggers alone refuse it
    with pytest.raises(sqlite3.IntegrityError):
        ledger.db.execute("UPDATE resident SET name = '偷改'")
    ledger.db.conn.rollback()
    assert ledger.db.execute("SELECT count(*) FROM resident WHERE name = '偷改'").fetchone()[0] == 0


def test_a_migrated_ledger_records_on_a_second_connection(tmp_path):
    path = tmp_path / "l.sqlite3"
    first = Ledger.open(path)
    make_site(first)
    first.close()
    second = Ledger.open(path)
    registry.add_building(second, second.db.execute("SELECT id FROM compound").fetchone()[0], "8栋")
    assert _latest(second).code == "building.add"
    second.close()


def test_an_insert_shows_the_values_it_was_made_with_even_after_later_edits(ledger: Ledger):
    make_site(ledger)
    household = ledger.db.execute("SELECT id FROM household ORDER BY rowid LIMIT 1").fetchone()[0]
    resident_id = registry.add_resident(ledger, household, registry.ResidentForm(name="赵小红", relation="配偶"))
    added = _latest(ledger)
    registry.update_resident(ledger, resident_id, registry.ResidentForm(name="赵晓红", relation="配偶"))
    (insert,) = [c for c in row_changes(ledger.db, added.id) if c.table == "resident"]
    assert insert.after["name"] == "赵小红"
    history = history_of_row(ledger.db, "resident", resident_id)
    assert [(op.code, c.kind, c.after["name"]) for op, c in history] == [
        ("resident.add", "insert", "赵小红"), ("resident.edit", "update", "赵晓红")]
    # a composite key (resident_tag) finds its row as it is now
    registry.update_resident(ledger, resident_id, registry.ResidentForm(name="赵晓红", relation="配偶",
                                                                        tags=("独居",)))
    (tag,) = [c for c in row_changes(ledger.db, _latest(ledger).id) if c.table == "resident_tag"]
    assert tag.after == {"resident_id": resident_id, "tag": "独居"}


def _tag_rows(ledger: Ledger, operation_id: str):
    return [(c.kind, c.key, c.after) for c in row_changes(ledger.db, operation_id) if c.table == "resident_tag"]


def test_a_bulk_insert_records_the_same_rows_as_the_triggers_in_order(ledger: Ledger):
    from db import change_log

    make_site(ledger)
    household = ledger.db.execute("SELECT id FROM household ORDER BY rowid LIMIT 1").fetchone()[0]
    first = registry.add_resident(ledger, household, registry.ResidentForm(name="甲", relation="子"))
    second = registry.add_resident(ledger, household, registry.ResidentForm(name="乙", relation="配偶"))
    rows = [(first, "低保"), (second, "残疾"), (second, "独居")]

    def by_trigger(db):
        db.conn.executemany("INSERT INTO resident_tag (resident_id, tag) VALUES (?, ?)", rows)

    def in_bulk(db):
        with change_log.bulk_insert(db, "resident_tag"):
            db.conn.executemany("INSERT INTO resident_tag (resident_id, tag) VALUES (?, ?)", rows)
        db.execute("DELETE FROM resident_tag WHERE resident_id = ? AND tag = '低保'", [first])
        db.execute("INSERT INTO resident_tag (resident_id, tag) VALUES (?, '高龄')", [first])  # a trigger again

    ledger.write("resident.edit", {"resident_tag"}, by_trigger)
    triggered = _tag_rows(ledger, _latest(ledger).id)
    ledger.write("resident.edit", {"resident_tag"}, lambda db: db.execute("DELETE FROM resident_tag"))
    ledger.write("resident.edit", {"resident_tag"}, in_bulk)
    bulk = _tag_rows(ledger, _latest(ledger).id)
    assert [(kind, key) for kind, key, _ in bulk[:3]] == [(kind, key) for kind, key, _ in triggered]
    assert [kind for kind, _, _ in bulk] == ["insert", "insert", "insert", "delete", "insert"]
    assert bulk[4][1] == f'["{first}","高龄"]'
    assert ledger.db.execute("SELECT count(*) FROM temp.sqlite_master WHERE name = 'log_resident_tag_insert'"
                             ).fetchone()[0] == 1


def test_a_failed_bulk_insert_leaves_the_triggers_on(ledger: Ledger):
    from db import change_log

    make_site(ledger)
    household = ledger.db.execute("SELECT id FROM household ORDER BY rowid LIMIT 1").fetchone()[0]
    resident = registry.add_resident(ledger, household, registry.ResidentForm(name="甲", relation="子"))

    def broken(db):
        with change_log.bulk_insert(db, "resident_tag"):
            db.execute("INSERT INTO resident_tag (resident_id, tag) VALUES (?, '低保')", [resident])
            raise ValidationError("中途失败")

    with pytest.raises(ValidationError):
        ledger.write("resident.edit", {"resident_tag"}, broken)
    assert not ledger.db.execute("SELECT count(*) FROM resident_tag WHERE tag = '低保'").fetchone()[0]
    ledger.write("resident.edit", {"resident_tag"},
                 lambda db: db.execute("INSERT INTO resident_tag (resident_id, tag) VALUES (?, '低保')", [resident]))
    assert [kind for kind, _, _ in _tag_rows(ledger, _latest(ledger).id)] == ["insert"]
