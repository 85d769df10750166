"""Reads for the funding pages and API (issue 7 part 4): the subsidy that unfunded work measures
(R-F5), and budgets with their allocations for contract managers to set (R-F4a, R-F4b).

Aggregates only: hours, counts and amounts, never an unfunded-work record's person reference or
description. Each read is a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ttg.accounts.constants import Role
from ttg.core import access, clock
from ttg.estate.models import CRC, NPSDivision

from . import money, rules
from .constants import NOT_COMMITTED, BudgetKind, PurchaseStatus, Unit, VariationStatus
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
            return HourValue(None, _("No hourly value is set, so unfunded work is shown in hours only."))
        return HourValue(
            pence,
            _("%(value)s an hour, the value set for the service (TTG_UNFUNDED_HOUR_VALUE_PENCE).") % {"value": money.format_pence(pence)},
        )
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
        return HourValue(None, _("No rate card in force has an hourly service, so unfunded work is shown in hours only."))
    average = money.per(money.total(prices), len(prices)) or 0
    return HourValue(
        average,
        ngettext(
            "%(value)s an hour: the average partner price of the %(num)d hourly service on the rate cards in force.",
            "%(value)s an hour: the average partner price of the %(num)d hourly services on the rate cards in force.",
            len(prices),
        )
        % {"value": money.format_pence(average), "num": len(prices)},
    )


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


# Unfunded work is recorded with referrals, a layer above payments: the referrals app provides the
# year's figures when it is ready (ttg/referrals/subsidy.py), and the funding page, its API and its
# export show them. Without it there is no unfunded work to show.
SubsidySource = Callable[[Any, date], Subsidy]
_subsidy_source: list[SubsidySource] = []


def provide_subsidy(source: SubsidySource) -> None:
    """Where the subsidy figures come from (called once, by the app that records unfunded work)."""
    _subsidy_source[:] = [source]


def subsidy(user: Any, *, year_starting: date) -> Subsidy:
    """Unfunded work recorded in the financial year: hours and estimated value by organisation, CRC and pathway."""
    if not _subsidy_source:
        value = hour_value()
        return Subsidy(
            year_starting, Decimal("0.00"), 0, 0, rules.subsidy_value_pence(hours=Decimal("0"), hour_value_pence=value.pence), value
        )
    return _subsidy_source[0](user, year_starting)


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
    live = Purchase.objects.filter(allocation_id__in=ids).exclude(status__in=(PurchaseStatus.CANCELLED, *NOT_COMMITTED)).order_by()
    for pk, v in live.values_list("allocation_id").annotate(v=Sum("value_authorised_pence")):
        out[pk] += int(v or 0)
    varied = Variation.objects.filter(purchase__allocation_id__in=ids, status=VariationStatus.APPROVED).exclude(
        purchase__status__in=(PurchaseStatus.CANCELLED, *NOT_COMMITTED)
    )
    for pk, v in (
        varied.order_by().values_list("purchase__allocation_id").annotate(v=Sum(F("extra_units") * F("purchase__unit_price_pence")))
    ):
        out[pk] += int(v or 0)
    cancelled = Delivery.objects.filter(
        purchase__allocation_id__in=ids, purchase__status=PurchaseStatus.CANCELLED, withdrawn_at__isnull=True, unfunded_reason=""
    )
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
