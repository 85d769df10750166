"""The TTG caseworker's work list (design/ui.md, "TTG caseworker: my work"): what is overdue, what is due
this week, BCST2 due, plans to agree, pre-release reviews to do, handovers due, referrals needing a reply,
immediate needs to acknowledge and outcomes to record after release.

Every section is an indexed SQL query over stored state: the plans, reviews, handovers, outcomes,
activities, referrals and flags as they are, and the screening rules' stored decisions (the BCST2 due
date, the handover date: `ScreeningState`). Each query filters, orders and counts in SQL and returns
only the rows shown, so neither the number of queries nor the work of a request grows with the prison.
A section drawing on several kinds of work (Overdue) takes the first rows of each and merges them.

Each item is in one section only. An item whose date has passed is in "Overdue":
- an open activity (planned or in progress) due before today;
- a handover not made whose due date (T6) has passed, while the person is in custody;
- a pre-release review not completed once the handover's due date has passed (the review should be done
  before the plan is handed over; a review with no handover date is never overdue);
- a release-day outcome not recorded by the day after release, and an after-release outcome not recorded
  by its due date (P12);
- a BCST2 not submitted by its due date (T2);
- a release checklist with an item neither done nor marked not needed once its due date, the day before
  release, has passed (rule G1: from the release date); before that it is in "Pre-release reviews to do",
  from the day the review opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, DateField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ttg.accounts import workplaces
from ttg.accounts.constants import Role
from ttg.core import access, clock
from ttg.core.rules import format_date
from ttg.estate.models import Prison
from ttg.payments.constants import PurchaseStatus
from ttg.people import selectors_allocation
from ttg.people.access import released_visible_since
from ttg.people.models import CustodyPeriod
from ttg.plans.gate import rules as rules_gate
from ttg.plans.gate.models import OutcomeKind, PreReleaseReview, ReleaseChecklist, ReleaseOutcome, ReviewStatus
from ttg.plans.handover.models import Handover
from ttg.plans.plan import rules
from ttg.plans.plan.models import Plan, PlanActivity, PlanStatus
from ttg.plans.plan.services import plan_settings
from ttg.referrals import rules as referral_rules
from ttg.referrals.models import Referral
from ttg.screening.models import NeedFlag, ScreeningState
from ttg.screening.state import refresh_due

# In the order of design/ui.md: overdue first, then what is due.
OVERDUE, THIS_WEEK, BCST2, TO_AGREE, REVIEWS, HANDOVERS, REFERRALS, FLAGS, AFTER_RELEASE = SECTION_KEYS = (
    "overdue",
    "this_week",
    "bcst2",
    "to_agree",
    "reviews",
    "handovers",
    "referrals",
    "flags",
    "after_release",
)
HEADINGS = {
    OVERDUE: "Overdue",
    THIS_WEEK: "Due this week",
    BCST2: "BCST2 due",
    TO_AGREE: "Plans to agree",
    REVIEWS: "Pre-release reviews and release checklists to do",
    HANDOVERS: "Handovers due",
    REFERRALS: "Referrals needing a reply",
    FLAGS: "Immediate needs to acknowledge",
    AFTER_RELEASE: "After release: outcomes to record",
}
EMPTY = {
    OVERDUE: "Nothing is overdue.",
    THIS_WEEK: "No activities are due between today and Sunday.",
    BCST2: "No BCST2 is waiting to be done.",
    TO_AGREE: "No draft plans are waiting to be agreed.",
    REVIEWS: "No pre-release reviews or release checklists are open and waiting.",
    HANDOVERS: "No handovers are due in the next two weeks.",
    REFERRALS: "No referrals need a reply: none declined or cancelled with the activity still open, none waiting for a purchase.",
    FLAGS: "No immediate needs are waiting to be acknowledged.",
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
    period: CustodyPeriod
    what: str
    when: date
    href: str
    overdue: bool = False
    sort: tuple[Any, ...] = ()
    when_label: str = ""  # what the date is: "Proposed", "Released", "Opened"; blank: "Due"
    has_plan: bool = True  # False: the person's name links to their record, not to a plan
    # The work's own page (href) may need an action not every user of the list has (the CRC manager
    # reads the caseworkers' list): such a user's link goes instead to a page about the same work
    # that they may open (a link a role may not follow is not shown to it).
    needs: str = ""  # the access action href needs; "" for everyone who may see the list
    instead: str = ""  # where a user without it is sent
    post: bool = False  # href is an action (POST), done with a button on the list
    allowed: bool = True  # set by work_list: may this user follow href?

    @property
    def link(self) -> str:
        """Where this user's link to the work goes."""
        return self.href if self.allowed else self.instead

    @property
    def person(self) -> Any:
        return self.period.person

    @property
    def prison(self) -> Prison:
        return self.period.current_prison

    @property
    def person_href(self) -> str:
        return reverse("plan" if self.has_plan else "person_detail", args=[self.person.prison_number])


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
    whose: str = ""  # the filter chosen: everyone, "mine" or "unallocated" (ttg.people.selectors_allocation)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def counts(self) -> dict[str, int]:
        return {s.key: s.total for s in self.sections}


