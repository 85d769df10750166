"""core.db.retry_on_deadlock: a deadlock's victim runs again; any other error, or a deadlock inside an
outer transaction, goes up."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, transaction

from ttg.core import db


class Deadlock(Exception):
    sqlstate = db.DEADLOCK_DETECTED


def failing(times: int, cause: Exception) -> Any:
    calls = {"n": 0}

    @db.retry_on_deadlock
    def service() -> int:
        calls["n"] += 1
        if calls["n"] <= times:
            raise OperationalError("deadlock detected") from cause
        return calls["n"]

    return service, calls


def test_a_deadlock_victim_runs_again_until_it_commits() -> None:
    service, _calls = failing(2, Deadlock())
    assert service() == 3


def test_it_gives_up_after_three_runs() -> None:
    service, calls = failing(5, Deadlock())
    with pytest.raises(OperationalError):
        service()
    assert calls["n"] == db.DEADLOCK_ATTEMPTS


@pytest.mark.django_db
def test_other_errors_and_deadlocks_inside_a_transaction_go_up_at_once() -> None:
    service, calls = failing(1, ValueError("not a deadlock"))
    with pytest.raises(OperationalError):
        service()
    assert calls["n"] == 1

    service, calls = failing(1, Deadlock())
    with pytest.raises(OperationalError), transaction.atomic():
        service()
    assert calls["n"] == 1
