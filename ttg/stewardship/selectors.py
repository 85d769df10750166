"""Market stewardship figures (R-A4): aggregates in SQL over stored state, by CRC and by prison.

Every figure is a fixed number of grouped queries whatever the number of claims, activities, people
or organisations: sums and counts with filters, `EXISTS` for who delivered an activity (so that an
activity with two completed referrals counts once), nothing decided per case in Python. Python only
joins the grouped rows (one per CRC, prison, pathway or organisation) and applies the rules to them.

Scope: `access.within(user, path)` on the CRC at each figure's path: a claim's CRC (spend, providers),
the CRC serving the prison a plan's custody period is at (activities, coverage), a referral's CRC
(unfunded work; analysts and administrators also see unfunded work linked to no referral).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from ttg.core import access as kernel
from ttg.core import clock
from ttg.core.pathways import PATHWAYS
from ttg.core.rules import Decision
from ttg.estate.constants import OrganisationType
from ttg.estate.models import CRC, Organisation, Prison
from ttg.payments import rules as payment_rules
from ttg.payments.constants import UNPAID, ClaimStatus, Tier
from ttg.payments.models import Claim, ClaimLine
from ttg.payments.selectors_funding import hour_value
from ttg.plans.plan.models import OwnerKind, PlanActivity
from ttg.plans.plan.rules import CANCELLED, DELIVERED, NOT_REQUIRED
from ttg.referrals.models import Referral, Status, UnfundedWork
from ttg.screening.models import NeedFlag
from ttg.supply_chain.models import SupplyChainService

from . import rules
from .access import within
from .constants import Measure
from .models import Benchmark

NOTHING = Q(pk__in=[])


def _where(user: Any, path: str) -> Q:
    found = within(user, path)
    return NOTHING if found is None else found


# --- the sector's share and in-house delivery (R-A4) ------------------------------------------------


@dataclass
class Figures:
    """One CRC's, one prison's, or all of them: spend in pence and delivered activities."""

    spend_pence: int = 0  # what purchasers pay: purchase-tier claim lines, claims not rejected
    organisations_pence: int = 0  # of it, what partner organisations claim (any tier)
    voluntary_pence: int = 0
    specialist_pence: int = 0
    delivered: int = 0  # plan activities delivered
    partner_delivered: int = 0  # ...with a completed referral
    supply_chain_delivered: int = 0  # ...with a completed referral to the CRC's supply chain
    voluntary_delivered: int = 0
    specialist_delivered: int = 0
    in_house_delivered: int = 0  # no completed referral, a CRC worker owns it
    named_delivered: int = 0  # no completed referral, a partner or agency named in the plan

    @property
    def in_house_pence(self) -> int:
        """What purchasers pay that no partner organisation claims: kept by the CRC."""
        return self.spend_pence - self.organisations_pence

    @property
    def other_partner_delivered(self) -> int:
        return self.partner_delivered - self.supply_chain_delivered

    def share(self, measure: str) -> Decimal | None:
        shares: dict[str, Any] = {
            Measure.VOLUNTARY_SPEND: lambda: rules.percent(self.voluntary_pence, self.spend_pence),
            Measure.SPECIALIST_SPEND: lambda: rules.percent(self.specialist_pence, self.spend_pence),
            Measure.VOLUNTARY_ACTIVITIES: lambda: rules.percent(self.voluntary_delivered, self.delivered),
            Measure.SPECIALIST_ACTIVITIES: lambda: rules.percent(self.specialist_delivered, self.delivered),
        }
        return shares[measure]()

    @property
    def in_house_spend_share(self) -> Decimal | None:
        return rules.percent(self.in_house_pence, self.spend_pence)

    @property
    def in_house_share(self) -> Decimal | None:
        return rules.percent(self.in_house_delivered, self.delivered)

    @property
    def supply_chain_share(self) -> Decimal | None:
        return rules.percent(self.supply_chain_delivered, self.delivered)

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Row:
    """A CRC or a prison with its figures, and the benchmarks in force for its CRC."""

    code: str
    name: str
    figures: Figures
    benchmarks: dict[str, int] = field(default_factory=dict)
    crc_code: str = ""

    def verdict(self, measure: str) -> Decision[bool | None]:
        return rules.against_benchmark(self.figures.share(measure), self.benchmarks.get(measure))

    @property
    def below(self) -> list[str]:
        """The measures whose share is below the benchmark."""
        return [m for m in Measure.values if self.verdict(m).value is False]


def _specialist_organisation(path: str) -> Exists:
    """The organisation at `path` has a specialist specialism (R-A4); EXISTS, so never counted twice."""
    return Exists(
        Organisation.specialisms.through.objects.filter(organisation_id=OuterRef(path), specialism__code__in=rules.SPECIALIST_SPECIALISMS)
    )


def _spend(where: Q, group: str) -> dict[Any, Figures]:
    """Spend by `group` (a path from a claim line), two queries."""
    figures: dict[Any, Figures] = {}
    lines = ClaimLine.objects.exclude(claim__status=ClaimStatus.REJECTED).filter(where).order_by()
    for row in lines.filter(tier=Tier.PURCHASE).values(group).annotate(v=Sum("amount_pence")):
        figures.setdefault(row[group], Figures()).spend_pence = int(row["v"] or 0)
    organisations = (
        lines.filter(claim__claimant_organisation__isnull=False)
        .values(group)
        .annotate(
            all=Sum("amount_pence"),
            voluntary=Sum("amount_pence", filter=Q(claim__claimant_organisation__type=OrganisationType.VOLUNTARY)),
            specialist=Sum("amount_pence", filter=_specialist_organisation("claim__claimant_organisation")),
        )
    )
    for row in organisations:
        f = figures.setdefault(row[group], Figures())
        f.organisations_pence = int(row["all"] or 0)
        f.voluntary_pence = int(row["voluntary"] or 0)
        f.specialist_pence = int(row["specialist"] or 0)
    return figures


def _completed(**more: Any) -> Exists:
    return Exists(Referral.objects.filter(plan_activity=OuterRef("pk"), status=Status.COMPLETED, **more))


def _activities(where: Q, group: str, figures: dict[Any, Figures]) -> None:
    """Delivered plan activities by `group` (a path from a plan activity), one query (R-A4)."""
    completed = _completed()
    rows = (
        PlanActivity.objects.filter(where, status=DELIVERED)
        .order_by()
        .values(group)
        .annotate(
            n=Count("pk"),
            partner=Count("pk", filter=completed),
            supply_chain=Count("pk", filter=_completed(in_supply_chain=True)),
            voluntary=Count("pk", filter=_completed(organisation__type=OrganisationType.VOLUNTARY)),
            specialist=Count("pk", filter=_completed(organisation__specialisms__code__in=rules.SPECIALIST_SPECIALISMS)),
            in_house=Count("pk", filter=~completed & Q(owner_kind=OwnerKind.CRC)),
        )
    )
    for row in rows:
        f = figures.setdefault(row[group], Figures())
        f.delivered = row["n"]
        f.partner_delivered = row["partner"]
        f.supply_chain_delivered = row["supply_chain"]
        f.voluntary_delivered = row["voluntary"]
        f.specialist_delivered = row["specialist"]
        f.in_house_delivered = row["in_house"]
        f.named_delivered = row["n"] - row["partner"] - row["in_house"]


def _benchmarks_in_force(user: Any, crc_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """The latest benchmark of each CRC and measure (R-A4a): one query."""
    latest = Benchmark.objects.filter(crc_id=OuterRef("crc_id"), measure=OuterRef("measure")).order_by("-set_at", "-id").values("pk")[:1]
    found: dict[int, dict[str, int]] = {}
    rows = (
        Benchmark.objects.visible_to(user).filter(crc_id__in=list(crc_ids), pk=Subquery(latest)).values_list("crc_id", "measure", "percent")
    )
    for crc_id, measure, percent in rows:
        found.setdefault(crc_id, {})[measure] = percent
    return found


# --- coverage gaps (R-A4b) ------------------------------------------------------------------------


@dataclass
class Coverage:
    prison_code: str
    prison_name: str
    pathway: str
    pathway_name: str
    people_with_need: int
    providers: int
    decision: Decision[bool]

    @property
    def gap(self) -> bool:
        return bool(self.decision.value)


def _needs(prisons: QuerySet[Prison]) -> dict[tuple[int, str], int]:
    """People in custody now with a need, per prison and pathway (R-A4b): one query. The distinct
    (custody period, prison, pathway) of the flags not withdrawn and the plan activities not cancelled
    or found not required (a UNION, so a person with both counts once), counted per prison and pathway."""
    where = prisons.order_by().values("pk")
    flags = (
        NeedFlag.objects.filter(
            withdrawn_at__isnull=True, custody_period__released_at__isnull=True, custody_period__current_prison__in=where
        )
        .order_by()
        .annotate(period=F("custody_period_id"), prison=F("custody_period__current_prison_id"), path=F("pathway"))
        .values_list("period", "prison", "path")
    )
    activities = (
        PlanActivity.objects.filter(plan__custody_period__released_at__isnull=True, plan__custody_period__current_prison__in=where)
        .exclude(status__in=(NOT_REQUIRED, CANCELLED))
        .exclude(pathway="")
        .order_by()
        .annotate(period=F("plan__custody_period_id"), prison=F("plan__custody_period__current_prison_id"), path=F("pathway"))
        .values_list("period", "prison", "path")
    )
    both = flags.union(activities)
    sql, params = both.query.sql_with_params()
    with connections[both.db].cursor() as cursor:
        cursor.execute(f'SELECT "prison", "path", COUNT(*) FROM ({sql}) AS "needs" GROUP BY "prison", "path"', params)  # noqa: S608 (our own query's SQL)
        return {(prison, need): n for prison, need, n in cursor.fetchall()}


def coverage(prisons: QuerySet[Prison]) -> list[Coverage]:
    """Each prison's pathways with people in custody who need them, and the organisations the CRC's
    supply-chain register has for them there today: three queries (prisons, needs, providers)."""
    today = clock.today()
    names = dict(prisons.order_by().values_list("pk", "name"))
    codes = dict(prisons.order_by().values_list("pk", "code"))
    needs = _needs(prisons)
    providers = {
        (r["prison"], r["pathway"]): r["n"]
        for r in SupplyChainService.objects.filter(prison__in=prisons.values("pk"), since__lte=today, contract__starts_on__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today), Q(contract__ends_on__isnull=True) | Q(contract__ends_on__gte=today))
        .filter(contract__crc=F("prison__crc"))
        .order_by()
        .values("prison", "pathway")
        .annotate(n=Count("contract__organisation", distinct=True))
    }
    rows = []
    pathway_names = {p.code: p.name for p in PATHWAYS}
    for prison, pathway in sorted(needs.keys() | providers.keys()):
        if pathway not in pathway_names or prison not in names:
            continue  # the CRC's TTG casework row of the register, or a code no longer a pathway
        people, found = needs.get((prison, pathway), 0), providers.get((prison, pathway), 0)
        decision = rules.coverage_gap(people_with_need=people, providers=found)
        rows.append(Coverage(codes[prison], names[prison], pathway, pathway_names[pathway], people, found, decision))
    order = {p.code: i for i, p in enumerate(PATHWAYS)}
    return sorted(rows, key=lambda c: (c.prison_name, order[c.pathway]))


# --- providers' sustainability (R-A4c) ------------------------------------------------------------


@dataclass
class Provider:
    name: str
    type_label: str
    delivered_pence: int  # claims not rejected (open ones included)
    paid_pence: int
    unpaid_pence: int  # submitted or approved, not paid
    aged_pence: int  # unpaid past the escalation age
    unfunded_hours: Decimal
    subsidy_pence: int
    decision: Decision[bool]

    @property
    def at_risk(self) -> bool:
        return bool(self.decision.value)

    @property
    def work_pence(self) -> int:
        return self.delivered_pence + self.subsidy_pence

    @property
    def unpaid_share(self) -> Decimal | None:
        return rules.percent(self.unpaid_pence, self.work_pence)

    @property
    def subsidy_share(self) -> Decimal | None:
        return rules.percent(self.subsidy_pence, self.work_pence)

    @property
    def aged_share(self) -> Decimal | None:
        return rules.percent(self.aged_pence, self.work_pence)


def providers(user: Any, crc: CRC | None = None) -> list[Provider]:
    """Each partner organisation with claims or unfunded work in the user's CRCs (or one CRC): two queries
    and the hour's value. Signalled providers first."""
    today = clock.today()
    threshold = settings.TTG_CLAIM_ESCALATION_DAYS
    claims = Claim.objects.filter(_where(user, "crc"), claimant_organisation__isnull=False).exclude(status=ClaimStatus.REJECTED)
    work = UnfundedWork.objects.filter(_where(user, "referral__crc"))
    if crc is not None:
        claims, work = claims.filter(crc=crc), work.filter(referral__crc=crc)
    found: dict[int, dict[str, Any]] = {}
    aged = Q(status__in=UNPAID, submitted_on__lt=today - timedelta(days=threshold))
    for r in (
        claims.order_by()
        .values("claimant_organisation", "claimant_organisation__name", "claimant_organisation__type")
        .annotate(
            delivered=Sum("total_pence"),
            paid=Sum("total_pence", filter=Q(status=ClaimStatus.PAID)),
            unpaid=Sum("total_pence", filter=Q(status__in=UNPAID)),
            aged=Sum("total_pence", filter=aged),
        )
    ):
        found[r["claimant_organisation"]] = {
            "name": r["claimant_organisation__name"],
            "type": r["claimant_organisation__type"],
            **{k: int(r[k] or 0) for k in ("delivered", "paid", "unpaid", "aged")},
        }
    for w in work.order_by().values("organisation", "organisation__name", "organisation__type").annotate(hours=Sum("hours")):
        row = found.setdefault(
            w["organisation"],
            {"name": w["organisation__name"], "type": w["organisation__type"], "delivered": 0, "paid": 0, "unpaid": 0, "aged": 0},
        )
        row["hours"] = Decimal(w["hours"] or 0).quantize(Decimal("0.01"))
    value = hour_value().pence
    rows = []
    percent = settings.TTG_STEWARDSHIP_AT_RISK_PERCENT
    for o in found.values():
        hours: Decimal = o.get("hours", Decimal("0.00"))
        subsidy = payment_rules.subsidy_value_pence(hours=hours, hour_value_pence=value) or 0
        decision = rules.sustainability(
            delivered_pence=o["delivered"],
            unpaid_pence=o["unpaid"],
            aged_pence=o["aged"],
            subsidy_pence=subsidy,
            threshold_percent=percent,
            aged_days=threshold,
        )
        type_label = str(OrganisationType(o["type"]).label)
        rows.append(Provider(o["name"], type_label, o["delivered"], o["paid"], o["unpaid"], o["aged"], hours, subsidy, decision))
    return sorted(rows, key=lambda p: (not p.at_risk, p.name))


