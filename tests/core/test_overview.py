import datetime

from core import registry as reg
from core.overview import overview


def test_overview_counts_the_demo(demo_ledger):
    db = demo_ledger.db
    o = overview(db)
    assert (o.compounds, o.buildings, o.units, o.households) == (1, 8, 24, 600)
    assert o.residents == db.execute("SELECT count(*) FROM resident WHERE status = '在住'").fetchone()[0]
    assert 0 < o.party_away <= o.party_members
    assert o.elderly_80 <= o.elderly_60 <= o.residents
    assert dict(o.tags)["独居"] == db.execute(
        "SELECT count(*) FROM resident_tag t JOIN resident r ON r.id = t.resident_id "
        "WHERE t.tag = '独居' AND r.status = '在住'").fetchone()[0]


def test_overview_follows_changes(demo_ledger):
    db = demo_ledger.db
    before = overview(db)
    rid = db.execute("SELECT id FROM resident WHERE status = '在住' AND relation != '户主' LIMIT 1").fetchone()[0]
    name = db.execute("SELECT name FROM resident WHERE id = ?", [rid]).fetchone()[0]
    reg.change_status(demo_ledger, rid, "死亡", datetime.date.today())
    after = overview(db)
    assert after.residents == before.residents - 1
    assert after.deceased_this_year == before.deceased_this_year + 1
    assert after.recent[0][1:3] == ("死亡", name)
