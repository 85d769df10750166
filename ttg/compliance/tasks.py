"""The compliance figures' scheduled count, as a task (the same as `manage.py count_compliance`)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def count_compliance() -> int:
    """Count every figure over the window and store the cells. Returns how many cells were written."""
    return services.count_figures().cells
