"""The work lists as they were before the decisions were stored (issue 14), kept as the tests' oracle:
they applied the rules to everyone in the prison on each request. The tests check that the stored,
indexed lists show the same people in the same order. Not used by the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ttg.core import access, clock
from ttg.core.rules import LONDON, format_date
from ttg.estate.models import Prison
from ttg.payments.constants import PurchaseStatus
from ttg.people.access import released_visible_since
from ttg.people.models import CustodyPeriod
from ttg.plans.gate import rules as rules_gate
from ttg.plans.gate.models import OutcomeKind, ReleaseOutcome, ReviewStatus
from ttg.plans.handover import selectors as selectors_handover
from ttg.plans.plan import rules
from ttg.plans.plan.models import Plan, PlanActivity, PlanStatus
from ttg.plans.plan.services import plan_settings
from ttg.referrals import rules as referral_rules
from ttg.referrals.models import Referral
from ttg.screening.models import Kind, NeedFlag, Screening
from ttg.screening.selectors import PeriodScreening, decide, with_history

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
    released = Q(custody_period__released_at__gte=released_visible_since())
    wanted = (in_custody & Q(status=PlanStatus.DRAFT)) | (in_custody & Q(custody_period__release_date__lte=horizon)) | released
    return list(
        Plan.objects.visible_to(user)
        .filter(wanted, custody_period__current_prison_id__in=prison_ids)
        .select_related("custody_period__person", "custody_period__current_prison", "pre_release_review", "handover", "release_checklist")
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
                item = Item(period, _("Record the release-day outcomes"), released_on, href, late, (released_on,), _("Released"))
                out[OVERDUE if late else AFTER_RELEASE].append(item)
            if OutcomeKind.AFTER_RELEASE not in kinds:
                due = rules_gate.after_release_due(released_on, outcome_settings).value
                assert due is not None
                href = reverse("plan_outcome", args=[number, "after-release"])
                late = due < today
                item = Item(period, _("Record the outcomes after release"), due, href, overdue=late, sort=(due,))
                out[OVERDUE if late else AFTER_RELEASE].append(item)
            continue
        if plan.status == PlanStatus.DRAFT:
            proposed = timezone.localtime(plan.proposed_at).date()
            out[TO_AGREE].append(
                Item(period, _("Agree the plan with the person"), proposed, plan_href, sort=(proposed,), when_label=_("Proposed"))
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
            out[OVERDUE if late else REVIEWS].append(Item(period, what, when, href, late, (when,), label))
        # The release checklist (issue 23; rules G1, G2), applied to each plan by the pure rule.
        checklist = _has(plan, "release_checklist")
        still_open = len(rules_gate.open_items(checklist.items)) if checklist else len(rules_gate.CHECKLIST)
        if opens is not None and today >= opens and still_open:
            due = rules_gate.checklist_due(release).value
            assert due is not None
            late = rules_gate.checklist_overdue(release_date=release, open_count=still_open, today=today).value
            what = ngettext(
                "Finish the release checklist: %(n)d item to do (release on %(date)s)",
                "Finish the release checklist: %(n)d items to do (release on %(date)s)",
                still_open,
            ) % {"n": still_open, "date": format_date(release)}
            href = reverse("plan_checklist", args=[number])
            out[OVERDUE if late else REVIEWS].append(Item(period, what, due, href, overdue=late, sort=(due,)))
        if handover_due is not None and _has(plan, "handover") is None and handover_due <= handover_until:
            late = handover_due < today
            what = _("Hand over to the responsible officer (release on %(date)s)") % {"date": format_date(release)}
            href = reverse("plan_handover", args=[number])
            out[OVERDUE if late else HANDOVERS].append(Item(period, what, handover_due, href, overdue=late, sort=(handover_due,)))
    return out


def _activity_items(user: Any, prison_ids: list[int], today: date, week_ends: date) -> dict[str, list[Item]]:
    """Open activities due by Sunday (overdue ones however old): of people in custody, and after release
    only those that continue in the community. One query."""
    in_custody = Q(plan__custody_period__released_at__isnull=True)
    continuing = Q(continues_after_release=True, plan__custody_period__released_at__gte=released_visible_since())
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
        out[OVERDUE if late else THIS_WEEK].append(Item(a.plan.custody_period, what, a.due_on, href, overdue=late, sort=(a.due_on,)))
    return out


def _bcst2_items(user: Any, prison_ids: list[int], today: date) -> dict[str, list[Item]]:
    """People in custody with BCST1 submitted and BCST2 not, whose BCST2 the screening rules require.
    The SQL narrows to those rows; the rules (and their due date, T2) are the screening work list's own.
    Five queries: the people, their screenings, and what the rules need (designations, flags, duties)."""

    submitted = Screening.objects.filter(custody_period=OuterRef("pk"), submitted_at__isnull=False)
    periods = with_history(
        CustodyPeriod.objects.visible_to(user)
        .filter(current_prison_id__in=prison_ids, released_at__isnull=True)
        .filter(Exists(submitted.filter(kind=Kind.BCST1)))
        .exclude(Exists(submitted.filter(kind=Kind.BCST2)))
    )
    out: dict[str, list[Item]] = {OVERDUE: [], BCST2: []}
    for row in decide(list(periods)):
        due = row.decisions.bcst2.value.due_on
        if not row.bcst2_to_do or due is None:
            continue
        late = due < today
        href = reverse("screening_tasks", args=[row.period.person.prison_number, "bcst2"])
        started = row.bcst2 is not None
        what = _("Finish BCST2") if started else _("Complete BCST2")
        out[OVERDUE if late else BCST2].append(Item(row.period, what, due, href, overdue=late, sort=(due,), has_plan=False))
    return out


def _referral_items(user: Any, prison_ids: list[int]) -> dict[str, list[Item]]:
    """Referrals from the CRC that wait for the referrer: declined or cancelled by the partner while the plan
    activity is still open and not referred again; and rate-card referrals still open with no authorised
    purchase (R-F3: unfunded until the purchase is added). One query."""

    open_again = Referral.objects.filter(plan_activity=OuterRef("plan_activity"), status__in=referral_rules.OPEN)
    refused = Q(status__in=(referral_rules.DECLINED, referral_rules.CANCELLED), plan_activity__status__in=OPEN_STATUSES) & ~Q(
        Exists(open_again)
    )
    unfunded = Q(funding=referral_rules.RATE_CARD, status__in=referral_rules.OPEN) & ~Q(purchase__status=PurchaseStatus.AUTHORISED)
    in_custody = Q(plan_activity__plan__custody_period__released_at__isnull=True)
    released = Q(plan_activity__plan__custody_period__released_at__gte=released_visible_since())
    rows = (
        Referral.objects.visible_to(user)
        .filter(refused | unfunded, in_custody | released, plan_activity__plan__custody_period__current_prison_id__in=prison_ids)
        .select_related(
            "organisation", "purchase", "plan_activity__plan__custody_period__person", "plan_activity__plan__custody_period__current_prison"
        )
        .order_by("status_changed_at", "pk")
    )
    out: dict[str, list[Item]] = {REFERRALS: []}
    for referral in rows:
        on = timezone.localtime(referral.status_changed_at).date()
        words = {"ref": referral.reference, "org": referral.organisation.name, "title": referral.activity_title}
        if referral.status in referral_rules.OPEN and referral.purchase is None:
            what = _("%(ref)s to %(org)s (%(title)s) is unfunded: add the purchase") % words
            href, label = reverse("referral_purchase", args=[referral.pk]), _("Sent")
            on = timezone.localtime(referral.referred_at).date()
        elif referral.status in referral_rules.OPEN:  # its purchase is used up or cancelled: more units, or another purchase
            status = referral.purchase.get_status_display().lower()  # type: ignore[union-attr]
            what = _("%(ref)s to %(org)s (%(title)s) is unfunded: its purchase is %(status)s") % {**words, "status": status}
            href, label = reverse("referral_detail", args=[referral.pk]), _("Sent")
            on = timezone.localtime(referral.referred_at).date()
        else:
            verb = _("declined") if referral.status == referral_rules.DECLINED else _("cancelled")
            what = _("%(ref)s (%(title)s) was %(verb)s by %(org)s: refer elsewhere or change the activity") % {**words, "verb": verb}
            href, label = reverse("referral_detail", args=[referral.pk]), str(verb).capitalize()
        out[REFERRALS].append(Item(referral.plan_activity.plan.custody_period, what, on, href, sort=(on,), when_label=label))
    return out


def _flag_items(user: Any, prison_ids: list[int]) -> dict[str, list[Item]]:
    """Immediate needs flagged by BCST1 and not yet acknowledged by the CRC, of people in custody. One query."""

    rows = (
        NeedFlag.objects.visible_to(user)
        .filter(acknowledged_at__isnull=True, withdrawn_at__isnull=True)
        .filter(custody_period__released_at__isnull=True, custody_period__current_prison_id__in=prison_ids)
        .select_related("custody_period__person", "custody_period__current_prison")
        .order_by("raised_at", "pk")
    )
    out: dict[str, list[Item]] = {FLAGS: []}
    for flag in rows:
        on = timezone.localtime(flag.raised_at).date()
        href = reverse("flag_acknowledge", args=[flag.custody_period.person.prison_number, flag.pk])
        what = _("Acknowledge: %(need)s") % {"need": flag.need}
        out[FLAGS].append(Item(flag.custody_period, what, on, href, sort=(on,), when_label=_("Raised"), has_plan=False))
    return out


def crc_prisons(user: Any) -> list[Prison]:
    """The prisons the user's CRC serves (one query)."""
    if not getattr(user, "crc_id", None):
        return []
    return list(Prison.objects.visible_to(user).filter(crc_id=user.crc_id).order_by("name"))


