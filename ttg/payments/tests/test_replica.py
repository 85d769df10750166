"""The funding, spend, claims and aged-debt reports read from the read replica when one is
configured (ttg.core.db); their sign-in, session and every write stay on "default", and the other
pages never touch the replica.

The test settings' "replica" alias mirrors the test database (TEST MIRROR). These tests commit
(transaction=True) so that the replica's own connection sees the demo base.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.core.middleware import LAST_SEEN_EVERY_SECONDS
from ttg.core.signals import SESSION_LAST_SEEN

REPORT_PAGES = [
    ("payments_funding", {}),
    ("payments_aged_debt", {}),
    ("payments_spend_export", {"fmt": "csv"}),
    ("payments_claims_export", {"fmt": "csv"}),
]
REPORT_API = ["api_spend", "api_subsidy", "api_aged_debt"]

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def statements(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split()[0].upper() for q in captured.captured_queries]


def fetch(client: Any, url: str) -> tuple[Any, list[str], list[str]]:
    with CaptureQueriesContext(connections["default"]) as on_default, CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(url)
    return response, statements(on_default), statements(on_replica)


@pytest.mark.parametrize(("name", "kwargs"), REPORT_PAGES)
def test_report_pages_read_from_the_replica(settings: Any, client_for: Any, name: str, kwargs: dict[str, str]) -> None:
    client = client_for(Role.CONTRACT_MANAGER)
    url = reverse(name, kwargs=kwargs)
    before = client.get(url)  # no replica configured: everything on default

    settings.TTG_REPORTS_DATABASE = "replica"
    response, on_default, on_replica = fetch(client, url)

    assert response.status_code == 200
    assert on_replica, "the report read nothing from the replica"
    assert set(on_replica) == {"SELECT"}
    assert "SELECT" in on_default  # the session and the user, from the primary
    if name.endswith("_export"):
        assert response.content == before.content


@pytest.mark.parametrize("name", REPORT_API)
def test_report_api_reads_from_the_replica(settings: Any, personas: dict[str, Any], name: str) -> None:
    client = APIClient()
    client.force_authenticate(personas[Role.CONTRACT_MANAGER])
    before = client.get(reverse(name))

    settings.TTG_REPORTS_DATABASE = "replica"
    response, _, on_replica = fetch(client, reverse(name))

    assert response.status_code == 200
    assert response.json() == before.json()
    assert on_replica
    assert set(on_replica) == {"SELECT"}


def test_writes_and_other_pages_never_use_the_replica(settings: Any, client_for: Any) -> None:
    settings.TTG_REPORTS_DATABASE = "replica"
    client = client_for(Role.CONTRACT_MANAGER)
    response, on_default, on_replica = fetch(client, reverse("payments_claims"))
    assert response.status_code == 200
    assert on_replica == []
    assert on_default

    # A report request that writes (the session's last-seen time, written once it is a minute old): the
    # write goes to default.
    session = client.session
    session[SESSION_LAST_SEEN] -= LAST_SEEN_EVERY_SECONDS
    session.save()
    response, on_default, on_replica = fetch(client, reverse("payments_funding"))
    assert response.status_code == 200
    assert "UPDATE" in on_default
    assert set(on_replica) == {"SELECT"}
