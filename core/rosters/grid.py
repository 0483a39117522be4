"""The grid's rosters: who is responsible for each node, and the party
organisation's secretaries, leaders and members, phones as ``privacy`` says."""

from __future__ import annotations

import datetime
from dataclasses import replace

from sqlite_utils import Database

from core.grid import queries as gq
from core.rosters.privacy import Privacy


def grid_heads(db: Database, community_id: str | None, privacy: Privacy = Privacy.MASKED,
               on_date: datetime.date | None = None) -> list[gq.RosterLine]:
    """The grid in tree order with who held each node on ``on_date`` (default today)."""
    return [replace(line, phone=privacy.phone(line.phone))
            for line in gq.grid_roster(db, on_date, community_id)]


def party_organisation(db: Database, community_id: str | None,
                       privacy: Privacy = Privacy.MASKED) -> list[gq.Contact]:
    """Secretaries and group leaders, then each group's living members."""
    return [replace(contact, phone=privacy.phone(contact.phone))
            for contact in gq.party_contacts(db, community_id)]
