"""Reads for the pages about people in custody. Every read goes through the access kernel.

Query counts do not grow with the rows: lists use select_related, annotations and prefetches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OrderBy, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ttg.accounts import workplaces
from ttg.accounts.constants import Role
from ttg.core import access, clock
from ttg.core.formatting import govuk_date
from ttg.core.rules import Decision
from ttg.estate.models import Prison

from . import rules
from .models import CustodyPeriod, Movement, Person

PAGE_SIZE = 50
SEARCH_LIMIT = 50
PRISON_NUMBER = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")

# Column -> the fields it sorts by. Every order ends with the pk so pages never overlap.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("person__last_name", "person__first_name"),
    "prison_number": ("person__prison_number",),
    "reception_date": ("reception_date",),
    "release_date": ("release_date",),
}
DEFAULT_SORT = "release_date"
RELEASE_WITHIN_WEEKS = (4, 12, 26)


# --- search -------------------------------------------------------------------------------------


@dataclass
class SearchResults:
    people: list[Person]
    more: bool  # more matched than we show: ask for a closer search


def _open_periods(user: Any) -> Prefetch:
    """Each person's open custody period (at most one) as `person.open_periods`."""
    periods = CustodyPeriod.objects.visible_to(user).filter(released_at__isnull=True).select_related("current_prison")
    return Prefetch("custody_periods", queryset=periods, to_attr="open_periods")


def search_people(user: Any, query: str) -> SearchResults:
    """People in scope by exact prison number, or by name: last name, or "first last", as prefixes."""
    text = " ".join(query.split())
    people = Person.objects.visible_to(user)
    if PRISON_NUMBER.match(text.upper()):
        people = people.filter(prison_number=text.upper())
    else:
        # The whole text as a last name first, so "De Souza" finds De Souza as well as "De" "Souza".
        condition = Q(last_name__istartswith=text)
        first, _space, last = text.rpartition(" ")
        if first:
            condition |= Q(first_name__istartswith=first, last_name__istartswith=last)
        people = people.filter(condition)
    found = list(people.order_by("last_name", "first_name", "prison_number").prefetch_related(_open_periods(user))[: SEARCH_LIMIT + 1])
    return SearchResults(people=found[:SEARCH_LIMIT], more=len(found) > SEARCH_LIMIT)


# --- one person's record ------------------------------------------------------------------------


def person_record(user: Any, prison_number: str) -> Person:
    """The person with their custody periods, movements and release-date changes; Http404 if not theirs."""
    periods = (
        CustodyPeriod.objects.visible_to(user)
        .select_related("reception_prison", "current_prison__crc")
        .prefetch_related(
            Prefetch("movements", queryset=Movement.objects.select_related("from_prison", "to_prison")),
            "release_date_changes",
        )
    )
    people = Person.objects.prefetch_related(Prefetch("custody_periods", queryset=periods))
    return access.get_for(user, people, prison_number=prison_number.upper())


def current_custody(person: Person) -> CustodyPeriod | None:
    """The open custody period, from the prefetched periods."""
    return next((p for p in person.custody_periods.all() if p.released_at is None), None)


def language_for(person: Person, period: CustodyPeriod | None) -> Decision[str]:
    """The language the person is given their plan and anything else in (rule L1): theirs, or else the
    prison's of the custody period (the one they are in, or were released from)."""
    prison = period.current_prison if period is not None else None
    return rules.language_for_person(person.language, prison.language if prison else None, prison.name if prison else None)


def latest_released(person: Person) -> CustodyPeriod | None:
    """The most recently released custody period, from the prefetched periods."""
    released = [p for p in person.custody_periods.all() if p.released_at is not None]
    return max(released, key=lambda p: p.released_at) if released else None  # type: ignore[arg-type,return-value]


def view_justification(user: Any, period: CustodyPeriod | None) -> str:
    """Why this user may see this record, in words, for the audit trail (DPA 2018 s.62)."""
    if period is None:
        return "Not in custody"
    prison = period.current_prison
    if workplaces.is_partner_caseworker(user) and prison.crc is not None:
        works = f"Works for {user.organisation.name}, which does {prison.crc.name}'s TTG casework at {prison.name}"
        if period.released_at is not None:
            return f"{works}, from where this person was released on {govuk_date(timezone.localtime(period.released_at).date())}"
        return f"{works}, where this person is in custody"
    if period.released_at is not None:
        on = govuk_date(timezone.localtime(period.released_at).date())
        if user.role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER) and prison.crc is not None:
            return f"Works for {prison.crc.name}, which serves {prison.name}, from where this person was released on {on}"
        return f"Has access to {prison.name}, from where this person was released on {on}"
    if user.role in (Role.PRISON_OFFICER, Role.GOVERNOR):
        return f"Works at {prison.name}, where this person is in custody"
    if user.role in (Role.TTG_CASEWORKER, Role.CRC_MANAGER) and prison.crc is not None:
        return f"Works for {prison.crc.name}, which serves {prison.name}, where this person is in custody"
    return f"Has access to {prison.name}, where this person is in custody"


@dataclass
class TimelineItem:
    title: str
    at: datetime
    text: str


def _released(move: Movement, period: CustodyPeriod) -> str:
    """ "Released from HMP Leeds (conditional release)." in the reader's language: one sentence for each case."""
    how = period.get_release_type_display().lower() if period.release_type else ""
    if move.from_prison:
        if how:
            return _("Released from %(prison)s (%(how)s).") % {"prison": move.from_prison.name, "how": how}
        return _("Released from %(prison)s.") % {"prison": move.from_prison.name}
    return _("Released from custody (%(how)s).") % {"how": how} if how else _("Released from custody.")


