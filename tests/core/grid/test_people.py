"""Who holds a node, and since when: assignments, history by date, staff."""

from __future__ import annotations

import datetime

import pytest

from core import grid, registry, vocab
from core.errors import ValidationError
from core.grid import TREE_GRID, TREE_PARTY, NodeForm
from core.grid.people import (
    PersonRef,
    StaffForm,
    add_staff,
    assign_person,
    current_holder,
    delete_staff,
    history,
    people_of,
    update_staff,
    vacate,
)
from core.grid.tree import add_node_with_person
from tests.core.grid_fixtures import build_compound

D = datetime.date


@pytest.fixture
def compound(ledger):
    return build_compound(ledger)


def test_history_answers_who_held_a_node_on_any_day(ledger, compound):
    top = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区", start_date=D(2020, 1, 1)))
    first, second = compound.resident(0), compound.resident(1)
    assign_person(ledger, top, PersonRef.staff(compound.staff_id), D(2020, 1, 1))
    assign_person(ledger, top, PersonRef.resident(first), D(2023, 5, 3), "换届")
    assign_person(ledger, top, PersonRef.resident(second), D(2024, 9, 15))
    names = lambda day: [h.name for h in people_of(ledger.db, top, day)]  # noqa: E731
    assert names(D(2019, 12, 31)) == []
    assert names(D(2020, 1, 1)) == ["刘书记"]
    assert names(D(2023, 5, 2)) == ["刘书记"]
    assert names(D(2023, 5, 3)) == [current_name(ledger, first)]  # the successor from that day
    assert names(D(2024, 9, 14)) == [current_name(ledger, first)]
    assert names(D(2024, 9, 15)) == [current_name(ledger, second)]
    assert names(None) == [current_name(ledger, second)]
    rows = history(ledger.db, top)
    assert [h.start_date for h in rows] == [D(2024, 9, 15), D(2023, 5, 3), D(2020, 1, 1)]
    assert [h.end_date for h in rows] == [None, D(2024, 9, 15), D(2023, 5, 3)]
    assert rows[1].note == "换届"
    assert rows[2].kind_label == "工作人员" and rows[2].where == "社区党委书记"


def current_name(ledger, resident_id):
    return registry.get_resident(ledger.db, resident_id).name


def test_who_may_hold_a_node(ledger, compound):
    top = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区", start_date=D(2021, 1, 1)))
    someone = compound.resident(0, 1)
    assign_person(ledger, top, PersonRef.resident(someone), D(2022, 1, 1))
    with pytest.raises(ValidationError, match="已经是“社区”的一级网格长"):
        assign_person(ledger, top, PersonRef.resident(someone), D(2023, 1, 1))
    with pytest.raises(ValidationError, match="不能早于现任"):
        assign_person(ledger, top, PersonRef.resident(compound.resident(1)), D(2021, 6, 1))
    with pytest.raises(ValidationError, match="不能早于“新”的设立日期"):
        assign_person(ledger, grid.add_node(ledger, TREE_GRID, None, NodeForm("新", start_date=D(2024, 1, 1))),
                      PersonRef.resident(someone), D(2023, 1, 1))
    with pytest.raises(ValidationError, match="晚于今天"):
        assign_person(ledger, top, PersonRef.resident(compound.resident(1)),
                      datetime.date.today() + datetime.timedelta(days=3))
    registry.change_status(ledger, compound.resident(2, 1), vocab.STATUS_MOVED_OUT, D(2024, 1, 1))
    with pytest.raises(ValidationError, match="已迁出，不能担任"):
        assign_person(ledger, top, PersonRef.resident(compound.resident(2, 1)), D(2024, 2, 1))
    # The party tree takes party members only, never staff.
    branch = grid.add_node(ledger, TREE_PARTY, None, NodeForm("支部"))
    with pytest.raises(ValidationError, match="不是党员"):
        assign_person(ledger, branch, PersonRef.resident(someone))
    with pytest.raises(ValidationError, match="须由本小区登记的党员担任"):
        assign_person(ledger, branch, PersonRef.staff(compound.staff_id))
    assign_person(ledger, branch, PersonRef.resident(compound.party[0]))
    assert current_holder(ledger.db, branch).party


def test_vacate_leaves_the_node_empty_and_keeps_the_history(ledger, compound):
    top = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    assign_person(ledger, top, PersonRef.resident(compound.resident(0)), D(2022, 1, 1))
    with pytest.raises(ValidationError, match="不能早于"):
        vacate(ledger, top, D(2021, 1, 1))
    vacate(ledger, top, D(2024, 3, 1), "迁居外地")
    assert current_holder(ledger.db, top) is None
    assert [h.name for h in people_of(ledger.db, top, D(2024, 2, 29))] == [current_name(ledger, compound.resident(0))]
    assert history(ledger.db, top)[0].note == "迁居外地"
    with pytest.raises(ValidationError, match="现在没有"):
        vacate(ledger, top)


def test_a_phone_comes_from_the_registry(ledger, compound):
    top = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    resident_id = compound.resident(0)
    assign_person(ledger, top, PersonRef.resident(resident_id))
    form = registry.get_resident(ledger.db, resident_id).form()
    from dataclasses import replace

    registry.update_resident(ledger, resident_id, replace(form, phone="13912345678"))
    holder = current_holder(ledger.db, top)
    assert holder.phone == "13912345678"
    assert holder.where.endswith("101") and holder.kind_label == "居民"


def test_node_and_first_holder_in_one_write(ledger, compound):
    seen = []
    ledger.bus.subscribe(seen.append)
    node = add_node_with_person(ledger, TREE_GRID, None, NodeForm("社区", start_date=D(2022, 3, 1)),
                                person=PersonRef.staff(compound.staff_id))
    assert len(seen) == 3  # nested writes publish together after the one commit
    assert current_holder(ledger.db, node).start_date == D(2022, 3, 1)
    with pytest.raises(ValidationError):
        add_node_with_person(ledger, TREE_PARTY, None, NodeForm("支部"), person=PersonRef.staff(compound.staff_id))
    assert not ledger.db.execute("SELECT 1 FROM grid_node WHERE name = '支部'").fetchone()


def test_staff(ledger, compound):
    other = add_staff(ledger, StaffForm("王干事", "0371-12345678", "网格员"))
    with pytest.raises(ValidationError, match="已登记过"):
        add_staff(ledger, StaffForm("王干事", "0371-12345678"))
    with pytest.raises(ValidationError, match="电话号码格式不对"):
        add_staff(ledger, StaffForm("李", "12"))
    update_staff(ledger, other, StaffForm("王干事", "13800002222", "社区网格员"))
    top = grid.add_node(ledger, TREE_GRID, None, NodeForm("社区"))
    assign_person(ledger, top, PersonRef.staff(compound.staff_id))
    with pytest.raises(ValidationError, match="记录要保留"):
        delete_staff(ledger, compound.staff_id)
    delete_staff(ledger, other)
    assert ledger.db.execute("SELECT count(*) FROM staff").fetchone()[0] == 1
