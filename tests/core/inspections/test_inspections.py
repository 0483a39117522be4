"""Inspections: drafts, completing, compliance rate, rectifications opened."""

from __future__ import annotations

import datetime

import pytest

from core import inspections
from core.inspections import rectifications
from core.inspections import Inspector, ResultEntry
from core.errors import ValidationError
from tests.site_helpers import TODAY


def _start(ledger, site, **kw):
    args = dict(date=TODAY, scope_kind="unit", scope_id=site.units[0],
                inspectors=[Inspector("张建国", site.residents[0]), Inspector("社区 刘主任")],
                today=TODAY)
    args.update(kw)
    return inspections.start_inspection(ledger, kw.pop("template", site.nine_id), **args)


def test_compliance_rate_excludes_not_applicable():
    assert inspections.compliance_rate(["达标", "达标", "不达标", "不适用"]) == pytest.approx(2 / 3)
    assert inspections.compliance_rate(["不适用", ""]) is None
    assert inspections.compliance_rate([]) is None
    assert inspections.format_rate(0.666) == "67%"


def test_draft_may_be_half_filled(ledger, site):
    iid = _start(ledger, site)
    draft = inspections.get_inspection(ledger.db, iid)
    assert draft.status == "草稿" and len(draft.results) == 9
    assert draft.scope_label == "1栋1单元"
    assert draft.inspectors == (Inspector("张建国", site.residents[0]), Inspector("社区 刘主任"))
    first, second = draft.results[:2]
    inspections.save_inspection(ledger, iid, entries={
        first.id: ResultEntry("达标", "制度上墙"), second.id: ResultEntry("不适用")})
    saved = inspections.get_inspection(ledger.db, iid)
    assert [r.result for r in saved.results[:3]] == ["达标", "不适用", ""]
    assert saved.results[0].remark == "制度上墙"
    assert saved.status == "草稿"
    assert saved.compliance == 1.0


def test_completing_requires_every_item_and_a_name_and_deadline_for_failures(ledger, site):
    iid = _start(ledger, site)
    rows = inspections.get_inspection(ledger.db, iid).results
    entries = {r.id: ResultEntry("达标") for r in rows[:-1]}
    with pytest.raises(ValidationError, match="第 9 项“有适用的信息发布专栏”还没有填写结果") as exc:
        inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)
    assert exc.value.field == rows[-1].id
    # nothing of the failed attempt was written
    assert inspections.get_inspection(ledger.db, iid).results[0].result == ""
    entries[rows[-1].id] = ResultEntry("不达标", "专栏破损")
    with pytest.raises(ValidationError, match="整改责任人"):
        inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)
    entries[rows[-1].id] = ResultEntry("不达标", "专栏破损", "李秀英", site.residents[1])
    with pytest.raises(ValidationError, match="整改期限"):
        inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)
    entries[rows[-1].id] = ResultEntry("不达标", "专栏破损", "李秀英", site.residents[1],
                                       TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="早于检查日期"):
        inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)
    deadline = inspections.proposed_deadline(TODAY)
    entries[rows[-1].id] = ResultEntry("不达标", "专栏破损", "李秀英", site.residents[1], deadline)
    opened = inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)
    done = inspections.get_inspection(ledger.db, iid)
    assert done.status == "已完成" and done.completed_at
    assert done.compliance == pytest.approx(8 / 9)
    assert len(opened) == 1
    rect = rectifications.get_rectification(ledger.db, opened[0])
    assert (rect.item_text, rect.responsible_name, rect.deadline, rect.status) == (
        "有适用的信息发布专栏", "李秀英", deadline, "待整改")
    assert rect.responsible_resident_id == site.residents[1]
    assert rect.scope_label == "1栋1单元" and rect.item_remark == "专栏破损"
    with pytest.raises(ValidationError, match="已完成"):
        inspections.save_inspection(ledger, iid, entries={rows[0].id: ResultEntry("不达标")})
    with pytest.raises(ValidationError, match="不能删除"):
        inspections.delete_inspection(ledger, iid)


