"""Count the compliance figures for every prison and month of the window and store them (issue 19):
the pages read what this last counted. Schedule it (docs/operations.md); idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ttg.compliance import services


class Command(BaseCommand):
    help = "Count the compliance figures for every prison and month of the window, and store them for the pages."

    def handle(self, *args: Any, **options: Any) -> None:
        counted = services.count_figures()
        first, last = counted.months
        self.stdout.write(f"Counted {counted.cells} cells, {first:%B %Y} to {last:%B %Y}, in {counted.seconds:.1f} s.")
