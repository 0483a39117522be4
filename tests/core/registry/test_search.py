"""The in-memory search agrees with the database, before and after changes."""

import datetime

import pytest

from core import registry as reg
from core.registry.search import RegistrySearch
from core.registry import queries as rq
from core.registry.queries import RegistryFilter


def sql_ids(db, f, limit=100000):
    return [r["id"] for r in rq.resident_page(db, f, 0, limit)]


def sql_households(db, f, limit=100000):
    return [r["id"] for r in rq.household_page(db, f, 0, limit)]


def filters(db):
    unit = db.execute("SELECT id FROM unit ORDER BY rowid LIMIT 1 OFFSET 4").fetchone()[0]
    building = db.execute("SELECT id FROM building ORDER BY rowid LIMIT 1 OFFSET 2").fetchone()[0]
    name = db.execute("SELECT name FROM resident WHERE status = '在住' LIMIT 1 OFFSET 77").fetchone()[0]
    return [
        RegistryFilter(),
        RegistryFilter(statuses=()),
        RegistryFilter(statuses=("迁出", "死亡")),
        RegistryFilter(text="z"),
        RegistryFilter(text="zh l"),
        RegistryFilter(text=name),
        RegistryFilter(text="301"),
        RegistryFilter(text="3-2-"),
        RegistryFilter(text="4101"),
        RegistryFilter(party_only=True),
        RegistryFilter(tag="独居"),
        RegistryFilter(scope="unit", scope_id=unit),
        RegistryFilter(scope="building", scope_id=building, text="w"),
        RegistryFilter(scope="compound", scope_id=db.execute("SELECT id FROM compound").fetchone()[0],
                       party_only=True, statuses=()),
    ]


def test_find_agrees_with_sql(demo_ledger):
    db = demo_ledger.db
    search = RegistrySearch(db)
    for f in filters(db):
        result = search.find(f)
        assert result.resident_ids == sql_ids(db, f), f
        assert result.household_ids == sql_households(db, f), f
        counts = rq.resident_counts(db, f)
        assert (result.households, result.residents, result.party_members) == (
            counts.households, counts.residents, counts.party_members), f


@pytest.mark.parametrize("order", ["name", "birth_date", "relation", "status"])
def test_other_orders_agree_with_sql(demo_ledger, order):
    db = demo_ledger.db
    search = RegistrySearch(db)
    f = RegistryFilter(text="l", statuses=())
    for descending in (False, True):
        mine = search.find(f, order, descending).resident_ids
        theirs = [r["id"] for r in rq.resident_page(db, f, 0, 100000, order, descending)]
        # Same members, and the same sequence of the sort column's values.
        assert set(mine) == set(theirs)
        column = {"name": "name", "birth_date": "birth_date", "relation": "relation", "status": "status"}[order]
        values = dict(db.execute(f"SELECT id, {column} FROM resident").fetchall())
        assert [values[i] or "" for i in mine] == [values[i] or "" for i in theirs]


def test_household_filter_narrows_residents_but_not_counts(demo_ledger):
    db = demo_ledger.db
    search = RegistrySearch(db)
    household = db.execute("SELECT household_id FROM resident WHERE status = '在住' LIMIT 1").fetchone()[0]
    whole = search.find(RegistryFilter())
    narrowed = search.find(RegistryFilter(household_id=household))
    assert narrowed.residents == whole.residents
    assert set(narrowed.resident_ids) == {r for (r,) in db.execute(
        "SELECT id FROM resident WHERE household_id = ? AND status = '在住'", [household])}


def test_refresh_keeps_step_with_changes(demo_ledger):
    db = demo_ledger.db
    search = RegistrySearch(db)
    a, b = [h for (h,) in db.execute("SELECT id FROM household ORDER BY address_key LIMIT 2 OFFSET 40")]
    new = reg.add_resident(demo_ledger, a, reg.ResidentForm("诸葛亮", tags=("独居",)))
    moved = db.execute("SELECT id FROM resident WHERE status = '在住' AND relation != '户主' LIMIT 1").fetchone()[0]
    reg.move_resident(demo_ledger, moved, b, datetime.date.today())
    gone = db.execute("SELECT id FROM resident WHERE status = '在住' AND relation != '户主' LIMIT 1 OFFSET 9").fetchone()[0]
    reg.change_status(demo_ledger, gone, "迁出", datetime.date.today())
    edited = db.execute("SELECT id FROM resident WHERE status = '在住' LIMIT 1 OFFSET 99").fetchone()[0]
    form = reg.get_resident(db, edited).form()
    reg.update_resident(demo_ledger, edited, reg.ResidentForm(**{**form.__dict__, "name": "欧阳修"}))
    search.refresh([new, moved, gone, edited])
    fresh = RegistrySearch(db)
    for f in filters(db) + [RegistryFilter(text="zgl"), RegistryFilter(text="oyx"), RegistryFilter(tag="独居")]:
        assert search.find(f) == fresh.find(f), f
    assert new in search.find(RegistryFilter(text="zgl")).resident_ids
    assert edited in search.find(RegistryFilter(text="oyx")).resident_ids
