"""Reads of contract assurance: scoped to the user, in a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.estate.models import CRC, Organisation
from ttg.payments import selectors as payments_selectors
from ttg.payments.constants import ClaimStatus
from ttg.payments.models import Claim, Escalation
from ttg.people.identity import may_identify
from ttg.people.models import Person

from .access import REVEAL
from .constants import ActionStatus, EngagementKind, IssueStatus
from .models import AuditSample, ContractIssue, Engagement, IssueNote, SampleAction, SampleCase

PAGE_SIZE = 50


def page_of(queryset: QuerySet[Any], number: Any) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(number)


# --- samples -------------------------------------------------------------------------------------------


def samples(user: Any) -> QuerySet[AuditSample]:
    return (
        AuditSample.objects.visible_to(user)
        .select_related("crc", "drawn_by")
        .annotate(
            checked=Count("cases", filter=Q(cases__checked_at__isnull=False), distinct=True),
            drawn=Count("cases", distinct=True),
            open_actions=Count("actions", filter=~Q(actions__status=ActionStatus.CLOSED), distinct=True),
        )
        .order_by("-drawn_at", "-pk")
    )


def sample(user: Any, pk: Any) -> AuditSample:
    return access.get_for(user, AuditSample.objects.select_related("crc", "drawn_by"), pk=pk)


def sample_cases(sample: AuditSample) -> list[SampleCase]:
    return list(
        sample.cases.select_related("custody_period__reception_prison", "checked_by").order_by("position")  # type: ignore[attr-defined]
    )


def sample_actions(sample: AuditSample) -> list[SampleAction]:
    return list(sample.actions.select_related("case", "responded_by", "closed_by", "created_by").order_by("due_on", "pk"))  # type: ignore[attr-defined]


def sample_case(user: Any, sample_pk: Any, pk: Any, *, action: str | None = None) -> SampleCase:
    return access.get_for(
        user,
        SampleCase.objects.select_related("sample__crc", "sample__drawn_by", "custody_period__reception_prison"),
        action=action,
        sample_id=sample_pk,
        pk=pk,
    )


def may_reveal(user: Any, sample: AuditSample) -> bool:
    return sample.drawn_by_id == user.pk and access.can(user, REVEAL)


def identified(user: Any, cases: list[SampleCase]) -> dict[int, Person]:
    """The people of the sample the user may be shown anyway (a CRC manager: those in their scope now); one query.
    Never for a contract manager: they see who a person is only through a reveal."""
    if not may_identify(user) or not cases:
        return {}
    people = Person.objects.visible_to(user).filter(pk__in=[c.custody_period.person_id for c in cases])
    return {p.pk: p for p in people}


def sample_action(user: Any, pk: Any, *, action: str | None = None) -> SampleAction:
    return access.get_for(user, SampleAction.objects.select_related("sample__crc", "case"), action=action, pk=pk)


def crcs_to_sample(user: Any) -> QuerySet[CRC]:
    if user.role != Role.CONTRACT_MANAGER:
        return CRC.objects.none()
    return user.managed_crcs.order_by("name")  # type: ignore[no-any-return]


def manages(user: Any, crc_id: int) -> bool:
    return crcs_to_sample(user).filter(pk=crc_id).exists()


def actions_waiting(user: Any) -> QuerySet[SampleAction]:
    """For a CRC manager: actions to agree or dispute. For a contract manager: actions not closed."""
    actions = SampleAction.objects.visible_to(user)
    if user.role == Role.CRC_MANAGER:
        return actions.filter(status=ActionStatus.PROPOSED)
    return actions.exclude(status=ActionStatus.CLOSED)


# --- issues --------------------------------------------------------------------------------------------


def issues(user: Any, status: str | None = None) -> QuerySet[ContractIssue]:
    qs = ContractIssue.objects.visible_to(user).select_related("crc", "raised_by", "claim")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(last_note=Max("notes__at")).order_by("status", "-raised_at", "-pk")


def issue_counts(user: Any) -> dict[str, int]:
    """Open and resolved issues the user sees (one query)."""
    counts = ContractIssue.objects.visible_to(user).aggregate(
        open=Count("pk", filter=Q(status=IssueStatus.OPEN)), resolved=Count("pk", filter=Q(status=IssueStatus.RESOLVED))
    )
    return {IssueStatus.OPEN: counts["open"], IssueStatus.RESOLVED: counts["resolved"]}


def issue(user: Any, pk: Any, *, action: str | None = None) -> ContractIssue:
    return access.get_for(user, ContractIssue.objects.select_related("crc", "raised_by", "resolved_by", "claim"), action=action, pk=pk)


def notes(issue: ContractIssue) -> list[IssueNote]:
    return list(issue.notes.select_related("by").order_by("at", "pk"))  # type: ignore[attr-defined]


def open_escalations(user: Any) -> QuerySet[Escalation]:
    """Payments' escalations of unpaid claims (R-F3a), shown with the issues: those not paid yet."""
    return payments_selectors.escalations(user).exclude(claim__status=ClaimStatus.PAID)


def unpaid_claims(user: Any) -> QuerySet[Claim]:
    """The claims the user's organisation made that are not paid yet: what a partner may raise an issue about."""
    return (
        Claim.objects.visible_to(user, action="claim.submit")
        .filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.APPROVED])
        .select_related("crc")
        .order_by("month", "pk")
    )


def directory() -> list[CRC]:
    """Every CRC with the contract managers who manage it (two queries): where an issue goes."""
    return list(CRC.objects.order_by("name").prefetch_related("contract_managers"))


# --- engagement ----------------------------------------------------------------------------------------


def engagements(user: Any) -> QuerySet[Engagement]:
    return Engagement.objects.visible_to(user).select_related("crc", "organisation", "recorded_by").order_by("-on", "-pk")


@dataclass(frozen=True)
class EngagementSummary:
    crc: str
    organisation: str
    held: int
    cancelled_or_postponed: int
    no_engagement: int
    last_held: Any


def engagement_summary(user: Any) -> list[EngagementSummary]:
    """Per CRC and organisation: meetings held, cancelled or postponed, and 'no engagement' said (one query)."""
    rows = (
        Engagement.objects.visible_to(user)
        .values("crc__name", "organisation__name")
        .annotate(
            held=Count("pk", filter=Q(kind=EngagementKind.HELD)),
            off=Count("pk", filter=Q(kind__in=[EngagementKind.CANCELLED, EngagementKind.POSTPONED])),
            none=Count("pk", filter=Q(kind=EngagementKind.NO_ENGAGEMENT)),
            last_held=Max("on", filter=Q(kind=EngagementKind.HELD)),
        )
        .order_by("-none", "held", "crc__name", "organisation__name")
    )
    return [EngagementSummary(r["crc__name"], r["organisation__name"], r["held"], r["off"], r["none"], r["last_held"]) for r in rows]


def engagement_crcs(user: Any) -> QuerySet[CRC]:
    """The CRCs the user may record engagement with: a CRC manager's own; any CRC for a partner."""
    if user.role == Role.CRC_MANAGER:
        return CRC.objects.filter(pk=user.crc_id)
    return CRC.objects.order_by("name")


def engagement_organisations(user: Any) -> QuerySet[Organisation]:
    if user.role == Role.PARTNER_CASEWORKER:
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.order_by("name")


def open_issue_count(user: Any) -> int:
    return ContractIssue.objects.visible_to(user).filter(status=IssueStatus.OPEN).count()
