"""Counting the figures (issue 19, item 7): every figure for every prison and month of the window,
counted by the selectors' grouped queries over the whole estate at once, and written to
`MonthlyCount`, so that the pages read a small indexed table. A scheduled job runs it
(`manage.py count_compliance`, docs/operations.md); the pages say when the figures were counted.

Counting replaces the window's cells in one transaction, with the `Counting` row locked: a page reads
either the last count or the one before it, never half of one, and two counts at once run one after
the other."""

from __future__ import annotations

import time as timer
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ttg.core import clock
from ttg.estate.models import Prison

from . import rules, selectors
from .models import Counting, MonthlyCount

BATCH = 2000


@dataclass(frozen=True)
class Counted:
    cells: int
    months: tuple[date, date]
    seconds: float


def months_counted(today: date) -> list[date]:
    """The months the pages show: the two-year window and the last full months (a subset of it)."""
    return sorted(set(rules.window(today)) | set(rules.summary_months(today)))


def count_figures(today: date | None = None) -> Counted:
    """Count every figure over the window, for every prison, and store the cells. Idempotent: counting
    again with nothing changed writes the same cells."""
    started = timer.monotonic()
    today = today or clock.today()
    months = months_counted(today)
    served = list(Prison.objects.filter(crc__isnull=False).values_list("pk", flat=True))
    unserved = list(Prison.objects.filter(crc__isnull=True).values_list("pk", flat=True))
    found = selectors.counts_many([f.key for f in rules.CRC_FIGURES], served, months)
    found.update(selectors.counts_many([f.key for f in rules.NATIONAL_FIGURES], unserved, months))
    rows = [
        MonthlyCount(figure=key, prison_id=prison, month=month, met=cell.met, counted=cell.of, parts=list(cell.parts))
        for key, cells in found.items()
        for (prison, month), cell in cells.items()
    ]
    with transaction.atomic():
        counting, _ = Counting.objects.select_for_update().get_or_create(pk=1)
        MonthlyCount.objects.all().delete()  # the whole table is one count: months out of the window go too
        MonthlyCount.objects.bulk_create(rows, batch_size=BATCH)
        counting.counted_at = clock.now()
        counting.first_month, counting.last_month = months[0], months[-1]
        counting.cells = len(rows)
        counting.seconds = round(timer.monotonic() - started, 3)
        counting.save()
    return Counted(cells=len(rows), months=(months[0], months[-1]), seconds=counting.seconds)
