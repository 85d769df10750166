"""A person's record as the pages and the API open it: found through the access kernel, and every
consultation logged with why this user may see it (DPA 2018 s.62)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from ttg.core import access, audit

from . import selectors
from .models import CustodyPeriod, Person


def log_view(user: Any, person: Person, period: CustodyPeriod | None) -> None:
    audit.record_view(
        actor=user,
        obj=person,
        why=selectors.view_justification(user, period),
        scope_crc=period.current_prison.crc if period is not None and period.current_prison_id else None,
    )


def in_custody(user: Any, prison_number: str, *, log: bool = True) -> tuple[Person, CustodyPeriod]:
    """The person and their open custody period, if the user may see them; the same 404 otherwise.

    A person released recently stays visible to the CRC for a while (ttg.core.access, TTG_AFTER_RELEASE_VISIBLE_WEEKS):
    with no open period, their most recently released period is returned, so outcomes after release can be recorded.
    """
    person = selectors.person_record(user, prison_number)
    period = selectors.current_custody(person) or selectors.latest_released(person)
    if period is None:
        raise Http404(access.NOT_FOUND_MESSAGE)
    if log:
        log_view(user, person, period)
    return person, period
