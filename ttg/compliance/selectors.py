"""Compliance figures as set-based SQL over stored state (R-A1): one grouped query per figure, counting
per prison and month in the database, whatever the number of cases; and, for a prison, figure and
month, the page of cases behind a count.

What is read: the stored screening decisions (`ScreeningState`: the BCST1 and BCST2 deadlines and when
each was submitted, the day of release, whether a pre-release review was due), the custody period's
reception prison and date, the immediate needs flagged from BCST1, the plan (agreed when), the pre-release review (completed when), the
handover (when), the release-day outcomes, the plan's activities, rate-card purchases, and the
prisons' resettlement designations by date. No rule is applied here, and nothing per case in Python.

Who sees what: a contract manager, the CRCs they manage (and the non-resettlement prisons, which no
CRC serves, for the national figure); a CRC manager, their own CRC. Anyone else, nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncMonth
from django.http import Http404
from django.utils.translation import gettext as _

from ttg.accounts.constants import Role
from ttg.core import access, clock
from ttg.estate.models import CRC, Prison, ResettlementDesignation
from ttg.payments.models import Purchase
from ttg.people import identity
from ttg.plans.gate.models import FirstNight, OutcomeKind, PreReleaseReview, ReleaseOutcome, YesNoUnknown
from ttg.plans.handover.models import Handover
from ttg.plans.plan.models import PlanActivity
from ttg.plans.plan.rules import DECLINED, DELIVERED, ENHANCED_FROM, SIGNPOSTED
from ttg.screening.models import NeedFlag, PathwayNeed, ScreeningState

from . import rules
from .models import Counting, MonthlyCount
from .rules import Cell, Figure, Key

LONDON = ZoneInfo("Europe/London")
VIEW, CASES = "compliance.view", "compliance.cases"
CASES_PAGE_SIZE = 50


# --- Who sees which prisons ----------------------------------------------------------------------------


def crcs(user: Any) -> QuerySet[CRC]:
    """The CRCs whose compliance the user may see."""
    if not access.can(user, VIEW):
        return CRC.objects.none()
    if user.role == Role.CONTRACT_MANAGER:
        return CRC.objects.filter(pk__in=user.managed_crcs.values("pk")).order_by("name")
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return CRC.objects.filter(pk=user.crc_id)
    return CRC.objects.none()


def sees_national(user: Any) -> bool:
    """Contract managers see the national figure of the non-resettlement prisons (no CRC serves them)."""
    return access.can(user, VIEW) and user.role == Role.CONTRACT_MANAGER


def prisons(user: Any) -> QuerySet[Prison]:
    """The prisons whose compliance the user may see: their CRCs' and, for contract managers, those no CRC serves."""
    where = Q(crc__in=crcs(user))
    if sees_national(user):
        where |= Q(crc__isnull=True)
    return Prison.objects.filter(where).order_by("name") if access.can(user, VIEW) else Prison.objects.none()


def crc_for(user: Any, code: str) -> CRC:
    crc = crcs(user).filter(code=code).first()
    if crc is None:
        raise Http404(access.NOT_FOUND_MESSAGE)
    return crc


def prison_for(user: Any, code: str) -> Prison:
    prison = prisons(user).select_related("crc").filter(code=code).first()
    if prison is None:
        raise Http404(access.NOT_FOUND_MESSAGE)
    return prison


# --- The figures' queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """How one figure is counted: its rows, the prison and the day each is counted at, and when it is met."""

    rows: Callable[[], QuerySet[Any]]
    prison: str
    day: str
    met: Q
    parts: tuple[Q, ...] = ()
    # The day field is a DateTimeField (months are London months).
    moment: bool = False
    # For the cases page: the custody period's path, and the dates shown beside each case.
    period: str = "custody_period"
    shown: tuple[tuple[str, str], ...] = ()


def _resettlement_on_release() -> Exists:
    """Whether the releasing prison was designated a resettlement prison on the day of release."""
    return Exists(
        ResettlementDesignation.objects.filter(
            prison=OuterRef("prison"), resettlement=True, valid_from__lte=OuterRef("released_on")
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("released_on")))
    )


def _released(resettlement: bool) -> QuerySet[ScreeningState]:
    rows = ScreeningState.objects.filter(in_custody=False, released_on__isnull=False, pre_release_opens_on__isnull=False).alias(
        resettlement=_resettlement_on_release()
    )
    return rows.filter(resettlement=resettlement)


def _outcome(**values: Any) -> Exists:
    return Exists(ReleaseOutcome.objects.filter(plan__custody_period=OuterRef("custody_period"), kind=OutcomeKind.RELEASE_DAY, **values))


