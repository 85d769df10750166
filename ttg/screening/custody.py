"""The rules' view of custody periods: the facts the screening rules need, read from the database.

Shared by the on-demand decisions (selectors: the person's pages, with reasons) and the stored ones
(state: every list), so that both apply the rules to the same facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from ttg.core.rules import LONDON
from ttg.estate.models import ResettlementDesignation
from ttg.people.models import CustodyPeriod, Movement

from . import rules
from .models import Kind, Screening


def rule_settings() -> rules.RuleSettings:
    """The unsourced values (facts.md) come from settings, never from literals in the rules."""
    return rules.RuleSettings(
        bcst2_working_days=settings.TTG_BCST2_WORKING_DAYS,
        handover_working_days=settings.TTG_HANDOVER_WORKING_DAYS,
        due_soon_hours=settings.TTG_DUE_SOON_HOURS,
        due_soon_working_days=settings.TTG_DUE_SOON_WORKING_DAYS,
        wales_referral_days=settings.TTG_WALES_HOUSING_REFERRAL_DAYS,
    )


def history(periods: QuerySet[CustodyPeriod]) -> QuerySet[CustodyPeriod]:
    """Annotate what the rules need beyond the period's own fields, in the same query."""
    earlier = CustodyPeriod.objects.filter(person=OuterRef("person"), released_at__lt=OuterRef("received_at")).order_by("-released_at")
    arrivals = Movement.objects.filter(custody_period=OuterRef("pk"), to_prison=OuterRef("current_prison")).order_by("-occurred_at")
    return periods.annotate(
        previous_released_at=Subquery(earlier.values("released_at")[:1]),
        previous_period_id=Subquery(earlier.values("pk")[:1]),
        arrived_at=Subquery(arrivals.values("occurred_at")[:1]),
    ).annotate(
        previous_bcst1=Exists(
            Screening.objects.filter(custody_period=OuterRef("previous_period_id"), kind=Kind.BCST1, submitted_at__isnull=False)
        )
    )


def designations(prison_ids: Iterable[int]) -> dict[int, list[ResettlementDesignation]]:
    """Each prison's resettlement designations, oldest first (one query)."""
    found: dict[int, list[ResettlementDesignation]] = defaultdict(list)
    for designation in ResettlementDesignation.objects.filter(prison_id__in=set(prison_ids)).order_by("valid_from"):
        found[designation.prison_id].append(designation)
    return found


def resettlement_since(arrived: datetime, designations: list[ResettlementDesignation], today: date) -> date | None:
    """The day since which the person has been in a resettlement prison (R-S6), or None."""
    current = next((d for d in designations if d.valid_from <= today and (d.valid_to is None or today < d.valid_to)), None)
    if current is None or not current.resettlement:
        return None
    return max(arrived.astimezone(LONDON).date(), current.valid_from)


def designation_changes_after(designations: list[ResettlementDesignation], today: date) -> date | None:
    """The first day after today on which the prison's designation changes (a decision may change with
    no event then), or None."""
    days = [d.valid_from for d in designations if d.valid_from > today] + [
        d.valid_to for d in designations if d.valid_to and d.valid_to > today
    ]
    return min(days) if days else None


def facts(
    *,
    received_at: datetime,
    reception_date: date,
    legal_status: str,
    sentence_type: str,
    sentence_start_date: date | None,
    release_date: date | None,
    previous_released_at: datetime | None,
    previous_bcst1: bool,
    arrived_at: datetime | None,
    designations: list[ResettlementDesignation],
    today: date,
    prison_name: str = "",
) -> rules.Custody:
    """The rules' view of one custody period, from its fields and `history`'s annotations."""
    sentenced_at = None
    # A SENTENCE after a remand reception sets the sentence start date after the reception date.
    if sentence_start_date and sentence_start_date > reception_date:
        sentenced_at = datetime.combine(sentence_start_date, time(), tzinfo=LONDON)
    return rules.Custody(
        received_at=received_at,
        reception_date=reception_date,
        legal_status=legal_status,
        sentence_type=sentence_type,
        sentenced_at=sentenced_at,
        release_date=release_date,
        previous_release_date=previous_released_at.astimezone(LONDON).date() if previous_released_at else None,
        previous_bcst1_on_file=bool(previous_bcst1),
        in_resettlement_prison_since=resettlement_since(arrived_at or received_at, designations, today),
        prison_name=prison_name,
    )
