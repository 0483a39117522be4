"""The four-level grid (四级网格), and the tree of nodes it shares with the
party organisation (小区党支部 › 党小组, whose members are :mod:`core.party`).

- ``levels``: the two trees, their levels and the rules of each level;
- ``records``: nodes and reading them; ``tree``: adding, editing, moving, deleting;
- ``units``: which units each level-4 head (楼栋单元长) covers;
- ``people``: who holds each node, with dates, and staff who do not live here;
- ``coverage``: gaps (units nobody covers, vacant nodes, heads who moved out);
- ``queries``: the trees with their counts, contact sheets and rosters.

Every change goes through ``ledger.write``; every check that can fail
raises :class:`~core.errors.ValidationError` before anything is written.
What other packages and ``ui/`` use is re-exported here.
"""

from __future__ import annotations

from core.grid.levels import (  # noqa: F401
    GRID_LEVELS,
    GRID_TABLES,
    PARTY_LEVELS,
    REGISTRY_TABLES,
    T_ASSIGNMENT,
    T_BINDING,
    T_NODE,
    T_PARTY_MEMBER,
    T_STAFF,
    T_UNIT_HEAD,
    TREE_GRID,
    TREE_LEVELS,
    TREE_PARTY,
    TREE_TITLES,
    Level,
    level_info,
    max_level,
)
from core.grid.records import (  # noqa: F401
    Node,
    NodeForm,
    active_node,
    children,
    default_community,
    get_node,
    nodes,
    parse_date,
    path_names,
    sort_key,
    subtree,
)
from core.grid.tree import (  # noqa: F401
    Dependents,
    add_node,
    add_node_with_person,
    check_node_form,
    child_level_problem,
    delete_node,
    dependents,
    move_node,
    move_problem,
    release_members,
    sync_party_text,
    transfer_targets,
    update_node,
)
from core.grid.units import (  # noqa: F401
    building_parent,
    move_unit,
    owner_of_unit,
    set_units,
    unit_label,
    unit_move_problem,
    units_of,
)