def test_complete_needs_an_inspector(ledger, site):
    iid = _start(ledger, site, inspectors=[])
    rows = inspections.get_inspection(ledger.db, iid).results
    with pytest.raises(ValidationError, match="检查人"):
        inspections.save_inspection(ledger, iid, entries={r.id: ResultEntry("达标") for r in rows},
                                    complete=True, today=TODAY)


def test_bad_input_is_refused(ledger, site):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _start(ledger, site, date=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="不存在"):
        _start(ledger, site, scope_id="nope")
    with pytest.raises(ValidationError, match="检查范围"):
        _start(ledger, site, scope_kind="street")
    with pytest.raises(ValidationError, match="名册"):
        _start(ledger, site, inspectors=[Inspector("某人", "no-such-resident")])
    iid = _start(ledger, site)
    row = inspections.get_inspection(ledger.db, iid).results[0]
    with pytest.raises(ValidationError, match="只能是"):
        inspections.save_inspection(ledger, iid, entries={row.id: ResultEntry("良好")})
    with pytest.raises(ValidationError, match="备注太长"):
        inspections.save_inspection(ledger, iid, entries={row.id: ResultEntry("达标", "字" * 301)})
    assert ledger.db.execute("SELECT count(*) FROM inspection").fetchone()[0] == 1


def test_reopen_and_delete(ledger, site):
    iid = _start(ledger, site)
    rows = inspections.get_inspection(ledger.db, iid).results
    entries = {r.id: ResultEntry("达标") for r in rows}
    entries[rows[0].id] = ResultEntry("不达标", "", "王志勇", None, TODAY)
    opened = inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)
    inspections.reopen_inspection(ledger, iid)
    assert inspections.get_inspection(ledger.db, iid).status == "草稿"
    assert ledger.db.execute("SELECT count(*) FROM rectification").fetchone()[0] == 0
    opened = inspections.complete_inspection(ledger, iid, today=TODAY)
    rectifications.start(ledger, opened[0], today=TODAY)
    with pytest.raises(ValidationError, match="不能退回草稿"):
        inspections.reopen_inspection(ledger, iid)
    draft = _start(ledger, site)
    inspections.delete_inspection(ledger, draft)
    assert ledger.db.execute("SELECT count(*) FROM inspection_result WHERE inspection_id = ?",
                             [draft]).fetchone()[0] == 0


def test_parse_names():
    assert inspections.parse_names("张三、李四，王五 赵六;钱七") == ["张三", "李四", "王五", "赵六", "钱七"]


def test_photos_go_with_a_deleted_draft_and_block_reopening(ledger, site):
    from core import photos
    from tests.photo_files import jpeg_bytes

    iid = _start(ledger, site)
    rows = inspections.get_inspection(ledger.db, iid).results
    photos.add_photo(ledger, jpeg_bytes(), owner_kind=inspections.PHOTO_OWNER, owner_id=rows[0].id,
                     name="门禁.jpg")
    assert photos.count_photos(ledger.db, "inspection_item", [rows[0].id]) == {rows[0].id: 1}
    inspections.delete_inspection(ledger, iid)
    assert ledger.db.execute("SELECT count(*) FROM photo").fetchone()[0] == 0
    assert ledger.db.execute("SELECT count(*) FROM photo_data").fetchone()[0] == 0

    iid = _start(ledger, site)
    rows = inspections.get_inspection(ledger.db, iid).results
    entries = {r.id: ResultEntry("达标") for r in rows}
    entries[rows[3].id] = ResultEntry("不达标", "门禁坏", "王志勇", None, TODAY)
    (rid,) = inspections.save_inspection(ledger, iid, entries=entries, complete=True, today=TODAY)
    photos.add_photo(ledger, jpeg_bytes(colour="green"), owner_kind=rectifications.PHOTO_OWNER,
                     owner_id=rid, slot=rectifications.AFTER_SLOT)
    with pytest.raises(ValidationError, match="整改后照片"):
        inspections.reopen_inspection(ledger, iid)
    assert inspections.get_inspection(ledger.db, iid).completed
