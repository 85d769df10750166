"""Rate cards, purchases, claims and funding: who may do what, which rows they see, and on which
rows they may act — the purchaser, the provider, the claimant and the payer are decided here once,
as scope rules of the access kernel (`visible_to(user, action=...)`), for pages, API and services."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Employer, Role
from ttg.core import access
from ttg.people import cases
from ttg.people.models import CustodyPeriod

from .constants import PurchaserKind

ACTIONS = {
    "ratecard.view": "See CRCs' published rate cards (and their own CRC's drafts)",
    "ratecard.edit": "Draft, change and publish my CRC's rate card",
    "purchase.make": "Buy a rate-card service for a person leaving a non-resettlement prison",
    "purchase.view": "See purchases: what was bought, for whom, with what authority",
    "delivery.record": "Record delivery against a purchase, which claims for it",
    "claim.view": "See claims, their lines, ageing and payments due",
    "claim.submit": "Submit my organisation's claim, or resubmit it after a rejection",
    "claim.approve": "Approve or reject a claim as its payer",
    "claim.mark_paid": "Record that a claim was paid, with the date and reference",
    "funding.view": "See budgets, allocations, spend, cost per person and activity, and aged debt",
    "funding.edit": "Set budgets and allocations",
    # Budgets and allocations (issue 7 part 4): HMPPS contract managers add a year's budget and set
    # allocations (of the CRCs they manage, NPS divisions and the national one) on pages and the API.
    "budget.edit": "Add a year's budget and set or change its allocations (within the budget, never below what is committed)",
    # Variations (issue 7): the provider asks for more units on a purchase, the purchaser decides.
    "variation.request": "Ask the purchaser for more units on a purchase my organisation provides",
    "variation.decide": "Approve or refuse a request for more units on a purchase I am the purchaser of",
    # Purchases asked for when a rate-card referral is sent (issue 15): the purchaser decides.
    "purchase.decide": "Authorise or refuse a purchase asked for, as its purchaser",
}

GRANTS = {
    Role.CRC_MANAGER: {
        "ratecard.view",
        "ratecard.edit",
        "purchase.view",
        "claim.view",
        "claim.submit",
        "claim.approve",
        "claim.mark_paid",
        "variation.request",
        "variation.decide",
        "purchase.decide",
    },
    Role.PARTNER_CASEWORKER: {"ratecard.view", "purchase.view", "delivery.record", "claim.view", "claim.submit", "variation.request"},
    Role.RESPONSIBLE_OFFICER: {
        "ratecard.view",
        "purchase.make",
        "purchase.view",
        "claim.view",
        "claim.approve",
        "claim.mark_paid",
        "variation.decide",
        "purchase.decide",
    },
    # HMPPS contract managers are the national purchaser: they buy nationally, decide variations on
    # national purchases and approve and pay national claims, for the CRCs they manage.
    Role.CONTRACT_MANAGER: {
        "ratecard.view",
        "purchase.view",
        "claim.view",
        "funding.view",
        "budget.edit",
        "purchase.make",
        "variation.decide",
        "purchase.decide",
        "claim.approve",
        "claim.mark_paid",
    },
    Role.ANALYST: {"funding.view"},
    Role.ADMINISTRATOR: {"ratecard.view", "funding.view", "funding.edit"},
}


def case_held(*, by: Any, purchaser_kind: str, custody_period: Any) -> str | None:
    """R-F2a: the case the purchase is for, in words for the audit trail, or None when the purchaser
    may not buy for this person. A responsible officer: a case of theirs (people.ProbationCase, from a
    handover or the NPS's allocation); nationally: a case some responsible officer holds; a CRC: a
    person it may see (in its prisons)."""
    if custody_period is None:
        return None
    if purchaser_kind == PurchaserKind.CRC:
        if not CustodyPeriod.objects.visible_to(by).filter(pk=custody_period.pk).exists():
            return None
        return f"For a person in {by.crc or custody_period.current_prison.crc}'s prisons"
    case = cases.any_case(custody_period) if purchaser_kind == PurchaserKind.NATIONAL else cases.case_of(by, custody_period)
    if case is None:
        return None
    how = "from the handover of the plan" if case.source == case.Source.HANDOVER else "allocated by the NPS"
    return f"For the case held by {case.officer.get_full_name() or case.officer.get_username()}, {how}"


def is_national_purchaser(user: Any) -> bool:
    """HMPPS contract managers buy, decide variations and pay claims for the national budget (R-F2)."""
    return user is not None and user.role == Role.CONTRACT_MANAGER and user.employer_kind == Employer.HMPPS


# --- what each role sees -------------------------------------------------------------------------


def _rate_cards(user: Any, prefix: str = "") -> Q | None:
    """Published rate cards for everyone who may read them; drafts for their own CRC's staff."""
    if not access.can(user, "ratecard.view"):
        return None
    if user.role in (Role.CRC_MANAGER, Role.TTG_CASEWORKER) and user.crc_id:
        return Q(**{f"{prefix}published": True}) | Q(**{f"{prefix}crc_id": user.crc_id})
    return Q(**{f"{prefix}published": True})


def _rate_card_items(user: Any) -> Q | None:
    return _rate_cards(user, prefix="rate_card__")


def _purchases(user: Any, prefix: str = "") -> Q | None:
    """CRC staff: their CRC's; partners: those naming their organisation; responsible officers:
    their own and their division's; contract managers: the CRCs they manage."""
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(**{f"{prefix}provider_crc_id": user.crc_id}) | Q(**{f"{prefix}purchaser_crc_id": user.crc_id})
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(**{f"{prefix}provider_organisation_id": user.organisation_id})
    if user.role == Role.RESPONSIBLE_OFFICER:
        mine = Q(**{f"{prefix}purchased_by_id": user.pk})
        return mine | Q(**{f"{prefix}nps_division_id": user.nps_division_id}) if user.nps_division_id else mine
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{prefix}provider_crc__in": user.managed_crcs.all()})
    return None


def _through_purchase(user: Any) -> Q | None:
    return _purchases(user, prefix="purchase__")


def _claims(user: Any, prefix: str = "") -> Q | None:
    """Claimant or payer; contract managers: claims on the contracts of the CRCs they manage."""
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(**{f"{prefix}claimant_crc_id": user.crc_id}) | Q(**{f"{prefix}payer_crc_id": user.crc_id})
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(**{f"{prefix}claimant_organisation_id": user.organisation_id})
    if user.role == Role.RESPONSIBLE_OFFICER and user.nps_division_id:
        return Q(**{f"{prefix}payer_division_id": user.nps_division_id})
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{prefix}crc__in": user.managed_crcs.all()})
    return None


def _through_claim(user: Any) -> Q | None:
    return _claims(user, prefix="claim__")


def _funding(user: Any) -> Q | None:
    """Budgets and allocations: amounts, no personal data; for those who may see funding."""
    return Q() if access.can(user, "funding.view") else None


# --- on which rows each may act ----------------------------------------------------------------


def purchaser(user: Any) -> Q | None:
    """Purchases the user is the purchaser of: the CRC manager of a CRC's purchase; a responsible
    officer of the paying division; for a national purchase, an HMPPS contract manager of the provider
    CRC (the contracts they manage)."""
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(purchaser_kind=PurchaserKind.CRC, purchaser_crc_id=user.crc_id)
    if is_national_purchaser(user):
        return Q(purchaser_kind=PurchaserKind.NATIONAL, provider_crc__in=user.managed_crcs.all())
    if user.role == Role.RESPONSIBLE_OFFICER and user.nps_division_id:
        return Q(purchaser_kind__in=[PurchaserKind.INDIVIDUAL, PurchaserKind.DIVISION], nps_division_id=user.nps_division_id)
    return None


def provider(user: Any) -> Q | None:
    """Purchases the user delivers, and so asks more units for: the partner's caseworkers for a
    partner's service (they record its delivery), otherwise the provider CRC's managers."""
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(provider_organisation_id=user.organisation_id)
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(provider_organisation__isnull=True, provider_crc_id=user.crc_id)
    return None


def claimant(user: Any) -> Q | None:
    """Claims the user's organisation makes."""
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(claimant_crc_id=user.crc_id)
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(claimant_organisation_id=user.organisation_id)
    return None


def payer(user: Any) -> Q | None:
    """Claims the user pays; a national claim is paid by HMPPS: the contract managers of the CRC whose contract it is."""
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(payer_crc_id=user.crc_id)
    if user.role == Role.RESPONSIBLE_OFFICER and user.nps_division_id:
        return Q(payer_division_id=user.nps_division_id)
    if is_national_purchaser(user):
        return Q(payer_national=True, crc__in=user.managed_crcs.all())
    return None


def allocation_holder(user: Any) -> Q | None:
    """The CRCs whose allocations a contract manager sets: those they manage (any NPS division's, and the national one, too)."""
    return Q(pk__in=user.managed_crcs.all()) if user.role == Role.CONTRACT_MANAGER else None


def register() -> None:
    access.register_actions(ACTIONS)
    for role, actions in GRANTS.items():
        access.grant([role], actions)
    access.register_scope("payments.RateCard", _rate_cards)
    access.register_scope("payments.RateCardItem", _rate_card_items)
    access.register_scope("payments.Budget", _funding)
    access.register_scope("payments.Allocation", _funding)
    access.register_scope("payments.Purchase", _purchases)
    for name in ("Variation", "Delivery"):
        access.register_scope(f"payments.{name}", _through_purchase)
    access.register_scope("payments.Claim", _claims)
    for name in ("ClaimLine", "Escalation"):
        access.register_scope(f"payments.{name}", _through_claim)
    access.register_scope("payments.Purchase", purchaser, action="variation.decide")
    access.register_scope("payments.Purchase", purchaser, action="purchase.decide")
    access.register_scope("payments.Purchase", provider, action="variation.request")
    access.register_scope("payments.Purchase", provider, action="delivery.record")
    access.register_scope("payments.Claim", claimant, action="claim.submit")
    for action in ("claim.approve", "claim.mark_paid"):
        access.register_scope("payments.Claim", payer, action=action)
    access.register_scope("estate.CRC", allocation_holder, action="budget.edit")
