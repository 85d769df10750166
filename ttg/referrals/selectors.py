"""Reads of referrals, scoped to the user through the access kernel, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from ttg.core import access

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
    return qs.select_related("organisation", "assigned_to", "referred_by", "crc", "purchase").prefetch_related(
        "desired_outcomes", "purchase__deliveries", "purchase__variations"
    )


@dataclass
class Inbox:
    tab: str
    referrals: list[Referral]
    counts: dict[str, int]


def inbox(user: Any, tab: str) -> Inbox:
    """One tab of the partner's inbox, with the count of every tab: three queries whatever the rows."""
    visible = Referral.objects.visible_to(user)
    counts = visible.aggregate(**{slug: Count("pk", filter=_tab_condition(slug, user)) for slug in TAB_SLUGS})
    rows = list(_list(visible.filter(_tab_condition(tab, user))))
    return Inbox(tab=tab, referrals=rows, counts=counts)


def new_count(user: Any) -> int:
    return Referral.objects.visible_to(user).filter(status=rules.SENT).count()


def referrer_list(user: Any) -> list[Referral]:
    return list(_list(Referral.objects.visible_to(user)))


def referral(user: Any, pk: Any) -> Referral:
    """One referral with everything its page shows, or the same 404 for missing and not yours."""
    return access.get_for(user, with_everything(Referral.objects.all()), pk=pk)


def with_everything(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """The referrals with their sessions, notes, outcomes and caseworker history: a fixed number of queries."""
    return (
        _list(qs)
        .prefetch_related(  # type: ignore[type-var]
            Prefetch("sessions", queryset=Session.objects.select_related("recorded_by")),
            Prefetch("notes", queryset=CaseNote.objects.select_related("author")),
            Prefetch("outcomes", queryset=OutcomeAchievement.objects.select_related("desired_outcome", "recorded_by")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("caseworker", "previous", "by")),
        )
        .select_related("end_of_service__closed_by", "plan_activity__plan__custody_period__person")
    )


def for_activity(user: Any, activity: Any) -> list[Referral]:
    return list(_list(Referral.objects.visible_to(user).filter(plan_activity=activity)))


def unfunded_work(user: Any) -> list[UnfundedWork]:
    return list(UnfundedWork.objects.visible_to(user).select_related("recorded_by", "referral"))


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