def _after_release(**values: Any) -> Exists:
    return Exists(ReleaseOutcome.objects.filter(plan__custody_period=OuterRef("custody_period"), kind=OutcomeKind.AFTER_RELEASE, **values))


def _bcst1_rows() -> QuerySet[ScreeningState]:
    # Due: still to do, or done (a BCST1 not due and not done is not counted).
    return ScreeningState.objects.filter(Q(bcst1_to_do=True) | Q(bcst1_submitted_at__isnull=False))


def _bcst2_rows() -> QuerySet[ScreeningState]:
    return ScreeningState.objects.filter(bcst2_required=True, bcst2_due_on__isnull=False).alias(
        bcst2_on=TruncDate("bcst2_submitted_at", tzinfo=LONDON), plan_on=TruncDate("custody_period__plan__agreed_at", tzinfo=LONDON)
    )


def _released_from_resettlement_prisons() -> QuerySet[ScreeningState]:
    """The released from resettlement prisons, with what each release figure asks of them: one query for all of them."""
    released_at = OuterRef("custody_period__released_at")
    started_by = PreReleaseReview.objects.alias(started_on=TruncDate("started_at", tzinfo=LONDON)).filter(
        plan__custody_period=OuterRef("custody_period"), started_on__lte=OuterRef("review_start_due")
    )
    return (
        _released(True)
        .alias(
            # The day a review had to be started by (T5): the day it opened, 12 weeks before release, or when that
            # was before the person could have a plan, the BCST2 deadline (or, without BCST2, the reception day).
            review_start_due=Greatest("pre_release_opens_on", Coalesce("bcst2_due_on", "custody_period__reception_date")),
        )
        .alias(
            review_started=Exists(started_by),
            reviewed=Exists(
                PreReleaseReview.objects.filter(plan__custody_period=OuterRef("custody_period"), completed_at__lte=released_at)
            ),
            handed_over=Exists(Handover.objects.filter(plan__custody_period=OuterRef("custody_period"), handed_over_at__lte=released_at)),
            accommodation=_outcome(
                accommodation__in=[FirstNight.SETTLED, FirstNight.TEMPORARY, FirstNight.APPROVED_PREMISES],
                accommodation_safe=YesNoUnknown.YES,
            ),
            identification=_outcome(id_documents=YesNoUnknown.YES),
            bank=_outcome(bank_account=YesNoUnknown.YES),
            benefit=_outcome(benefit_claim=YesNoUnknown.YES),
            settled_after=_after_release(accommodation=FirstNight.SETTLED),
            ete_after=_after_release(ete=YesNoUnknown.YES),
            gp_after=_after_release(gp_registration=YesNoUnknown.YES),
            bank_after=_after_release(bank_account=YesNoUnknown.YES),
            id_after=_after_release(id_documents=YesNoUnknown.YES),
            benefit_after=_after_release(benefit_claim=YesNoUnknown.YES),
        )
    )


def _activity_rows() -> QuerySet[PlanActivity]:
    return PlanActivity.objects.filter(status__in=[DELIVERED, SIGNPOSTED, DECLINED])


def _level_2_3_rows() -> QuerySet[PlanActivity]:
    return _activity_rows().filter(level__gte=2)


def _need_rows() -> QuerySet[NeedFlag]:
    """The immediate needs flagged from BCST1 (not withdrawn), each with whether the plan has an activity on its pathway."""
    return NeedFlag.objects.filter(withdrawn_at__isnull=True).alias(
        planned=Exists(PlanActivity.objects.filter(plan__custody_period=OuterRef("custody_period"), pathway=OuterRef("pathway")))
    )


def _bcst2_need_rows() -> QuerySet[PathwayNeed]:
    """The needs BCST2 found, one a pathway, of people received once the enhanced specification (and so a plan)
    applied at the prison (T7: its go-live date, or 1 April 2019), each with whether the plan has an activity on
    that pathway."""
    go_live = Coalesce(F("custody_period__reception_prison__enhanced_go_live_on"), Value(ENHANCED_FROM))
    return (
        PathwayNeed.objects.alias(go_live=go_live)
        .filter(custody_period__reception_date__gte=F("go_live"))
        .alias(planned=Exists(PlanActivity.objects.filter(plan__custody_period=OuterRef("custody_period"), pathway=OuterRef("pathway"))))
    )


def _no_service() -> QuerySet[ScreeningState]:
    return _released(False).alias(
        bought=Exists(Purchase.objects.filter(custody_period=OuterRef("custody_period"))),
    )


