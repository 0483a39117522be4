"""What every demo section shares: the name lists, and what the registry
section made for the sections that follow.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from core.ledger import Ledger

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)


GIVEN_MALE = "建国军华明强伟志勇刚平文斌海涛永福德成宝林庆春国光红兵新民立中振东胜利富贵学忠宏伟俊峰磊杰"


GIVEN_FEMALE = "秀英桂兰玉梅凤芳丽萍霞红英淑珍美华敏静燕婷慧娟琴云莲翠花雪梅春艳丹玲佳欣悦雨婷怡然"


#: Area codes of Zhengzhou's districts. Most date from 1983, so older residents
#: carry a code younger than themselves, as on real cards.
AREA_CODES = ("410102", "410103", "410104", "410105", "410106", "410108", "410122", "410181")


COMMUNITY = "幸福路社区"


SUBDISTRICT = "新华街道"


COMPOUND = "红星机械厂生活区"


@dataclass
class DemoContext:
    """What the registry section made, for the sections that follow.

    Attributes:
        community_id: the community of every compound.
        compound_ids: the compounds, the account's own first.
        unit_ids: every unit, in building order, per compound.
        residents: (id, name, age, household_id, unit_id) of living residents.
        party_member_ids: living party members.
    """

    rng: random.Random
    today: datetime.date
    community_id: str = ""
    compound_ids: list[str] = field(default_factory=list)
    unit_ids: dict[str, list[str]] = field(default_factory=dict)
    residents: list[tuple[str, str, int, str, str]] = field(default_factory=list)
    party_member_ids: list[str] = field(default_factory=list)


DemoSection = Callable[[Ledger, DemoContext], None]
