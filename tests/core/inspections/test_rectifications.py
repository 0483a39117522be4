"""Rectifications: life cycle, closing rules, overdue, the start screen's list."""

from __future__ import annotations

import datetime

import pytest

from core import due, inspections
from core.inspections import rectifications
from core.inspections import Inspector, ResultEntry
from core.errors import ValidationError
from tests.site_helpers import TODAY

DAY = datetime.timedelta(days=1)


def _failing(ledger, site, *, date=TODAY, deadline=None, fails=1, scope=("unit", 0)):
    kind, n = scope
    scope_id = site.compound_id if kind == "compound" else site.units[n]
    iid = inspections.start_inspection(ledger, site.nine_id, date=date, scope_kind=kind,
                                       scope_id=scope_id, inspectors=[Inspector("刘主任")],
                                       today=TODAY)
    rows = inspections.get_inspection(ledger.db, iid).results
    entries = {r.id: ResultEntry("达标") for r in rows}
    for row in rows[:fails]:
        entries[row.id] = ResultEntry("不达标", "坏了", "李秀英", site.residents[1],
                                      deadline or date + 14 * DAY)
    return iid, inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)


def test_life_cycle(ledger, site):
    _iid, (rid,) = _failing(ledger, site, date=TODAY - 10 * DAY)
    rectifications.start(ledger, rid, date=TODAY - 5 * DAY, note="已联系物业", today=TODAY)
    assert rectifications.get_rectification(ledger.db, rid).status == "整改中"
    with pytest.raises(ValidationError, match="不能再开始"):
        rectifications.start(ledger, rid, today=TODAY)
    with pytest.raises(ValidationError, match="整改情况说明"):
        rectifications.close(ledger, rid, note=" ", today=TODAY)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        rectifications.close(ledger, rid, note="已修好", date=TODAY + DAY, today=TODAY)
    with pytest.raises(ValidationError, match="不能早于检查日期"):
        rectifications.close(ledger, rid, note="已修好", date=TODAY - 11 * DAY, today=TODAY)
    assert rectifications.get_rectification(ledger.db, rid).status == "整改中"
    rectifications.close(ledger, rid, note="制度已重新上墙", date=TODAY, today=TODAY)
    rect = rectifications.get_rectification(ledger.db, rid)
    assert (rect.status, rect.closed_date, rect.close_note) == ("已完成", TODAY, "制度已重新上墙")
    assert rect.started_date == TODAY - 5 * DAY
    with pytest.raises(ValidationError, match="已经完成"):
        rectifications.close(ledger, rid, note="again", today=TODAY)
    with pytest.raises(ValidationError, match="不能再修改"):
        rectifications.assign(ledger, rid, responsible_name="王志勇", deadline=TODAY)
    kinds = [e.kind for e in rectifications.events(ledger.db, rid)]
    assert kinds == ["下达整改", "开始整改", "整改完成"]
    with pytest.raises(ValidationError, match="原因"):
        rectifications.reopen(ledger, rid, note="", today=TODAY)
    rectifications.reopen(ledger, rid, note="复查发现又坏了", deadline=TODAY + 7 * DAY, today=TODAY)
    rect = rectifications.get_rectification(ledger.db, rid)
    assert (rect.status, rect.closed_date, rect.deadline) == ("整改中", None, TODAY + 7 * DAY)


def test_close_directly_from_todo(ledger, site):
    _iid, (rid,) = _failing(ledger, site)
    rectifications.close(ledger, rid, note="当场整改完毕", today=TODAY)
    rect = rectifications.get_rectification(ledger.db, rid)
    assert rect.status == "已完成" and rect.started_date == TODAY


def test_assign_changes_person_and_deadline(ledger, site):
    _iid, (rid,) = _failing(ledger, site)
    rectifications.assign(ledger, rid, responsible_name="王志勇", responsible_resident_id=site.residents[2],
                          deadline=TODAY + 30 * DAY, note="物业交接")
    rect = rectifications.get_rectification(ledger.db, rid)
    assert (rect.responsible_name, rect.responsible_resident_id, rect.deadline) == (
        "王志勇", site.residents[2], TODAY + 30 * DAY)
    assert "责任人 李秀英 → 王志勇" in rectifications.events(ledger.db, rid)[-1].note
    with pytest.raises(ValidationError, match="请填写整改责任人"):
        rectifications.assign(ledger, rid, responsible_name=" ", deadline=TODAY)
    with pytest.raises(ValidationError, match="早于检查日期"):
        rectifications.assign(ledger, rid, responsible_name="王", deadline=TODAY - DAY)


def test_overdue_and_due_items(ledger, site):
    _a, (overdue_id,) = _failing(ledger, site, date=TODAY - 20 * DAY, deadline=TODAY - 3 * DAY)
    _b, (soon_id,) = _failing(ledger, site, date=TODAY - 2 * DAY, deadline=TODAY + 5 * DAY,
                              scope=("unit", 1))
    _c, (closed_id,) = _failing(ledger, site, date=TODAY - 2 * DAY, scope=("unit", 2))
    rectifications.close(ledger, closed_id, note="已修好", today=TODAY)
    overdue = rectifications.get_rectification(ledger.db, overdue_id)
    assert overdue.overdue(TODAY) and overdue.state_text(TODAY) == "逾期 3 天"
    assert not rectifications.get_rectification(ledger.db, soon_id).overdue(TODAY)
    assert not rectifications.get_rectification(ledger.db, closed_id).overdue(TODAY + 100 * DAY)
    items = due.due_items(ledger.db, TODAY)
    assert [i.record_id for i in items if i.kind == "整改"] == [overdue_id, soon_id]
    first = items[0]
    assert first.kind == "整改" and first.tab == "检查" and first.who == "李秀英"
    assert first.overdue(TODAY)
    assert first.title == "1栋1单元 小区管理制度：整改期限 11月17日（逾期 3 天）"
    assert "还剩 5 天" in items[1].title


def test_counts_for_summary(ledger, site):
    from core.inspections import queries as iq

    _failing(ledger, site, date=TODAY - 20 * DAY, deadline=TODAY - 3 * DAY, fails=2)
    counts = iq.rectification_counts(ledger.db, TODAY)
    assert counts == {"未完成": 2, "已逾期": 2, "已完成": 0}
    rows = iq.rectification_page(ledger.db, iq.RectificationFilter(TODAY), 0, 50)
    assert [r["item"] for r in rows] == ["有完善的小区管理制度", "有完备的创文公益广告"]


def test_due_today_is_not_yet_overdue():
    assert not rectifications.is_overdue("整改中", TODAY, TODAY)
    assert rectifications.is_overdue("整改中", TODAY - DAY, TODAY)
    assert rectifications.is_overdue("待整改", (TODAY - DAY).isoformat(), TODAY)
    assert not rectifications.is_overdue("已完成", TODAY - 9 * DAY, TODAY)
    assert rectifications.state_text("整改中", TODAY, None, TODAY) == "今天到期"
    assert rectifications.state_text("待整改", TODAY + 2 * DAY, None, TODAY) == "还剩 2 天"
    assert rectifications.state_text("已完成", TODAY - DAY, TODAY, TODAY) == "已完成"
