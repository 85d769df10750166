"""Unfunded work as subsidy (R-F5): the hours partners recorded without funding in a financial year,
and their estimated value, by organisation, CRC and pathway. Provided to the funding page, its API
and its export (ttg.payments.selectors_funding.provide_subsidy), which payments owns.

Aggregates only: hours, counts and amounts, never an unfunded-work record's person reference or
description. A fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.core.pathways import PATHWAYS
from ttg.estate.constants import OrganisationType
from ttg.payments import rules
from ttg.payments.selectors_funding import Subsidy, SubsidyRow, hour_value

from .models import Referral, UnfundedWork


def _unfunded_scope(user: Any) -> Q | None:
    """Contract managers: work on referrals from the CRCs they manage, and work with no referral by an
    organisation that has a referral from one of them (as referrals.selectors.aggregates counts it).
    Analysts and administrators: all. Anyone else: nothing."""
    if not access.can(user, "funding.view"):
        return None
    if user.role == Role.CONTRACT_MANAGER:
        crcs = user.managed_crcs.all()
        organisations = Referral.objects.filter(crc__in=crcs).values("organisation_id")
        return Q(referral__crc__in=crcs) | Q(referral__isnull=True, organisation_id__in=organisations)
    return Q()


NO_REFERRAL = "Not linked to a referral"


def _hours(value: Decimal | None) -> Decimal:
    """Hours to two places, as recorded: databases differ in the scale of a sum (SQLite "7", PostgreSQL "7.00")."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def subsidy(user: Any, year_starting: date) -> Subsidy:
    """Unfunded work recorded in the financial year: hours and estimated value by organisation, CRC and pathway."""
    value = hour_value()
    scope = _unfunded_scope(user)
    work = UnfundedWork.objects.none() if scope is None else UnfundedWork.objects.filter(scope)
    work = work.filter(on__gte=year_starting, on__lt=date(year_starting.year + 1, 4, 1)).order_by()

    def row(name: str, hours: Decimal | None, n: int, detail: str = "") -> SubsidyRow:
        hours = _hours(hours)
        return SubsidyRow(name, hours, n, rules.subsidy_value_pence(hours=hours, hour_value_pence=value.pence), detail)

    by_organisation = [
        row(r["organisation__name"], r["hours"], r["n"], str(OrganisationType(r["organisation__type"]).label))
        for r in work.values("organisation__name", "organisation__type")
        .annotate(hours=Sum("hours"), n=Count("pk"))
        .order_by("organisation__name")
    ]
    crc_rows = (
        work.values("referral__crc__name")
        .annotate(hours=Sum("hours"), n=Count("pk"))
        .order_by(F("referral__crc__name").asc(nulls_last=True))
    )
    by_crc = [row(r["referral__crc__name"] or NO_REFERRAL, r["hours"], r["n"]) for r in crc_rows]
    names = {p.code: p.name for p in PATHWAYS}
    by_pathway = [
        row(names.get(r["pathway"], r["pathway"]), r["hours"], r["n"])
        for r in work.values("pathway").annotate(hours=Sum("hours"), n=Count("pk")).order_by("pathway")
    ]
    hours = _hours(sum((r.hours for r in by_organisation), Decimal("0")))
    return Subsidy(
        year_starting=year_starting,
        hours=hours,
        records=sum(r.records for r in by_organisation),
        organisations=len(by_organisation),
        value_pence=rules.subsidy_value_pence(hours=hours, hour_value_pence=value.pence),
        hour_value=value,
        by_organisation=by_organisation,
        by_crc=by_crc,
        by_pathway=by_pathway,
    )
