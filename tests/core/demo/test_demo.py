import datetime

from core import idcard
from core.demo import build_demo
from core.ledger import Ledger


def summary(ledger: Ledger):
    return ledger.db.execute(
        "SELECT (SELECT count(*) FROM building), (SELECT count(*) FROM unit), "
        "(SELECT count(*) FROM household), (SELECT count(*) FROM resident), "
        "(SELECT group_concat(name || id_number, ',') FROM (SELECT name, id_number FROM resident ORDER BY birth_date, name LIMIT 50))"
    ).fetchone()


def test_demo_is_the_compound_of_the_account(demo_ledger):
    db = demo_ledger.db
    buildings, units, households, residents, _ = summary(demo_ledger)
    assert (buildings, units, households) == (8, 24, 600)
    assert 1300 <= residents <= 1700
    party = db.execute("SELECT count(*), sum(p.presence = '长期在外') FROM party_member p "
                       "JOIN resident r ON r.id = p.resident_id WHERE r.status = '在住'").fetchone()
    assert 30 <= party[0] <= 60 and party[1] >= party[0] * 0.4
    assert db.execute("SELECT count(DISTINCT tag) FROM resident_tag").fetchone()[0] >= 5
    assert db.execute("SELECT count(*) FROM resident WHERE status != '在住'").fetchone()[0] > 10


def test_demo_ids_are_valid_and_unique(demo_ledger):
    numbers = [n for (n,) in demo_ledger.db.execute("SELECT id_number FROM resident WHERE id_number IS NOT NULL")]
    assert len(numbers) == len(set(numbers))
    for number in numbers:
        info = idcard.parse(number)
        assert info.warnings == ()


def test_demo_relations_match_sex(demo_ledger):
    wrong = demo_ledger.db.execute(
        "SELECT count(*) FROM resident WHERE (relation IN ('子', '孙子') AND sex = '女') "
        "OR (relation IN ('女', '孙女') AND sex = '男')").fetchone()[0]
    assert wrong == 0


def test_demo_is_deterministic_for_a_seed():
    day = datetime.date(2026, 6, 1)
    a, b, c = Ledger.memory(), Ledger.memory(), Ledger.memory()
    build_demo(a, seed=3, today=day)
    build_demo(b, seed=3, today=day)
    build_demo(c, seed=4, today=day)
    assert summary(a) == summary(b)
    assert summary(a) != summary(c)
