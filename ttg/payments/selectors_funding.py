"""Reads for the funding pages and API (issue 7 part 4): the subsidy that unfunded work measures
(R-F5), and budgets with their allocations for contract managers to set (R-F4a, R-F4b).

Aggregates only: hours, counts and amounts, never an unfunded-work record's person reference or
description. Each read is a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum

from ttg.accounts.constants import Role
from ttg.core import access, clock
from ttg.core.pathways import PATHWAYS
from ttg.estate.constants import OrganisationType
from ttg.estate.models import CRC, NPSDivision
from ttg.referrals.models import Referral, UnfundedWork

from . import money, rules
from .constants import BudgetKind, PurchaseStatus, Unit, VariationStatus
from .models import Allocation, Budget, Delivery, Purchase, RateCard, RateCardItem, Variation
from .selectors import in_force_ids
from .services import financial_year_start
from .services_funding import Holder, holder_key, holder_name

# --- years ----------------------------------------------------------------------------------------


def year_words(start: date) -> str:
    """ "2019 to 2020": a financial year as GOV.UK writes it."""
    return f"{start.year} to {start.year + 1}"


def year_from(text: str | None) -> date:
    """The financial year asked for (`?year=2019`), or the current one when absent or not a plausible year."""
    try:
        year = int(text or "")
    except ValueError:
        return financial_year_start(clock.today())
    if not 2000 <= year <= 2100:
        return financial_year_start(clock.today())
    return date(year, 4, 1)


# --- R-F5: unfunded work as subsidy ---------------------------------------------------------------


@dataclass(frozen=True)
class HourValue:
    pence: int | None
    basis: str  # in words, for the page: where the estimate comes from


def hour_value() -> HourValue:
    """The estimated value of an hour of unfunded work (R-F5): the setting, or the rate cards' hourly services."""
    configured = getattr(settings, "TTG_UNFUNDED_HOUR_VALUE_PENCE", None)
    if configured not in (None, ""):
        pence = int(configured)
        if pence <= 0:
            return HourValue(None, "No hourly value is set, so unfunded work is shown in hours only.")
        return HourValue(pence, f"{money.format_pence(pence)} an hour, the value set for the service (TTG_UNFUNDED_HOUR_VALUE_PENCE).")
    today = clock.today()
    cards = list(
        RateCard.objects.filter(published=True, in_force_from__lte=today).only("pk", "crc_id", "published", "in_force_from", "version")
    )
    prices = [
        item.subcontract_price_pence
        for item in RateCardItem.objects.filter(rate_card_id__in=in_force_ids(cards, today), unit=Unit.HOUR).only(
            "price_pence", "partner_price_pence"
        )
    ]
    if not prices:
        return HourValue(None, "No rate card in force has an hourly service, so unfunded work is shown in hours only.")
    average = money.per(money.total(prices), len(prices)) or 0
    return HourValue(
        average,
        f"{money.format_pence(average)} an hour: the average partner price of the {len(prices)} hourly "
        f"service{'s' if len(prices) != 1 else ''} on the rate cards in force.",
    )


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


@dataclass
class SubsidyRow:
    name: str
    hours: Decimal
    records: int
    value_pence: int | None
    detail: str = ""  # the organisation's type, for the rows by organisation


@dataclass
class Subsidy:
    year_starting: date
    hours: Decimal
    records: int
    organisations: int
    value_pence: int | None
    hour_value: HourValue
    by_organisation: list[SubsidyRow] = field(default_factory=list)
    by_crc: list[SubsidyRow] = field(default_factory=list)
    by_pathway: list[SubsidyRow] = field(default_factory=list)

    @property
    def year(self) -> str:
        return year_words(self.year_starting)


NO_REFERRAL = "Not linked to a referral"


