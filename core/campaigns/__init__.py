"""Volunteer clean-up campaigns (整治行动): the campaigns with their goals and
partner units, the daily entries with quantities, volunteers and photos.

- ``records``: forms, records and table names;
- ``metrics``: what is counted (处, 吨, m², 个 …) and exact amounts;
- ``partners``: partner units (包保单位);
- ``campaign``: campaigns, their goals and partners;
- ``places``: where work was done (a building, a unit, or free text);
- ``entries``: the daily entries and their volunteers;
- ``stats``: totals, by unit, by place, by volunteer, the chart;
- ``queries``: the paged log; ``due``: goals behind schedule for the start screen.

Every change goes through ``ledger.write``; every check that can fail raises
:class:`~core.errors.ValidationError` with a Chinese message naming the field.
What other packages and ``ui/`` use is re-exported here.
"""

from __future__ import annotations

from core.campaigns.campaign import (  # noqa: F401
    campaign_list,
    community_of_campaign,
    create_campaign,
    delete_campaign,
    get_campaign,
    update_campaign,
)
from core.campaigns.entries import (  # noqa: F401
    CheckedEntry,
    campaign_of_entry,
    check_entry,
    check_head_count,
    default_entry_date,
    delete_entry,
    find_residents,
    get_entry,
    previous_volunteers,
    save_entry,
)
from core.campaigns.partners import (  # noqa: F401
    add_partner_unit,
    partner_units,
    update_partner_unit,
)
from core.campaigns.places import (  # noqa: F401
    PLACE_JOINS,
    PLACE_SQL,
    Place,
    place_choices,
    place_label,
    resolve_place,
)
from core.campaigns.records import (  # noqa: F401
    ALL_TABLES,
    CAMPAIGN_TABLES,
    ENTRY_TABLES,
    PARTNER_KINDS,
    PHOTO_AFTER,
    PHOTO_BEFORE,
    PHOTO_OWNER,
    T_CAMPAIGN,
    T_ENTRY,
    T_PARTNER,
    TAB_TITLE,
    Campaign,
    CampaignForm,
    Entry,
    EntryForm,
    OutsideCampaign,
    PartnerUnit,
    VolunteerForm,
)
