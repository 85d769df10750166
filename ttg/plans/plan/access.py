"""Resettlement plans: visible to whoever may see the person; TTG caseworkers propose, agree and change them."""

from __future__ import annotations

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.people.access import PERSON_ROLES, through_person


def register() -> None:
    access.register_actions(
        {
            "plan.view": "See a person's resettlement plan and its activities",
            "plan.edit": "Propose, agree and update a person's resettlement plan",
        }
    )
    access.grant(PERSON_ROLES, {"plan.view"})
    access.grant([Role.TTG_CASEWORKER], {"plan.edit"})
    access.register_scope("plans.Plan", through_person("custody_period__person", "Whoever may see the custody period's person."))
    access.register_scope("plans.PlanActivity", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
    access.register_scope("plans.PlanGoal", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
