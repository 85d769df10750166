"""Send published notices to those who joined their audience since, then remind those who have not
acknowledged them (once per period of TTG_NOTICE_REMINDER_WORKING_DAYS working days).

Run daily (cron, or the task `ttg.notices.tasks.daily_notices`). Safe to run again: one reminder a period.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ttg.notices import services


class Command(BaseCommand):
    help = "Send notices to late joiners of their audience, and remind those who have not acknowledged them (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        joined = services.include_late_joiners()
        reminded = services.send_reminders()
        self.stdout.write(
            f"{joined} late joiners sent notices, {reminded} reminders sent (every {services.reminder_working_days()} working days)."
        )