RECEIVED = (("custody_period__received_at", "Received"), ("bcst1_submitted_at", "BCST1 submitted"))
RELEASED = (("custody_period__released_at", "Released"),)

SPECS: dict[str, Spec] = {
    rules.BCST1: Spec(
        _bcst1_rows,
        prison="custody_period__reception_prison",
        day="custody_period__reception_date",
        met=Q(bcst1_submitted_at__lte=F("bcst1_due_at")),
        shown=RECEIVED,
    ),
    rules.BCST2_PLAN: Spec(
        _bcst2_rows,
        prison="custody_period__reception_prison",
        day="bcst2_due_on",
        met=Q(bcst2_on__lte=F("bcst2_due_on"), plan_on__lte=F("bcst2_due_on")),
        shown=(
            ("bcst2_due_on", "BCST2 due"),
            ("bcst2_submitted_at", "BCST2 submitted"),
            ("custody_period__plan__agreed_at", "Plan agreed"),
        ),
    ),
    **{
        key: Spec(_released_from_resettlement_prisons, prison="prison", day="released_on", met=Q(**{alias: True}), shown=RELEASED)
        for key, alias in (
            (rules.REVIEW, "reviewed"),
            (rules.REVIEW_STARTED, "review_started"),
            (rules.HANDOVER, "handed_over"),
            (rules.ACCOMMODATION, "accommodation"),
            (rules.ID, "identification"),
            (rules.BANK, "bank"),
            (rules.BENEFIT, "benefit"),
            (rules.SETTLED_AFTER, "settled_after"),
            (rules.ETE_AFTER, "ete_after"),
            (rules.GP_AFTER, "gp_after"),
            (rules.BANK_AFTER, "bank_after"),
            (rules.ID_AFTER, "id_after"),
            (rules.BENEFIT_AFTER, "benefit_after"),
        )
    },
    rules.ACTIVITIES: Spec(
        _activity_rows,
        prison="plan__custody_period__screening_state__prison",
        day="updated_at",
        moment=True,
        met=Q(status=DELIVERED),
        parts=(Q(status=SIGNPOSTED), Q(status=DECLINED)),
        period="plan__custody_period",
        shown=(("updated_at", "Ended"),),
    ),
    rules.LEVELS_2_3: Spec(
        _level_2_3_rows,
        prison="plan__custody_period__screening_state__prison",
        day="updated_at",
        moment=True,
        met=Q(status=DELIVERED),
        parts=(Q(status=SIGNPOSTED), Q(status=DECLINED)),
        period="plan__custody_period",
        shown=(("updated_at", "Ended"),),
    ),
    rules.NEEDS_ACTIVITY: Spec(
        _need_rows,
        prison="custody_period__reception_prison",
        day="raised_at",
        moment=True,
        met=Q(planned=True),
        shown=(("raised_at", "Need flagged"),),
    ),
    rules.BCST2_NEEDS: Spec(
        _bcst2_need_rows,
        prison="custody_period__reception_prison",
        day="found_at",
        moment=True,
        met=Q(planned=True),
        shown=(("found_at", "Need found by BCST2"),),
    ),
    rules.NO_SERVICE: Spec(
        _no_service,
        prison="prison",
        day="released_on",
        met=Q(custody_period__plan__isnull=True, bought=False),
        shown=RELEASED,
    ),
}


def _as_date(value: date | datetime) -> date:
    return value.astimezone(LONDON).date() if isinstance(value, datetime) else value


def _between(spec: Spec, months: list[date]) -> Q:
    start: date | datetime = months[0]
    end: date | datetime = rules.add_months(months[-1], 1)
    if spec.moment:
        start, end = (datetime.combine(day, time(0), tzinfo=LONDON) for day in (months[0], rules.add_months(months[-1], 1)))
    return Q(**{f"{spec.day}__gte": start, f"{spec.day}__lt": end})


def counts(key: str, prison_ids: list[int], months: list[date]) -> dict[Key, Cell]:
    """One figure's counts per prison and month: one grouped query, whatever the number of cases."""
    return counts_many([key], prison_ids, months)[key]


