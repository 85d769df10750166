"""For the demos of what stands on a plan (ttg/plans/gate/demo.py, ttg/plans/handover/demo.py): a
person screened and their plan proposed, with two goals of their own, and agreed, through the services."""

from __future__ import annotations

from typing import Any

from ttg.accounts.constants import Role
from ttg.people.models import CustodyPeriod
from ttg.plans.plan import services
from ttg.plans.plan.models import Plan
from ttg.screening.demo import submit_screening
from ttg.screening.models import Kind, Screening
from ttg.screening.selectors import decide, with_history


def _screened(period: CustodyPeriod, personas: dict[str, Any], needs: dict[str, str]) -> None:
    """Submit BCST1 (with `needs`), and BCST2 where the rules require it, if the demo screenings left them undone."""

    if not Screening.objects.filter(custody_period=period, kind=Kind.BCST1).exists():
        submit_screening(period, Kind.BCST1, personas[Role.PRISON_OFFICER], **needs)
    row = decide(list(with_history(CustodyPeriod.objects.filter(pk=period.pk))))[0]
    if row.decisions.bcst2.value.required and not Screening.objects.filter(custody_period=period, kind=Kind.BCST2).exists():
        submit_screening(period, Kind.BCST2, personas[Role.TTG_CASEWORKER])


def agreed_plan(period: CustodyPeriod, personas: dict[str, Any], **needs: str) -> Plan | None:
    """Screen the person as the demo's prison officer and caseworker would, then propose and agree
    their plan. None when the rules propose no plan for them (the gate and handover demos use it)."""
    by = personas[Role.TTG_CASEWORKER]
    _screened(period, personas, needs)
    try:
        plan = services.propose(period=period, by=by)
    except services.PlanError:
        return None
    with_goals(plan, by)
    return services.agree(plan=plan, by=by)


# The person's own goals (issue 23, U7), in their words, each with the pathways of the activities towards it.
GOALS = (
    ("I want somewhere of my own to live, and to keep out of trouble this time.", ("accommodation", "attitudes", "health")),
    ("I want to get back to work and pay my own way, so I can see my kids.", ("ete", "finance", "children_families")),
)


def with_goals(plan: Plan, by: Any) -> None:
    """Two goals the person said, linked to the plan's activities on their pathways (or its first ones)."""
    if plan.goals.exists():
        return
    activities = list(plan.activities.order_by("order", "id"))
    for words, pathways in GOALS:
        # The activities on the goal's pathways, else the plan's first (for everyone: "Agree the plan", …).
        towards = [a for a in activities if a.pathway in pathways][:3] or activities[:2]
        services.add_goal(plan=plan, words=words, activities=towards, agreed=True, by=by)