def end_of_week(today: date) -> date:
    """The Sunday ending today's week (today itself on a Sunday)."""
    return today + timedelta(days=6 - today.weekday())


@dataclass
class Source:
    """One kind of work for one section: a query ordered as the section is, and how to show a row."""

    section: str
    rows: QuerySet[Any]
    item: Callable[[Any], Item]
    # Many tables joined: PostgreSQL stops reordering joins past eight, so the page's ids are read
    # first (few joins), then its rows.
    ids_first: bool = False
    # The path from a row to its custody period, for the "my people" and "unallocated" filters.
    period: str = "custody_period"

    def whose(self, user: Any, kind: str) -> Source:
        """The same work, only of the people allocated to `user` (MINE) or to nobody (UNALLOCATED)."""
        if kind == selectors_allocation.EVERYONE:
            return self
        return Source(
            self.section, self.rows.filter(selectors_allocation.whose(user, kind, self.period)), self.item, self.ids_first, self.period
        )

    def page(self, shown: int) -> tuple[list[Any], int]:
        """The first rows and how many there are in all (one query; two with ids_first)."""
        counted = self.rows.annotate(total=Window(Count("pk")))
        if not self.ids_first:
            rows = list(counted[:shown])
            return rows, rows[0].total if rows else 0
        ids = list(counted.values_list("pk", "total")[:shown])
        if not ids:
            return [], 0
        found = {row.pk: row for row in self.rows.filter(pk__in=[pk for pk, _ in ids])}
        return [found[pk] for pk, _ in ids], ids[0][1]


# Rows of one section are ordered by date, then the person's name and prison number.
PERSON_ORDER = ("last_name", "first_name", "prison_number")


def _ordered(rows: QuerySet[Any], on: Any, period: str, *then: str) -> QuerySet[Any]:
    return rows.annotate(sort_on=on).order_by("sort_on", *(f"{period}__person__{f}" for f in PERSON_ORDER), *then)


