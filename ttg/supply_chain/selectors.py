"""Reads of the supply-chain register: scoped to the user, a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.core.rules import Decision
from ttg.estate.models import CRC, Organisation, Prison

from . import rules
from .models import SharingAgreement, SupplyChainContract, SupplyChainService

CURRENT, ENDED, ALL = "current", "ended", "all"
STATUSES = (CURRENT, ENDED, ALL)


@dataclass(frozen=True)
class RegisterFilter:
    crc: str = ""  # CRC code
    prison: str = ""  # prison code
    pathway: str = ""
    specialism: str = ""  # specialism code
    status: str = CURRENT  # current (not ended on the day: running or starting later), ended, or all

    @classmethod
    def from_query(cls, query: Any) -> RegisterFilter:
        status = query.get("status", CURRENT)
        return cls(
            crc=query.get("crc", "")[:20],
            prison=query.get("prison", "")[:5],
            pathway=query.get("pathway", "")[:30],
            specialism=query.get("specialism", "")[:40],
            status=status if status in STATUSES else CURRENT,
        )


def services(user: Any, chosen: RegisterFilter, *, on: date) -> QuerySet[SupplyChainService]:
    """Register rows the user may see, filtered, with everything a page shows (constant queries)."""
    qs = SupplyChainService.objects.visible_to(user)
    if chosen.crc:
        qs = qs.filter(contract__crc__code=chosen.crc)
    if chosen.prison:
        qs = qs.filter(prison__code=chosen.prison)
    if chosen.pathway:
        qs = qs.filter(pathway=chosen.pathway)
    if chosen.specialism:
        qs = qs.filter(contract__organisation__specialisms__code=chosen.specialism)
    if chosen.status == CURRENT:
        qs = qs.filter(Q(until__isnull=True) | Q(until__gte=on))
    elif chosen.status == ENDED:
        qs = qs.filter(until__lt=on)
    return qs.select_related("contract__crc", "contract__organisation", "prison").prefetch_related("contract__organisation__specialisms")


def crcs(user: Any) -> QuerySet[CRC]:
    """The CRCs whose rows the user may see (for the filter and the add-contract form)."""
    return CRC.objects.filter(pk__in=SupplyChainContract.objects.visible_to(user).values("crc")).order_by("name")


def editable_crcs(user: Any) -> QuerySet[CRC]:
    """The CRCs the user may add contracts to: an administrator any, a CRC manager their own (supply_chain.access)."""
    return CRC.objects.visible_to(user, action="supply_chain.edit")


def can_edit(user: Any, contract: SupplyChainContract) -> bool:
    return editable_crcs(user).filter(pk=contract.crc_id).exists()


def contract(user: Any, pk: Any) -> SupplyChainContract:
    """One contract the user may see; the same 404 for missing and not yours."""
    return access.get_for(
        user, SupplyChainContract.objects.select_related("crc", "organisation").prefetch_related("organisation__specialisms"), pk=pk
    )


def contract_services(contract: SupplyChainContract) -> QuerySet[SupplyChainService]:
    return contract.services.select_related("prison").order_by("pathway", "prison__name", "since")


def service(user: Any, pk: Any) -> SupplyChainService:
    return access.get_for(user, SupplyChainService.objects.select_related("contract__crc", "contract__organisation", "prison"), pk=pk)


def _named(obj: Any) -> rules.Named:
    return rules.Named(obj.pk, str(obj))


def memberships(rows: Any) -> list[rules.Membership]:
    """Register rows as the rule's plain values."""
    return [
        rules.Membership(
            organisation=_named(r.contract.organisation),
            crc=_named(r.contract.crc),
            pathway=r.pathway,
            prison=_named(r.prison),
            since=r.since,
            until=r.until,
            contract=r.contract.reference,
        )
        for r in rows
    ]


def in_supply_chain(organisation: Organisation, crc: CRC, pathway: str, prison: Prison, on: date) -> Decision[bool]:
    """Is `organisation` in `crc`'s supply chain for `pathway` at `prison` on `on`? (R-R1, with reasons.)

    Not scoped to a user: it answers a question about reference data for other services (referrals).
    One query.
    """
    rows = SupplyChainService.objects.filter(
        contract__organisation=organisation, contract__crc=crc, pathway=pathway, prison=prison
    ).select_related("contract__crc", "contract__organisation", "prison")
    return rules.in_supply_chain(memberships(rows), _named(organisation), _named(crc), pathway, _named(prison), on)


# --------------------------------------------------------------------------------------------------
# Information-sharing agreements (U3, rule R-R5)
# --------------------------------------------------------------------------------------------------


def sharing_agreements(user: Any) -> QuerySet[SharingAgreement]:
    """The agreements the user may see, with their parties (two queries at most, whatever the number)."""
    return SharingAgreement.objects.visible_to(user).select_related("crc", "organisation")


def sharing_agreement(user: Any, pk: Any) -> SharingAgreement:
    """One agreement the user may see; the same 404 for missing and not yours."""
    return access.get_for(user, SharingAgreement.objects.select_related("crc", "organisation", "created_by"), pk=pk)


def sharing_editable_crcs(user: Any) -> QuerySet[CRC]:
    """The CRCs whose agreements the user may record: an administrator any, a CRC manager their own."""
    return CRC.objects.visible_to(user, action="sharing_agreement.edit")


def can_record_for_nps(user: Any) -> bool:
    """Only administrators record the NPS's agreements."""
    return bool(user.role == Role.ADMINISTRATOR)


def discloser(crc: CRC | None) -> rules.Named:
    """The discloser as the rule's plain value: the CRC, or the NPS (key None)."""
    return rules.Named(crc.pk, str(crc)) if crc is not None else rules.Named(None, rules.NPS)


def as_agreement(a: SharingAgreement) -> rules.Agreement:
    return rules.Agreement(
        reference=a.reference,
        discloser=discloser(a.crc),
        recipient=_named(a.organisation),
        categories=frozenset(a.categories),
        valid_from=a.valid_from,
        valid_until=a.valid_until,
    )


def agreement_in_force(*, discloser_crc: CRC | None, recipient: Organisation, categories: Any, on: date) -> Decision[rules.Coverage]:
    """R-R5: may `discloser_crc` (None: the NPS) disclose these categories of a person's data to
    `recipient` on `on`, under an information-sharing agreement in force? With what is missing, the
    agreements relied on, and reasons in words.

    Not scoped to a user: it answers a question about reference data for the referral and payment
    services. One query.
    """
    rows = SharingAgreement.objects.filter(organisation=recipient, crc=discloser_crc).select_related("crc", "organisation")
    return rules.sharing_covered(
        [as_agreement(a) for a in rows], discloser=discloser(discloser_crc), recipient=_named(recipient), categories=categories, on=on
    )


def agreements_by_reference(references: Any) -> dict[str, SharingAgreement]:
    """The agreements named by a coverage, for pages that show their purpose and dates."""
    return {a.reference: a for a in SharingAgreement.objects.filter(reference__in=list(references)).select_related("crc", "organisation")}
