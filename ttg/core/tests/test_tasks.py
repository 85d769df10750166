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


def test_a_task_interrupted_by_its_worker_dying_runs_again_once_when_the_worker_restarts(transactional_db: Any) -> None:
    """Faults (issue 17): django-tasks-db leaves a killed worker's task RUNNING for ever; task_worker,
    restarted under the same id, takes it back and runs it once. Another worker's stays (unless older
    than --requeue-after)."""
    from django_tasks_db.models import DBTaskResult

    stale = SessionStore()
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    interrupted, elsewhere = clear_expired_sessions.enqueue(), clear_expired_sessions.enqueue()
    for result, worker in ((interrupted, "host-1"), (elsewhere, "host-2")):
        DBTaskResult.objects.get(pk=result.id).claim(worker)  # what the worker did before it was killed

    call_command("task_worker", "--batch", "--interval", "0", "--worker-id", "host-1", "--no-startup-delay", verbosity=0)
    interrupted.refresh()
    elsewhere.refresh()
    assert interrupted.status == "SUCCESSFUL" and interrupted.return_value == 1
    assert DBTaskResult.objects.get(pk=interrupted.id).worker_ids == ["host-1", "host-1"]  # claimed again, ran once
    assert elsewhere.status == "RUNNING"
    DBTaskResult.objects.filter(pk=elsewhere.id).update(started_at=timezone.now() - timedelta(hours=2))
    call_command("task_worker", "--batch", "--interval", "0", "--worker-id", "host-1", "--requeue-after", "60", verbosity=0)
    elsewhere.refresh()
    assert elsewhere.status == "SUCCESSFUL" and elsewhere.return_value == 0  # idempotent: nothing left to clear
