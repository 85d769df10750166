"""Erase (anonymise) the records due under the retention schedule, except those on legal hold.

Run daily (cron, or the task `ttg.dataprotection.tasks.apply_retention`). Safe to run again: a
record is erased once. --dry-run lists what would be erased and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ttg.dataprotection import selectors, services


class Command(BaseCommand):
    help = "Anonymise every record due under TTG_RETENTION_YEARS_AFTER_RELEASE, except those on legal hold (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be erased; change nothing")
        parser.add_argument("--today", type=date.fromisoformat, help="The day to apply the schedule for (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        run = services.apply_retention(today=options["today"], dry_run=options["dry_run"])
        verb = "would be erased" if run.dry_run else "erased"
        self.stdout.write(
            f"{run.today.isoformat()}: {len(run.erased)} records {verb}, {len(run.held)} kept on legal hold "
            f"(retention {selectors.retention_years()} years after release)."
        )
        if run.dry_run and run.erased and options["verbosity"] >= 2:
            self.stdout.write("Would erase: " + ", ".join(run.erased))
        for label, count in sorted(run.rows.items()):
            self.stdout.write(f"  {label}: {count} rows anonymised")
