"""Referrals: partners see those to their organisation, CRC staff those from plans they may see,
responsible officers those from the release plans of their own cases; contract
managers see counts only (selectors.aggregates), never the records."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.payments.models import Purchase
from ttg.people.access import CRC_ROLES, through_person
from ttg.people.models import ProbationCase
from ttg.plans.plan.access import held_cases


def _referrals(user: Any, prefix: str = "") -> Q | None:
    """Partners: referrals to their organisation. CRC users: referrals from plans they may see."""
    if user.role == Role.PARTNER_CASEWORKER:
        return Q(**{f"{prefix}organisation_id": user.organisation_id}) if user.organisation_id else None
    if user.role in CRC_ROLES:
        return through_person(f"{prefix}plan_activity__plan__custody_period__person")(user)
    if user.role == Role.RESPONSIBLE_OFFICER:  # from the release plans of their own cases (R-F2b)
        return held_cases(f"{prefix}plan_activity__plan__custody_period", plan_kind=f"{prefix}plan_activity__plan__kind")(user)
    return None  # contract managers see counts (referrals.selectors.aggregates), never the records


def _through_referral(user: Any) -> Q | None:
    """Whoever may see the referral."""
    return _referrals(user, prefix="referral__")


def _referable(user: Any) -> Q | None:
    """Which plan activities a referrer may refer: a responsible officer those of release plans only (R-F2b);
    a TTG caseworker every one they see."""
    if user.role == Role.RESPONSIBLE_OFFICER:
        return Q(plan__kind="release")
    return Q()


def released_into_crc(path: str) -> access.ScopeRule:
    """For a CRC's TTG caseworkers and managers: the people in custody due for release into the CRC's
    area, where the service knows it without a release address: a rate-card purchase from the CRC for
    this time in custody, or their case held by a responsible officer who works for the CRC (issue 23
    item 4; docs/plans.md). `path` leads from the row to its custody period ("" for the period itself).
    Those in a prison the CRC serves it sees already (ttg/people/access.py)."""

    def rule(user: Any) -> Q | None:
        if user.role not in (Role.TTG_CASEWORKER, Role.CRC_MANAGER) or not user.crc_id:
            return None
        bought = Purchase.objects.filter(provider_crc_id=user.crc_id, custody_period__released_at__isnull=True)
        held = ProbationCase.objects.filter(officer__crc_id=user.crc_id, custody_period__released_at__isnull=True)
        return Q(**{f"{path or 'pk'}__in": bought.values("custody_period_id")}) | Q(
            **{f"{path or 'pk'}__in": held.values("custody_period_id")}
        )

    rule.__doc__ = "For a CRC's staff, the people due for release into its area (a purchase from it, a case held by its officers)."
    return rule


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
            "releaselist.view": "See the people due for release from non-resettlement prisons: my cases, or into my CRC's area",
        }
    )
    # Nobody released unseen (issue 23 item 4): the NPS's and each CRC's list.
    access.grant([Role.RESPONSIBLE_OFFICER, Role.TTG_CASEWORKER, Role.CRC_MANAGER], {"releaselist.view"})
    # The CRC's list only (selectors_release.releases adds `released_into_crc` there): not a scope of custody
    # periods everywhere, so the CRC's caseloads, work lists and records are unchanged.
    access.grant([Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER], {"referral.view"})
    access.grant([Role.TTG_CASEWORKER], {"referral.make"})
    # R-F2b: the responsible officer refers the activities of their short release plans, and follows them.
    access.grant([Role.RESPONSIBLE_OFFICER], {"referral.view", "referral.make"})
    access.register_scope("plans.PlanActivity", _referable, action="referral.make")
    access.grant([Role.PARTNER_CASEWORKER], {"referral.work"})
    access.grant([Role.CONTRACT_MANAGER], {"referral.aggregates"})
    access.register_scope("referrals.DesiredOutcome", access.everyone)
    access.register_scope("referrals.Referral", _referrals)
    for name in ("Assignment", "Session", "CaseNote", "OutcomeAchievement", "EndOfService"):
        access.register_scope(f"referrals.{name}", _through_referral)
    access.register_scope("referrals.UnfundedWork", _unfunded_work)
