"""The reports' router (core/db.py): reads inside `reporting()` go to the replica when one is
configured; writes, reads outside it and reads inside a transaction go to "default".

The test settings have a "replica" alias that mirrors the test database (TEST MIRROR), unused
unless TTG_REPORTS_DATABASE names it. The report pages' own test is in payments/tests/test_replica.py.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from ttg.core import db
from ttg.core.models import AuditEvent


@pytest.fixture
def replica(settings: Any) -> str:
    settings.TTG_REPORTS_DATABASE = "replica"
    return "replica"


def test_without_a_replica_everything_goes_to_default(settings: Any) -> None:
    settings.TTG_REPORTS_DATABASE = None
    with db.reporting():
        assert router.db_for_read(Session) == "default"
        assert router.db_for_write(Session) == "default"


def test_reads_inside_reporting_go_to_the_replica_and_writes_never_do(replica: str) -> None:
    assert router.db_for_read(AuditEvent) == "default"
    with db.reporting():
        assert db.in_reporting()
        assert router.db_for_read(AuditEvent) == "replica"
        assert router.db_for_write(AuditEvent) == "default"
    assert not db.in_reporting()
    assert router.db_for_read(AuditEvent) == "default"


def test_the_decorator_routes_only_while_the_function_runs(replica: str) -> None:
    @db.reporting()
    def report() -> tuple[str, str]:
        return router.db_for_read(Session), router.db_for_write(Session)

    assert report() == ("replica", "default")
    assert router.db_for_read(Session) == "default"


def test_reporting_is_per_thread(replica: str) -> None:
    seen: list[str] = []
    with db.reporting():
        thread = threading.Thread(target=lambda: seen.append(router.db_for_read(Session)))
        thread.start()
        thread.join()
        assert router.db_for_read(Session) == "replica"
    assert seen == ["default"]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_in_a_transaction_stay_on_default(replica: str) -> None:
    with db.reporting():
        with transaction.atomic():
            assert router.db_for_read(Session) == "default"
        assert router.db_for_read(Session) == "replica"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_queries_inside_reporting_run_on_the_replica_connection(replica: str) -> None:
    default, replica_ = connections["default"], connections["replica"]
    with CaptureQueriesContext(default) as on_default, CaptureQueriesContext(replica_) as on_replica, db.reporting():
        Session.objects.create(session_key="x" * 32, session_data="", expire_date="2030-01-01T00:00Z")
        assert Session.objects.filter(session_key="x" * 32).count() == 1
    assert [q["sql"].split()[0] for q in on_replica] == ["SELECT"]
    assert [q["sql"].split()[0] for q in on_default] == ["INSERT"]


@pytest.mark.parametrize("reports_database", [None, "replica"])
def test_the_replica_is_never_migrated(settings: Any, reports_database: str | None) -> None:
    settings.TTG_REPORTS_DATABASE = reports_database
    assert router.allow_migrate("replica", "core") is False
    assert router.allow_migrate("default", "core") is True
