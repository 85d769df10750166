from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from ttg.core.spreadsheets import csv_writer
from ttg.people.feed import FeedUnreadable, kind_of
from ttg.people.importer import import_feed


class Command(BaseCommand):
    help = (
        "Import custody feed files (CSV or JSON Lines, custody-feed.md). Prints a summary per file and "
        "writes rejected rows to FILE.rejected.csv. Exits non-zero only when a file cannot be read at all."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--chunk-size", type=int, default=None, help="Events per transaction (default: 50,000 on PostgreSQL, 2,000 elsewhere)"
        )

    def handle(self, *args: Any, files: list[Path], chunk_size: int | None, **options: Any) -> None:
        # The command does nothing but import: the cyclic garbage collector would spend about a
        # fifth of its CPU time walking the chunk's objects, which hold no reference cycles. It is
        # switched back on afterwards (tests call the command in-process). import_feed itself leaves
        # the collector alone: the API runs it inside a web server.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._import_files(files, chunk_size)
        finally:
            if collecting:
                gc.enable()

    def _import_files(self, files: list[Path], chunk_size: int | None) -> None:
        unreadable = 0
        for path in files:
            try:
                with path.open("rb") as stream:
                    result = import_feed(
                        stream, source=str(path), kind=kind_of(path.name), chunk_size=chunk_size, keep_rejections=sys.maxsize
                    )
            except (OSError, FeedUnreadable) as error:
                unreadable += 1
                self.stderr.write(f"{path}: cannot be read: {error}")
                continue
            c = result.counts
            self.stdout.write(
                f"{path}: {c.rows} rows; {c.applied} applied, {c.duplicates} already applied, {c.pending} waiting for earlier events, "
                f"{c.conflicts} conflicts, {c.rejected} rejected."
            )
            if result.rejections:
                report = path.with_name(path.name + ".rejected.csv")
                with report.open("w", newline="", encoding="utf-8") as handle:
                    writer = csv_writer(handle)  # an event id like =HYPERLINK(...) is written as text, never a formula
                    writer.writerow(["line", "event_id", "field", "message"])
                    for r in result.rejections:
                        writer.writerow([r.line or "", r.event_id, r.field, r.message])
                self.stdout.write(f"  Rejected rows written to {report}")
                for r in result.rejections[:5]:
                    self.stdout.write(f"  - {r}")
        if unreadable:
            sys.exit(1)
