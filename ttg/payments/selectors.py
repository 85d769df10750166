"""Reads for the payments pages, API and exports: scoped to the user, in a fixed number of queries.

Spend is what has been claimed (claims not rejected) on the purchase tier: what the purchaser pays.
The subcontract tier (a CRC paying its partner for a service the NPS bought) passes money on and is
not counted twice; it counts towards the share of spend reaching voluntary-sector and specialist
organisations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from ttg.accounts.constants import Role
from ttg.core import access, clock
from ttg.estate.constants import OrganisationType
from ttg.estate.models import Organisation
from ttg.people.models import CustodyPeriod

from . import money, rules
from .access import case_held
from .constants import NOT_COMMITTED, UNPAID, ClaimStatus, PurchaseStatus, Tier, Unfunded, Unit, VariationStatus
from .models import Allocation, Claim, ClaimLine, Delivery, Escalation, Purchase, RateCard, RateCardItem, Variation

# Lists are pages of an indexed query (issue 14): filtered, ordered, counted and cut in SQL.
PAGE_SIZE = 50


def page_of(qs: QuerySet[Any], number: Any, *, load: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None) -> Page:
    """One page of an ordered queryset, its rows read once (the count is a separate query).

    With `load`, in two steps: the page's ids from `qs` (scope, filters and order only), then those
    rows by id through `load` (their select_related and annotations), in the page's order. One query
    with both would join more tables than PostgreSQL reorders (join_collapse_limit, 8), and it then
    reads whole tables to find one user's rows. The ids come from the scoped `qs`."""
    if load is None:
        page = Paginator(qs, PAGE_SIZE).get_page(number)
        page.object_list = list(page.object_list)
        return page
    page = Paginator(qs.values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    ids = list(page.object_list)
    found = {row.pk: row for row in load(qs.model._default_manager.filter(pk__in=ids))}
    page.object_list = [found[pk] for pk in ids]
    return page


# --- rate cards -----------------------------------------------------------------------------------


def rate_cards(user: Any) -> QuerySet[RateCard]:
    return RateCard.objects.visible_to(user).select_related("crc").annotate(item_count=Count("items")).order_by("crc__name", "-version")


def rate_card(user: Any, pk: int) -> RateCard:
    items = RateCardItem.objects.select_related("provider_organisation").order_by("pathway", "title")
    return access.get_for(user, RateCard.objects.select_related("crc").prefetch_related(Prefetch("items", queryset=items)), pk=pk)


def in_force_ids(cards: Iterable[RateCard], on: date) -> set[int]:
    """The pks of the cards in force on `on`: per CRC, the latest published one that has started."""
    best: dict[int, RateCard] = {}
    for card in cards:
        if card.published and card.in_force_from <= on:
            current = best.get(card.crc_id)
            if current is None or (card.in_force_from, card.version) > (current.in_force_from, current.version):
                best[card.crc_id] = card
    return {c.pk for c in best.values()}


def items_to_buy(user: Any, on: date | None = None) -> list[RateCardItem]:
    """Every item of every rate card in force today: what a responsible officer may buy."""
    on = on or clock.today()
    cards = list(RateCard.objects.visible_to(user).filter(published=True, in_force_from__lte=on))
    ids = in_force_ids(cards, on)
    return list(
        RateCardItem.objects.visible_to(user)
        .filter(rate_card_id__in=ids)
        .select_related("rate_card__crc", "provider_organisation")
        .order_by("rate_card__crc__name", "pathway", "title")
    )


# --- purchases ------------------------------------------------------------------------------------


def _with_progress(qs: QuerySet[Purchase]) -> QuerySet[Purchase]:
    delivered = (  # claimed: live, with their claim lines (held work outside the authority is not)
        Delivery.objects.filter(purchase=OuterRef("pk"), withdrawn_at__isnull=True, unfunded_reason="")
        .order_by()
        .values("purchase")
        .annotate(u=Sum("units"))
        .values("u")
    )
    extra = (
        Variation.objects.filter(purchase=OuterRef("pk"), status=VariationStatus.APPROVED)
        .order_by()
        .values("purchase")
        .annotate(u=Sum("extra_units"))
        .values("u")
    )
    return qs.annotate(
        delivered=Coalesce(Subquery(delivered, output_field=IntegerField()), Value(0)),
        extra_units=Coalesce(Subquery(extra, output_field=IntegerField()), Value(0)),
    ).annotate(units_left=F("units_authorised") + F("extra_units") - F("delivered"))


PURCHASES_NEWEST_FIRST = ("-purchased_on", "-id")


def _purchase_rows(qs: QuerySet[Purchase]) -> QuerySet[Purchase]:
    """What a list of purchases shows: the person, the service, who provides and pays, the progress."""
    return _with_progress(
        qs.select_related(
            "person", "prison", "item", "provider_crc", "provider_organisation", "purchased_by", "nps_division", "purchaser_crc"
        )
    )


def purchases(user: Any, *, status: str | None = None) -> QuerySet[Purchase]:
    qs = Purchase.objects.visible_to(user)
    if status:
        qs = qs.filter(status=status)
    return _purchase_rows(qs).order_by(*PURCHASES_NEWEST_FIRST)


def purchases_page(user: Any, number: Any) -> Page:
    """One page of the purchases the user may see, newest first (the purchases page)."""
    return page_of(Purchase.objects.visible_to(user).order_by(*PURCHASES_NEWEST_FIRST), number, load=_purchase_rows)


def purchase(user: Any, reference: str) -> Purchase:
    qs = _with_progress(
        Purchase.objects.select_related(
            "person",
            "prison",
            "item__rate_card__crc",
            "provider_crc",
            "provider_organisation",
            "purchased_by",
            "nps_division",
            "purchaser_crc",
            "requested_by",
            "decided_by",
            "allocation__budget",
        ).prefetch_related(
            Prefetch("deliveries", queryset=Delivery.objects.select_related("recorded_by").order_by("delivered_on", "id")),
            Prefetch("variations", queryset=Variation.objects.select_related("requested_by", "decided_by")),  # type: ignore[type-var]
        )
    )
    return access.get_for(user, qs, reference=reference)


def variations_to_decide(user: Any) -> list[Variation]:
    """Requests for more units waiting for this user's decision, as the purchaser (oldest first): their
    ids first (scope and order only), then the rows (see page_of)."""
    oldest_first = ("requested_at", "id")
    ids = list(
        Variation.objects.visible_to(user)
        .filter(status=VariationStatus.REQUESTED, purchase__in=Purchase.objects.visible_to(user, action="variation.decide"))
        .order_by(*oldest_first)
        .values_list("pk", flat=True)
    )
    return list(
        Variation.objects.filter(pk__in=ids)
        .select_related("purchase__person", "purchase__item", "purchase__provider_crc", "purchase__provider_organisation", "requested_by")
        .order_by(*oldest_first)
    )


def requests_to_decide(user: Any) -> list[Purchase]:
    """Purchases asked for (when a referral was sent) waiting for this user's decision as the
    purchaser, oldest first: ids first (scope and order only), then the rows (see page_of)."""
    oldest_first = ("requested_on", "id")
    ids = list(
        Purchase.objects.visible_to(user, action="purchase.decide")
        .filter(status=PurchaseStatus.REQUESTED)
        .order_by(*oldest_first)
        .values_list("pk", flat=True)
    )
    return list(
        Purchase.objects.filter(pk__in=ids)
        .select_related("person", "item", "provider_crc", "provider_organisation", "requested_by")
        .order_by(*oldest_first)
    )


@dataclass
class HeldRow:
    """Work recorded against purchases and not funded, for one provider and one reason (R-F3b, R-F5)."""

    provider: str
    reason: str
    deliveries: int
    units: int
    value_pence: int  # at the purchases' prices: what it would have been paid


def unfunded_deliveries(user: Any, year_starting: date) -> list[HeldRow]:
    """Delivery recorded against purchases in the financial year that no claim pays, by provider and
    reason (R-F3b, R-F5): for contract managers, on the contracts of the CRCs they manage; for analysts
    and administrators, all; nobody else (the funding page's scope). One query, whatever the rows."""
    labels = dict(Unfunded.choices)
    if not access.can(user, "funding.view"):
        return []
    scope = Q(purchase__provider_crc__in=user.managed_crcs.all()) if user.role == Role.CONTRACT_MANAGER else Q()
    rows = (
        Delivery.objects.filter(scope, delivered_on__gte=year_starting, delivered_on__lt=date(year_starting.year + 1, 4, 1))
        .filter(withdrawn_at__isnull=True)
        .exclude(unfunded_reason="")
        .order_by()
        .values("purchase__provider_organisation__name", "purchase__provider_crc__name", "unfunded_reason")
        .annotate(n=Count("pk"), u=Sum("units"), v=Sum(F("units") * F("purchase__unit_price_pence")))
        .order_by("purchase__provider_organisation__name", "purchase__provider_crc__name", "unfunded_reason")
    )
    return [
        HeldRow(
            provider=r["purchase__provider_organisation__name"] or r["purchase__provider_crc__name"],
            reason=str(labels.get(r["unfunded_reason"], r["unfunded_reason"])),
            deliveries=r["n"],
            units=int(r["u"] or 0),
            value_pence=int(r["v"] or 0),
        )
        for r in rows
    ]


def case_to_buy_for(user: Any, prison_number: str, purchaser_kind: str) -> CustodyPeriod | None:
    """The latest custody period (open, or the last release) of the person with this prison number,
    only when it is a case the user may buy for (rule R-F2a: a case they hold); None otherwise, the
    same whether nobody has the prison number or someone else holds the case.

    Used only by the purchase pages and API (action purchase.make); the view is logged by the caller.
    """
    period = (
        CustodyPeriod.objects.filter(person__prison_number=prison_number.strip().upper())
        .select_related("person", "current_prison__crc")
        .prefetch_related("current_prison__designations")
        .order_by(F("released_at").desc(nulls_first=True), "-received_at")
        .first()
    )
    if period is None or case_held(by=user, purchaser_kind=purchaser_kind, custody_period=period) is None:
        return None
    return period


# --- claims ---------------------------------------------------------------------------------------


CLAIMS_ORDER = ("-month", "sequence", "id")


def _claims_in_scope(user: Any, statuses: Iterable[str] | None, action: str | None) -> QuerySet[Claim]:
    # Claims with at least one line: an EXISTS through the lines' claim index, not a count of every claim's lines.
    qs = Claim.objects.visible_to(user, action).filter(Exists(ClaimLine.objects.filter(claim=OuterRef("pk"))))
    if statuses:
        qs = qs.filter(status__in=list(statuses))
    return qs


def _claim_rows(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    return qs.select_related("claimant_crc", "claimant_organisation", "payer_division", "payer_crc", "crc", "escalation")


def claims(user: Any, *, statuses: Iterable[str] | None = None, action: str | None = None) -> QuerySet[Claim]:
    """The claims the user sees (with `action`: those they may do it on, e.g. "claim.approve" as the payer)."""
    return _claim_rows(_claims_in_scope(user, statuses, action)).order_by(*CLAIMS_ORDER)


def claims_page(user: Any, number: Any, *, statuses: Iterable[str] | None = None) -> Page:
    """One page of the claims the user sees (the claims page): latest month first."""
    return page_of(_claims_in_scope(user, statuses, None).order_by(*CLAIMS_ORDER), number, load=_claim_rows)


def claim(user: Any, pk: int) -> Claim:
    lines = ClaimLine.objects.select_related(
        "delivery__purchase__person", "delivery__purchase__item", "delivery__purchase__prison"
    ).order_by("delivery__delivered_on", "id")
    qs = Claim.objects.select_related(
        "claimant_crc", "claimant_organisation", "payer_division", "payer_crc", "crc", "approved_by", "paid_recorded_by", "escalation"
    ).prefetch_related(Prefetch("lines", queryset=lines))
    return access.get_for(user, qs, pk=pk)


def claim_lines_for_export(user: Any) -> QuerySet[ClaimLine]:
    return (
        ClaimLine.objects.visible_to(user)
        .select_related(
            "claim__claimant_crc",
            "claim__claimant_organisation",
            "claim__payer_division",
            "claim__payer_crc",
            "delivery__purchase__item",
            "delivery__purchase__prison",
        )
        .order_by("claim__month", "claim_id", "delivery__delivered_on", "id")
    )


def people_in_claims_export(user: Any) -> list[tuple[int, int]]:
    """(person id, the claim's CRC id) of each person a line of the claims export is for, once each."""
    return list(ClaimLine.objects.visible_to(user).order_by().values_list("delivery__purchase__person_id", "claim__crc_id").distinct())


@dataclass
class AgedClaim:
    claim: Claim
    age_days: int
    band: str


@dataclass
class AgedDebt:
    rows: list[AgedClaim]  # every unpaid claim, or one page of them (`page`)
    bands: list[tuple[str, int, int]]  # label, count, pence
    total_pence: int
    threshold_days: int
    count: int = 0  # unpaid claims in all
    page: Page | None = None


def age_band_conditions(today: date) -> list[tuple[str, Q]]:
    """rules.AGE_BANDS as conditions on the day a claim was submitted, so that SQL counts and totals
    each band: the same bands as rules.age_band (the youngest also takes a claim with no date, or a
    date after today)."""
    conditions = []
    for number, (label, low, high) in enumerate(rules.AGE_BANDS):
        condition = Q(submitted_on__lte=today - timedelta(days=low)) if number else Q()
        if high is not None:
            condition &= Q(submitted_on__gte=today - timedelta(days=high))
        conditions.append((label, condition | Q(submitted_on__isnull=True) if number == 0 else condition))
    return conditions


def aged_debt(user: Any, *, today: date | None = None, threshold_days: int = 30, page: Any = None) -> AgedDebt:
    """Unpaid (submitted or approved) claims the user may see, oldest first, by age band.

    The bands are counted and totalled in SQL; the rows are every unpaid claim, or with `page` one
    page of them (the pages' rows are the only ones whose age and band are worked out in Python)."""
    today = today or clock.today()
    unpaid = claims(user, statuses=UNPAID)
    conditions = age_band_conditions(today)
    sums = unpaid.aggregate(
        **{f"n{i}": Count("pk", filter=c) for i, (_, c) in enumerate(conditions)},
        **{f"p{i}": Sum("total_pence", filter=c) for i, (_, c) in enumerate(conditions)},
    )
    bands = [(gettext(label), sums[f"n{i}"], int(sums[f"p{i}"] or 0)) for i, (label, _) in enumerate(conditions)]  # rules.AGE_BANDS' words
    ordered = unpaid.order_by("submitted_on", "id")
    shown = (
        page_of(_claims_in_scope(user, UNPAID, None).order_by("submitted_on", "id"), page, load=_claim_rows) if page is not None else None
    )
    rows = []
    for c in shown.object_list if shown is not None else ordered:
        age = c.age_days(today) or 0
        rows.append(AgedClaim(c, age, rules.age_band(age)))
    return AgedDebt(
        rows=rows,
        bands=bands,
        total_pence=money.total(pence for _, _, pence in bands),
        threshold_days=threshold_days,
        count=sum(n for _, n, _ in bands),
        page=shown,
    )


def escalations(user: Any) -> QuerySet[Escalation]:
    return (
        Escalation.objects.visible_to(user)
        .select_related("claim__claimant_crc", "claim__claimant_organisation", "claim__payer_division", "claim__payer_crc", "claim__crc")
        .prefetch_related("to")
        .order_by("-raised_on", "id")
    )


# --- funding and spend ----------------------------------------------------------------------------


def _crc_filter(user: Any, path: str) -> Q:
    """Contract managers see the CRCs they manage; analysts and administrators the whole service."""

    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{path}__in": user.managed_crcs.all()})
    return Q()


def _spent_lines(user: Any) -> QuerySet[ClaimLine]:
    """Lines on the purchase tier of claims not rejected: what purchasers pay."""
    return ClaimLine.objects.filter(tier=Tier.PURCHASE).exclude(claim__status=ClaimStatus.REJECTED).filter(_crc_filter(user, "claim__crc"))


@dataclass
class AllocationSpend:
    allocation: Allocation
    committed_pence: int
    claimed_pence: int
    paid_pence: int

    @property
    def left_pence(self) -> int:
        return self.allocation.amount_pence - self.committed_pence

    @property
    def claimed_share(self) -> Any:
        return money.share(self.claimed_pence, self.allocation.amount_pence)


@dataclass
class BudgetSpend:
    budget: Any
    rows: list[AllocationSpend] = field(default_factory=list)

    @property
    def allocated_pence(self) -> int:
        return money.total(r.allocation.amount_pence for r in self.rows)

    @property
    def committed_pence(self) -> int:
        return money.total(r.committed_pence for r in self.rows)

    @property
    def claimed_pence(self) -> int:
        return money.total(r.claimed_pence for r in self.rows)

    @property
    def paid_pence(self) -> int:
        return money.total(r.paid_pence for r in self.rows)


def spend_against_allocation(user: Any) -> list[BudgetSpend]:
    """Each budget with its allocations: allocated, committed (purchases authorised), claimed and paid."""
    allocations = list(
        Allocation.objects.visible_to(user)
        .filter(_crc_filter(user, "crc") | Q(crc__isnull=True))
        .select_related("budget", "crc", "nps_division")
        .order_by("budget__year_starting", "budget__kind", "crc__name", "nps_division__name")
    )
    ids = [a.pk for a in allocations]
    authorised = dict(
        Purchase.objects.filter(allocation_id__in=ids)
        .exclude(status__in=(PurchaseStatus.CANCELLED, *NOT_COMMITTED))
        .order_by()
        .values_list("allocation_id")
        .annotate(v=Sum("value_authorised_pence"))
    )
    varied = dict(
        Variation.objects.filter(purchase__allocation_id__in=ids, status=VariationStatus.APPROVED)
        .exclude(purchase__status__in=(PurchaseStatus.CANCELLED, *NOT_COMMITTED))
        .order_by()
        .values_list("purchase__allocation_id")
        .annotate(v=Sum(F("extra_units") * F("purchase__unit_price_pence")))
    )
    claimed: dict[int, int] = defaultdict(int)
    paid: dict[int, int] = defaultdict(int)
    lines = (
        ClaimLine.objects.filter(tier=Tier.PURCHASE, delivery__purchase__allocation_id__in=ids)
        .exclude(claim__status=ClaimStatus.REJECTED)
        .order_by()
        .values_list("delivery__purchase__allocation_id", "claim__status")
        .annotate(v=Sum("amount_pence"))
    )
    for allocation_id, status, value in lines:
        claimed[allocation_id] += int(value)
        if status == ClaimStatus.PAID:
            paid[allocation_id] += int(value)
    budgets: dict[int, BudgetSpend] = {}
    for a in allocations:
        budgets.setdefault(a.budget_id, BudgetSpend(a.budget)).rows.append(
            AllocationSpend(a, int(authorised.get(a.pk, 0) + varied.get(a.pk, 0)), claimed[a.pk], paid[a.pk])
        )
    return list(budgets.values())


@dataclass
class CostRow:
    crc: str
    prison: str
    spend_pence: int
    people: int
    activities: int

    @property
    def per_person(self) -> int | None:
        return money.per(self.spend_pence, self.people)

    @property
    def per_activity(self) -> int | None:
        return money.per(self.spend_pence, self.activities)


def cost_by_crc_and_prison(user: Any) -> list[CostRow]:
    """Spend, people, activities delivered, cost per person and per activity, by CRC and prison."""
    rows = (
        _spent_lines(user)
        .order_by()
        .values("delivery__purchase__provider_crc__name", "delivery__purchase__prison__name")
        .annotate(
            spend=Sum("amount_pence"),
            people=Count("delivery__purchase__person", distinct=True),
            activities=Count("delivery", distinct=True),
        )
        .order_by("delivery__purchase__provider_crc__name", "delivery__purchase__prison__name")
    )
    return [
        CostRow(
            r["delivery__purchase__provider_crc__name"],
            r["delivery__purchase__prison__name"],
            int(r["spend"]),
            r["people"],
            r["activities"],
        )
        for r in rows
    ]


@dataclass
class ServiceCost:
    crc: str
    service: str
    unit: str
    units: int
    spend_pence: int

    @property
    def per_unit(self) -> int | None:
        return money.per(self.spend_pence, self.units)


def cost_by_activity(user: Any) -> list[ServiceCost]:
    """Spend and units by rate-card service (the activity bought)."""

    rows = (
        _spent_lines(user)
        .order_by()
        .values("delivery__purchase__provider_crc__name", "delivery__purchase__item__title", "delivery__purchase__item__unit")
        .annotate(units=Sum("units"), spend=Sum("amount_pence"))
        .order_by("delivery__purchase__provider_crc__name", "delivery__purchase__item__title")
    )
    return [
        ServiceCost(
            r["delivery__purchase__provider_crc__name"],
            r["delivery__purchase__item__title"],
            str(Unit(r["delivery__purchase__item__unit"]).label),
            int(r["units"]),
            int(r["spend"]),
        )
        for r in rows
    ]


@dataclass
class OrganisationShare:
    name: str
    type_label: str
    specialist: bool
    spend_pence: int


@dataclass
class SectorShare:
    total_pence: int
    voluntary_pence: int
    specialist_pence: int
    organisations: list[OrganisationShare]

    @property
    def voluntary_share(self) -> Any:
        return money.share(self.voluntary_pence, self.total_pence)

    @property
    def specialist_share(self) -> Any:
        return money.share(self.specialist_pence, self.total_pence)


def sector_share(user: Any) -> SectorShare:
    """How much of the spend reaches voluntary-sector and specialist organisations (any tier)."""
    total = _spent_lines(user).aggregate(v=Sum("amount_pence"))["v"] or 0
    to_organisations = (
        ClaimLine.objects.exclude(claim__status=ClaimStatus.REJECTED)
        .filter(_crc_filter(user, "claim__crc"), claim__claimant_organisation__isnull=False)
        .order_by()
        .values("claim__claimant_organisation", "claim__claimant_organisation__name", "claim__claimant_organisation__type")
        .annotate(v=Sum("amount_pence"))
        .order_by("claim__claimant_organisation__name")
    )
    amounts = list(to_organisations)
    # A second query, not a join: joining specialisms would count each line once per specialism.
    specialist_ids = set(
        Organisation.specialisms.through.objects.filter(
            organisation_id__in=[r["claim__claimant_organisation"] for r in amounts]
        ).values_list("organisation_id", flat=True)
    )
    rows = [
        OrganisationShare(
            r["claim__claimant_organisation__name"],
            str(OrganisationType(r["claim__claimant_organisation__type"]).label),
            r["claim__claimant_organisation"] in specialist_ids,
            int(r["v"]),
        )
        for r in amounts
    ]
    voluntary = money.total(o.spend_pence for o in rows if o.type_label == str(OrganisationType.VOLUNTARY.label))
    specialist = money.total(o.spend_pence for o in rows if o.specialist)
    return SectorShare(int(total), voluntary, specialist, rows)
