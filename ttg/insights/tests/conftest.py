"""The insights tests' world with known answers (world.py), made once per module and rolled back after it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from conftest import persona_users
from ttg.insights.services import count_breakdowns
from ttg.insights.tests.world import make_world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            persona_users()  # the demo base, made again if a transactional test on this worker emptied the tables
            made = make_world()
            count_breakdowns()  # the pages and selectors read the counts as stored
            yield made
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
