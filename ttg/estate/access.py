"""The estate is reference data with no personal data: every person with a role may read it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import PEOPLE_ROLES, Role
from ttg.core import access

MODELS = ("Prison", "CRC", "NPSDivision", "Organisation", "ResettlementDesignation", "Specialism")


def own_prison(user: Any) -> Q | None:
    """The prison a governor runs; every prison for an administrator."""
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role == Role.GOVERNOR and user.prison_id:
        return Q(pk=user.prison_id)
    return None


def register() -> None:
    access.register_actions(
        {
            "estate.view": "See reference data about prisons, CRCs, NPS divisions and organisations",
            "prison.language": "Choose the language my prison gives people their plan in when they have not chosen one",
        }
    )
    access.grant(PEOPLE_ROLES, {"estate.view"})
    access.grant([Role.GOVERNOR, Role.ADMINISTRATOR], {"prison.language"})
    access.register_scope("estate.Prison", own_prison, action="prison.language")
    for name in MODELS:
        access.register_scope(f"estate.{name}", access.everyone)
