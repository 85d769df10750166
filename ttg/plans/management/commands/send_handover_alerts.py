"""Alert the responsible officer and the CRC's managers when a handover is due and when it becomes
overdue, once each (rule H1; docs/plans.md).

Run daily (cron, or the task `ttg.plans.handover.tasks.daily_handover_alerts`). Safe to run again:
each alert is stored once per plan, kind and due date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ttg.plans.handover import services


class Command(BaseCommand):
    help = "Alert responsible officers and CRC managers to handovers due soon or overdue, once each (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="The day to check for (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        run = services.send_handover_alerts(today=options.get("today"))
        self.stdout.write(f"{run.due} handovers due and {run.overdue} overdue announced, to {run.told} people.")
