"""The in-memory search agrees with the database, before and after changes."""

import datetime

import pytest

from core import registry as reg
from core.registry.search import RegistrySearch
from core.registry import queries as rq
from core.registry.queries import RegistryFilter
from core.pinyin import full_pinyin, initials_variants
from core.registry.index import refresh_search_texts, search_texts_stale


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


def reference_rank(name: str, word: str) -> int:
    """The rank of core.registry.search.RANKS, written the slow, obvious way."""
    name = name.lower()
    if name == word:
        return 0
    if name.startswith(word):
        return 1
    if word.isascii() and word.isalpha():
        if any(v.startswith(word) for v in initials_variants(name)):
            return 2
        if full_pinyin(name).startswith(word):
            return 3
    return 4


def ranked_like_reference(db, f, ids):
    """SQL's address order, stably sorted by the reference rank of the first word."""
    words = f.text.lower().split()
    if not words:
        return ids
    names = dict(db.execute("SELECT id, name FROM resident").fetchall())
    return sorted(ids, key=lambda i: reference_rank(names[i], words[0]))


def test_find_agrees_with_sql(demo_ledger):
    db = demo_ledger.db
    search = RegistrySearch(db)
    for f in filters(db):
        result = search.find(f)
        expected = ranked_like_reference(db, f, sql_ids(db, f))
        assert result.resident_ids == expected, f
        # Households follow their best-ranked resident; flats found by their
        # own room or phone come after, in address order.
        residents_of = dict(db.execute("SELECT id, household_id FROM resident").fetchall())
        first = list(dict.fromkeys(residents_of[i] for i in expected))
        households = sql_households(db, f)
        if f.filters_residents:
            assert result.household_ids == first + [h for h in households if h not in set(first)], f
        else:
            assert result.household_ids == households, f
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


def _registry_of(ledger, names):
    """One compound, one household per name, in address (room) order."""
    community = reg.ensure_community(ledger, "测试社区")
    reg.create_compound(ledger, community, reg.CompoundForm(
        "测试小区", buildings=1, units_per_building=1, floors=1, rooms_per_floor=len(names)))
    households = [h for (h,) in ledger.db.execute("SELECT id FROM household ORDER BY address_key")]
    return {name: reg.add_resident(ledger, h, reg.ResidentForm(name=name, relation="户主"))
            for h, name in zip(households, names)}


def test_initials_rank_before_matches_inside_and_surnames_read_as_surnames(ledger):
    # In address order: 黎志俊 first (its initials lzj/lzs hold "zs" inside),
    # then 丁胜 (丁 read as a surname: ding, never zheng), 张三, 赵胜利, 郑爽.
    ids = _registry_of(ledger, ["黎志俊", "丁胜", "张三", "赵胜利", "郑爽", "张"])
    search = RegistrySearch(ledger.db)
    found = list(search.find(RegistryFilter(text="zs")).resident_ids)
    assert found == [ids["张三"], ids["赵胜利"], ids["郑爽"], ids["黎志俊"]]
    assert ids["丁胜"] not in found
    assert list(search.find(RegistryFilter(text="ds")).resident_ids) == [ids["丁胜"]]
    # Full pinyin from the start comes after initials, before matches inside.
    found = list(search.find(RegistryFilter(text="zhang")).resident_ids)
    assert found == [ids["张三"], ids["张"]]
    # The exact name, then names starting with it, then the name inside a text.
    found = list(search.find(RegistryFilter(text="张")).resident_ids)
    assert found == [ids["张"], ids["张三"]]
    # Counts count everything shown, whatever the order.
    result = search.find(RegistryFilter(text="zs"))
    assert (result.residents, result.households) == (4, 4)


def test_ranking_follows_typing_and_sorting_by_a_column_overrides_it(ledger):
    ids = _registry_of(ledger, ["黎志胜", "张胜", "曾山"])
    search = RegistrySearch(ledger.db)
    assert list(search.find(RegistryFilter(text="z")).resident_ids) == [ids["张胜"], ids["曾山"], ids["黎志胜"]]
    # One more letter narrows the previous result and ranks it again.
    assert list(search.find(RegistryFilter(text="zs")).resident_ids) == [ids["张胜"], ids["曾山"], ids["黎志胜"]]
    assert list(search.find(RegistryFilter(text="zsh")).resident_ids) == []
    assert list(search.find(RegistryFilter(text="zeng")).resident_ids) == [ids["曾山"]]
    # Sorting by a column sorts by it instead.
    names = {i: n for n, i in ids.items()}
    by_name = list(search.find(RegistryFilter(text="zs"), "name").resident_ids)
    assert by_name == sorted(ids.values(), key=names.get)


def test_search_texts_of_an_older_version_are_found_and_renewed(ledger):
    ids = _registry_of(ledger, ["丁胜", "张三"])
    assert not search_texts_stale(ledger.db)
    # What the program wrote before surnames were read as surnames.
    ledger.write("registry.reindex", {"resident"}, lambda db: db.execute(
        "UPDATE resident SET search_text = replace(search_text, 'ds dx', 'ds dx zs zx') WHERE id = ?",
        [ids["丁胜"]]))
    assert search_texts_stale(ledger.db)
    assert ids["丁胜"] in RegistrySearch(ledger.db).find(RegistryFilter(text="zs")).resident_ids
    refresh_search_texts(ledger)
    assert not search_texts_stale(ledger.db)
    assert list(RegistrySearch(ledger.db).find(RegistryFilter(text="zs")).resident_ids) == [ids["张三"]]
