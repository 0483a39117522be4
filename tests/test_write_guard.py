"""The write guard itself: it catches what it is there to catch, and a
representative run (the demo build, an import, an export) passes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.demo import build_demo
from core.importing import apply_plan, build_plan, read_workbook
from core.ledger import Ledger
from tests.core.importing.test_plan import COMPOUND
from tests.core.importing.workbooks import messy_register


@pytest.mark.unguarded
def test_an_undeclared_table_is_caught_and_refused(write_guard, ledger: Ledger):
    with pytest.raises(Exception, match="not authorized"):
        ledger.write("setting.set", {"community"},
                     lambda db: db.execute("INSERT INTO setting (key, value) VALUES ('a', 'b')"))
    assert write_guard.violations == ["INSERT setting not declared by ['setting.set']"]
    assert ledger.setting("a") is None


@pytest.mark.unguarded
def test_a_write_outside_the_ledger_is_caught(write_guard, ledger: Ledger):
    with pytest.raises(Exception):
        ledger.db.execute("INSERT INTO setting (key, value) VALUES ('a', 'b')")
    assert write_guard.violations == ["INSERT setting outside Ledger.write"]


@pytest.mark.unguarded
def test_a_nested_write_may_use_the_outer_declaration(write_guard, ledger: Ledger):
    def outer(db):
        ledger.write("setting.set", {"community"},
                     lambda db: db.execute("INSERT INTO setting (key, value) VALUES ('a', 'b')"))

    ledger.write("setting.set", {"setting"}, outer)
    assert write_guard.violations == []


def test_the_demo_build_and_an_import_write_only_through_the_ledger(write_guard, tmp_path: Path):
    ledger = Ledger.open(tmp_path / "demo.sqlite3")
    build_demo(ledger, seed=3)
    plan = build_plan(ledger.db, read_workbook(messy_register(tmp_path / "m.xlsx")), compound=COMPOUND)
    apply_plan(ledger, plan)
    operations = {code for (code,) in ledger.db.execute("SELECT DISTINCT code FROM operation")}
    assert {"demo.registry", "demo.grid", "demo.inspections", "demo.campaigns", "import.commit"} <= operations
    ledger.close()
    assert write_guard.violations == []
