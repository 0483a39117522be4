"""Checklist templates: the built-in standards and versioning."""

from __future__ import annotations

import pytest

from core import inspections
from core.inspections import checklists
from core.inspections.checklists import ItemDraft
from core.errors import ValidationError
from tests.site_helpers import TODAY


def test_builtin_nine_standards_are_exactly_the_communitys(ledger, site):
    nine = checklists.get_template(ledger.db, site.nine_id)
    assert [i.text for i in nine.items] == [
        "有完善的小区管理制度", "有完备的创文公益广告", "有整洁的垃圾分类设备",
        "有简便的单元门禁系统", "有标准的消防安全设施", "有规范的车辆停放泊位",
        "有便民的居民晾晒区域", "有利民的居民活动场所", "有适用的信息发布专栏",
    ]
    assert nine.code == checklists.CODE_NINE and nine.version_number == 1
    hygiene = checklists.get_template(ledger.db, site.hygiene_id)
    assert hygiene.scope_kind == checklists.SCOPE_UNIT
    assert "楼道无乱堆乱放" in [i.text for i in hygiene.items]


def test_ensure_builtin_is_idempotent(ledger, site):
    again = checklists.ensure_builtin_templates(ledger, site.community_id)
    assert again == {checklists.CODE_NINE: site.nine_id, checklists.CODE_HYGIENE: site.hygiene_id}
    assert ledger.db.execute("SELECT count(*) FROM checklist_template").fetchone()[0] == 2


def test_short_labels():
    assert checklists.short_label("有完善的小区管理制度") == "小区管理制度"
    assert checklists.short_label("楼道整洁，地面无积尘杂物") == "楼道整洁"
    assert checklists.short_label("一个很长很长很长很长的检查项") == "一个很长很长很…"
    assert checklists.short_label("墙面无小广告、无乱涂乱画") == "墙面无小广告"
    assert checklists.short_label("扶手、窗台、信报箱无积灰") == "扶手、窗台、信…"


def test_revising_writes_a_new_version_and_keeps_old_inspections(ledger, site):
    inspection_id = inspections.start_inspection(
        ledger, site.nine_id, date=TODAY, scope_kind="compound", scope_id=site.compound_id,
        today=TODAY)
    old = checklists.get_template(ledger.db, site.nine_id)
    items = [ItemDraft(i.text, i.key) for i in old.items]
    # reword item 1, move item 9 to the top, retire item 5, add one
    items[0] = ItemDraft("有完善并公示的小区管理制度", items[0].key)
    items.insert(0, items.pop())
    retired = items.pop(5)
    items.append(ItemDraft("有畅通的消防通道"))
    new = checklists.revise_template(ledger, site.nine_id, items)
    assert new.version_number == 2
    assert [i.text for i in new.items][:2] == ["有适用的信息发布专栏", "有完善并公示的小区管理制度"]
    assert new.items[1].key == old.items[0].key  # reworded, same item
    assert retired.key not in {i.key for i in new.items}
    assert len(new.items) == 9
    versions = checklists.template_versions(ledger.db, site.nine_id)
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].note == "新增 1 项，改写 1 项，停用 1 项，调整顺序"
    assert [i.text for i in versions[1].items] == list(checklists.NINE_STANDARDS)
    # the inspection made before keeps the old items, word for word
    made = inspections.get_inspection(ledger.db, inspection_id)
    assert [r.text for r in made.results] == list(checklists.NINE_STANDARDS)
    assert made.version_id == versions[1].id
    # a new inspection takes the new version
    newer = inspections.start_inspection(
        ledger, site.nine_id, date=TODAY, scope_kind="compound", scope_id=site.compound_id,
        today=TODAY)
    assert [r.text for r in inspections.get_inspection(ledger.db, newer).results] == [
        i.text for i in new.items]


def test_revising_without_item_changes_keeps_the_version(ledger, site):
    old = checklists.get_template(ledger.db, site.hygiene_id)
    new = checklists.revise_template(ledger, site.hygiene_id,
                                     [ItemDraft(i.text, i.key) for i in old.items], name="楼道卫生")
    assert new.version_number == 1 and new.name == "楼道卫生"


def test_office_template_and_validation(ledger, site):
    tid = checklists.create_template(ledger, site.community_id, "电动车充电检查",
                                     ["无飞线充电", "充电桩完好", ""], scope_kind="building")
    t = checklists.get_template(ledger.db, tid)
    assert [i.text for i in t.items] == ["无飞线充电", "充电桩完好"] and not t.builtin
    with pytest.raises(ValidationError, match="已有名为"):
        checklists.create_template(ledger, site.community_id, "九个有", ["x"])
    with pytest.raises(ValidationError, match="至少要有一项"):
        checklists.create_template(ledger, site.community_id, "空表", ["  "])
    with pytest.raises(ValidationError, match="重复"):
        checklists.create_template(ledger, site.community_id, "重复表", ["a", "a"])
    with pytest.raises(ValidationError, match="太长"):
        checklists.create_template(ledger, site.community_id, "长表", ["字" * 61])
    checklists.set_template_retired(ledger, tid, True)
    assert tid not in [t.id for t in checklists.list_templates(ledger.db, site.community_id)]
    with pytest.raises(ValidationError, match="已停用"):
        inspections.start_inspection(ledger, tid, date=TODAY, scope_kind="building",
                                     scope_id=site.buildings[0], today=TODAY)