def counts_many(keys: list[str], prison_ids: list[int], months: list[date]) -> dict[str, dict[Key, Cell]]:
    """Several figures' counts per prison and month: one grouped query for the figures that count the same
    rows (the nine release figures), one for each of the others."""
    found: dict[str, dict[Key, Cell]] = {key: {} for key in keys}
    if not prison_ids or not months:
        return found
    groups: dict[tuple[Any, ...], list[str]] = {}
    for key in keys:
        spec = SPECS[key]
        groups.setdefault((spec.rows, spec.prison, spec.day, spec.moment), []).append(key)
    for (rows_of, prison, day, moment), members in groups.items():
        spec = SPECS[members[0]]
        month = TruncMonth(day, tzinfo=LONDON) if moment else TruncMonth(day)
        counted = {f"met{i}": Count("pk", filter=SPECS[key].met) for i, key in enumerate(members)}
        parts = {f"part{i}": Count("pk", filter=q) for i, q in enumerate(spec.parts)}
        rows = (
            rows_of()
            .filter(_between(spec, months), **{f"{prison}__in": prison_ids})
            .order_by()
            .values(prison_key=F(prison), month=month)
            .annotate(of=Count("pk"), **counted, **parts)
        )
        for row in rows:
            where = (row["prison_key"], _as_date(row["month"]))
            for i, key in enumerate(members):
                own = tuple(row[name] for name in parts) if len(members) == 1 else ()
                found[key][where] = Cell(row[f"met{i}"], row["of"], own)
    return found


def stored_counts_many(keys: list[str], prison_ids: list[int], months: list[date]) -> dict[str, dict[Key, Cell]]:
    """The same as `counts_many`, as last counted (services.count_figures): one indexed query over the
    stored cells, whatever the number of cases. A cell never counted reads as empty."""
    found: dict[str, dict[Key, Cell]] = {key: {} for key in keys}
    if not keys or not prison_ids or not months:
        return found
    rows = MonthlyCount.objects.filter(figure__in=keys, prison_id__in=prison_ids, month__in=months).values_list(
        "figure", "prison_id", "month", "met", "counted", "parts"
    )
    for key, prison, month, met, counted, parts in rows:
        found[key][(prison, month)] = Cell(met, counted, tuple(parts or ()))
    return found


def counted() -> Counting | None:
    """When the figures the pages show were counted (None: never yet)."""
    return Counting.objects.filter(pk=1, counted_at__isnull=False).first()


# --- What the pages show -------------------------------------------------------------------------------


@dataclass
class FigureView:
    figure: Figure
    summary: Cell
    sentence: str
    months: list[tuple[date, Cell]]
    prisons: list[tuple[Prison, Cell]] = field(default_factory=list)
    cells: dict[Key, Cell] = field(default_factory=dict)


@dataclass
class Report:
    """A CRC's or a prison's figures: each with its big number over the last full months and its trend."""

    where: str
    months: list[date]
    summary_months: list[date]
    figures: list[FigureView]
    counting: Counting | None = None

    @property
    def period(self) -> str:
        return rules.period_words(self.summary_months)


def report(where: str, places: list[Prison], figures: tuple[Figure, ...], today: date | None = None) -> Report:
    """The figures over the window for these prisons, summed (one query per figure)."""
    today = today or clock.today()
    months, summary = rules.window(today), rules.summary_months(today)
    every = sorted(set(months) | set(summary))
    ids = [p.pk for p in places]
    views = []
    every_count = stored_counts_many([f.key for f in figures], ids, every)
    for figure in figures:
        cells = every_count[figure.key]
        total = rules.total(cells, months=summary)
        by_prison = rules.by_prison(cells, summary)
        views.append(
            FigureView(
                figure=figure,
                summary=total,
                sentence=rules.sentence(figure, total, where, rules.period_words(summary)),
                months=rules.by_month(cells, months),
                prisons=[(p, by_prison.get(p.pk, rules.EMPTY)) for p in places],
                cells=cells,
            )
        )
    return Report(where=where, months=months, summary_months=summary, figures=views, counting=counted())


def export_rows(report: Report, places: list[Prison]) -> list[list[Any]]:
    """Every figure for every prison and month of the window: counts only, no person."""
    rows = []
    for view in report.figures:
        figure = view.figure
        for place in places:
            for month in report.months:
                cell = view.cells.get((place.pk, month), rules.EMPTY)
                parts = list(cell.parts) + [None] * (2 - len(cell.parts)) if figure.parts else [None, None]
                rows.append([figure.title, place.name, f"{month:%Y-%m}", cell.met, cell.of, cell.rate, *parts, figure.definition])
    return rows


def prisons_weakest_first(report: Report, places: list[Prison]) -> list[tuple[Prison, list[Cell]]]:
    """Each prison with its cell of each figure over the last full months, weakest first (as CRCs are)."""
    cells = {p.pk: [dict(view.prisons)[p] for view in report.figures] for p in places}
    glances = [
        rules.Glance(str(p.pk), p.name, {v.figure.key: c.rate for v, c in zip(report.figures, cells[p.pk], strict=True)}) for p in places
    ]
    by_pk = {p.pk: p for p in places}
    return [(by_pk[int(g.key)], cells[int(g.key)]) for g in rules.weakest_first(glances)]


