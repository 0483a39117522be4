"""The domain of 小区治理台账: records, validation, rules, queries and statistics.

Nothing in this package imports Qt; everything the GUI does can be done
from a test or the command line. Imports run one way: ``ui/``, ``commands/``
and ``reports/`` use ``core``; ``core`` uses ``db``; never the other way.

One package per domain, mirroring ``ui/``; each holds its records, rules,
writes, queries and statistics together and re-exports what others use:

- ``registry``   places (compound › building › unit), households, residents,
                 their rules (ID numbers, phones, one head), queries, search
                 as you type and the search/order columns (``index``)
- ``grid``       the four-level grid: levels, nodes, unit coverage, who holds
                 each node, coverage gaps, the trees and contact sheets
- ``party``      the party organisation (小区党支部 › 党小组): placing members
                 and linking 楼栋单元长
- ``inspections`` checklists (九个有, hygiene), inspections, rectifications,
                 compliance matrix and rates, the weekly hygiene rotation
- ``campaigns``  clean-up campaigns: metrics and exact amounts, partner units,
                 goals, daily entries and volunteers, statistics, the log
- ``photos``     photo intake (checks, rotation, downscaling) and storage
- ``importing``  the Excel register: reading, planning, applying, error book
- ``rosters``    the registers as typed rows (residents, households, party,
                 care, grid heads), ID and phone masking applied in one place
- ``demo``       every demo generator (registry, grid, inspections, campaigns,
                 and the pictures they draw)

Shared pieces:

- ``ledger``     the open database, its current community and the one write
                 path (``Ledger.write``), which records every change
- ``operations`` the stable operation codes a write names, with their labels
- ``change_record`` reading back who changed which rows, before and after
- ``child_rows`` saving a record's child rows by what differs
- ``people``     one person reference (resident, staff member or typed name)
- ``errors``     ``LedgerError``, ``ValidationError``: messages for the user
- ``vocab``      the lists the user sees (relations, 政治面貌, tags, statuses)
- ``idcard``, ``pinyin``, ``masking``, ``address``  ID numbers, pinyin keys,
                 masking of IDs and phones, building/unit/room spelling
- ``overview``, ``due``  the start screen's figures and its list of what is due
- ``paths``, ``progress``  the data folder; progress and cancel of long work
"""
