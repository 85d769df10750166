"""Reads of the supply-chain register: scoped to the user, a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from ttg.core import access
from ttg.core.rules import Decision
from ttg.estate.models import CRC, Organisation, Prison

from . import rules
from .models import SupplyChainContract, SupplyChainService

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
