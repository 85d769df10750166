"""The handover to the responsible officer: TTG caseworkers make it; prison and CRC staff who may see the
person see it; the responsible officer it names sees it, receives it, and then sees the person, their
custody periods, plan and activities — and nothing else of theirs."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.people.access import PERSON_ROLES, through_person

from .models import Handover


def handed_over_to(path: str) -> access.ScopeRule:
    """For a responsible officer: the rows a handover to them names (`path` leads from the row to its
    custody period; "" for the period itself, "person" for the person). Nothing for any other role."""

    def rule(user: Any) -> Q | None:
        if user.role != Role.RESPONSIBLE_OFFICER:
            return None
        if path == "person":
            return Q(Exists(Handover.objects.filter(officer=user, plan__custody_period__person=OuterRef("pk"))))
        return Q(Exists(Handover.objects.filter(officer=user, plan__custody_period=OuterRef(path or "pk"))))

    rule.__doc__ = "For a responsible officer, what a handover to them names."
    return rule


def _named_officer(user: Any) -> Q | None:
    """The responsible officer a handover names."""
    return Q(officer=user) if user.role == Role.RESPONSIBLE_OFFICER else None


def register() -> None:
    access.register_actions(
        {
            "handover.view": "See the handover of a person's plan to the responsible officer, and its one-page summary",
            "handover.make": "Hand a person's plan over to their responsible officer before release",
            "handover.receive": "See the handovers made to me and mark them received",
        }
    )
    access.grant(PERSON_ROLES, {"handover.view"})
    access.grant([Role.TTG_CASEWORKER], {"handover.make"})
    access.grant([Role.RESPONSIBLE_OFFICER], {"handover.view", "handover.receive"})
    # Whoever may see the plan's person sees its handover; the officer it names sees it too.
    access.register_scope("plans.Handover", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
    access.register_scope("plans.Handover", _named_officer)
    # The alerts sent about a plan's handover (rule H1): whoever may see the plan's person.
    access.register_scope("plans.HandoverAlert", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
    # The responsible officer sees what a handover to them names.
    for label, path in {
        "people.Person": "person",
        "people.CustodyPeriod": "",
        "plans.Plan": "custody_period",
        "plans.PlanActivity": "plan__custody_period",
    }.items():
        access.register_scope(label, handed_over_to(path))
