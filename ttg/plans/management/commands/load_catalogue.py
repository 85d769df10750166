from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ttg.core.audit import record_change, snapshot
from ttg.plans.catalogue.loader import load_version, read_version_file


class Command(BaseCommand):
    help = "Load a catalogue version from a JSON file (see docs/catalogue.md). A version already loaded is left as it is."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        data = read_version_file(file)
        with transaction.atomic():
            version, created = load_version(data)
            if created:
                record_change(
                    actor=None,
                    action="plans.catalogueversion.load",
                    obj=version,
                    after=snapshot(version),
                    reason=f"Loaded from {file.name} with {len(data.activities)} activities",
                )
        self.stdout.write(f"{'Loaded' if created else 'Already loaded, left as it is'}: {version}.")
