from __future__ import annotations

from typing import Any

import pytest

from ttg.plans.loader import load_initial_catalogue
from ttg.plans.models import CatalogueVersion


@pytest.fixture
def catalogue(db: Any) -> dict[str, CatalogueVersion]:
    """The two initial versions. The data migration loads them; a test that empties the tables
    (test_tasks, the browser tests) removes them, so they are loaded again here (idempotent)."""
    v2015, v2019 = load_initial_catalogue()
    return {"2015": v2015, "2019": v2019}
