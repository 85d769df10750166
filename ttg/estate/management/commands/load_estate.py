from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from ttg.estate.loader import load_estate


class Command(BaseCommand):
    help = "Load an estate JSON file (as written by generate_national). Safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        counts = load_estate(file)
        self.stdout.write("Estate loaded: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()) + ".")
