"""Insights' one write: the log of a pseudonymised extract (R-E2), with its audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.insights.models import Extract
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