def crc_report(user: Any, code: str) -> tuple[CRC, list[Prison], Report]:
    crc = crc_for(user, code)
    places = list(Prison.objects.filter(crc=crc).order_by("name"))
    return crc, places, report(_("the prisons %(crc)s serves") % {"crc": crc.name}, places, rules.CRC_FIGURES)


def prison_report(user: Any, code: str) -> tuple[Prison, Report]:
    prison = prison_for(user, code)
    figures = rules.CRC_FIGURES if prison.crc_id else rules.NATIONAL_FIGURES
    return prison, report(prison.name, [prison], figures)


@dataclass
class Overview:
    glances: list[rules.Glance]
    period: str
    national: Report | None
    counting: Counting | None = None


def overview(user: Any, today: date | None = None, *, national: bool = True) -> Overview:
    """Each of the user's CRCs at a glance over the last full months, weakest first (one query over the stored counts);
    for contract managers, the national figure of the non-resettlement prisons."""
    today = today or clock.today()
    summary = rules.summary_months(today)
    mine = list(crcs(user))
    glances = {crc.pk: rules.Glance(crc.code, crc.name) for crc in mine}
    for glance in glances.values():
        glance.rates = dict.fromkeys((f.key for f in rules.CRC_FIGURES), None)
    # Each CRC's stored cells of the summary months, summed in the database: one row per CRC and figure.
    sums = (
        MonthlyCount.objects.filter(figure__in=[f.key for f in rules.CRC_FIGURES], prison__crc__in=mine, month__in=summary)
        .values_list("prison__crc_id", "figure")
        .annotate(met_sum=Sum("met"), counted_sum=Sum("counted"))
        .order_by()
    )
    for crc_id, key, met, of in sums:
        glances[crc_id].rates[key] = rules.rate(met, of)
    unserved_report = None
    if national and sees_national(user):
        unserved = list(Prison.objects.filter(crc__isnull=True).order_by("name"))
        unserved_report = report(_("the non-resettlement prisons"), unserved, rules.NATIONAL_FIGURES, today)
    return Overview(
        glances=rules.weakest_first(glances.values()),
        period=rules.period_words(summary),
        national=unserved_report,
        counting=unserved_report.counting if unserved_report else counted(),
    )


# --- The cases behind a count --------------------------------------------------------------------------


@dataclass
class CaseRow:
    person_id: int
    first_name: str
    last_name: str
    prison_number: str
    met: bool
    shown: list[Any]
    title: str = ""

    @property
    def pk(self) -> int:
        return self.person_id


def identity_fields(user: Any) -> tuple[str, ...]:
    """The person's fields read for the cases page: none for a user who sees case references only."""
    return ("first_name", "last_name", "prison_number") if identity.may_identify(user) else ()


def cases(user: Any, prison: Prison, key: str, month: date, page_number: Any) -> tuple[Page[Any], list[CaseRow], tuple[str, ...]]:
    """The cases counted for one figure at one prison in one month, those not met first: one page of them."""
    spec = SPECS[key]
    person = f"{spec.period}__person"
    identify = identity_fields(user)
    fields = [f"{person}_id", *[name for name, _ in spec.shown], *(f"{person}__{f}" for f in identify)]
    if key in (rules.ACTIVITIES, rules.LEVELS_2_3):
        fields.append("title")
    rows = (
        spec.rows()
        .filter(_between(spec, [month]), **{spec.prison: prison.pk})
        .annotate(counted_met=Case(When(spec.met, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("counted_met", spec.day, "pk")
        .values_list(*fields, "counted_met")
    )
    page = Paginator(rows, CASES_PAGE_SIZE).get_page(page_number)
    found = []
    for row in page.object_list:
        names = dict(zip(identify, row[1 + len(spec.shown) : 1 + len(spec.shown) + len(identify)], strict=True))
        found.append(
            CaseRow(
                person_id=row[0],
                first_name=names.get("first_name", ""),
                last_name=names.get("last_name", ""),
                prison_number=names.get("prison_number", ""),
                met=bool(row[-1]),
                shown=[_as_date(v) if isinstance(v, datetime) else v for v in row[1 : 1 + len(spec.shown)]],
                title=row[-2] if key in (rules.ACTIVITIES, rules.LEVELS_2_3) else "",
            )
        )
    return page, found, tuple(label for _, label in spec.shown)