def _plan_sources(user: Any, prison_ids: list[int], today: date) -> list[Source]:
    """Outcomes to record after release, plans to agree, pre-release reviews and handovers."""
    # Found through the stored decisions' indexes (prison, in custody or released on): the custody period's
    # prison, release and release date, copied.
    state = "custody_period__screening_state__"
    plans = Plan.objects.visible_to(user).filter(**{f"{state}prison_id__in": prison_ids})
    plans = plans.select_related("custody_period__person", "custody_period__current_prison")
    first_day = timezone.localtime(released_visible_since()).date()
    released = plans.filter(**{f"{state}in_custody": False, f"{state}released_on__gte": first_day})
    in_custody = plans.filter(**{f"{state}in_custody": True})
    agreed = in_custody.exclude(status=PlanStatus.DRAFT).filter(**{f"{state}release_date__isnull": False})
    outcome = ReleaseOutcome.objects.filter(plan=OuterRef("pk"))
    weeks = plan_settings().post_release_outcome_weeks
    released_on = F(f"{state}released_on")

    def release_day(plan: Any) -> Item:
        period, on = plan.custody_period, plan.sort_on
        href = reverse("plan_outcome", args=[period.person.prison_number, "release-day"])
        return Item(period, _("Record the release-day outcomes"), on, href, on < today, (on,), _("Released"))

    def after_release(plan: Any) -> Item:
        period = plan.custody_period
        due = rules_gate.after_release_due(plan.sort_on, plan_settings()).value
        assert due is not None
        href = reverse("plan_outcome", args=[period.person.prison_number, "after-release"])
        return Item(period, _("Record the outcomes after release"), due, href, overdue=due < today, sort=(due,))

    def to_agree(plan: Any) -> Item:
        period, proposed = plan.custody_period, plan.sort_on
        href = reverse("plan", args=[period.person.prison_number])
        return Item(period, _("Agree the plan with the person"), proposed, href, sort=(proposed,), when_label=_("Proposed"))

    def review(plan: Any) -> Item:
        period, due = plan.custody_period, plan.sort_on
        what = _("Complete the pre-release review (release on %(date)s)") % {"date": format_date(period.release_date)}
        href = reverse("plan_review", args=[period.person.prison_number])
        return Item(period, what, due, href, due < today, (due,), _("Due"))

    def handover(plan: Any) -> Item:
        period, due = plan.custody_period, plan.sort_on
        what = _("Hand over to the responsible officer (release on %(date)s)") % {"date": format_date(period.release_date)}
        href = reverse("plan_handover", args=[period.person.prison_number])
        instead = reverse("plan", args=[period.person.prison_number]) + "#handover"
        return Item(period, what, due, href, overdue=due < today, sort=(due,), needs="handover.make", instead=instead)

    no_release_day = released.exclude(Exists(outcome.filter(kind=OutcomeKind.RELEASE_DAY)))
    no_after_release = released.exclude(Exists(outcome.filter(kind=OutcomeKind.AFTER_RELEASE)))
    # The review opens 12 weeks before release (T5): opened by today when release is at most 12 weeks away.
    reviews = agreed.filter(**{f"{state}release_date__lte": today + timedelta(weeks=rules.PRE_RELEASE_WEEKS)}).exclude(
        Exists(PreReleaseReview.objects.filter(plan=OuterRef("pk"), status=ReviewStatus.COMPLETED))
    )
    # The review is due before the handover: overdue once the handover's due date has passed.
    handover_due = F(f"{state}handover_due_on")
    handovers = agreed.filter(**{f"{state}handover_due_on__lte": today + timedelta(days=handover_ahead_days())}).exclude(
        Exists(Handover.objects.filter(plan=OuterRef("pk")))
    )
    # The release checklist (rule G1): open from the day the review opens until every item is closed; due
    # the day before release, so overdue from the release date. No checklist yet: every item is to do.
    checklist = ReleaseChecklist.objects.filter(plan=OuterRef("pk"))
    checklists = (
        agreed.filter(**{f"{state}release_date__lte": today + timedelta(weeks=rules.PRE_RELEASE_WEEKS)})
        .exclude(Exists(checklist.filter(completed_at__isnull=False)))
        .annotate(
            still_open=Coalesce(Subquery(checklist.values("open_items")[:1], output_field=IntegerField()), Value(len(rules_gate.CHECKLIST)))
        )
    )
    release_date = F(f"{state}release_date")

    def release_checklist(plan: Any) -> Item:
        period = plan.custody_period
        due = rules_gate.checklist_due(plan.sort_on).value
        assert due is not None
        what = ngettext(
            "Finish the release checklist: %(n)d item to do (release on %(date)s)",
            "Finish the release checklist: %(n)d items to do (release on %(date)s)",
            plan.still_open,
        ) % {"n": plan.still_open, "date": format_date(period.release_date)}
        href = reverse("plan_checklist", args=[period.person.prison_number])
        return Item(period, what, due, href, overdue=due < today, sort=(due,))

    period = "custody_period"
    return [
        Source(OVERDUE, _ordered(no_release_day.filter(**{f"{state}released_on__lt": today}), released_on, period, "pk"), release_day),
        Source(
            AFTER_RELEASE, _ordered(no_release_day.filter(**{f"{state}released_on__gte": today}), released_on, period, "pk"), release_day
        ),
        # Due some weeks after release (P12): overdue when released more than that long ago.
        Source(
            OVERDUE,
            _ordered(no_after_release.filter(**{f"{state}released_on__lt": today - timedelta(weeks=weeks)}), released_on, period, "pk"),
            after_release,
        ),
        Source(
            AFTER_RELEASE,
            _ordered(no_after_release.filter(**{f"{state}released_on__gte": today - timedelta(weeks=weeks)}), released_on, period, "pk"),
            after_release,
        ),
        Source(TO_AGREE, _ordered(in_custody.filter(status=PlanStatus.DRAFT), TruncDate("proposed_at"), period, "pk"), to_agree),
        Source(OVERDUE, _ordered(reviews.filter(**{f"{state}handover_due_on__lt": today}), handover_due, period, "pk"), review),
        Source(REVIEWS, _ordered(reviews.filter(**{f"{state}handover_due_on__gte": today}), handover_due, period, "pk"), review),
        Source(OVERDUE, _ordered(checklists.filter(**{f"{state}release_date__lte": today}), release_date, period, "pk"), release_checklist),
        Source(REVIEWS, _ordered(checklists.filter(**{f"{state}release_date__gt": today}), release_date, period, "pk"), release_checklist),
        Source(OVERDUE, _ordered(handovers.filter(**{f"{state}handover_due_on__lt": today}), handover_due, period, "pk"), handover),
        Source(HANDOVERS, _ordered(handovers.filter(**{f"{state}handover_due_on__gte": today}), handover_due, period, "pk"), handover),
    ]


