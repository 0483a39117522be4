"""Filtering, searching and counting the registry on the demo compound."""

import pytest

from core.registry import queries as rq
from core.registry.queries import RegistryFilter


def names(db, f, limit=500):
    return [r["name"] for r in rq.resident_page(db, f, 0, limit)]


def a_resident(db, where="1"):
    return db.execute(
        "SELECT r.id, r.name, r.id_number, r.phone, h.room, b.name, u.name FROM resident r "
        "JOIN household h ON h.id = r.household_id JOIN unit u ON u.id = h.unit_id "
        "JOIN building b ON b.id = u.building_id "
        f"WHERE r.status = '在住' AND r.id_number IS NOT NULL AND r.phone != '' AND {where} LIMIT 1").fetchone()


def test_search_by_pinyin_initials(demo_ledger):
    from core.pinyin import initials_variants

    db = demo_ledger.db
    _rid, name, *_ = a_resident(db)
    found = names(db, RegistryFilter(text=initials_variants(name)[0]))
    assert name in found
    assert all(initials_variants(name)[0] in db.execute(
        "SELECT search_text FROM resident WHERE name = ?", [n]).fetchone()[0] for n in found[:20])


@pytest.mark.parametrize("field", ["name", "id_number", "phone"])
def test_search_by_name_id_and_phone(demo_ledger, field):
    db = demo_ledger.db
    rid, name, id_number, phone, *_ = a_resident(db)
    text = {"name": name, "id_number": id_number[-8:], "phone": phone[-6:]}[field]
    ids = [r["id"] for r in rq.resident_page(db, RegistryFilter(text=text), 0, 1000)]
    assert rid in ids


def test_search_by_room_written_as_numbers(demo_ledger):
    db = demo_ledger.db
    rid, _name, _idn, _phone, room, building, unit = a_resident(db)
    text = f"{building[0]}-{unit[0]}-{room}"
    rows = rq.resident_page(db, RegistryFilter(text=text), 0, 100)
    assert rid in [r["id"] for r in rows]
    assert {r["address"] for r in rows} == {f"{building}{unit}{room}"}


def test_search_words_must_all_match(demo_ledger):
    db = demo_ledger.db
    rid, name, _idn, _phone, room, *_ = a_resident(db)
    rows = rq.resident_page(db, RegistryFilter(text=f"{name} {room}"), 0, 100)
    assert rid in [r["id"] for r in rows]
    assert rq.resident_page(db, RegistryFilter(text=f"{name} 不存在的词"), 0, 100) == []


def test_scope_party_tag_and_status_filters(demo_ledger):
    db = demo_ledger.db
    unit_id = db.execute("SELECT id FROM unit ORDER BY rowid LIMIT 1").fetchone()[0]
    scoped = rq.resident_counts(db, RegistryFilter(scope="unit", scope_id=unit_id))
    expected = db.execute(
        "SELECT count(*) FROM resident r JOIN household h ON h.id = r.household_id "
        "WHERE h.unit_id = ? AND r.status = '在住'", [unit_id]).fetchone()[0]
    assert scoped.residents == expected
    party = rq.resident_page(db, RegistryFilter(party_only=True), 0, 1000)
    assert party and all(r["political_status"] in ("中共党员", "中共预备党员") for r in party)
    lonely = rq.resident_page(db, RegistryFilter(tag="独居"), 0, 1000)
    assert lonely and all("独居" in r["tags"] for r in lonely)
    gone = rq.resident_page(db, RegistryFilter(statuses=("迁出", "死亡")), 0, 1000)
    assert gone and all(r["status"] != "在住" for r in gone)


def test_counts_agree_with_pages(demo_ledger):
    db = demo_ledger.db
    f = RegistryFilter(text="z")
    counts = rq.resident_counts(db, f)
    rows = rq.resident_page(db, f, 0, 100000)
    assert counts.residents == len(rows)
    assert counts.households == len({r["household_id"] for r in rows})
    assert counts.party_members == sum(r["political_status"] == "中共党员" for r in rows)


def test_paging_covers_every_row_once(demo_ledger):
    db = demo_ledger.db
    f = RegistryFilter()
    total = rq.resident_counts(db, f).residents
    seen = []
    for offset in range(0, total, 97):
        seen.extend(r["id"] for r in rq.resident_page(db, f, offset, 97))
    assert len(seen) == len(set(seen)) == total


def test_households_found_by_room_include_empty_ones(demo_ledger):
    db = demo_ledger.db
    vacant = db.execute("SELECT h.room, b.name, u.name FROM household h JOIN unit u ON u.id = h.unit_id "
                        "JOIN building b ON b.id = u.building_id WHERE h.tenure = '空置' LIMIT 1").fetchone()
    rows = rq.household_page(db, RegistryFilter(text=f"{vacant[1]}{vacant[2]}{vacant[0]}"), 0, 10)
    assert [r["address"] for r in rows] == [f"{vacant[1]}{vacant[2]}{vacant[0]}"]
    assert rows[0]["living"] == 0


def test_like_wildcards_in_the_search_are_literal(demo_ledger):
    assert rq.resident_page(demo_ledger.db, RegistryFilter(text="%"), 0, 10) == []
    assert rq.resident_page(demo_ledger.db, RegistryFilter(text="_"), 0, 10) == []


def test_tree_counts_add_up(demo_ledger):
    db = demo_ledger.db
    [compound] = rq.registry_tree(db)
    assert len(compound.children) == 8
    assert sum(len(b.children) for b in compound.children) == 24
    assert compound.households == 600
    assert compound.residents == db.execute("SELECT count(*) FROM resident WHERE status = '在住'").fetchone()[0]
