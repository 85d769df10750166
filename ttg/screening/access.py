"""Screening: prison officers do BCST1 and the duty to refer, TTG caseworkers BCST2 and immediate
needs; screening records are visible to whoever may see the person."""

from __future__ import annotations

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.people.access import PERSON_ROLES, through_person


def register() -> None:
    access.register_actions(
        {
            "screening.view": "See screenings, what is due and when, immediate needs and the duty to refer",
            "screening.bcst1": "Complete, clone and amend BCST1 (reception screening)",
            "screening.bcst2": "Complete and amend BCST2",
            "screening.acknowledge": "Acknowledge immediate needs flagged from BCST1",
            "screening.duty_to_refer": "Record the homelessness duty to refer",
        }
    )
    access.grant(PERSON_ROLES, {"screening.view"})
    access.grant([Role.PRISON_OFFICER], {"screening.bcst1", "screening.duty_to_refer"})
    access.grant([Role.TTG_CASEWORKER], {"screening.bcst2", "screening.acknowledge", "screening.duty_to_refer"})
    for name in ("Screening", "NeedFlag", "DutyToRefer"):
        access.register_scope(f"screening.{name}", through_person("custody_period__person", "Whoever may see the custody period's person."))
