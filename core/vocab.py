"""The lists the user sees, each defined once.

Widgets, importers, exports and reports take their choices from here, so a
wording changed here changes everywhere.
"""

from __future__ import annotations

SEXES: tuple[str, ...] = ("男", "女")

#: Tenure of a household (居住性质).
TENURES: tuple[str, ...] = ("自有", "租住", "空置")

#: Relation of a resident to the head of household (与户主关系).
RELATIONS: tuple[str, ...] = (
    "户主", "配偶", "子", "女", "儿媳", "女婿", "孙子", "孙女",
    "外孙子", "外孙女", "父亲", "母亲", "兄弟姐妹", "租户", "其他",
)

#: 政治面貌. The first two count as party members.
POLITICAL_STATUSES: tuple[str, ...] = (
    "中共党员", "中共预备党员", "共青团员", "民主党派", "群众",
)
PARTY_STATUSES: frozenset[str] = frozenset({"中共党员", "中共预备党员"})

#: Where a party member is: in the compound or away for long.
PARTY_PRESENCE: tuple[str, ...] = ("在小区", "长期在外")

#: Tags for vulnerable and cared-for groups. One list for the whole program;
#: add a tag here and it appears in the dialogs, filters, import template
#: and exports.
VULNERABLE_TAGS: tuple[str, ...] = (
    "困难老人", "高龄老人", "低保", "特困供养", "残疾", "独居", "空巢",
    "留守儿童", "优抚对象", "重病", "失业",
)

#: Resident status. Moving out and death keep the record as history.
STATUS_LIVING = "在住"
STATUS_MOVED_OUT = "迁出"
STATUS_DECEASED = "死亡"
STATUSES: tuple[str, ...] = (STATUS_LIVING, STATUS_MOVED_OUT, STATUS_DECEASED)


def is_party_member(political_status: str | None) -> bool:
    return political_status in PARTY_STATUSES
