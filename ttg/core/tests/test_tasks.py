from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from ttg.core.tasks import clear_expired_sessions


def test_a_task_runs_through_the_database_queue(transactional_db: Any) -> None:
    stale = SessionStore()
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    fresh = SessionStore()
    fresh.create()

    result = clear_expired_sessions.enqueue()
    assert result.status == "READY"
    call_command("db_worker", "--batch", "--interval", "0")  # runs what is queued, then exits

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert not Session.objects.filter(session_key=stale.session_key).exists()
    assert Session.objects.filter(session_key=fresh.session_key).exists()
