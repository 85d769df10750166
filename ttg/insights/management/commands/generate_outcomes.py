from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ttg.accounts.models import User
from ttg.insights import selectors
from ttg.insights.generator import generate_records


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since must be an ISO date such as 2019-04-01, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "After import_custody_feed of a generated feed: give the people it released the screenings, plans, "
        "activities and release outcomes a working service would have recorded (ttg/insights/generator.py), "
        "deterministically from --seed. Periods that have a plan already are left alone."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--by", required=True, help="the username the records are written as")
        parser.add_argument("--since", type=_date, default=None, help="releases from this day (default: the evaluation window's start)")

    def handle(self, *args: Any, **options: Any) -> None:
        by = User.objects.filter(username=options["by"]).first()
        if by is None:
            raise CommandError(f"--by: no user {options['by']!r}.")
        made = generate_records(seed=options["seed"], by=by, since=options["since"] or selectors.window().starts)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in made.as_dict().items()))
