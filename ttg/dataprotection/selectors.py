"""Every read of data protection's pages, the command and the retention task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from ttg.core import access
from ttg.core.rules import Decision, local_date
from ttg.people.models import CustodyPeriod, Person

from . import rules
from .models import AccuracyDispute, Erasure, LegalHold

SUBJECT_ACCESS = "dataprotection.subject_access"


def retention_years() -> int:
    return int(getattr(settings, "TTG_RETENTION_YEARS_AFTER_RELEASE", 7))


def subject(user: Any, prison_number: str) -> Person:
    """A person, for a subject access request: anyone in the service, to a user who may answer one
    (administrators: the whole population, deliberately); the same 404 for nobody and not allowed."""
    if not access.can(user, SUBJECT_ACCESS):
        raise Http404(access.NOT_FOUND_MESSAGE)
    found = Person.objects.filter(prison_number=prison_number.strip().upper()).first()
    if found is None:
        raise Http404(access.NOT_FOUND_MESSAGE)
    return found


def holds(person: Person) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(person=person).select_related("set_by", "released_by")


def hold_for(user: Any, pk: int) -> LegalHold:
    return access.get_for(user, LegalHold.objects.select_related("person", "set_by"), pk=pk)


def disputes(person: Person) -> QuerySet[AccuracyDispute]:
    return AccuracyDispute.objects.filter(person=person).select_related("raised_by", "resolved_by")


def dispute_for(user: Any, pk: int) -> AccuracyDispute:
    """An open dispute the user may resolve (whoever may see the person); the same 404 otherwise."""
    return access.get_for(user, AccuracyDispute.objects.select_related("person", "raised_by"), pk=pk, status="open")


def erasure(person: Person) -> Erasure | None:
    return Erasure.objects.filter(person=person).first()


@dataclass(frozen=True)
class Due:
    person: Person
    last_released_on: date | None
    decision: Decision[bool]

    @property
    def due_on(self) -> date | None:
        return rules.retention_ends(self.last_released_on, retention_years()) if self.last_released_on else None


def retention(person: Person, today: date) -> Due:
    """Where one person stands under the retention schedule today."""
    in_custody = CustodyPeriod.objects.filter(person=person, released_at__isnull=True).exists()
    last = CustodyPeriod.objects.filter(person=person).aggregate(last=Max("released_at"))["last"]
    on_hold = LegalHold.objects.filter(person=person, released_at__isnull=True).exists()
    released_on = local_date(last) if last else None
    return Due(
        person,
        released_on,
        rules.erasure_due(in_custody=in_custody, last_released_on=released_on, on_hold=on_hold, years=retention_years(), today=today),
    )


def due_for_erasure(today: date) -> list[Due]:
    """Everyone whose retention period has ended and who is not yet erased, with the decision for
    each: due, or held (a legal hold in force).
    One query finds the candidates (released long enough ago, nobody in custody, not erased); the
    rule decides each, including the legal hold."""
    years = retention_years()
    # Anyone released before this time may be due (a margin of two days; the rule decides the exact day).
    cutoff = timezone.make_aware(datetime.combine(today - relativedelta(years=years) + timedelta(days=2), time.min))
    open_period = CustodyPeriod.objects.filter(person=OuterRef("pk"), released_at__isnull=True)
    candidates = (
        Person.objects.annotate(last=Max("custody_periods__released_at"))
        .filter(last__isnull=False, last__lt=cutoff)
        .exclude(Exists(open_period))
        .exclude(Exists(Erasure.objects.filter(person=OuterRef("pk"))))
        .annotate(on_hold=Exists(LegalHold.objects.filter(person=OuterRef("pk"), released_at__isnull=True)))
        .order_by("pk")
    )
    found = []
    for person in candidates:
        released_on = local_date(person.last)
        decision = rules.erasure_due(in_custody=False, last_released_on=released_on, on_hold=person.on_hold, years=years, today=today)
        if decision.value or (person.on_hold and today >= rules.retention_ends(released_on, years)):
            found.append(Due(person, released_on, decision))
    return found