# --- the pages' figures ---------------------------------------------------------------------------


@dataclass
class Stewardship:
    """What a stewardship page (or answer) shows: all the user's CRCs, one CRC, or one prison."""

    level: str  # "national", "crc" or "prison"
    name: str
    total: Row
    rows: list[Row]  # by CRC (national) or by prison (a CRC); none for a prison
    coverage: list[Coverage]
    providers: list[Provider]
    crc: CRC | None = None
    prison: Prison | None = None

    @property
    def gaps(self) -> list[Coverage]:
        return [c for c in self.coverage if c.gap]

    @property
    def providers_at_risk(self) -> list[Provider]:
        return [p for p in self.providers if p.at_risk]


def visible_crcs(user: Any) -> QuerySet[CRC]:
    return CRC.objects.filter(_where(user, "pk")).order_by("name")


def crc_for(user: Any, code: str) -> CRC:
    crc = visible_crcs(user).filter(code=code).first()
    if crc is None:
        raise Http404(kernel.NOT_FOUND_MESSAGE)
    return crc


def prison_for(user: Any, code: str) -> Prison:
    prison = Prison.objects.filter(_where(user, "crc"), code=code).select_related("crc").first()
    if prison is None:
        raise Http404(kernel.NOT_FOUND_MESSAGE)
    return prison


