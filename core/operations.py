"""Every operation that changes the ledger, by its stable code.

The code (``resident.move_out``) is what the change record stores and what
the audit log, roles and the roll-up will key on; it never changes once
shipped. The label is the Chinese name shown to people; an operation may
pass a more precise one (``新建网格员``) for one write. Adding an operation
means adding a line here: :meth:`core.ledger.Ledger.write` refuses codes it
does not know, so a typo cannot scatter the record.
"""

from __future__ import annotations

OPERATIONS: dict[str, str] = {
    # the ledger itself
    "setting.set": "修改设置",
    "community.create": "新建社区",
    "community.edit": "修改社区信息",
    "community.choose": "切换社区",
    # registry: places
    "compound.create": "新建小区",
    "compound.edit": "修改小区信息",
    "building.add": "添加楼栋",
    "unit.add": "添加单元",
    "place.rename": "重命名",
    "building.delete": "删除空楼栋",
    "unit.delete": "删除空单元",
    # registry: households and residents
    "household.add": "添加住户",
    "household.edit": "修改住户",
    "resident.add": "添加居民",
    "resident.edit": "修改居民",
    "resident.move_out": "办理迁出",
    "resident.death": "登记去世",
    "resident.restore": "恢复在住",
    "resident.transfer": "居民转户",
    "import.commit": "导入 Excel",
    "registry.reindex": "更新检索信息",
    # grid and party organisation
    "grid.node_create": "新建网格",
    "grid.node_edit": "修改网格",
    "grid.node_move": "调整网格归属",
    "grid.node_delete": "删除网格",
    "grid.person_assign": "指定负责人",
    "grid.person_change": "更换负责人",
    "grid.person_release": "负责人卸任",
    "grid.units_set": "调整负责单元",
    "grid.unit_transfer": "转交单元",
    "staff.add": "添加工作人员",
    "staff.edit": "修改工作人员",
    "staff.delete": "删除工作人员",
    "party.group_join": "编入党小组",
    "party.group_leave": "移出党小组",
    "party.unit_heads_link": "调整党小组联系的楼栋单元长",
    "party.build_from_register": "按登记的党小组建立党组织",
    # inspections
    "checklist.builtin": "建立内置检查表",
    "checklist.create": "新建检查表",
    "checklist.edit": "修改检查表",
    "checklist.retire": "停用检查表",
    "checklist.restore": "恢复检查表",
    "inspection.create": "新建检查",
    "inspection.save": "保存检查",
    "inspection.complete": "完成检查",
    "inspection.reopen": "退回草稿",
    "inspection.delete_draft": "删除检查草稿",
    "rectification.adjust": "调整整改",
    "rectification.start": "开始整改",
    "rectification.close": "整改完成",
    "rectification.reopen": "重新整改",
    "rotation.generate": "生成卫生轮值",
    "rotation.adjust": "调整卫生轮值",
    "rotation.cancel": "取消卫生轮值",
    # campaigns
    "campaign.create": "新建整治行动",
    "campaign.edit": "修改整治行动",
    "campaign.delete": "删除整治行动",
    "campaign.entry_add": "登记整治工作",
    "campaign.entry_edit": "修改整治工作",
    "campaign.entry_delete": "删除整治工作记录",
    "campaign.entry_discard": "放弃整治工作记录",
    "metric.add": "添加整治指标",
    "metric.edit": "修改整治指标",
    "metric.delete": "删除整治指标",
    "partner.add": "添加包保单位",
    "partner.edit": "修改包保单位",
    # photos
    "photo.add": "添加照片",
    "photo.caption": "修改照片说明",
    "photo.delete": "删除照片",
    "photo.move": "移动照片",
    # demo ledger
    "demo.registry": "载入示例数据",
    "demo.grid": "载入网格示例数据",
    "demo.inspections": "载入示例检查",
    "demo.campaigns": "载入示例数据（整治行动）",
}


def label_of(code: str) -> str:
    """The Chinese name of an operation; raises KeyError for an unknown code."""
    return OPERATIONS[code]
