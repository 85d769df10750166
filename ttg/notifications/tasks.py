"""Delivering notifications in the background (django-tasks, database backend; `manage.py db_worker`).

`deliver` is enqueued after the change's transaction commits. It locks the row, skips it if it was
already sent, sends it through the configured backend and marks it sent, all while holding the lock:
two workers given the same notification never both send it. On failure it records the attempt and
enqueues itself again later (exponential backoff), up to TTG_NOTIFY_MAX_ATTEMPTS attempts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ttg.core import clock

from .backends import get_backend
from .models import Notification

log = logging.getLogger("ttg.notifications")

SENT, SKIPPED, RETRYING, FAILED = "sent", "skipped", "retrying", "failed"


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed attempt: base × 2^(n-1), at most a day."""
    base = settings.TTG_NOTIFY_RETRY_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 24 * 3600))


@task()
def deliver(notification_id: int) -> str:
    backend = get_backend()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        if notification is None or notification.sent_at is not None or notification.failed_at is not None:
            return SKIPPED
        notification.attempts += 1
        try:
            backend.send(notification)
        except Exception as error:  # any backend failure: record it and try again later
            notification.last_error = f"{type(error).__name__}: {error}"[:500]
            if notification.attempts >= settings.TTG_NOTIFY_MAX_ATTEMPTS:
                notification.failed_at = clock.now()
                outcome = FAILED
                log.error("notification failed", extra={"notification_id": notification.pk, "attempts": notification.attempts})
            else:
                outcome = RETRYING
                later = timezone.now() + retry_delay(notification.attempts)
                transaction.on_commit(lambda: deliver.using(run_after=later).enqueue(notification_id))
            notification.save(update_fields=["attempts", "last_error", "failed_at"])
            return outcome
        notification.sent_at = clock.now()
        notification.backend = backend.name
        notification.save(update_fields=["attempts", "sent_at", "backend"])
    return SENT