def national(user: Any) -> Stewardship:
    """The user's CRCs (every CRC for analysts and administrators), one row each, weakest first."""
    crcs = list(visible_crcs(user))
    figures = _spend(_where(user, "claim__crc"), "claim__crc")
    _activities(_where(user, "plan__custody_period__current_prison__crc"), "plan__custody_period__current_prison__crc", figures)
    benchmarks = _benchmarks_in_force(user, [c.pk for c in crcs])
    rows = [Row(c.code, c.name, figures.get(c.pk, Figures()), benchmarks.get(c.pk, {}), c.code) for c in crcs]
    rows.sort(key=lambda r: (-len(r.below), r.name))
    total = Figures()
    for r in rows:
        total.add(r.figures)
    prisons = Prison.objects.filter(_where(user, "crc"))
    return Stewardship("national", "", Row("", "", total), rows, coverage(prisons), providers(user))


def for_crc(user: Any, code: str) -> Stewardship:
    """One CRC: its figures by prison, its coverage and providers."""
    crc = crc_for(user, code)
    figures = _spend(Q(claim__crc=crc), "delivery__purchase__prison")
    _activities(Q(plan__custody_period__current_prison__crc=crc), "plan__custody_period__current_prison", figures)
    # Its own prisons, and any other a purchase on its claims was for (a rate-card purchase at a prison another CRC serves).
    prisons = list(Prison.objects.filter(Q(crc=crc) | Q(pk__in=list(figures))).select_related("crc").order_by("name"))
    benchmarks = _benchmarks_in_force(user, [crc.pk]).get(crc.pk, {})
    totals = _spend(Q(claim__crc=crc), "claim__crc")
    _activities(Q(plan__custody_period__current_prison__crc=crc), "plan__custody_period__current_prison__crc", totals)
    total = totals.get(crc.pk, Figures())
    rows = [Row(p.code, p.name, figures.get(p.pk, Figures()), benchmarks, p.crc.code if p.crc else "") for p in prisons]
    rows = [r for r in rows if r.figures.spend_pence or r.figures.delivered or r.figures.organisations_pence]
    return Stewardship(
        "crc",
        crc.name,
        Row(crc.code, crc.name, total, benchmarks, crc.code),
        rows,
        coverage(Prison.objects.filter(crc=crc)),
        providers(user, crc),
        crc=crc,
    )


def for_prison(user: Any, code: str) -> Stewardship:
    """One prison of a CRC the user sees: its figures, against its CRC's benchmarks, and its coverage."""
    prison = prison_for(user, code)
    figures = _spend(Q(claim__crc_id=prison.crc_id, delivery__purchase__prison=prison), "delivery__purchase__prison")
    _activities(Q(plan__custody_period__current_prison=prison), "plan__custody_period__current_prison", figures)
    benchmarks = _benchmarks_in_force(user, [prison.crc_id]).get(prison.crc_id, {}) if prison.crc_id else {}
    crc_code = prison.crc.code if prison.crc else ""
    return Stewardship(
        "prison",
        prison.name,
        Row(prison.code, prison.name, figures.get(prison.pk, Figures()), benchmarks, crc_code),
        [],
        coverage(Prison.objects.filter(pk=prison.pk)),
        [],
        crc=prison.crc,
        prison=prison,
    )


def benchmark_history(user: Any, crc: CRC) -> QuerySet[Benchmark]:
    """Every benchmark set for the CRC, newest first, with who set it."""
    return Benchmark.objects.visible_to(user).filter(crc=crc).select_related("set_by").order_by("-set_at", "-id")
