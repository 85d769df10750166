"""Reads of referrals, scoped to the user through the access kernel, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from ttg.core import access, clock
from ttg.core.rules import local_date, without_citations
from ttg.payments import rules as payment_rules
from ttg.payments.constants import VariationStatus
from ttg.payments.models import Delivery

from . import rules
from .models import Assignment, CaseNote, OutcomeAchievement, Referral, Session, UnfundedWork

# The partner's inbox tabs: (slug, label, condition). "mine" also needs the user.
TABS: tuple[tuple[str, str], ...] = (
    ("new", "New"),
    ("mine", "My cases"),
    ("open", "All open"),
    ("completed", "Completed"),
    ("declined", "Declined"),
)
TAB_SLUGS = tuple(slug for slug, _ in TABS)
# Lists are pages of an indexed query (issue 14): newest first, as the models order them, the id last
# so that pages never overlap. Indexes: referral_partner_idx, unfunded_work_org_idx; the CRC's lists are
# read from the people in their scope (people.access), through the foreign keys' indexes.
PAGE_SIZE = 50
NEWEST_FIRST = ("-referred_at", "-id")
HUNDREDTHS = Decimal("0.01")


def _tab_condition(tab: str, user: Any) -> Q:
    if tab == "new":
        return Q(status=rules.SENT)
    if tab == "mine":
        return Q(status__in=rules.OPEN, assigned_to=user)
    if tab == "open":
        return Q(status__in=rules.OPEN)
    if tab == "completed":
        return Q(status=rules.COMPLETED)
    if tab == "declined":
        return Q(status__in=(rules.DECLINED, rules.WITHDRAWN, rules.CANCELLED))
    raise ValueError(tab)


def _list(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related(
        "organisation", "assigned_to", "referred_by", "crc", "purchase__purchaser_crc", "purchase__nps_division", "purchase__purchased_by"
    ).prefetch_related("desired_outcomes", "purchase__deliveries", "purchase__variations")


def _page(qs: QuerySet[Any], number: Any) -> Page:
    """One page of an ordered queryset: its rows read once (the count is a separate query, without
    the prefetches; the prefetches read only the rows shown)."""
    page = Paginator(qs, PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    return page


@dataclass
class Inbox:
    tab: str
    page: Page
    counts: dict[str, int]

    @property
    def referrals(self) -> list[Referral]:
        """The referrals shown: one page of the tab."""
        return list(self.page.object_list)


def inbox(user: Any, tab: str, *, page: Any = 1) -> Inbox:
    """One page of one tab of the partner's inbox, with the count of every tab: a fixed number of queries."""
    visible = Referral.objects.visible_to(user)
    counts = visible.aggregate(**{slug: Count("pk", filter=_tab_condition(slug, user)) for slug in TAB_SLUGS})
    shown = _page(_list(visible.filter(_tab_condition(tab, user))).order_by(*NEWEST_FIRST), page)
    return Inbox(tab=tab, page=shown, counts=counts)


def new_count(user: Any) -> int:
    return Referral.objects.visible_to(user).filter(status=rules.SENT).count()


def referrer_list(user: Any, *, page: Any = 1, person: Any = None) -> Page:
    """One page of the referrals the user may see (of one person's plans, if given), newest first, with what
    the list shows (the organisation): few joins, so that PostgreSQL plans the whole query (below its
    join_collapse_limit) and reads the referrals from the user's people rather than the whole table."""
    visible = Referral.objects.visible_to(user)
    if person is not None:
        visible = visible.filter(plan_activity__plan__custody_period__person=person)
    return _page(visible.select_related("organisation").order_by(*NEWEST_FIRST), page)


API_LIMIT = 500


def api_list(user: Any, *, status: str | None = None) -> list[Referral]:
    """Up to API_LIMIT referrals the user may see (in one status), newest first, with what the API shows.

    In two steps: the ids of the rows, with only the joins that scope and order them, then those rows
    with what the API shows (not the person: partners never read the person tables). One query with
    both would join more tables than PostgreSQL reorders (join_collapse_limit), and read every
    referral to find the user's."""
    visible = Referral.objects.visible_to(user)
    if status:
        visible = visible.filter(status=status)
    ids = list(visible.order_by(*NEWEST_FIRST).values_list("pk", flat=True)[:API_LIMIT])
    # These ids are the user's (scoped just above): scoping again would add the joins back.
    return list(_with_work(Referral.objects.filter(pk__in=ids)).order_by(*NEWEST_FIRST))


def referral(user: Any, pk: Any) -> Referral:
    """One referral with everything its page shows, or the same 404 for missing and not yours."""
    return access.get_for(user, with_everything(Referral.objects.all()), pk=pk)


