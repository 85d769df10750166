from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ttg.people.generator import DEFAULT_NOW, SCALES, generate


def _iso_date_or_datetime(value: str) -> str:
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now must be an ISO date such as 2019-09-02, not {value!r}.") from None
    return value


class Command(BaseCommand):
    help = (
        "Generate a deterministic estate and custody feed at demo, regional or national scale. Writes the feed to "
        "--out (CSV, or JSON Lines if it ends .jsonl) and the estate beside it as <out>.estate.json."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", required=True, help="the feed file to write, e.g. /tmp/national.csv")
        parser.add_argument("--now", type=_iso_date_or_datetime, default=DEFAULT_NOW, help=f"no event after this (default {DEFAULT_NOW})")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.suffix not in {".csv", ".jsonl"}:
            raise CommandError("--out must end in .csv or .jsonl.")
        summary = generate(
            out,
            scale=options["scale"],
            seed=options["seed"],
            now=options["now"],
        )
        self.stdout.write(f"{summary.line()}. Feed: {summary.feed_path}; estate: {summary.estate_path}.")
