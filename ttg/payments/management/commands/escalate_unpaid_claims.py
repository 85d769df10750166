"""Escalate unpaid claims older than TTG_CLAIM_ESCALATION_DAYS to their CRC's contract managers (once each).

Run daily (cron, or the task `ttg.payments.tasks.daily_claims`, which also submits the claims of
months that have ended). Safe to run again: a claim is escalated once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ttg.payments import services


class Command(BaseCommand):
    help = "Submit the claims of ended months, then escalate unpaid claims older than TTG_CLAIM_ESCALATION_DAYS (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-submit", action="store_true", help="Only escalate; do not submit the claims of ended months")

    def handle(self, *args: Any, **options: Any) -> None:
        submitted = [] if options["no_submit"] else services.submit_ended_months()
        escalated = services.escalate_unpaid_claims()
        self.stdout.write(
            f"{len(submitted)} claims submitted, {len(escalated)} escalated (after {services.escalation_days()} days unpaid)."
        )
