"""The household registry: community › compound › building › unit › household › resident.

One folder for the registry's records, rules, writes and queries:

- ``records``: the forms and records (``ResidentForm``, ``Resident`` …) and table names;
- ``rules``: the checks (ID numbers, phones, one living head, duplicate IDs);
- ``places``: compounds, buildings and units;
- ``choices``: names to show and pick from (compounds, units, addresses);
- ``households`` and ``residents``: their writes and reads, moves and status changes;
- ``queries``: the tree, paged and filtered tables, counts; ``card``: the household card (户卡);
- ``search``: search-as-you-type in memory; ``index``: the search and order columns.

Every function that changes something takes the :class:`~core.ledger.Ledger`
and goes through ``ledger.write``; every check that can fail raises
:class:`~core.errors.ValidationError` with a Chinese message naming the field.
What other packages and ``ui/`` use is re-exported here.
"""

from __future__ import annotations

from core.registry.card import CardEvent, CardMember, HouseholdCard, household_card  # noqa: F401
from core.registry.choices import (  # noqa: F401
    community_name,
    compound_choices,
    has_community,
    household_address,
    resident_address,
    unit_choices,
)
from core.registry.households import (  # noqa: F401
    add_household,
    get_household,
    update_household,
)
from core.registry.places import (  # noqa: F401
    add_building,
    add_unit,
    community_of_compound,
    community_of_unit,
    create_community,
    create_compound,
    delete_empty_node,
    ensure_community,
    rename_node,
    update_compound,
)
from core.registry.records import (  # noqa: F401
    RESIDENT_TABLES,
    T_BUILDING,
    T_COMPOUND,
    T_HOUSEHOLD,
    T_RESIDENT,
    T_UNIT,
    CheckedResident,
    CompoundForm,
    Household,
    PartyInfo,
    Resident,
    ResidentForm,
)
from core.registry.residents import (  # noqa: F401
    add_resident,
    change_status,
    get_resident,
    move_resident,
    resident_history,
    update_resident,
    write_resident_details,
)
from core.registry.rules import (  # noqa: F401
    ADDRESS_JOINS,
    ADDRESS_SQL,
    age,
    check_household,
    check_resident,
    find_by_id_number,
    head_taken_message,
    normalize_phone,
    validate_household,
    validate_resident,
)