def _activity_sources(user: Any, prison_ids: list[int], today: date, week_ends: date) -> list[Source]:
    """Open activities due by Sunday (overdue ones however old): of people in custody, and after release
    only those that continue in the community."""
    state = "plan__custody_period__screening_state__"
    first_day = timezone.localtime(released_visible_since()).date()
    in_custody = Q(**{f"{state}in_custody": True})
    continuing = Q(continues_after_release=True, **{f"{state}in_custody": False, f"{state}released_on__gte": first_day})
    rows = (
        PlanActivity.objects.visible_to(user)
        .filter(in_custody | continuing, status__in=OPEN_STATUSES, **{f"{state}prison_id__in": prison_ids})
        .select_related("plan__custody_period__person", "plan__custody_period__current_prison")
    )

    def item(a: PlanActivity) -> Item:
        assert a.due_on is not None
        period = a.plan.custody_period
        href = reverse("plan_activity", args=[period.person.prison_number, a.pk])
        what = f"{a.title} ({a.status_label.lower()})"
        return Item(period, what, a.due_on, href, overdue=a.due_on < today, sort=(a.due_on,))

    period = "plan__custody_period"
    return [
        Source(OVERDUE, _ordered(rows.filter(due_on__lt=today), F("due_on"), period, "pk"), item, period=period),
        Source(THIS_WEEK, _ordered(rows.filter(due_on__gte=today, due_on__lte=week_ends), F("due_on"), period, "pk"), item, period=period),
    ]


def _bcst2_sources(user: Any, prison_ids: list[int], today: date) -> list[Source]:
    """People in custody with BCST1 submitted and BCST2 not, whose BCST2 the screening rules require
    (their stored decisions: the due date is T2's)."""
    rows = (
        ScreeningState.objects.visible_to(user)
        .filter(prison_id__in=prison_ids, in_custody=True, bcst2_to_do=True, bcst1_submitted_at__isnull=False, bcst2_due_on__isnull=False)
        .select_related("custody_period__person", "custody_period__current_prison")
    )

    def item(s: ScreeningState) -> Item:
        due = s.bcst2_due_on
        assert due is not None
        href = reverse("screening_tasks", args=[s.custody_period.person.prison_number, "bcst2"])
        what = _("Finish BCST2") if s.bcst2_started else _("Complete BCST2")
        return Item(s.custody_period, what, due, href, overdue=due < today, sort=(due,), has_plan=False)

    period = "custody_period"
    return [
        Source(OVERDUE, _ordered(rows.filter(bcst2_due_on__lt=today), F("bcst2_due_on"), period, "received_at", "pk"), item),
        Source(BCST2, _ordered(rows.filter(bcst2_due_on__gte=today), F("bcst2_due_on"), period, "received_at", "pk"), item),
    ]


