"""Nightly claim work: submit the claims of months that have ended, then escalate old unpaid ones."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def daily_claims() -> dict[str, int]:
    submitted = services.submit_ended_months()
    escalated = services.escalate_unpaid_claims()
    return {"submitted": len(submitted), "escalated": len(escalated)}
