"""Reads of mobilisation: scoped to the user, a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.estate.models import CRC, Prison

from . import rules
from .constants import Response
from .models import BidNaming, Commitment, MeetingAction, MobilisationPlan, MonitoringMeeting, PlanVersion


def plans(user: Any) -> QuerySet[MobilisationPlan]:
    return MobilisationPlan.objects.visible_to(user).select_related("crc", "prison")


def plan(user: Any, pk: Any, *, action: str | None = None) -> MobilisationPlan:
    """One plan the user may see; the same 404 for missing and not yours."""
    return access.get_for(user, MobilisationPlan.objects.select_related("crc", "prison"), action=action, pk=pk)


def versions(plan: MobilisationPlan) -> list[PlanVersion]:
    return list(plan.versions.select_related("submitted_by", "decided_by").order_by("-number"))


def commitments(plan: MobilisationPlan) -> list[Commitment]:
    return list(plan.commitments.select_related("organisation").order_by("organisation__name", "starts_on", "pk"))


def prisons_to_start(user: Any) -> list[Prison]:
    """The prisons a CRC manager's CRC serves that have no plan yet."""
    if not access.can(user, "mobilisation.edit") or not user.crc_id:
        return []
    return list(Prison.objects.filter(crc_id=user.crc_id).exclude(mobilisation_plans__crc_id=user.crc_id).order_by("name"))


def changes_since_last(plan: MobilisationPlan, current: dict[str, Any], history: list[PlanVersion]) -> list[str]:
    """What the plan as it stands changes from the last submitted version (or the last from the one before)."""
    if not history:
        return []
    latest = history[0]
    if current == latest.content:
        previous = history[1].content if len(history) > 1 else None
        return rules.changes(previous, latest.content)
    return rules.changes(latest.content, current)


def my_commitments(user: Any) -> QuerySet[Commitment]:
    """A partner's own commitments: what, by whom (the CRC), where, from when (R-M4)."""
    return (
        Commitment.objects.visible_to(user)
        .select_related("plan__crc", "plan__prison", "organisation")
        .order_by("plan__crc__name", "starts_on", "pk")
    )


def commitment(user: Any, pk: Any) -> Commitment:
    return access.get_for(user, Commitment.objects.select_related("plan__crc", "plan__prison", "organisation"), pk=pk)


def bid_namings(user: Any) -> QuerySet[BidNaming]:
    return BidNaming.objects.visible_to(user).select_related("crc", "organisation")


@dataclass(frozen=True)
class CrcResponses:
    crc: CRC
    disputed: int
    unconfirmed: int


def responses_by_crc(user: Any) -> list[CrcResponses]:
    """Per CRC the user may see: how many shared commitments are disputed and how many not confirmed yet (one query)."""
    shared = Commitment.objects.visible_to(user).filter(shared_at__isnull=False)
    rows = shared.values("plan__crc").annotate(
        disputed=Count("pk", filter=Q(response=Response.DISPUTED)), unconfirmed=Count("pk", filter=Q(response=Response.UNCONFIRMED))
    )
    crcs = {c.pk: c for c in CRC.objects.filter(pk__in=[r["plan__crc"] for r in rows])}
    return [CrcResponses(crcs[r["plan__crc"]], r["disputed"], r["unconfirmed"]) for r in rows if r["plan__crc"] in crcs]


def disputes(user: Any) -> QuerySet[Commitment]:
    return (
        Commitment.objects.visible_to(user)
        .filter(shared_at__isnull=False, response=Response.DISPUTED)
        .select_related("plan__crc", "plan__prison", "organisation")
        .order_by("plan__crc__name", "plan__prison__name")
    )


def meetings(user: Any, plan: MobilisationPlan) -> list[MonitoringMeeting]:
    """The plan's monitoring meetings and their actions, if the user may see them (R-M2); two queries."""
    actions = MeetingAction.objects.select_related("owner_organisation", "done_by").order_by("due_on", "pk")
    return list(MonitoringMeeting.objects.visible_to(user).filter(plan=plan).prefetch_related(Prefetch("actions", queryset=actions)))


def meeting(user: Any, pk: Any, *, action: str | None = None) -> MonitoringMeeting:
    return access.get_for(user, MonitoringMeeting.objects.select_related("plan__crc", "plan__prison"), action=action, pk=pk)


def meeting_action(user: Any, pk: Any, *, action: str | None = None) -> MeetingAction:
    return access.get_for(user, MeetingAction.objects.select_related("meeting__plan"), action=action, pk=pk)


def crcs_for_bid_namings(user: Any) -> list[CRC]:
    """The CRCs whose bid namings the user records: those a contract manager manages; every CRC for an administrator."""
    if not access.can(user, "mobilisation.record_bids"):
        return []
    if user.role == Role.ADMINISTRATOR:
        return list(CRC.objects.order_by("name"))
    return list(user.managed_crcs.order_by("name"))