def _referral_sources(user: Any, prison_ids: list[int]) -> list[Source]:
    """Referrals from the CRC that wait for the referrer: declined or cancelled by the partner while the plan
    activity is still open and not referred again; and rate-card referrals still open with no authorised
    purchase (R-F3: unfunded until the purchase is added)."""

    open_again = Referral.objects.filter(plan_activity=OuterRef("plan_activity"), status__in=referral_rules.OPEN)
    refused = Q(status__in=(referral_rules.DECLINED, referral_rules.CANCELLED), plan_activity__status__in=OPEN_STATUSES) & ~Q(
        Exists(open_again)
    )
    unfunded = Q(funding=referral_rules.RATE_CARD, status__in=referral_rules.OPEN) & ~Q(purchase__status=PurchaseStatus.AUTHORISED)
    state = "plan_activity__plan__custody_period__screening_state__"
    first_day = timezone.localtime(released_visible_since()).date()
    in_custody = Q(**{f"{state}in_custody": True})
    released = Q(**{f"{state}in_custody": False, f"{state}released_on__gte": first_day})
    rows = (
        Referral.objects.visible_to(user)
        .filter(refused | unfunded, in_custody | released, **{f"{state}prison_id__in": prison_ids})
        .select_related(
            "organisation", "purchase", "plan_activity__plan__custody_period__person", "plan_activity__plan__custody_period__current_prison"
        )
    )
    # An open referral waits from when it was sent; a refused one from when it was refused.
    on = Case(
        When(status__in=referral_rules.OPEN, then=TruncDate("referred_at")),
        default=TruncDate("status_changed_at"),
        output_field=DateField(),
    )

    def item(referral: Any) -> Item:
        on = referral.sort_on
        needs = instead = ""
        words = {"ref": referral.reference, "org": referral.organisation.name, "title": referral.activity_title}
        if referral.status in referral_rules.OPEN and referral.purchase is None:
            what = _("%(ref)s to %(org)s (%(title)s) is unfunded: add the purchase") % words
            href, label = reverse("referral_purchase", args=[referral.pk]), _("Sent")
            needs, instead = "referral.make", reverse("referral_detail", args=[referral.pk])
        elif referral.status in referral_rules.OPEN:  # its purchase is used up or cancelled: more units, or another purchase
            status = referral.purchase.get_status_display().lower()  # type: ignore[union-attr]
            what = _("%(ref)s to %(org)s (%(title)s) is unfunded: its purchase is %(status)s") % {**words, "status": status}
            href, label = reverse("referral_detail", args=[referral.pk]), _("Sent")
        else:
            verb = _("declined") if referral.status == referral_rules.DECLINED else _("cancelled")
            what = _("%(ref)s (%(title)s) was %(verb)s by %(org)s: refer elsewhere or change the activity") % {**words, "verb": verb}
            href, label = reverse("referral_detail", args=[referral.pk]), str(verb).capitalize()
        period = referral.plan_activity.plan.custody_period
        return Item(period, what, on, href, sort=(on,), when_label=label, needs=needs, instead=instead)

    period = "plan_activity__plan__custody_period"
    return [Source(REFERRALS, _ordered(rows, on, period, "status_changed_at", "pk"), item, ids_first=True, period=period)]


