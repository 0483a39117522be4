"""The campaigns tab (整治行动): campaigns, the daily entry log, totals
against goals, work by unit and place, the volunteer roster and the
progress chart."""
