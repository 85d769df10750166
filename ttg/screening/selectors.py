"""Reads for screening: the facts the rules need, the decisions, and the work lists.

Every list is built in a fixed number of queries (annotations and prefetches), then the pure rules
decide each row in Python: a work list's query count does not grow with the people on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery

from ttg.core import access, clock
from ttg.estate.models import Prison, ResettlementDesignation
from ttg.people.models import CustodyPeriod, Movement

from . import rules
from .models import DutyToRefer, Kind, NeedFlag, Screening

LONDON = ZoneInfo("Europe/London")


def rule_settings() -> rules.RuleSettings:
    """The unsourced values (facts.md) come from settings, never from literals in the rules."""
    return rules.RuleSettings(
        bcst2_working_days=settings.TTG_BCST2_WORKING_DAYS,
        handover_working_days=settings.TTG_HANDOVER_WORKING_DAYS,
        due_soon_hours=settings.TTG_DUE_SOON_HOURS,
        due_soon_working_days=settings.TTG_DUE_SOON_WORKING_DAYS,
    )


def with_history(periods: QuerySet[CustodyPeriod]) -> QuerySet[CustodyPeriod]:
    """Annotate what the rules need beyond the period's own fields, in the same query."""
    earlier = CustodyPeriod.objects.filter(person=OuterRef("person"), released_at__lt=OuterRef("received_at")).order_by("-released_at")
    arrivals = Movement.objects.filter(custody_period=OuterRef("pk"), to_prison=OuterRef("current_prison")).order_by("-occurred_at")
    return (
        periods.annotate(
            previous_released_at=Subquery(earlier.values("released_at")[:1]),
            previous_period_id=Subquery(earlier.values("pk")[:1]),
            arrived_at=Subquery(arrivals.values("occurred_at")[:1]),
        )
        .annotate(
            previous_bcst1=Exists(
                Screening.objects.filter(custody_period=OuterRef("previous_period_id"), kind=Kind.BCST1, submitted_at__isnull=False)
            )
        )
        .select_related("person", "current_prison__crc")
        .prefetch_related(
            Prefetch("screenings", queryset=Screening.objects.defer("answers", "answers_before_amendment", "needs_summary")),
        )
    )


def _designations(prison_ids: Iterable[int]) -> dict[int, list[ResettlementDesignation]]:
    found: dict[int, list[ResettlementDesignation]] = defaultdict(list)
    for designation in ResettlementDesignation.objects.filter(prison_id__in=set(prison_ids)).order_by("valid_from"):
        found[designation.prison_id].append(designation)
    return found


def _resettlement_since(period: Any, designations: list[ResettlementDesignation], today: date) -> date | None:
    """The day since which the person has been in a resettlement prison (R-S6), or None."""
    current = next((d for d in designations if d.valid_from <= today and (d.valid_to is None or today < d.valid_to)), None)
    if current is None or not current.resettlement:
        return None
    arrived = getattr(period, "arrived_at", None) or period.received_at
    return max(arrived.astimezone(LONDON).date(), current.valid_from)


def _facts(period: Any, designations: list[ResettlementDesignation], today: date) -> rules.Custody:
    sentenced_at = None
    # A SENTENCE after a remand reception sets the sentence start date after the reception date.
    if period.sentence_start_date and period.sentence_start_date > period.reception_date:
        sentenced_at = datetime.combine(period.sentence_start_date, time(), tzinfo=LONDON)
    previous = getattr(period, "previous_released_at", None)
    return rules.Custody(
        received_at=period.received_at,
        reception_date=period.reception_date,
        legal_status=period.legal_status,
        sentence_type=period.sentence_type,
        sentenced_at=sentenced_at,
        release_date=period.release_date,
        previous_release_date=previous.astimezone(LONDON).date() if previous else None,
        previous_bcst1_on_file=bool(getattr(period, "previous_bcst1", False)),
        in_resettlement_prison_since=_resettlement_since(period, designations, today),
        prison_name=period.current_prison.name,
    )


def custody_facts(period: CustodyPeriod) -> rules.Custody:
    """The rules' view of one custody period (a few queries; lists use the bulk path below)."""
    annotated = with_history(CustodyPeriod.objects.filter(pk=period.pk)).get()
    return _facts(annotated, _designations([annotated.current_prison_id])[annotated.current_prison_id], clock.today())


def previous_bcst1(period: CustodyPeriod) -> Screening | None:
    """The submitted BCST1 of the person's custody period before this one, if any (for the clone)."""
    earlier = CustodyPeriod.objects.filter(person_id=period.person_id, released_at__lt=period.received_at).order_by("-released_at").first()
    if earlier is None:
        return None
    return Screening.objects.filter(custody_period=earlier, kind=Kind.BCST1, submitted_at__isnull=False).first()


# --- decisions for one person -------------------------------------------------------------------