def _flag_sources(user: Any, prison_ids: list[int]) -> list[Source]:
    """Immediate needs flagged by BCST1 and not yet acknowledged by the CRC, of people in custody."""

    rows = (
        NeedFlag.objects.visible_to(user)
        .filter(acknowledged_at__isnull=True, withdrawn_at__isnull=True)
        .filter(custody_period__screening_state__in_custody=True, custody_period__screening_state__prison_id__in=prison_ids)
        .select_related("custody_period__person", "custody_period__current_prison")
    )

    def item(flag: Any) -> Item:
        on = flag.sort_on
        number = flag.custody_period.person.prison_number
        href = reverse("flag_acknowledge", args=[number, flag.pk])
        what = _("Acknowledge: %(need)s") % {"need": flag.need}
        return Item(
            flag.custody_period,
            what,
            on,
            href,
            sort=(on,),
            when_label=_("Raised"),
            has_plan=False,
            needs="screening.acknowledge",
            instead=reverse("person_screening", args=[number]),
            post=True,
        )

    return [Source(FLAGS, _ordered(rows, TruncDate("raised_at"), "custody_period", "raised_at", "pk"), item)]


def crc_prisons(user: Any) -> list[Prison]:
    """The prisons the user works in for a CRC (one query): those their CRC serves, or those where their
    organisation does the CRC's TTG casework (ttg.accounts.workplaces)."""
    where = workplaces.prisons(user) if workplaces.works_in_crc_prisons(user) else None
    if where is None:
        return []
    return list(Prison.objects.visible_to(user).filter(where).order_by("name"))


def _sources(user: Any, prison_ids: list[int], today: date, week_ends: date, whose: str = "") -> list[Source]:
    # In this order, so that work of several kinds due on one day for one person keeps one order.
    sources = [
        *_plan_sources(user, prison_ids, today),
        *_activity_sources(user, prison_ids, today, week_ends),
        *_bcst2_sources(user, prison_ids, today),
        *_referral_sources(user, prison_ids),
        *_flag_sources(user, prison_ids),
    ]
    return [source.whose(user, whose) for source in sources]


def whose_choices(user: Any) -> list[str]:
    """The work list's filters this user has: everyone at the prisons where they work ("my prison"); for a
    caseworker, the people allocated to them ("my people"); for whoever sees allocations, the people allocated
    to nobody. Empty: no filter (allocation is not theirs to see). Reading the role only: no query."""
    if not access.can(user, "allocation.view"):
        return []
    # Only a CRC's own caseworkers are allocated to (rule AL1): a partner's have no "my people" yet.
    mine = [selectors_allocation.MINE] if user.role == Role.TTG_CASEWORKER and user.crc_id else []
    return [selectors_allocation.EVERYONE, *mine, selectors_allocation.UNALLOCATED]


def _chosen(user: Any, prison_code: str) -> tuple[list[Prison], Prison | None, list[int]]:
    prisons = crc_prisons(user)
    chosen = next((p for p in prisons if p.code == prison_code), None)
    return prisons, chosen, [chosen.pk] if chosen else [p.pk for p in prisons]


def work_list(user: Any, prison_code: str = "", whose: str = "") -> WorkList:
    """The caseworker's work list, for all the CRC's prisons or one of them (an unknown code: all), of everyone
    there or only of the people allocated to the user or to nobody (`whose`, one of whose_choices; any other
    value: everyone).

    Nineteen queries however many people: the prisons, then one per kind of work and section, each
    returning the rows shown and, with them, how many there are in all. Filtered by whose, the same number."""
    today = clock.today()
    week_ends = end_of_week(today)
    whose = whose if whose in whose_choices(user) else selectors_allocation.EVERYONE
    prisons, chosen, prison_ids = _chosen(user, prison_code)
    shown = rows_shown()
    items: dict[str, list[Item]] = {key: [] for key in SECTION_KEYS}
    totals = dict.fromkeys(SECTION_KEYS, 0)
    if prison_ids:
        refresh_due(prison_ids)
        for source in _sources(user, prison_ids, today, week_ends, whose):
            rows, total = source.page(shown)
            totals[source.section] += total
            items[source.section].extend(source.item(row) for row in rows)
    allowed = {action: access.can(user, action) for action in {i.needs for found in items.values() for i in found if i.needs}}
    for found in items.values():
        for i in found:
            i.allowed = allowed.get(i.needs, True)
    sections = []
    for key in SECTION_KEYS:
        rows = sorted(items[key], key=lambda i: (*i.sort, i.person.last_name, i.person.first_name, i.person.prison_number))
        sections.append(Section(key, _(HEADINGS[key]), _(EMPTY[key]), rows[:shown], totals[key]))
    return WorkList(prisons=prisons, prison=chosen, sections=sections, today=today, week_ends=week_ends, whose=whose)


