"""Reads for screening: the decisions for one person (with their reasons, computed on demand), and the
work lists (over the stored decisions: filtered, ordered, counted and paginated in SQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from ttg.core import access, clock
from ttg.core.rules import LONDON
from ttg.estate.models import Prison, ResettlementDesignation
from ttg.people.models import CustodyPeriod

from . import rules, state
from .custody import designations, facts, history, rule_settings
from .models import DutyToRefer, Kind, NeedFlag, Screening, ScreeningState


def with_history(periods: QuerySet[CustodyPeriod]) -> QuerySet[CustodyPeriod]:
    """`history`, with the person, the prison and the screenings (without their answers)."""
    return (
        history(periods)
        .select_related("person", "current_prison__crc")
        .prefetch_related(
            Prefetch("screenings", queryset=Screening.objects.defer("answers", "answers_before_amendment", "needs_summary")),
        )
    )


def _facts(period: Any, designations: list[ResettlementDesignation], today: date) -> rules.Custody:
    return facts(
        received_at=period.received_at,
        reception_date=period.reception_date,
        legal_status=period.legal_status,
        sentence_type=period.sentence_type,
        sentence_start_date=period.sentence_start_date,
        release_date=period.release_date,
        previous_released_at=getattr(period, "previous_released_at", None),
        previous_bcst1=bool(getattr(period, "previous_bcst1", False)),
        arrived_at=getattr(period, "arrived_at", None),
        designations=designations,
        today=today,
        prison_name=period.current_prison.name,
    )


def custody_facts(period: CustodyPeriod) -> rules.Custody:
    """The rules' view of one custody period (a few queries; lists use the bulk path below)."""
    annotated = with_history(CustodyPeriod.objects.filter(pk=period.pk)).get()
    return _facts(annotated, designations([annotated.current_prison_id])[annotated.current_prison_id], clock.today())


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
    by_prison = designations(p.current_prison_id for p in periods)
    waiting = dict(
        NeedFlag.objects.filter(custody_period__in=[p.pk for p in periods], acknowledged_at__isnull=True, withdrawn_at__isnull=True)
        .values_list("custody_period")
        .annotate(n=Count("id"))
    )
    duties = {d.custody_period_id: d for d in DutyToRefer.objects.filter(custody_period__in=[p.pk for p in periods])}
    rows = []
    for period in periods:
        custody = _facts(period, by_prison[period.current_prison_id], today)
        by_kind = {s.kind: s for s in period.screenings.all()}
        bcst1, bcst2 = by_kind.get(Kind.BCST1), by_kind.get(Kind.BCST2)
        submitted_on = bcst1.submitted_at.astimezone(LONDON).date() if bcst1 and bcst1.submitted_at else None
        decisions = rules.screening(custody, bcst1_submitted_on=submitted_on, settings=rs, today=today)
        row = PeriodScreening(period, custody, decisions, bcst1, bcst2, waiting.get(period.pk, 0), duties.get(period.pk))
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
    return DutyToRefer.objects.visible_to(user).filter(custody_period=period).select_related("raised_by_screening").first()


# --- work lists ---------------------------------------------------------------------------------

TABS = ("bcst1", "bcst2", "flags", "duty", "pre_release")


@dataclass
class WorkList:
    prison: Prison
    counts: dict[str, int]


@dataclass
class ListRow:
    """One row of a screening work list: the stored decisions, and the deadline states (which depend
    on the time of the request) worked out for the rows shown only."""

    state: ScreeningState
    states: dict[str, str]

    @property
    def period(self) -> CustodyPeriod:
        return self.state.custody_period


def _tab_filters(today: date) -> dict[str, Q]:
    return {
        "bcst1": Q(bcst1_to_do=True),
        "bcst2": Q(bcst2_to_do=True),
        "flags": Q(waiting_flags__gt=0),
        "duty": Q(duty_to_do=True),
        "pre_release": Q(pre_release_opens_on__lte=today, release_date__gte=today),
    }


# The states (overdue, due soon, due) rise with the due date, so ordering by the date orders by state first.
TAB_ORDER = {
    "bcst1": ("bcst1_due_at", "received_at", "pk"),
    "bcst2": ("bcst2_due_on", "received_at", "pk"),
    "flags": ("received_at", "pk"),
    "duty": ("duty_due_on", "received_at", "pk"),
    "pre_release": ("release_date", "received_at", "pk"),
}


def _in_custody_at(user: Any, prison: Prison) -> QuerySet[ScreeningState]:
    # Rows whose designation day has come are recomputed first: one indexed query when there are none.
    state.refresh_due([prison.pk])
    return ScreeningState.objects.visible_to(user).filter(prison=prison, in_custody=True)


def prison_work_list(user: Any, code: str) -> WorkList:
    """A prison in the user's scope, and how many people in custody there are on each tab: one query
    over the stored decisions, however many people the prison holds."""
    prison = access.get_for(user, Prison.objects.select_related("crc"), code=code)
    filters = _tab_filters(clock.today())
    counts = _in_custody_at(user, prison).aggregate(**{tab: Count("pk", filter=filters[tab]) for tab in TABS})
    return WorkList(prison=prison, counts=counts)


def waiting_at(user: Any, prison: Prison) -> dict[str, int]:
    """What waits at a prison for its home page, split into overdue and due: one query over the stored
    decisions (and the indexed check for rows whose day has come), however many people the prison holds.

    bcst1_overdue, bcst1_due; clones (BCST1 to do whose previous one can be reused); bcst2_overdue, bcst2_due;
    flags (people with immediate needs not acknowledged); duty_overdue, duty_due; pre_release."""
    now, today = clock.now(), clock.today()
    tabs = _tab_filters(today)
    late = {"bcst1": Q(bcst1_due_at__lt=now), "bcst2": Q(bcst2_due_on__lt=today), "duty": Q(duty_due_on__lt=today)}
    counts = {f"{tab}_overdue": Count("pk", filter=tabs[tab] & late[tab]) for tab in late}
    counts |= {f"{tab}_due": Count("pk", filter=tabs[tab] & ~late[tab]) for tab in late}
    counts |= {
        "clones": Count("pk", filter=tabs["bcst1"] & Q(clone_available=True)),
        "flags": Count("pk", filter=tabs["flags"]),
        "pre_release": Count("pk", filter=tabs["pre_release"]),
    }
    return _in_custody_at(user, prison).aggregate(**counts)


def tab_rows(user: Any, prison: Prison, tab: str) -> QuerySet[ScreeningState]:
    """The people on one tab, in the order the work is due: filtered, ordered and paginated in SQL (the
    duty tab joins each row's duty, to name its route: rule R-W1)."""
    related = ("custody_period__person", "custody_period__duty_to_refer") if tab == "duty" else ("custody_period__person",)
    return _in_custody_at(user, prison).filter(_tab_filters(clock.today())[tab]).select_related(*related).order_by(*TAB_ORDER[tab])


def list_rows(states: Iterable[ScreeningState]) -> list[ListRow]:
    """The rows shown, with their deadline states now."""
    now, rs = clock.now(), rule_settings()
    return [
        ListRow(
            s,
            {
                "bcst1": rules.deadline_state(s.bcst1_due_at, now, rs) if s.bcst1_to_do else "none",
                "bcst2": rules.deadline_state(s.bcst2_due_on, now, rs) if s.bcst2_to_do else "none",
                "duty": rules.deadline_state(s.duty_due_on, now, rs) if s.duty_to_do else "none",
            },
        )
        for s in states
    ]
