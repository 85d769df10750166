"""Daily handover work: alert the responsible officer and the CRC's managers when a handover is due
and when it becomes overdue, once each (rule H1; docs/plans.md). Idempotent: run it again the same
day, or on two workers at once, and nothing more is sent. Also `manage.py send_handover_alerts`."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def daily_handover_alerts() -> dict[str, int]:
    run = services.send_handover_alerts()
    return {"due": run.due, "overdue": run.overdue, "told": run.told}
