"""What this app holds about a person, field by field (ttg.core.personal_data; docs/data-protection.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from ttg.core.personal_data import register

from .models import FeedEvent

# An erased person's prison number: never the shape of a real one (^[A-Z][0-9]{4}[A-Z]{2}$), so it
# cannot clash with one, and unique because it carries the row's id.
ERASED_DATE_OF_BIRTH = date(1900, 1, 1)


def erased_prison_number(person: Any) -> str:
    return f"Z{person.pk:06d}"[:7] if person.pk < 1_000_000 else f"Z{person.pk:X}"[-7:]


def _feed_events(person: Any) -> QuerySet[FeedEvent]:
    """The custody feed's events carry the prison number, not a link to the person."""
    return FeedEvent.objects.filter(prison_number=person.prison_number).order_by("occurred_at", "event_id")


def register_personal_data() -> None:
    register(
        "people.Person",
        title="Person",
        person="pk",
        order=10,
        # language: the one they are given their plan in (issue 22), a preference they state.
        personal=("prison_number", "first_name", "last_name", "date_of_birth", "sex", "language"),
        special=("ethnicity",),
        operational=("id",),
        erase={"prison_number": erased_prison_number, "date_of_birth": lambda row: ERASED_DATE_OF_BIRTH},
    )
    register(
        "people.CustodyPeriod",
        title="Custody periods",
        person="person",
        order=11,
        offence=("sentence_type", "sentence_length_days", "sentence_start_date"),
        operational=(
            "id",
            "person",
            "received_at",
            "reception_date",
            "reception_prison",
            "current_prison",
            "legal_status",
            "release_date",
            "released_at",
            "release_type",
        ),
    )
    register(
        "people.Movement",
        title="Prison movements",
        person="custody_period__person",
        order=12,
        operational=("id", "custody_period", "kind", "occurred_at", "from_prison", "to_prison"),
        not_personal=("event_id",),
    )
    register(
        "people.ReleaseDateChange",
        title="Changes of release date",
        person="custody_period__person",
        order=13,
        operational=("id", "custody_period", "occurred_at", "old_release_date", "new_release_date"),
        not_personal=("event_id",),
    )
    register(
        "people.ProbationCase",
        title="Cases held by responsible officers",
        person="custody_period__person",
        order=14,
        operational=("id", "custody_period", "officer", "source", "since", "recorded_by"),
    )
    register(
        "people.Allocation",
        title="Allocations to TTG caseworkers",
        person="custody_period__person",
        order=16,
        operational=("id", "custody_period", "caseworker", "allocated_at", "allocated_by", "ended_at", "ended_by"),
    )
    register(
        "people.FeedEvent",
        title="Custody feed events",
        person=_feed_events,
        order=15,
        personal=("prison_number", "reason"),
        special=("payload",),
        operational=("event_type", "occurred_at", "outcome", "line", "import_run"),
        not_personal=("event_id", "content_hash"),
    )
