"""The insights breakdowns' scheduled count, as a task (the same as `manage.py count_insights`)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def count_insights() -> int:
    """Count every breakdown from the records and store the counts. Returns how many group rows were written."""
    return services.count_breakdowns()
