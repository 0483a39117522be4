"""The demo compound of the community's own account, and bigger ones for benchmarks.

``build_demo`` fills an empty ledger with a compound like the one the
community describes: a former factory's living quarters of about 8
buildings, 24 units, 600 households and 1,500 residents, many of them
retirees, about 40 party members of whom many are away for long, vulnerable
residents, and the history of those who moved out or died. With
``compounds=34`` it builds a sub-district of about 50,000 residents.

Every generator lives in this package: ``registry``, ``grid``, ``inspections``,
``campaigns``, and the pictures they draw (``photos``, ``scenes``,
``campaign_photos``). The output depends only on the seed and the date it is
built on. Each tab that lands adds a section to ``DEMO_SECTIONS`` (in ``build``)
so that a new user sees the program full.
"""

from __future__ import annotations

from core.demo.build import (  # noqa: F401
    DEMO_SECTIONS,
    build_demo,
)
from core.demo.context import (  # noqa: F401
    AREA_CODES,
    COMMUNITY,
    COMPOUND,
    GIVEN_FEMALE,
    GIVEN_MALE,
    SUBDISTRICT,
    SURNAMES,
    DemoContext,
    DemoSection,
)
from core.demo.registry import (  # noqa: F401
    registry_section,
)
