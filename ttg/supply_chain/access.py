"""The supply-chain register: CRC staff see their CRC's, contract managers the CRCs they manage,
partners the rows naming their organisation, administrators all; CRC managers and administrators
change it. Information-sharing agreements: administrators and CRC managers (their own CRC's) record
them, contract managers see those of the CRCs they manage and the NPS's."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from ttg.accounts import workplaces
from ttg.accounts.constants import Role
from ttg.core import access, clock

from .models import TTG_CASEWORK, SupplyChainService


def _supply_chain(user: Any, prefix: str = "") -> Q | None:
    """CRC staff: their CRC's rows; contract managers: the CRCs they manage; partners: rows naming
    their own organisation (a partner's TTG caseworkers also the registers of the CRCs whose casework they
    do); administrators: all."""
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role in (Role.CRC_MANAGER, Role.TTG_CASEWORKER) and user.crc_id:
        return Q(**{f"{prefix}crc_id": user.crc_id})
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{prefix}crc__in": user.managed_crcs.all()})
    if user.role == Role.PARTNER_CASEWORKER and user.organisation_id:
        return Q(**{f"{prefix}organisation_id": user.organisation_id})
    if workplaces.is_partner_caseworker(user) and user.organisation_id:
        # Their own organisation's rows, and the register of each CRC whose casework they do (to refer, as its caseworkers do).
        crcs = _casework_rows(user).values("contract__crc_id")
        return Q(**{f"{prefix}organisation_id": user.organisation_id}) | Q(**{f"{prefix}crc_id__in": crcs})
    return None


def _supply_chain_services(user: Any) -> Q | None:
    return _supply_chain(user, prefix="contract__")


def _editable_crcs(user: Any) -> Q | None:
    """The CRCs whose supply chain the user may change: an administrator any, a CRC manager their own."""
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(pk=user.crc_id)
    return None


def _sharing_agreements(user: Any) -> Q | None:
    """Information-sharing agreements: an administrator all; a CRC manager their CRC's; a contract
    manager those of the CRCs they manage and the NPS's (HMPPS's own)."""
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(crc_id=user.crc_id)
    if user.role == Role.CONTRACT_MANAGER:
        return Q(crc__in=user.managed_crcs.all()) | Q(crc__isnull=True)
    return None


def _sharing_editable_crcs(user: Any) -> Q | None:
    """The CRCs whose agreements the user may record: an administrator any, a CRC manager their own."""
    return _editable_crcs(user)


def _casework_rows(user: Any) -> QuerySet[SupplyChainService]:
    """The register rows by which the user's organisation does a CRC's TTG casework today (R-R1b): for
    TTG casework, in force today under a contract in force today, at a prison that CRC serves."""
    today = clock.today()
    return (
        SupplyChainService.objects.filter(
            pathway=TTG_CASEWORK,
            contract__organisation_id=user.organisation_id,
            prison__crc_id=F("contract__crc_id"),
            since__lte=today,
            contract__starts_on__lte=today,
        )
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .filter(Q(contract__ends_on__isnull=True) | Q(contract__ends_on__gte=today))
    )


def casework_prison_ids(user: Any) -> QuerySet[SupplyChainService, Any]:
    """The prisons where the user's organisation does a CRC's TTG casework today: for
    ttg.accounts.workplaces, which every scope on people asks (handed down at start-up)."""
    return _casework_rows(user).values("prison_id")


def register() -> None:
    access.register_actions(
        {
            "supply_chain.view": "See the supply-chain register: CRCs' partner organisations, their services, prisons and contracts",
            "supply_chain.edit": "Add supply-chain contracts and services, and end services, for my CRC",
            "sharing_agreement.view": "See information-sharing agreements between CRCs (or the NPS) and partner organisations",
            "sharing_agreement.edit": "Record information-sharing agreements for my CRC (administrators: any CRC, and the NPS)",
        }
    )
    access.grant(
        [Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PARTNER_CASEWORKER, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR],
        {"supply_chain.view"},
    )
    access.grant([Role.CRC_MANAGER, Role.ADMINISTRATOR], {"supply_chain.edit"})
    access.register_scope("supply_chain.SupplyChainContract", _supply_chain)
    access.register_scope("supply_chain.SupplyChainService", _supply_chain_services)
    access.register_scope("estate.CRC", _editable_crcs, action="supply_chain.edit")
    access.grant([Role.CRC_MANAGER, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR], {"sharing_agreement.view"})
    access.grant([Role.CRC_MANAGER, Role.ADMINISTRATOR], {"sharing_agreement.edit"})
    access.register_scope("supply_chain.SharingAgreement", _sharing_agreements)
    access.register_scope("estate.CRC", _sharing_editable_crcs, action="sharing_agreement.edit")
    workplaces.provide_partner_casework(casework_prison_ids)
