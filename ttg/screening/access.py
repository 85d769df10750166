"""Screening: prison officers do BCST1 and the duty to refer, TTG caseworkers BCST2 and immediate
needs; screening records are visible to whoever may see the person."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from ttg.accounts import workplaces
from ttg.accounts.constants import Role
from ttg.core import access
from ttg.people.access import PERSON_ROLES, released_visible_since, through_person


def in_work(user: Any) -> Q | None:
    """Stored decisions of the custody periods in the user's work: open at a prison they work in (their
    prison, those their CRC serves, or those where their organisation does a CRC's TTG casework:
    ttg.accounts.workplaces), or for CRC work released from one recently (as
    people.access.open_custody_in_scope, on the stored row's own columns so that each list is one index)."""
    where = workplaces.prisons(user, prefix="prison__")
    if where is None:
        return None
    if not workplaces.works_in_crc_prisons(user):
        return Q(in_custody=True) & where
    released = Q(in_custody=False, released_on__gte=timezone.localtime(released_visible_since()).date())
    return where & (Q(in_custody=True) | released)


def register() -> None:
    access.register_actions(
        {
            "screening.view": "See screenings, what is due and when, immediate needs and the duty to refer",
            "screening.bcst1": "Complete, clone and amend BCST1 (reception screening)",
            "screening.bcst2": "Complete and amend BCST2",
            "screening.acknowledge": "Acknowledge immediate needs flagged from BCST1",
            "screening.duty_to_refer": "Record the homelessness duty to refer",
            "screening.questions": "Read the BCST1 and BCST2 questions, each version",
        }
    )
    access.grant(PERSON_ROLES, {"screening.view"})
    # The questions are reference data with no personal data: everyone who screens, or funds, manages
    # or supports those who do (partners screen people in prison for CRCs), may read them.
    access.grant(
        [*PERSON_ROLES, Role.PARTNER_CASEWORKER, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR, Role.RESPONSIBLE_OFFICER],
        {"screening.questions"},
    )
    access.grant([Role.PRISON_OFFICER], {"screening.bcst1", "screening.duty_to_refer"})
    access.grant([Role.TTG_CASEWORKER], {"screening.bcst2", "screening.acknowledge", "screening.duty_to_refer"})
    for name in ("Screening", "NeedFlag", "DutyToRefer"):
        access.register_scope(f"screening.{name}", through_person("custody_period__person", "Whoever may see the custody period's person."))
    access.register_scope("screening.ScreeningState", in_work)
