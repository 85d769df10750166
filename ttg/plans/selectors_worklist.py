"""The TTG caseworker's work list (design/ui.md, "TTG caseworker: my work"): what is overdue, what is due
this week, plans to agree, pre-release reviews to do, handovers due and outcomes to record after release.

Read in a fixed number of queries however many people there are: the CRC's prisons, the candidate plans
(with their person, prison, review, handover and outcomes), and the open activities due by the end of
the week. The plain date bounds are in SQL (release within the review window, activities due by Sunday);
the working-day rule of the handover (T6, bank holidays) is applied in Python to those bounded rows.

Each item is in one section only. An item whose date has passed is in "Overdue":
- an open activity (planned or in progress) due before today;
- a handover not made whose due date (T6) has passed, while the person is in custody;
- a pre-release review not completed once the handover's due date has passed (the review should be done
  before the plan is handed over; a review with no handover date is never overdue);
- a release-day outcome not recorded by the day after release, and an after-release outcome not recorded
  by its due date (P12).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ttg.core import access, clock
from ttg.estate.models import Prison
from ttg.screening.rules import format_date

from . import rules, rules_gate, selectors_handover
from .models import OutcomeKind, Plan, PlanActivity, PlanStatus, ReleaseOutcome, ReviewStatus
from .services import plan_settings

OVERDUE, THIS_WEEK, TO_AGREE, REVIEWS, HANDOVERS, AFTER_RELEASE = SECTION_KEYS = (
    "overdue",
    "this_week",
    "to_agree",
    "reviews",
    "handovers",
    "after_release",
)
HEADINGS = {
    OVERDUE: "Overdue",
    THIS_WEEK: "Due this week",
    TO_AGREE: "Plans to agree",
    REVIEWS: "Pre-release reviews to do",
    HANDOVERS: "Handovers due",
    AFTER_RELEASE: "After release: outcomes to record",
}
EMPTY = {
    OVERDUE: "Nothing is overdue.",
    THIS_WEEK: "No activities are due between today and Sunday.",
    TO_AGREE: "No draft plans are waiting to be agreed.",
    REVIEWS: "No pre-release reviews are open and waiting.",
    HANDOVERS: "No handovers are due in the next two weeks.",
    AFTER_RELEASE: "No outcomes are waiting to be recorded for people released.",
}
OPEN_STATUSES = (rules.PLANNED, rules.IN_PROGRESS)


def rows_shown() -> int:
    """At most this many rows per section (unsourced: TTG_WORK_LIST_ROWS); the rest are counted."""
    return int(getattr(settings, "TTG_WORK_LIST_ROWS", 50))


def handover_ahead_days() -> int:
    """Handovers due within this many days are listed (unsourced: TTG_WORK_LIST_HANDOVER_DAYS, two weeks)."""
    return int(getattr(settings, "TTG_WORK_LIST_HANDOVER_DAYS", 14))


@dataclass
class Item:
    plan: Plan
    what: str
    when: date
    href: str
    overdue: bool = False
    sort: tuple[Any, ...] = ()
    when_label: str = ""  # what the date is: "Proposed", "Released", "Opened"; blank: "Due"

    @property
    def person(self) -> Any:
        return self.plan.custody_period.person

    @property
    def prison(self) -> Prison:
        return self.plan.custody_period.current_prison


@dataclass
class Section:
    key: str
    heading: str
    empty: str
    items: list[Item] = field(default_factory=list)  # the rows shown
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class WorkList:
    prisons: list[Prison]
    prison: Prison | None  # the prison chosen, or None for all the CRC's prisons
    sections: list[Section]
    today: date
    week_ends: date

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def counts(self) -> dict[str, int]:
        return {s.key: s.total for s in self.sections}


def end_of_week(today: date) -> date:
    """The Sunday ending today's week (today itself on a Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def _released_on(period: Any) -> date | None:
    return timezone.localtime(period.released_at).date() if period.released_at else None


def _candidate_plans(user: Any, prison_ids: list[int], today: date) -> list[Plan]:
    """Drafts of people in custody; agreed plans of people in custody whose release date is within the
    review window (or the handover window, if that is longer); plans of people released recently enough
    for the CRC still to see them. One query, plus one for the outcomes."""
    working_days = rules_settings().handover_working_days
    # n working days back never spans more than 2n + 14 calendar days (weekends and a Christmas of bank holidays).
    horizon = today + timedelta(days=max(rules.PRE_RELEASE_WEEKS * 7, handover_ahead_days() + 2 * working_days + 14))
    in_custody = Q(custody_period__released_at__isnull=True)
    released = Q(custody_period__released_at__gte=access.released_visible_since())
    wanted = (in_custody & Q(status=PlanStatus.DRAFT)) | (in_custody & Q(custody_period__release_date__lte=horizon)) | released
    return list(
        Plan.objects.visible_to(user)
        .filter(wanted, custody_period__current_prison_id__in=prison_ids)
        .select_related("custody_period__person", "custody_period__current_prison", "pre_release_review", "handover")
        .prefetch_related(Prefetch("release_outcomes", queryset=ReleaseOutcome.objects.only("id", "plan_id", "kind")))
        .order_by("custody_period__release_date", "pk")
    )


def rules_settings() -> Any:
    return selectors_handover.rule_settings()


def _has(plan: Plan, relation: str) -> Any:
    try:
        return getattr(plan, relation)
    except Exception:  # RelatedObjectDoesNotExist: select_related found none
        return None


