"""Daily notice work: send published notices to those who joined their audience since, then remind
those who have not acknowledged (once per period of TTG_NOTICE_REMINDER_WORKING_DAYS working days).
Idempotent: run it again the same day and nothing more is sent. Also `manage.py send_notice_reminders`."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def daily_notices() -> dict[str, int]:
    joined = services.include_late_joiners()
    reminded = services.send_reminders()
    return {"joined": joined, "reminded": reminded}
