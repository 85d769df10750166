"""Background work, through Django's tasks API (django-tasks, database backend).

`make run` starts `manage.py db_worker` beside the web server; later issues add notifications and
nightly sweeps here in the same way: a plain function decorated with @task, enqueued after commit.
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task


@task()
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry (nightly). Returns how many went."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
