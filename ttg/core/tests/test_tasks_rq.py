"""Tasks through the Redis queue (django-tasks-rq), as production runs them with REDIS_URL set: one
of our tasks enqueued through the RQ backend on the local Redis, then run by an RQ worker with
django-tasks-rq's job class. Skipped when no Redis answers (CI machines have one).

The worker here is RQ's SimpleWorker (in this process, so it sees the test's database); production
runs `manage.py rqworker --job-class django_tasks_rq.Job`, which forks one for each task. Each run
uses its own queue name, so two test runs side by side never take each other's tasks.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import django_rq
import pytest
import redis
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_rq import Job
from rq import SimpleWorker

from ttg.core.tasks import clear_expired_sessions

REDIS_URL = os.environ.get("TTG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def rq_queue(settings: Any) -> Iterator[str]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    name = f"ttg-test-{uuid.uuid4().hex[:12]}"
    # django-tasks-rq reads results through the "default" queue's connection.
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL}, "default": {"URL": REDIS_URL}}
    settings.TASKS = {**settings.TASKS, "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    yield name
    # Leave nothing behind: the queue, its registries, its jobs and their results.
    connection = django_rq.get_connection(name)
    queue = django_rq.get_queue(name)
    jobs = [*queue.job_ids, *queue.finished_job_registry.get_job_ids(), *queue.failed_job_registry.get_job_ids()]
    keys = [*connection.keys(f"rq:*{name}*"), *(f"rq:{kind}:{job}" for job in jobs for kind in ("job", "results"))]
    connection.delete(*keys)
    connection.srem("rq:queues", f"rq:queue:{name}")


def test_a_task_runs_through_the_redis_queue(db: Any, rq_queue: str) -> None:
    stale = SessionStore()
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    fresh = SessionStore()
    fresh.create()

    result = clear_expired_sessions.using(backend="rq", queue_name=rq_queue).enqueue()
    assert result.status == "READY"
    queue = django_rq.get_queue(rq_queue, job_class=Job)
    assert queue.job_ids == [result.id]  # waiting in Redis
    assert Session.objects.filter(session_key=stale.session_key).exists()

    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    # The worker's command channel (stop a job, shut down) is not used by a burst; listening to it
    # would make the worker wait up to 60 seconds for its listening thread when it stops.
    worker.subscribe = worker.unsubscribe = lambda: None  # type: ignore[method-assign]
    assert worker.work(burst=True)  # runs what is queued, then stops

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert not Session.objects.filter(session_key=stale.session_key).exists()
    assert Session.objects.filter(session_key=fresh.session_key).exists()
