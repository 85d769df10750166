"""Resettlement plans: visible to whoever may see the person; TTG caseworkers propose, agree and change them.

Short release plans (rule R-F2b): the responsible officer sees the people whose case they hold
(people.ProbationCase: "their own cases", service brief), makes a release plan for those leaving a
non-resettlement prison, and sees the release plans and their activities of those people."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.people.access import PERSON_ROLES, through_person
from ttg.people.models import ProbationCase
from ttg.plans.plan.models import PlanKind


def held_cases(path: str, *, plan_kind: str = "") -> access.ScopeRule:
    """For a responsible officer: the rows of the custody periods whose case they hold (`path` leads from the row to its custody period; "" for the period itself,
    "person" for the person). With `plan_kind` (the path to a plan's kind), only the rows of release plans.
    Nothing for any other role."""

    def rule(user: Any) -> Q | None:
        if user.role != Role.RESPONSIBLE_OFFICER:
            return None
        cases = ProbationCase.objects.filter(officer=user)
        if path == "person":
            return Q(pk__in=cases.values("custody_period__person_id"))
        found = Q(**{f"{path or 'pk'}__in": cases.values("custody_period_id")})
        if plan_kind:
            found &= Q(**{plan_kind: PlanKind.RELEASE})
        return found

    rule.__doc__ = "For a responsible officer, the cases they hold."
    return rule


def register() -> None:
    access.register_actions(
        {
            "plan.view": "See a person's resettlement plan and its activities",
            "plan.edit": "Propose, agree and update a person's resettlement plan",
            "releaseplan.make": "Make and keep a short release plan for a person leaving a non-resettlement prison (my cases)",
        }
    )
    access.grant(PERSON_ROLES, {"plan.view"})
    access.grant([Role.TTG_CASEWORKER], {"plan.edit"})
    access.grant([Role.RESPONSIBLE_OFFICER], {"releaseplan.make"})
    access.register_scope("plans.Plan", through_person("custody_period__person", "Whoever may see the custody period's person."))
    access.register_scope("plans.PlanActivity", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
    access.register_scope("plans.PlanGoal", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
    # R-F2b: the responsible officer sees the people whose case they hold, and their release plans.
    access.register_scope("people.Person", held_cases("person"))
    access.register_scope("people.CustodyPeriod", held_cases(""))
    access.register_scope("plans.Plan", held_cases("custody_period", plan_kind="kind"))
    access.register_scope("plans.PlanActivity", held_cases("plan__custody_period", plan_kind="plan__kind"))