def _hours(value: Decimal | None) -> Decimal:
    """Hours to two places, as recorded: databases differ in the scale of a sum (SQLite "7", PostgreSQL "7.00")."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def subsidy(user: Any, *, year_starting: date) -> Subsidy:
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


# --- R-F4a, R-F4b: budgets and allocations --------------------------------------------------------


@dataclass
class BudgetRow:
    budget: Budget
    allocated_pence: int

    @property
    def unallocated_pence(self) -> int:
        return self.budget.amount_pence - self.allocated_pence

    @property
    def year(self) -> str:
        return year_words(self.budget.year_starting)


def budgets(user: Any) -> list[BudgetRow]:
    """Every budget the user may see, newest year first, with how much is allocated."""
    rows = Budget.objects.visible_to(user).annotate(allocated=Sum("allocations__amount_pence")).order_by("-year_starting", "kind", "name")
    return [BudgetRow(b, int(b.allocated or 0)) for b in rows]  # type: ignore[attr-defined]


def budget(user: Any, pk: int) -> Budget:
    return access.get_for(user, Budget, pk=pk)


def committed_by_allocation(ids: list[int]) -> dict[int, int]:
    """What purchases have committed against each allocation, in three queries (as services.committed_pence counts it)."""
    out: dict[int, int] = defaultdict(int)
    live = Purchase.objects.filter(allocation_id__in=ids).exclude(status=PurchaseStatus.CANCELLED).order_by()
    for pk, v in live.values_list("allocation_id").annotate(v=Sum("value_authorised_pence")):
        out[pk] += int(v or 0)
    varied = Variation.objects.filter(purchase__allocation_id__in=ids, status=VariationStatus.APPROVED).exclude(
        purchase__status=PurchaseStatus.CANCELLED
    )
    for pk, v in (
        varied.order_by().values_list("purchase__allocation_id").annotate(v=Sum(F("extra_units") * F("purchase__unit_price_pence")))
    ):
        out[pk] += int(v or 0)
    cancelled = Delivery.objects.filter(purchase__allocation_id__in=ids, purchase__status=PurchaseStatus.CANCELLED)
    for pk, v in cancelled.order_by().values_list("purchase__allocation_id").annotate(v=Sum(F("units") * F("purchase__unit_price_pence"))):
        out[pk] += int(v or 0)
    return out


@dataclass
class HolderRow:
    key: str
    name: str
    holder: Holder
    allocation: Allocation | None
    committed_pence: int
    may_change: bool

    @property
    def amount_pence(self) -> int | None:
        return self.allocation.amount_pence if self.allocation else None


def _holders(user: Any, kind: str) -> list[Holder]:
    """Who a budget of this kind may be allocated to, that this user may see: CRCs (enhanced), NPS divisions and national (rate card)."""
    if kind == BudgetKind.ENHANCED:
        crcs = CRC.objects.order_by("name")
        if user.role == Role.CONTRACT_MANAGER:
            crcs = crcs.filter(pk__in=user.managed_crcs.values("pk"))
        return list(crcs)
    return [*NPSDivision.objects.order_by("name"), None]


@dataclass
class BudgetDetail:
    budget: Budget
    rows: list[HolderRow]
    allocated_pence: int  # every allocation of the budget, including those of CRCs the user does not manage
    hidden_pence: int  # allocated to holders not shown to this user

    @property
    def unallocated_pence(self) -> int:
        return self.budget.amount_pence - self.allocated_pence

    @property
    def year(self) -> str:
        return year_words(self.budget.year_starting)


def budget_detail(user: Any, pk: int) -> BudgetDetail:
    found = budget(user, pk)
    allocations = list(Allocation.objects.filter(budget=found).select_related("crc", "nps_division"))
    committed = committed_by_allocation([a.pk for a in allocations])
    by_key = {holder_key(a.crc or a.nps_division): a for a in allocations}
    rows = []
    for holder in _holders(user, found.kind):
        key = holder_key(holder)
        allocation = by_key.get(key)
        rows.append(
            HolderRow(
                key=key,
                name=holder_name(holder),
                holder=holder,
                allocation=allocation,
                committed_pence=committed.get(allocation.pk, 0) if allocation else 0,
                may_change=user.role == Role.CONTRACT_MANAGER and access.can(user, "budget.edit"),
            )
        )
    allocated = money.total(a.amount_pence for a in allocations)
    shown = money.total(r.amount_pence or 0 for r in rows)
    return BudgetDetail(found, rows, allocated, allocated - shown)


def holder_row(detail: BudgetDetail, key: str) -> HolderRow | None:
    return next((r for r in detail.rows if r.key == key), None)


def allocations_of(user: Any) -> QuerySet[Allocation]:
    return Allocation.objects.visible_to(user).select_related("budget", "crc", "nps_division")
