"""Walk the audit trail's hash chain (core/chain.py): every event must verify with the key and follow
the one before it. Exits 1, naming each event where the chain breaks, when one was inserted, altered
or removed behind the service's back. Run it daily, and before trusting an extract of the trail."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from ttg.core import chain
from ttg.core.models import AuditEvent

SHOWN = 20


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit 1 naming where it breaks."

    def handle(self, *args: Any, **options: Any) -> None:
        events = AuditEvent.objects.order_by("id").iterator(chunk_size=5000)
        count = 0
        breaks: list[chain.Break] = []

        def counted() -> Any:
            nonlocal count
            for event in events:
                count += 1
                yield event

        for found in chain.verify(counted()):
            breaks.append(found)
        if not breaks:
            self.stdout.write(f"{count} audit events verified: the chain is whole.")
            return
        self.stderr.write(f"{count} audit events read; the chain breaks at {len(breaks)}:")
        for found in breaks[:SHOWN]:
            self.stderr.write(f"  - {found}")
        if len(breaks) > SHOWN:
            self.stderr.write(f"  … and {len(breaks) - SHOWN} more.")
        sys.exit(1)
