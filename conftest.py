"""Shared test fixtures: the demo personas, one per role, signed-in clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ttg.accounts.constants import PEOPLE_ROLES, Role
from ttg.demo.loader import load_demo
from ttg.demo.personas import PERSONAS
from ttg.plans.catalogue.loader import load_initial_catalogue
from ttg.plans.catalogue.models import CatalogueVersion

PASSWORD = "a-long-test-password-2019"


@pytest.fixture
def personas(db: Any) -> dict[str, Any]:
    """Role -> User, loaded by the same code as the demo."""
    return load_demo(password=PASSWORD)["personas"]


@pytest.fixture
def client_for(personas: dict[str, Any]) -> Any:
    """client_for(role) -> a Django test client signed in as that role's persona."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(personas[role])
        return client

    return make


# The nine roles people have; tests of every route also cover the integration role (list(Role)).
ALL_ROLES = list(PEOPLE_ROLES)
EVERY_ROLE = list(Role)
PERSONA_USERNAMES = {p.role: p.username for p in PERSONAS}


@pytest.fixture
def catalogue(db: Any) -> dict[str, CatalogueVersion]:
    """The two initial catalogue versions. The data migration loads them; a test that empties the
    tables (test_tasks, the browser tests) removes them, so they are loaded again here (idempotent)."""
    v2015, v2019 = load_initial_catalogue()
    return {"2015": v2015, "2019": v2019}