@dataclass
class PeriodScreening:
    """A custody period with its screenings and what the rules decide for it today."""

    period: Any
    facts: rules.Custody
    decisions: rules.Screening
    bcst1: Screening | None
    bcst2: Screening | None
    waiting_flags: int = 0
    duty: DutyToRefer | None = None
    states: dict[str, str] = field(default_factory=dict)

    @property
    def bcst1_to_do(self) -> bool:
        return self.decisions.bcst1.value.required and not (self.bcst1 and self.bcst1.is_submitted)

    @property
    def bcst2_to_do(self) -> bool:
        return bool(self.decisions.bcst2.value.required) and not (self.bcst2 and self.bcst2.is_submitted)

    @property
    def pre_release_open(self) -> bool:
        starts, release = self.decisions.pre_release.value, self.period.release_date
        return starts is not None and release is not None and starts <= clock.today() <= release

    @property
    def duty_due(self) -> bool:
        return self.duty is not None and not self.duty.is_done


def decide(periods: list[Any]) -> list[PeriodScreening]:
    """What the screening rules decide for each period (annotated by `with_history`), with their state: a fixed number of queries."""
    today, now, rs = clock.today(), clock.now(), rule_settings()
    designations = _designations(p.current_prison_id for p in periods)
    waiting = dict(
        NeedFlag.objects.filter(custody_period__in=[p.pk for p in periods], acknowledged_at__isnull=True, withdrawn_at__isnull=True)
        .values_list("custody_period")
        .annotate(n=Count("id"))
    )
    duties = {d.custody_period_id: d for d in DutyToRefer.objects.filter(custody_period__in=[p.pk for p in periods])}
    rows = []
    for period in periods:
        facts = _facts(period, designations[period.current_prison_id], today)
        by_kind = {s.kind: s for s in period.screenings.all()}
        bcst1, bcst2 = by_kind.get(Kind.BCST1), by_kind.get(Kind.BCST2)
        submitted_on = bcst1.submitted_at.astimezone(LONDON).date() if bcst1 and bcst1.submitted_at else None
        decisions = rules.screening(facts, bcst1_submitted_on=submitted_on, settings=rs)
        row = PeriodScreening(period, facts, decisions, bcst1, bcst2, waiting.get(period.pk, 0), duties.get(period.pk))
        row.states = {
            "bcst1": rules.deadline_state(decisions.bcst1.value.due_at, now, rs) if row.bcst1_to_do else "none",
            "bcst2": rules.deadline_state(decisions.bcst2.value.due_on, now, rs) if row.bcst2_to_do else "none",
            "duty": rules.deadline_state(row.duty.due_on, now, rs) if row.duty_due and row.duty else "none",
        }
        rows.append(row)
    return rows


def period_screening(user: Any, period: CustodyPeriod) -> PeriodScreening:
    annotated = access.get_for(user, with_history(CustodyPeriod.objects.all()), pk=period.pk)
    return decide([annotated])[0]


def screening_for(user: Any, period: CustodyPeriod, kind: str) -> Screening | None:
    return Screening.objects.visible_to(user).filter(custody_period=period, kind=kind).first()


def flags_for(user: Any, period: CustodyPeriod) -> list[NeedFlag]:
    return list(
        NeedFlag.objects.visible_to(user).filter(custody_period=period).select_related("acknowledged_by").order_by("raised_at", "id")
    )


def flag(user: Any, pk: int) -> NeedFlag:
    return access.get_for(user, NeedFlag.objects.select_related("custody_period__person"), pk=pk)


def duty_to_refer(user: Any, period: CustodyPeriod) -> DutyToRefer | None:
    return DutyToRefer.objects.visible_to(user).filter(custody_period=period).first()


# --- work lists ---------------------------------------------------------------------------------

TABS = ("bcst1", "bcst2", "flags", "duty", "pre_release")
ORDER = {"overdue": 0, "due_soon": 1, "due": 2, "none": 3}


@dataclass
class WorkList:
    prison: Prison
    tabs: dict[str, list[PeriodScreening]]


def prison_work_list(user: Any, code: str) -> WorkList:
    """Everyone in custody at a prison in the user's scope, sorted into what screening work is due."""
    prison = access.get_for(user, Prison.objects.select_related("crc"), code=code)
    periods = list(
        with_history(CustodyPeriod.objects.visible_to(user).filter(current_prison=prison, released_at__isnull=True)).order_by("received_at")
    )
    rows = decide(periods)
    far = date.max
    tabs = {
        "bcst1": sorted(
            (r for r in rows if r.bcst1_to_do),
            key=lambda r: (ORDER[r.states["bcst1"]], r.decisions.bcst1.value.due_at or datetime.max.replace(tzinfo=LONDON)),
        ),
        "bcst2": sorted(
            (r for r in rows if r.bcst2_to_do), key=lambda r: (ORDER[r.states["bcst2"]], r.decisions.bcst2.value.due_on or far)
        ),
        "flags": sorted((r for r in rows if r.waiting_flags), key=lambda r: r.period.received_at),
        "duty": sorted((r for r in rows if r.duty_due), key=lambda r: r.duty.due_on if r.duty else far),
        "pre_release": sorted((r for r in rows if r.pre_release_open), key=lambda r: r.period.release_date or far),
    }
    return WorkList(prison=prison, tabs=tabs)
