"""Writes about people in custody made by users (the custody feed's are the importer's): allocating a
person to a TTG caseworker (rule AL1, docs/allocation.md), and the language they read (issue 22)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.core import audit, clock
from ttg.core.languages import Language
from ttg.notifications.services import notify

from . import selectors_allocation
from .models import Allocation, CustodyPeriod, Person


@dataclass
class Allocated:
    allocation: Allocation
    changed: bool  # False: the person was already allocated to that caseworker (nothing written)
    previous: Allocation | None  # the allocation it ended, when reallocated


def allocate(*, manager: Any, period: CustodyPeriod, caseworker_id: Any) -> Allocated:
    """Allocate the period to one of the manager's CRC's caseworkers (rule AL1), ending its current allocation
    if it is someone else's. In one transaction, audited, with the custody period locked so that two managers
    allocating at once are taken one after the other; the partial unique constraint refuses a second current
    allocation even so. Allocating to the caseworker who already holds the person changes nothing (a retried
    request). The caseworker is notified once per allocation.

    Http404 when the manager may not allocate this person; ValidationError naming the caseworker field when the
    caseworker is not one they may allocate to."""
    selectors_allocation.allocatable_period(manager, period)
    caseworker = selectors_allocation.caseworker_for(manager, period, caseworker_id)
    if caseworker is None:
        raise ValidationError({"caseworker": _("Select a caseworker of your CRC")})
    crc = period.current_prison.crc
    try:
        with transaction.atomic():
            CustodyPeriod.objects.select_for_update().filter(pk=period.pk).values_list("pk").get()
            previous = Allocation.objects.select_for_update().filter(custody_period=period, ended_at__isnull=True).first()
            if previous is not None and previous.caseworker_id == caseworker.pk:
                return Allocated(previous, changed=False, previous=None)
            now = clock.now()
            if previous is not None:
                before = audit.snapshot(previous)
                previous.ended_at, previous.ended_by = now, manager
                previous.save(update_fields=["ended_at", "ended_by"])
                audit.record_change(
                    actor=manager,
                    action="people.allocation.end",
                    obj=previous,
                    before=before,
                    after=audit.snapshot(previous),
                    reason=f"Reallocated to caseworker {caseworker.pk}",
                    scope_crc=crc,
                )
            allocation = Allocation.objects.create(custody_period=period, caseworker=caseworker, allocated_at=now, allocated_by=manager)
            audit.record_change(
                actor=manager,
                action="people.allocation.add",
                obj=allocation,
                after=audit.snapshot(allocation),
                reason="Reallocated" if previous is not None else "Allocated",
                scope_crc=crc,
            )
            prison_number = period.person.prison_number
            notify(
                key=f"allocation:{allocation.pk}",
                recipients=[caseworker],
                template="allocated",
                context={
                    "prison_number": prison_number,
                    "prison": period.current_prison.name,
                    "release_date": period.release_date,  # a date: the message writes it in its reader's language
                    "by": manager.get_full_name() or manager.username,
                },
                link=reverse("person_detail", args=[prison_number]),
            )
    except IntegrityError:
        # Another manager's allocation of the same person committed between our lock and our insert: theirs stands.
        raise ValidationError(
            {"caseworker": _("This person was allocated by someone else just now: check who holds them and try again")}
        ) from None
    return Allocated(allocation, changed=True, previous=previous)


NOT_RECORDED = "not_recorded"  # the form's value for "let the prison's language apply"


class LanguageError(ValueError):
    """A language the service does not offer; the message names the field."""


def set_language(*, person: Person, language: str, by: Any) -> Person:
    """Record the language the person is given their plan and anything else in (issue 22), or "" for not
    recorded (their prison's then applies, rule L1). Audited like any other change to a person's record;
    recording the same language again changes nothing."""
    if language not in (*Language.values, NOT_RECORDED):
        raise LanguageError(_("Select the language the person wants to read their plan in"))
    if language == NOT_RECORDED:
        language = ""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.language == language:
            return locked
        before = locked.language
        locked.language = language
        locked.save(update_fields=["language"])
        audit.record_change(
            actor=by, action="people.person.language", obj=locked, before={"language": before}, after={"language": language}
        )
    person.language = language
    return locked
