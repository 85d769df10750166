from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ttg.people.models import CustodyPeriod
from ttg.screening import state


class Command(BaseCommand):
    help = (
        "Recompute the stored screening decisions (ScreeningState). By default only what is stale: rows made "
        "under other settings or rule versions, rows whose designation day has come, and custody periods with "
        "no row. Run it after a deploy that changes a setting or a rule, and daily."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="Recompute every custody period's row")
        parser.add_argument("--check", action="store_true", help="Write nothing: compare the stored rows with the rules applied afresh")

    def handle(self, *args: Any, all: bool, check: bool, **options: Any) -> None:
        if check:
            differences = state.stored_equals_fresh(CustodyPeriod.objects.values_list("pk", flat=True))
            for line in differences[:50]:
                self.stdout.write(line)
            if differences:
                raise CommandError(f"{len(differences)} stored decisions differ from the rules applied afresh")
            self.stdout.write("The stored decisions equal the rules applied afresh.")
            return
        with transaction.atomic():
            written = state.refresh_all() if all else state.refresh_stale()
        self.stdout.write(f"Recomputed the stored screening decisions of {written} custody periods.")
