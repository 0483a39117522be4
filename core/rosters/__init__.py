"""Rosters: the registers the sub-district asks for, as typed rows.

Residents, households, party members, residents in need of care, and the
grid's responsible people, each of one community in address order. ID and
phone numbers come masked unless the caller passes ``Privacy.FULL``; the
masking is applied here and nowhere else (``privacy``), so the Excel
exports and the printed rosters show the same thing.
"""

from __future__ import annotations

from core.rosters.grid import grid_heads, party_organisation  # noqa: F401
from core.rosters.privacy import Privacy  # noqa: F401
from core.rosters.registry import (  # noqa: F401
    CareLine,
    HouseholdLine,
    PartyLine,
    ResidentLine,
    care_roster,
    household_roster,
    party_roster,
    resident_roster,
    roster_place,
)