def _with_work(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """The referrals with their sessions, notes, outcomes, caseworker history and end: what the API shows."""
    return (
        _list(qs)
        .prefetch_related(  # type: ignore[type-var]
            Prefetch("sessions", queryset=Session.objects.select_related("recorded_by")),
            Prefetch("notes", queryset=CaseNote.objects.select_related("author")),
            Prefetch("outcomes", queryset=OutcomeAchievement.objects.select_related("desired_outcome", "recorded_by")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("caseworker", "previous", "by")),
        )
        .select_related("end_of_service__closed_by")
    )


def with_everything(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """The referrals with their sessions, notes, outcomes and caseworker history, and the person (for
    the referrer's page): a fixed number of queries."""
    return _with_work(qs).select_related("plan_activity__plan__custody_period__person")


@dataclass(frozen=True)
class WorkFunding:
    """One piece of a rate-card referral's recorded work that its purchase pays for, and whether it is claimed."""

    work: rules.Work
    claimed: bool
    words: str  # claimed on which purchase, or why not (payments.rules.unfunded_words)
    reference: str  # the purchase it is recorded against; "" when none


def work_funding(referral: Referral) -> list[WorkFunding]:
    """Every piece of work recorded on a rate-card referral that its service is paid for, each either
    claimed or shown with the reason it is not (R-R3, R-F3b): nothing recorded is left out. For the
    referral's page (both sides) and the API: its sessions and outcomes are prefetched (with_everything);
    two more queries: the deliveries, on whichever purchase each is live, and those purchases' variations."""
    if referral.funding != rules.RATE_CARD:
        return []
    purchase = referral.purchase
    work = rules.paid_work(
        purchase.item.unit if purchase is not None else None,
        referral=referral.pk,
        accepted_on=local_date(referral.accepted_at) if referral.accepted_at else None,
        sessions=[(s.pk, s.on, s.attendance) for s in referral.sessions.all()],
        outcomes=[(o.pk, o.desired_outcome.text, o.result, local_date(o.recorded_at)) for o in referral.outcomes.all()],
    )
    if not work:
        return []
    deliveries = {
        d.source_key: d
        for d in Delivery.objects.filter(source_key__in=[w.key for w in work], withdrawn_at__isnull=True)
        .select_related("purchase__purchaser_crc", "purchase__nps_division", "purchase__purchased_by")
        .prefetch_related("purchase__variations")
    }
    today = clock.today()
    rows = []
    for piece in work:
        delivery = deliveries.get(piece.key)
        if delivery is None:
            words = (
                str(_("Not yet funded: no purchase has been asked for. Add the purchase, and it is claimed if the purchase covers it."))
                if purchase is None
                else str(_("Not recorded against purchase %(ref)s yet.") % {"ref": purchase.reference})
            )
            rows.append(WorkFunding(piece, False, words, ""))
            continue
        bought = delivery.purchase
        extra = sum(v.extra_units for v in bought.variations.all() if v.status == VariationStatus.APPROVED)
        words = without_citations(  # the words people read: the rule's citation is for administrators
            payment_rules.unfunded_words(
                delivery.unfunded_reason,
                reference=bought.reference,
                purchaser=bought.purchaser_name,
                covers_from=bought.covers_from,
                limit=bought.units_authorised + extra,
                on=today,
                decision_reason=bought.decision_reason,
            )
        )
        rows.append(WorkFunding(piece, delivery.claimed, words, bought.reference))
    return rows


def shared_facts(referral: Referral) -> dict[str, str]:
    """What the referrer shared about the person, as it stands now: the copy made when the referral was
    sent, except the expected release date, which is read from the custody period when it was shared
    (the custody feed moves it after sending; issue 16). Needs `with_everything` (the period is joined)."""
    facts = dict(referral.shared_information or {})
    if "release_date" in facts:
        period = referral.plan_activity.plan.custody_period
        facts["release_date"] = period.release_date.isoformat() if period.release_date else ""
    return facts


def for_activity(user: Any, activity: Any) -> list[Referral]:
    return list(_list(Referral.objects.visible_to(user).filter(plan_activity=activity)))


def unfunded_work(user: Any, *, page: Any = 1) -> Page:
    """One page of the unfunded work the user may see, latest first."""
    return _page(UnfundedWork.objects.visible_to(user).select_related("recorded_by", "referral").order_by("-on", "-id"), page)


def unfunded_hours(user: Any) -> Decimal:
    """The hours of all the unfunded work the user may see, summed in SQL, to the hundredth as the
    hours are recorded (SQLite's sum does not keep the places)."""
    total = UnfundedWork.objects.visible_to(user).aggregate(h=Sum("hours", output_field=DecimalField(max_digits=12, decimal_places=2)))["h"]
    return (total or Decimal("0")).quantize(HUNDREDTHS)


@dataclass
class Aggregates:
    by_status: list[dict[str, Any]]
    by_organisation: list[dict[str, Any]]
    by_crc: list[dict[str, Any]]
    funded: int
    unfunded: int
    unfunded_hours: Decimal
    unfunded_records: int


def aggregates(user: Any) -> Aggregates:
    """Counts for the CRCs a contract manager manages: never the records themselves.

    Unfunded work recorded against a referral counts for that referral's CRC; work recorded without
    a referral counts when the organisation has a referral from one of those CRCs."""
    crcs = list(user.managed_crcs.values_list("pk", flat=True)) if access.can(user, "referral.aggregates") else []
    referrals = Referral.objects.filter(crc_id__in=crcs)
    by_status = [dict(r) for r in referrals.values("status").annotate(n=Count("pk")).order_by("status")]
    labels = dict(Referral._meta.get_field("status").choices or [])
    for row in by_status:
        row["label"] = labels.get(row["status"], row["status"])
    by_organisation = [dict(r) for r in referrals.values("organisation__name").annotate(n=Count("pk")).order_by("organisation__name")]
    by_crc = [dict(r) for r in referrals.values("crc__name").annotate(n=Count("pk")).order_by("crc__name")]
    funding = referrals.aggregate(funded=Count("pk", filter=Q(funding=rules.SUPPLY_CHAIN)), all=Count("pk"))
    organisations = referrals.values("organisation_id")
    work = UnfundedWork.objects.filter(Q(referral__crc_id__in=crcs) | Q(referral__isnull=True, organisation_id__in=organisations))
    totals = work.aggregate(hours=Sum("hours"), n=Count("pk"))
    return Aggregates(
        by_status=by_status,
        by_organisation=by_organisation,
        by_crc=by_crc,
        funded=funding["funded"],
        unfunded=funding["all"] - funding["funded"],
        unfunded_hours=totals["hours"] or Decimal("0"),
        unfunded_records=totals["n"],
    )
