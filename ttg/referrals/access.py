"""Referrals: partners see those to their organisation, CRC staff those from plans they may see;
contract managers see counts only (selectors.aggregates), never the records."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.people.access import CRC_ROLES, through_person


def _referrals(user: Any, prefix: str = "") -> Q | None:
    """Partners: referrals to their organisation. CRC users: referrals from plans they may see."""
    if user.role == Role.PARTNER_CASEWORKER:
        return Q(**{f"{prefix}organisation_id": user.organisation_id}) if user.organisation_id else None
    if user.role in CRC_ROLES:
        return through_person(f"{prefix}plan_activity__plan__custody_period__person")(user)
    return None  # contract managers see counts (referrals.selectors.aggregates), never the records


def _through_referral(user: Any) -> Q | None:
    """Whoever may see the referral."""
    return _referrals(user, prefix="referral__")


def _unfunded_work(user: Any) -> Q | None:
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(organisation_id=user.organisation_id)
    return None


def register() -> None:
    access.register_actions(
        {
            "referral.view": "See referrals to partner organisations: to my organisation, or from my CRC's prisons",
            "referral.make": "Refer a plan activity to a partner organisation, add case notes and withdraw it",
            "referral.work": "Work on referrals to my organisation: accept, decline, assign, sessions, notes, outcomes, close; record unfunded work",
            "referral.aggregates": "See counts of referrals and unfunded work for the CRCs I manage (not the records)",
        }
    )
    access.grant([Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER], {"referral.view"})
    access.grant([Role.TTG_CASEWORKER], {"referral.make"})
    access.grant([Role.PARTNER_CASEWORKER], {"referral.work"})
    access.grant([Role.CONTRACT_MANAGER], {"referral.aggregates"})
    access.register_scope("referrals.DesiredOutcome", access.everyone)
    access.register_scope("referrals.Referral", _referrals)
    for name in ("Assignment", "Session", "CaseNote", "OutcomeAchievement", "EndOfService"):
        access.register_scope(f"referrals.{name}", _through_referral)
    access.register_scope("referrals.UnfundedWork", _unfunded_work)
