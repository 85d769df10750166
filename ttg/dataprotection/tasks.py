"""Daily data-protection work: apply the retention schedule (docs/data-protection.md)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def apply_retention() -> dict[str, int]:
    run = services.apply_retention()
    return {"erased": len(run.erased), "held": len(run.held)}
