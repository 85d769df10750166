"""Plans: the catalogue for everyone; resettlement plans for whoever may see the person (TTG
caseworkers change them); handovers also for the responsible officer they name, who then sees the
person, their custody periods, plan and activities — and nothing else of theirs."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from ttg.accounts.constants import PEOPLE_ROLES, Role
from ttg.core import access
from ttg.people.access import PERSON_ROLES, through_person

from .models import Handover


def _catalogue_versions(user: Any, prefix: str = "") -> Q | None:
    """Published versions for everyone; drafts only for administrators, who edit them."""
    return Q() if user.role == Role.ADMINISTRATOR else Q(**{f"{prefix}published": True})


def _catalogue_contents(user: Any) -> Q | None:
    return _catalogue_versions(user, prefix="version__")


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
            "catalogue.view": "See the specification catalogue: its versions, levels and activities",
            "plan.view": "See a person's resettlement plan and its activities",
            "plan.edit": "Propose, agree and update a person's resettlement plan",
            "handover.view": "See the handover of a person's plan to the responsible officer, and its one-page summary",
            "handover.make": "Hand a person's plan over to their responsible officer before release",
            "handover.receive": "See the handovers made to me and mark them received",
        }
    )
    access.grant(PEOPLE_ROLES, {"catalogue.view"})
    access.grant(PERSON_ROLES, {"plan.view", "handover.view"})
    access.grant([Role.TTG_CASEWORKER], {"plan.edit", "handover.make"})
    access.grant([Role.RESPONSIBLE_OFFICER], {"handover.view", "handover.receive"})
    # The TTG caseworker's work list (issue 5): overdue, due this week, plans to agree, reviews and handovers.
    access.register_actions({"worklist.view": "See the work list: what is overdue and due for the people my CRC serves"})
    access.grant([Role.TTG_CASEWORKER, Role.CRC_MANAGER], {"worklist.view"})

    access.register_scope("plans.CatalogueVersion", _catalogue_versions)
    for name in ("Activity", "CatalogueNeedArea", "CataloguePathway", "CatalogueLevel"):
        access.register_scope(f"plans.{name}", _catalogue_contents)
    plan_person = through_person("custody_period__person", "Whoever may see the custody period's person.")
    access.register_scope("plans.Plan", plan_person)
    for name in ("PlanActivity", "PreReleaseReview", "ReleaseOutcome"):
        access.register_scope(f"plans.{name}", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
    # Whoever may see the plan's person sees its handover; the officer it names sees it too.
    access.register_scope("plans.Handover", through_person("plan__custody_period__person", "Whoever may see the plan's person."))
    access.register_scope("plans.Handover", _named_officer)
    # The responsible officer sees what a handover to them names.
    for label, path in {
        "people.Person": "person",
        "people.CustodyPeriod": "",
        "plans.Plan": "custody_period",
        "plans.PlanActivity": "plan__custody_period",
    }.items():
        access.register_scope(label, handed_over_to(path))
