from __future__ import annotations

import pytest

from tests.site_helpers import Site, make_site


@pytest.fixture
def site(ledger) -> Site:
    return make_site(ledger)