def custody_timeline(person: Person) -> list[TimelineItem]:
    """Receptions, transfers, sentencing, release-date changes and releases, newest first."""
    items: list[tuple[datetime, int, TimelineItem]] = []
    for period in person.custody_periods.all():
        changes = {c.event_id: c for c in period.release_date_changes.all()}
        for move in period.movements.all():
            if move.kind == "RECEPTION":
                text = _("Received into %(prison)s.") % {"prison": move.to_prison.name} if move.to_prison else _("Received into custody.")
                # The release date a reception brings is part of the reception, not a change.
                set_at_reception = changes.pop(move.event_id, None)
                if set_at_reception is not None and set_at_reception.new_release_date:
                    text += " " + _("Expected release date: %(date)s.") % {"date": govuk_date(set_at_reception.new_release_date)}
                items.append((move.occurred_at, 0, TimelineItem(_("Received into custody"), move.occurred_at, text)))
            elif move.kind == "TRANSFER":
                text = _("Transferred from %(from)s to %(to)s.") % {
                    "from": move.from_prison.name if move.from_prison else _("another prison"),
                    "to": move.to_prison.name if move.to_prison else _("another prison"),
                }
                items.append((move.occurred_at, 1, TimelineItem(_("Transferred"), move.occurred_at, text)))
            elif move.kind == "RELEASE":
                items.append((move.occurred_at, 3, TimelineItem(_("Released"), move.occurred_at, _released(move, period))))
        # Only a SENTENCE event changes the release date after reception (importer.py).
        for change in changes.values():
            old, new = change.old_release_date, change.new_release_date
            if old is None:
                item = TimelineItem(_("Sentenced"), change.occurred_at, _("Expected release date: %(date)s.") % {"date": govuk_date(new)})
            elif new is None:
                text = _("The expected release date was %(date)s.") % {"date": govuk_date(old)}
                item = TimelineItem(_("Release date removed"), change.occurred_at, text)
            else:
                text = _("Expected release date changed from %(old)s to %(new)s.") % {"old": govuk_date(old), "new": govuk_date(new)}
                item = TimelineItem(_("Release date changed"), change.occurred_at, text)
            items.append((change.occurred_at, 2, item))
    items.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [item for _at, _order, item in items]


# --- caseloads ----------------------------------------------------------------------------------


def caseload_prisons(user: Any) -> QuerySet[Prison]:
    """Prisons whose caseload the user may see: where they work (ttg.accounts.workplaces)."""
    prisons = Prison.objects.visible_to(user)
    if not access.can(user, "caseload.view"):
        return prisons.none()
    where = workplaces.prisons(user)
    return prisons.none() if where is None else prisons.filter(where)


def _in_custody(user: Any) -> QuerySet[CustodyPeriod]:
    return CustodyPeriod.objects.visible_to(user).filter(released_at__isnull=True)


def my_caseloads(user: Any) -> QuerySet[Prison]:
    """The user's caseload prisons, each with `.in_custody`, in one query."""
    count = (
        _in_custody(user)
        .filter(current_prison=OuterRef("pk"))
        .order_by()  # no default ordering in the GROUP BY
        .values("current_prison")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return caseload_prisons(user).annotate(in_custody=Coalesce(Subquery(count), 0)).order_by("name")


@dataclass
class Caseload:
    prison: Prison
    page: Page
    total: int  # everyone in custody there, before filters
    sort: str
    direction: str
    filtered: bool


def _order(sort: str, direction: str) -> list[OrderBy]:
    descending = direction == "desc"
    # Unknown release dates go last whichever way the column is sorted.
    return [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True) for name in (*SORTS[sort], "person__prison_number")
    ]


def prison_caseload(
    user: Any,
    prison_code: str,
    *,
    sort: str = DEFAULT_SORT,
    direction: str = "asc",
    filters: Mapping[str, Any] | None = None,
    page: Any = 1,
) -> Caseload:
    """Everyone in custody at a prison in the user's caseloads; Http404 for any other prison."""
    prison = access.get_for(user, caseload_prisons(user), code=prison_code)
    sort = sort if sort in SORTS else DEFAULT_SORT
    direction = "desc" if direction == "desc" else "asc"
    filters = filters or {}
    today = clock.today()
    periods = _in_custody(user).filter(current_prison=prison).select_related("person")
    everyone = periods
    if filters.get("legal_status"):
        periods = periods.filter(legal_status=filters["legal_status"])
    weeks = filters.get("release_within_weeks")
    if weeks:
        # Includes release dates already passed: still in custody, so the most pressing of all.
        periods = periods.filter(release_date__lte=today + timedelta(weeks=int(weeks)))
    filtered = bool(filters.get("legal_status") or weeks)
    shown = Paginator(periods.order_by(*_order(sort, direction)), PAGE_SIZE).get_page(page)
    rows = list(shown.object_list)
    for period in rows:
        period.days_to_release = days_between(today, period.release_date)  # type: ignore[attr-defined]
    shown.object_list = rows
    total = everyone.count() if filtered else shown.paginator.count
    return Caseload(prison=prison, page=shown, total=total, sort=sort, direction=direction, filtered=filtered)


def days_between(today: date, day: date | None) -> int | None:
    return None if day is None else (day - today).days