def work_counts(user: Any) -> dict[str, int]:
    """How much work there is in each section, for all the CRC's prisons: one query, each kind of work
    counted in its own subquery (the home page)."""
    today = clock.today()
    _prisons, _chosen_prison, prison_ids = _chosen(user, "")
    totals = dict.fromkeys(SECTION_KEYS, 0)
    if not prison_ids:
        return totals
    refresh_due(prison_ids)
    sources = _sources(user, prison_ids, today, end_of_week(today))
    counts = {
        f"n{i}": Coalesce(Subquery(source.rows.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")), 0)
        for i, source in enumerate(sources)
    }
    found = Prison.objects.filter(pk=prison_ids[0]).annotate(**counts).values(*counts).get()
    for i, source in enumerate(sources):
        totals[source.section] += found[f"n{i}"]
    return totals


# --- allocation: the CRC manager's list (rule AL1, docs/allocation.md) ---------------------------------

UNALLOCATED_PAGE_SIZE = 25


@dataclass
class Unallocated:
    prisons: list[Prison]
    prison: Prison | None  # the prison chosen, or None for all the CRC's prisons
    page: Page[CustodyPeriod]


def _unallocated(user: Any, prison_ids: list[int]) -> QuerySet[CustodyPeriod]:
    """Custody periods in the prisons with work on the work list (any source) and no current allocation."""
    if not prison_ids:
        return CustodyPeriod.objects.none()
    today = clock.today()
    refresh_due(prison_ids)
    due = Q()
    for source in _sources(user, prison_ids, today, end_of_week(today)):
        due |= Q(pk__in=source.rows.order_by().values(source.period))
    # The prisons' periods first (their prison's index), so that PostgreSQL tests only those against the kinds
    # of work and the allocations, rather than reading every custody period to test each.
    recent = Q(released_at__isnull=True) | Q(released_at__gte=released_visible_since())
    return (
        CustodyPeriod.objects.visible_to(user)
        .filter(recent, due, current_prison_id__in=prison_ids)
        .filter(selectors_allocation.whose(user, selectors_allocation.UNALLOCATED, "pk"))
    )


def unallocated_due_work(user: Any, prison_code: str = "", page: Any = 1) -> Unallocated:
    """The people allocated to nobody who have work on the work list (any section: overdue, due, waiting),
    in the CRC's prisons or the one chosen, for the CRC manager who allocates them: by release date (unknown
    last), then name. One indexed SQL query for the page and one for the count, however many people: each
    kind of work gives its custody periods as a subquery (the work list's own queries), and the current
    allocations are looked up by their partial unique index."""
    prisons, chosen, prison_ids = _chosen(user, prison_code) if access.can(user, "allocation.make") else ([], None, [])
    periods = (
        _unallocated(user, prison_ids)
        .select_related("person", "current_prison")
        .order_by(F("release_date").asc(nulls_last=True), "person__last_name", "person__first_name", "person__prison_number")
    )
    return Unallocated(prisons=prisons, prison=chosen, page=Paginator(periods, UNALLOCATED_PAGE_SIZE).get_page(page))


def unallocated_count(user: Any) -> int:
    """How many people due work in all the CRC's prisons nobody holds (the manager's home page): one query."""
    if not access.can(user, "allocation.make"):
        return 0
    _prisons, _chosen_prison, prison_ids = _chosen(user, "")
    return _unallocated(user, prison_ids).count()
