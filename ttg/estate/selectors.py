"""Reads for the estate's pages: reference data, no personal data, a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from ttg.accounts.constants import Role
from ttg.core import access, clock

from .models import CRC, NPSDivision, Organisation, Prison, ResettlementDesignation, Specialism


def prisons(user: Any) -> list[Prison]:
    """Every prison, with the designation in force today and the CRC serving it."""
    today = clock.today()
    designations = ResettlementDesignation.objects.order_by("valid_from")
    rows = list(Prison.objects.visible_to(user).select_related("crc").prefetch_related(Prefetch("designations", queryset=designations)))
    for prison in rows:
        prison.designation_today = prison.designation_on(today)  # type: ignore[attr-defined]
    return rows


def prison(user: Any, code: str) -> Prison:
    return access.get_for(
        user,
        Prison.objects.select_related("crc").prefetch_related(
            Prefetch("designations", queryset=ResettlementDesignation.objects.order_by("-valid_from"))
        ),
        code=code,
    )


def crcs(user: Any) -> QuerySet[CRC]:
    return CRC.objects.visible_to(user).annotate(prison_count=Count("prisons", distinct=True)).prefetch_related("contract_managers")


def nps_divisions(user: Any) -> QuerySet[NPSDivision]:
    """The 7 divisions, with how many responsible officers of each use the service."""
    officers = Count("staff", filter=Q(staff__role=Role.RESPONSIBLE_OFFICER, staff__is_active=True), distinct=True)
    return NPSDivision.objects.visible_to(user).annotate(officer_count=officers)


def organisations(user: Any, specialism: str = "") -> QuerySet[Organisation]:
    rows = Organisation.objects.visible_to(user).prefetch_related("specialisms")
    if specialism:
        rows = rows.filter(specialisms__code=specialism)
    return rows


def specialisms(user: Any) -> QuerySet[Specialism]:
    return Specialism.objects.visible_to(user)
