"""The grid tab (网格): the four-level grid, the party organisation, the
contact sheet and the always-visible coverage check."""