def work_list(user: Any, prison_code: str = "") -> WorkList:
    """The caseworker's work list, for all the CRC's prisons or one of them (an unknown code: all).

    Fourteen queries however many people: prisons, plans, their outcomes, activities, five for BCST2,
    referrals, flags (and, in tests, none more)."""
    today = clock.today()
    week_ends = end_of_week(today)
    prisons = crc_prisons(user)
    chosen = next((p for p in prisons if p.code == prison_code), None)
    prison_ids = [chosen.pk] if chosen else [p.pk for p in prisons]
    items: dict[str, list[Item]] = {key: [] for key in SECTION_KEYS}
    if prison_ids:
        for found in (
            _plan_items(_candidate_plans(user, prison_ids, today), today),
            _activity_items(user, prison_ids, today, week_ends),
            _bcst2_items(user, prison_ids, today),
            _referral_items(user, prison_ids),
            _flag_items(user, prison_ids),
        ):
            for key, rows in found.items():
                items[key].extend(rows)
    shown = rows_shown()
    sections = []
    for key in SECTION_KEYS:
        rows = sorted(items[key], key=lambda i: (*i.sort, i.person.last_name, i.person.first_name, i.person.prison_number))
        sections.append(Section(key, _(HEADINGS[key]), _(EMPTY[key]), rows[:shown], len(rows)))
    return WorkList(prisons=prisons, prison=chosen, sections=sections, today=today, week_ends=week_ends)


# --- the prison screening list, as it was -----

SCREENING_TABS = ("bcst1", "bcst2", "flags", "duty", "pre_release")
SCREENING_ORDER = {"overdue": 0, "due_soon": 1, "due": 2, "none": 3}


@dataclass
class ScreeningWorkList:
    prison: Prison
    tabs: dict[str, list[PeriodScreening]]


def prison_work_list(user: Any, code: str) -> ScreeningWorkList:
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
            key=lambda r: (SCREENING_ORDER[r.states["bcst1"]], r.decisions.bcst1.value.due_at or datetime.max.replace(tzinfo=LONDON)),
        ),
        "bcst2": sorted(
            (r for r in rows if r.bcst2_to_do), key=lambda r: (SCREENING_ORDER[r.states["bcst2"]], r.decisions.bcst2.value.due_on or far)
        ),
        "flags": sorted((r for r in rows if r.waiting_flags), key=lambda r: r.period.received_at),
        "duty": sorted((r for r in rows if r.duty_due), key=lambda r: r.duty.due_on if r.duty else far),
        "pre_release": sorted((r for r in rows if r.pre_release_open), key=lambda r: r.period.release_date or far),
    }
    return ScreeningWorkList(prison=prison, tabs=tabs)