def _plan_items(plans: list[Plan], today: date) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {key: [] for key in SECTION_KEYS}
    handover_until = today + timedelta(days=handover_ahead_days())
    outcome_settings = plan_settings()
    for plan in plans:
        period = plan.custody_period
        number = period.person.prison_number
        plan_href = reverse("plan", args=[number])
        released_on = _released_on(period)
        if released_on is not None:
            kinds = {o.kind for o in plan.release_outcomes.all()}
            if OutcomeKind.RELEASE_DAY not in kinds:
                href = reverse("plan_outcome", args=[number, "release-day"])
                late = released_on < today
                item = Item(plan, _("Record the release-day outcomes"), released_on, href, late, (released_on,), _("Released"))
                out[OVERDUE if late else AFTER_RELEASE].append(item)
            if OutcomeKind.AFTER_RELEASE not in kinds:
                due = rules_gate.after_release_due(released_on, outcome_settings).value
                assert due is not None
                href = reverse("plan_outcome", args=[number, "after-release"])
                late = due < today
                item = Item(plan, _("Record the outcomes after release"), due, href, overdue=late, sort=(due,))
                out[OVERDUE if late else AFTER_RELEASE].append(item)
            continue
        if plan.status == PlanStatus.DRAFT:
            proposed = timezone.localtime(plan.proposed_at).date()
            out[TO_AGREE].append(
                Item(plan, _("Agree the plan with the person"), proposed, plan_href, sort=(proposed,), when_label=_("Proposed"))
            )
            continue
        release = period.release_date
        if release is None:  # no release date: no review opens, no handover is due
            continue
        handover_due = selectors_handover.due(release).value
        review = _has(plan, "pre_release_review")
        opens = rules.pre_release_review_opens(release).value
        if opens is not None and today >= opens and not (review and review.status == ReviewStatus.COMPLETED):
            late = handover_due is not None and handover_due < today
            what = _("Complete the pre-release review (release on %(date)s)") % {"date": format_date(release)}
            # Due before the handover; with no handover date (none can be worked out), from when it opened.
            when, label = (handover_due, _("Due")) if handover_due else (opens, _("Opened"))
            href = reverse("plan_review", args=[number])
            out[OVERDUE if late else REVIEWS].append(Item(plan, what, when, href, late, (when,), label))
        if handover_due is not None and _has(plan, "handover") is None and handover_due <= handover_until:
            late = handover_due < today
            what = _("Hand over to the responsible officer (release on %(date)s)") % {"date": format_date(release)}
            href = reverse("plan_handover", args=[number])
            out[OVERDUE if late else HANDOVERS].append(Item(plan, what, handover_due, href, overdue=late, sort=(handover_due,)))
    return out


def _activity_items(user: Any, prison_ids: list[int], today: date, week_ends: date) -> dict[str, list[Item]]:
    """Open activities due by Sunday (overdue ones however old): of people in custody, and after release
    only those that continue in the community. One query."""
    in_custody = Q(plan__custody_period__released_at__isnull=True)
    continuing = Q(continues_after_release=True, plan__custody_period__released_at__gte=access.released_visible_since())
    rows = (
        PlanActivity.objects.visible_to(user)
        .filter(in_custody | continuing, status__in=OPEN_STATUSES, due_on__lte=week_ends)
        .filter(plan__custody_period__current_prison_id__in=prison_ids)
        .select_related("plan__custody_period__person", "plan__custody_period__current_prison")
        .order_by("due_on", "pk")
    )
    out: dict[str, list[Item]] = {OVERDUE: [], THIS_WEEK: []}
    for a in rows:
        assert a.due_on is not None
        number = a.plan.custody_period.person.prison_number
        href = reverse("plan_activity", args=[number, a.pk])
        late = a.due_on < today
        what = f"{a.title} ({a.status_label.lower()})"
        out[OVERDUE if late else THIS_WEEK].append(Item(a.plan, what, a.due_on, href, overdue=late, sort=(a.due_on,)))
    return out


def crc_prisons(user: Any) -> list[Prison]:
    """The prisons the user's CRC serves (one query)."""
    if not getattr(user, "crc_id", None):
        return []
    return list(Prison.objects.visible_to(user).filter(crc_id=user.crc_id).order_by("name"))


def work_list(user: Any, prison_code: str = "") -> WorkList:
    """The caseworker's work list, for all the CRC's prisons or one of them (an unknown code: all).

    Four queries however many people: prisons, plans, their outcomes, activities."""
    today = clock.today()
    week_ends = end_of_week(today)
    prisons = crc_prisons(user)
    chosen = next((p for p in prisons if p.code == prison_code), None)
    prison_ids = [chosen.pk] if chosen else [p.pk for p in prisons]
    items: dict[str, list[Item]] = {key: [] for key in SECTION_KEYS}
    if prison_ids:
        for found in (_plan_items(_candidate_plans(user, prison_ids, today), today), _activity_items(user, prison_ids, today, week_ends)):
            for key, rows in found.items():
                items[key].extend(rows)
    shown = rows_shown()
    sections = []
    for key in SECTION_KEYS:
        rows = sorted(items[key], key=lambda i: (*i.sort, i.person.last_name, i.person.first_name, i.person.prison_number))
        sections.append(Section(key, _(HEADINGS[key]), _(EMPTY[key]), rows[:shown], len(rows)))
    return WorkList(prisons=prisons, prison=chosen, sections=sections, today=today, week_ends=week_ends)
