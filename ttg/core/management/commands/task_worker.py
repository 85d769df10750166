"""The database queue's worker (django-tasks-db's `db_worker`), which first takes back the tasks it was
running when it last stopped without finishing them (killed, or its machine lost): issue 17, faults.

django-tasks-db marks a task RUNNING when a worker claims it and leaves it so if the worker dies; no
worker would run it again. This worker has a stable id (`--worker-id`, by default the machine's name
and TTG_WORKER_NUMBER), so on start every task still RUNNING under its own id was interrupted by its
own death: it goes back to READY and runs again. The tasks are written for that (docs/operations.md,
Workers): each runs in a transaction that a kill rolls back, is idempotent and locks what it changes,
so a task that runs again completes once. `--requeue-after MINUTES` also takes back tasks RUNNING for
longer than that under any id (a worker that will not come back); choose more than any task takes.
While the database cannot answer (a restart), the worker waits and tries again instead of stopping.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import timedelta
from typing import Any

from django.db import connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DbWorker
from django_tasks_db.models import DBTaskResult

from ttg.core import db

log = logging.getLogger("ttg.tasks")
RETRY_SECONDS = 2  # between tries while the database cannot answer


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.environ.get('TTG_WORKER_NUMBER', '1')}"[-64:]


def requeue_interrupted(worker_id: str, *, older_than: timedelta | None = None) -> list[str]:
    """Put back to READY the tasks RUNNING under `worker_id` (or, with `older_than`, started longer ago
    than that under any id). Returns their ids."""
    requeued = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for result in running:
            own = bool(result.worker_ids) and result.worker_ids[-1] == worker_id
            stale = older_than is not None and result.started_at is not None and result.started_at < timezone.now() - older_than
            if own or stale:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                requeued.append(str(result.id))
                log.warning(
                    "task requeued",
                    extra={"event": "task_requeued", "task_id": str(result.id), "task": result.task_path, "worker_id": worker_id},
                )
    return requeued


class Command(DbWorker):
    help = (
        "Run the database queue's worker (db_worker), first taking back the tasks this worker id was "
        "running when it stopped. Give each worker on a machine its own TTG_WORKER_NUMBER or --worker-id."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=default_worker_id())
        parser.add_argument(
            "--requeue-after",
            type=int,
            default=None,
            metavar="MINUTES",
            help="Also take back tasks RUNNING for longer than this under any worker id",
        )

    def handle(self, *args: Any, requeue_after: int | None = None, **options: Any) -> None:  # type: ignore[override]
        older_than = timedelta(minutes=requeue_after) if requeue_after else None
        while True:
            try:
                requeued = requeue_interrupted(options["worker_id"], older_than=older_than)
                if requeued:
                    self.stdout.write(f"Requeued {len(requeued)} interrupted task(s): {', '.join(requeued)}")
                super().handle(*args, **options)
                return
            except Exception as error:
                # db_worker stops at the first database error; a database restarting (issue 17, faults)
                # must not stop the worker: wait, then start again, taking back the task it was in.
                if not db.unavailable(error):
                    raise
                log.warning("database unavailable: the task worker waits", extra={"event": "worker_waits", "error": str(error)[:200]})
                connections.close_all()
                time.sleep(RETRY_SECONDS)
