"""Insights' writes: the log of a pseudonymised extract (R-E2), with its audit event; and the scheduled
count of every breakdown (issue 21: the pages read the stored counts, not the whole service's records)."""

from __future__ import annotations

import time as timer
from datetime import date
from typing import Any

from django.db import transaction

from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.insights import selectors
from ttg.insights.constants import DIMENSIONS
from ttg.insights.models import Counting, Extract, GroupCount
from ttg.insights.selectors import Window


def record_extract(*, by: Any, purpose: str, fmt: str, rows: int, window: Window, dates: str) -> Extract:
    """Log who made an extract, why, in which format and how many rows it held (the rows are not kept)."""
    with transaction.atomic():
        extract = Extract.objects.create(
            requested_by=by,
            requested_at=clock.now(),
            purpose=purpose,
            format=fmt,
            rows=rows,
            released_from=window.starts,
            released_to=window.ends,
            dates_to=dates,
        )
        record_change(actor=by, action="insights.extract.add", obj=extract, after=snapshot(extract), reason=purpose)
    return extract


def count_breakdowns(today: date | None = None) -> int:
    """Count every breakdown's groups over the window from the records and store them, replacing the last
    count in one transaction (the Counting row locked: two counts at once run one after the other).
    Idempotent. Returns how many group rows were written."""
    started = timer.monotonic()
    win = selectors.window(today)
    rows = []
    for dimension in DIMENSIONS:
        by_group, everyone = selectors.count_breakdown(dimension.code, win)
        rows.append(GroupCount(dimension=dimension.code, key=None, everyone=True, counts=everyone))
        rows.extend(GroupCount(dimension=dimension.code, key=key, counts=counts) for key, counts in by_group.items())
    with transaction.atomic():
        counting, _ = Counting.objects.select_for_update().get_or_create(pk=1)
        GroupCount.objects.all().delete()
        GroupCount.objects.bulk_create(rows)
        counting.counted_at, counting.released_from, counting.released_to = clock.now(), win.starts, win.ends
        counting.seconds = round(timer.monotonic() - started, 3)
        counting.save()
    return len(rows)
