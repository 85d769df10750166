"""Where a user works with people in custody, as a condition on prisons (estate.Prison rows).

Prison officers and governors: their own prison. A CRC's TTG caseworkers and managers: the prisons
their CRC serves. A partner organisation's TTG caseworker (the service brief: the caseworker works
for a CRC "or its supply-chain partner in the prison"): the prisons where the supply-chain register
records their organisation doing that CRC's TTG casework today. The register is a higher app's
(supply_chain), so it hands its answer down once, at start-up (`provide_partner_casework`); until it
has, and for every other user, the answer is "nowhere" (None), so every check fails closed.

Every scope on people and their records asks this one question (ttg.people.access.open_custody_in_scope,
ttg.screening.access.in_work, caseloads, the work list, the home page), so a partner's caseworker
sees the people, screenings, plans and referrals of those prisons, exactly as a CRC's caseworker sees
those of all the CRC's prisons, and nothing of any other prison or CRC.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from .constants import Employer, Role

PRISON_ROLES = (Role.PRISON_OFFICER, Role.GOVERNOR)
CRC_ROLES = (Role.TTG_CASEWORKER, Role.CRC_MANAGER)

# user -> the ids of the prisons where their organisation does a CRC's TTG casework today (a queryset
# of prison ids, used as a subquery), from the supply-chain register.
_partner_casework: list[Callable[[Any], Any]] = []


def provide_partner_casework(prison_ids: Callable[[Any], Any]) -> None:
    """Called once by supply_chain at start-up: how to find a partner caseworker's prisons."""
    _partner_casework[:] = [prison_ids]


def is_partner_caseworker(user: Any) -> bool:
    """A TTG caseworker employed by a partner organisation rather than by a CRC."""
    return user.role == Role.TTG_CASEWORKER and user.employer_kind == Employer.ORGANISATION


def prisons(user: Any, prefix: str = "") -> Q | None:
    """The prisons the user works in, as a condition on prison rows (`prefix` leads from another model
    to its prison: "current_prison__"); None: nowhere."""
    if user.role in PRISON_ROLES and user.prison_id:
        return Q(**{f"{prefix}pk": user.prison_id})
    if user.role in CRC_ROLES and user.crc_id:
        return Q(**{f"{prefix}crc_id": user.crc_id})
    if is_partner_caseworker(user) and user.organisation_id and _partner_casework:
        return Q(**{f"{prefix}pk__in": _partner_casework[0](user)})
    return None


def works_in_crc_prisons(user: Any) -> bool:
    """A CRC's TTG caseworker or manager, or a partner's TTG caseworker: one who works with people in a
    CRC's prisons (not in one prison as its staff)."""
    return (user.role in CRC_ROLES and bool(user.crc_id)) or (is_partner_caseworker(user) and bool(user.organisation_id))
