"""Count every insights breakdown from the records and store the counts for the pages (issue 21).
Schedule it (docs/operations.md); idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ttg.insights import services


class Command(BaseCommand):
    help = "Count every insights breakdown (outcomes by cohort and equality group) and store the counts for the pages."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = services.count_breakdowns()
        self.stdout.write(f"Counted {rows} groups.")
