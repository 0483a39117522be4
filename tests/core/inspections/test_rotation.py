"""The hygiene rotation: generation, hand edits, checks recorded against slots."""

from __future__ import annotations

import datetime

import pytest

from core import inspections
from core.inspections import rotation
from core.inspections import Inspector, ResultEntry
from core.inspections.rotation import Person
from core.errors import ValidationError
from tests.site_helpers import TODAY

MONDAY = rotation.week_start(TODAY)  # 2025-11-17
WEEK = datetime.timedelta(weeks=1)
PEOPLE = [Person("甲"), Person("乙"), Person("丙")]


def _names(grid, week):
    return [grid.cells[(u, week)].supervisor for u, _l in grid.units]


def test_week_helpers():
    assert MONDAY == datetime.date(2025, 11, 17) and MONDAY.weekday() == 0
    assert rotation.week_start(datetime.date(2025, 11, 23)) == MONDAY
    assert rotation.week_label(MONDAY) == "第47周 11/17"
    assert rotation.week_index(MONDAY + WEEK) == rotation.week_index(MONDAY) + 1


def test_round_robin_is_deterministic_and_moves_one_unit_a_week(ledger, site):
    written = rotation.generate_rotation(ledger, site.compound_id, PEOPLE, TODAY, 4)
    assert written == 4 * 4
    grid = rotation.rotation_grid(ledger.db, site.compound_id, MONDAY, 4, TODAY)
    assert [label for _u, label in grid.units] == ["1栋1单元", "1栋2单元", "2栋1单元", "2栋2单元"]
    first = _names(grid, MONDAY)
    second = _names(grid, MONDAY + WEEK)
    offset = rotation.week_index(MONDAY) % 3
    assert first == [PEOPLE[(u + offset) % 3].name for u in range(4)]
    assert second == [PEOPLE[(u + offset + 1) % 3].name for u in range(4)]
    # each person gets a fair share over the period
    counts = {p.name: 0 for p in PEOPLE}
    for cell in grid.cells.values():
        counts[cell.supervisor] += 1
    assert sorted(counts.values()) == [5, 5, 6]
    # generating a later part alone gives the same weeks
    ledger.write("rotation.cancel", {"rotation_slot"}, lambda db: db.execute("DELETE FROM rotation_slot"))
    rotation.generate_rotation(ledger, site.compound_id, PEOPLE, MONDAY + WEEK, 1)
    again = rotation.rotation_grid(ledger.db, site.compound_id, MONDAY + WEEK, 1, TODAY)
    assert _names(again, MONDAY + WEEK) == second


def test_hand_edits_survive_regeneration_unless_replaced(ledger, site):
    rotation.generate_rotation(ledger, site.compound_id, PEOPLE, MONDAY, 2)
    rotation.assign_slot(ledger, site.units[0], MONDAY, Person("张建国", site.residents[0]))
    rotation.generate_rotation(ledger, site.compound_id, [Person("丁")], MONDAY, 2)
    grid = rotation.rotation_grid(ledger.db, site.compound_id, MONDAY, 2, TODAY)
    cell = grid.cells[(site.units[0], MONDAY)]
    assert (cell.supervisor, cell.resident_id, cell.edited) == ("张建国", site.residents[0], True)
    assert grid.cells[(site.units[1], MONDAY)].supervisor == "丁"
    rotation.generate_rotation(ledger, site.compound_id, [Person("丁")], MONDAY, 2, replace_edited=True)
    grid = rotation.rotation_grid(ledger.db, site.compound_id, MONDAY, 2, TODAY)
    assert grid.cells[(site.units[0], MONDAY)].supervisor == "丁"


def test_bad_generation_input(ledger, site):
    with pytest.raises(ValidationError, match="至少列出一位"):
        rotation.generate_rotation(ledger, site.compound_id, [Person("  ")], MONDAY, 2)
    with pytest.raises(ValidationError, match="周数"):
        rotation.generate_rotation(ledger, site.compound_id, PEOPLE, MONDAY, 0)
    assert ledger.db.execute("SELECT count(*) FROM rotation_slot").fetchone()[0] == 0


def test_checks_recorded_against_slots_done_missed_due(ledger, site):
    start = MONDAY - 2 * WEEK
    rotation.generate_rotation(ledger, site.compound_id, PEOPLE, start, 4)
    # unit 0 checked two weeks ago (completed), unit 1 drafted; the rest missed
    iid = inspections.start_inspection(
        ledger, site.hygiene_id, date=start + datetime.timedelta(days=2), scope_kind="unit",
        scope_id=site.units[0], inspectors=[Inspector("甲")], today=TODAY)
    rows = inspections.get_inspection(ledger.db, iid).results
    inspections.save_inspection(ledger, iid, entries={r.id: ResultEntry("达标") for r in rows},
                                complete=True, today=TODAY)
    draft = inspections.start_inspection(
        ledger, site.hygiene_id, date=start, scope_kind="unit", scope_id=site.units[1],
        today=TODAY)
    grid = rotation.rotation_grid(ledger.db, site.compound_id, start, 4, TODAY)
    slot = grid.cells[(site.units[0], start)]
    assert inspections.get_inspection(ledger.db, iid).rotation_slot_id == slot.slot_id
    assert (slot.state, slot.inspection_id) == ("完成", iid)
    assert grid.cells[(site.units[1], start)].state == "草稿"
    assert grid.cells[(site.units[1], start)].inspection_id == draft
    assert grid.cells[(site.units[2], start)].state == "未查"
    assert grid.cells[(site.units[0], MONDAY)].state == "本周"
    assert grid.cells[(site.units[0], MONDAY + WEEK)].state == "待查"
    summary = rotation.rotation_summary(grid)
    assert summary == {"完成": 1, "草稿": 1, "未查": 6, "本周": 4, "待查": 4}
    # a recorded slot is not regenerated nor cleared
    rotation.generate_rotation(ledger, site.compound_id, [Person("丁")], start, 1)
    grid = rotation.rotation_grid(ledger.db, site.compound_id, start, 1, TODAY)
    assert grid.cells[(site.units[0], start)].supervisor != "丁"
    with pytest.raises(ValidationError, match="已经记录"):
        rotation.clear_slot(ledger, slot.slot_id)
    # a nine-standards inspection of the unit is not a hygiene check
    other = inspections.start_inspection(ledger, site.nine_id, date=start, scope_kind="unit",
                                         scope_id=site.units[2], today=TODAY)
    assert inspections.get_inspection(ledger.db, other).rotation_slot_id is None


def test_assigning_a_slot_links_an_earlier_check(ledger, site):
    iid = inspections.start_inspection(ledger, site.hygiene_id, date=TODAY, scope_kind="unit",
                                       scope_id=site.units[3], today=TODAY)
    slot_id = rotation.assign_slot(ledger, site.units[3], TODAY, Person("乙"))
    assert inspections.get_inspection(ledger.db, iid).rotation_slot_id == slot_id
    assert rotation.rotation_people(ledger.db, site.compound_id) == []
    rotation.generate_rotation(ledger, site.compound_id, PEOPLE, MONDAY + WEEK, 2)
    assert {p.name for p in rotation.rotation_people(ledger.db, site.compound_id)} == {"甲", "乙", "丙"}
