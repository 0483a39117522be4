"""The two trees made of grid nodes and their levels.

The grid has four levels (community party-committee head › retired
party-branch secretary › former factory managers › building-unit heads,
楼栋单元长), the party organisation two (小区党支部 › 党小组). A node of level k
has children of level k + 1 only; level 1 has no parent; a level is never
skipped. Only level-4 grid nodes cover units.
"""

from __future__ import annotations

from dataclasses import dataclass

TREE_GRID = "grid"


TREE_PARTY = "party"


#: Tables written by the grid's operations, for change notifications.
T_NODE = "grid_node"


T_ASSIGNMENT = "grid_assignment"


T_BINDING = "grid_unit"


T_STAFF = "staff"


T_UNIT_HEAD = "party_unit_head"


T_PARTY_MEMBER = "party_member"


GRID_TABLES = frozenset({T_NODE, T_ASSIGNMENT, T_BINDING, T_STAFF, T_UNIT_HEAD, T_PARTY_MEMBER})


#: Tables of the registry whose changes alter what the grid shows (counts,
#: a head who moved out, unit names).
REGISTRY_TABLES = frozenset({"resident", "household", "unit", "building", "compound", "party_member"})


@dataclass(frozen=True)
class Level:
    """One level of a tree, as the users name it.

    Attributes:
        number: 1 for the top.
        title: the level's name (``四级网格``).
        role: the title of the person who holds a node of this level.
        who: who usually holds it, from the community's account.
        duties: the duties text a new node of this level starts with.
    """

    number: int
    title: str
    role: str
    who: str
    duties: str


GRID_LEVELS: tuple[Level, ...] = (
    Level(1, "一级网格", "一级网格长", "社区党委负责人",
          "统筹全社区网格工作，督促、指导各级网格长履职。"),
    Level(2, "二级网格", "二级网格长", "离退休党支部书记",
          "联系小区党支部和自治委员会，协调本小区的网格事务，倾听民声、问需于民。"),
    Level(3, "三级网格", "三级网格长", "原企业破产遗留管理人员",
          "联络、督促片区内的楼栋单元长，收集居民诉求并上报。"),
    Level(4, "四级网格", "楼栋单元长", "楼栋单元长",
          "负责本单元居民宣传、业务联络，为居民办理力所能及的事，如电灯维修、代收水电费、"
          "物品搬运、入户宣传、疏通下水道等。"),
)


PARTY_LEVELS: tuple[Level, ...] = (
    Level(1, "小区党支部", "支部书记", "小区党支部书记",
          "发挥组织核心作用：组织主题党日，联系党员，带领居民参与小区治理。"),
    Level(2, "党小组", "党小组长", "党小组长",
          "联系本组党员，带领党员主动宣传政策、参与管理、开展志愿服务。"),
)


TREE_LEVELS: dict[str, tuple[Level, ...]] = {TREE_GRID: GRID_LEVELS, TREE_PARTY: PARTY_LEVELS}


TREE_TITLES: dict[str, str] = {TREE_GRID: "四级网格", TREE_PARTY: "小区党组织"}


def level_info(tree: str, level: int) -> Level:
    return TREE_LEVELS[tree][level - 1]


def max_level(tree: str) -> int:
    return len(TREE_LEVELS[tree])
