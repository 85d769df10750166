"""Reads about allocation (rules AL1 and AL2, docs/allocation.md): who holds a person now and before, the
CRC's caseworkers with their caseloads against capacity, and the conditions the work list filters by.
Every read goes through the access kernel; the caseloads are counted in one grouped query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core import access
from ttg.core.rules import Decision

from . import rules
from .access import released_visible_since
from .models import Allocation, CustodyPeriod

# The work list's filters (ttg/worklist): everyone at the prisons where the user works, the people
# allocated to them, the people allocated to nobody.
EVERYONE, MINE, UNALLOCATED = "", "mine", "unallocated"
WHOSE = (EVERYONE, MINE, UNALLOCATED)


def capacity_setting() -> int:
    """The most people a TTG caseworker holds (rule AL2; unsourced: TTG_CASEWORKER_CAPACITY)."""
    return int(getattr(settings, "TTG_CASEWORKER_CAPACITY", 40))


def current(periods: str = "custody_period") -> QuerySet[Allocation]:
    """Current allocations of the period at OuterRef(`periods`), for Exists."""
    return Allocation.objects.filter(custody_period=OuterRef(periods), ended_at__isnull=True)


def whose(user: Any, kind: str, path: str = "custody_period") -> Q:
    """A condition on rows whose custody period is at `path`: everyone (no condition), the periods allocated
    to `user` now, or those allocated to nobody now. One EXISTS subquery on the allocations' indexes, so a
    list filtered by it runs as many queries as unfiltered."""
    if kind == MINE:
        return Q(Exists(current(path).filter(caseworker=user)))
    if kind == UNALLOCATED:
        return ~Q(Exists(current(path)))
    return Q()


def current_allocation(user: Any, period: CustodyPeriod) -> Allocation | None:
    """Who holds the period now, if the user may see allocations (one query)."""
    if not access.can(user, "allocation.view"):
        return None
    found = Allocation.objects.visible_to(user).filter(custody_period=period, ended_at__isnull=True).select_related("caseworker")
    return found.first()


def history(user: Any, period: CustodyPeriod) -> list[Allocation]:
    """Every allocation of the period, newest first: who held them, who allocated them, when, and when it
    ended (one query)."""
    if not access.can(user, "allocation.view"):
        return []
    rows = Allocation.objects.visible_to(user).filter(custody_period=period)
    return list(rows.select_related("caseworker", "allocated_by", "ended_by").order_by("-allocated_at", "-id"))


def in_caseload(prefix: str = "") -> Q:
    """Allocations counted in a caseload (rule AL2): current, of a person in custody or released within
    the weeks the CRC still sees them (TTG_AFTER_RELEASE_VISIBLE_WEEKS). `prefix` leads to the allocation."""
    released_at = f"{prefix}custody_period__released_at"
    return Q(**{f"{prefix}ended_at__isnull": True}) & (
        Q(**{f"{released_at}__isnull": True}) | Q(**{f"{released_at}__gte": released_visible_since()})
    )


@dataclass
class Caseworker:
    user: User
    caseload: int
    capacity: int
    decision: Decision[str]

    @property
    def status(self) -> str:
        return self.decision.value

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username


def _caseworkers_of(crc_id: int) -> QuerySet[User]:
    """The CRC's own active TTG caseworkers: the only people it allocates to (rule AL1). A caseworker of the
    CRC works in every prison it serves (ttg.accounts.workplaces)."""
    return User.objects.filter(role=Role.TTG_CASEWORKER, crc_id=crc_id, is_active=True)


def caseworkers(manager: Any) -> list[Caseworker]:
    """The manager's CRC's TTG caseworkers, each with their caseload against capacity (rule AL2), by name:
    one query, the caseloads counted by a grouped join on the current allocations' index."""
    if not access.can(manager, "allocation.make") or not manager.crc_id:
        return []
    counted = Count("allocations", filter=in_caseload("allocations__"))
    rows = _caseworkers_of(manager.crc_id).annotate(caseload=counted).order_by("last_name", "first_name", "username")
    limit = capacity_setting()
    return [Caseworker(user, user.caseload, limit, rules.capacity(user.caseload, limit)) for user in rows]  # type: ignore[attr-defined]


def allocatable_period(manager: Any, period: CustodyPeriod) -> CustodyPeriod:
    """The period, if the manager may allocate it (their CRC works with the person now); Http404 otherwise,
    the same as for a person who does not exist."""
    found = CustodyPeriod.objects.visible_to(manager, action="allocation.make").filter(pk=period.pk)
    if not found.exists():
        raise Http404(access.NOT_FOUND_MESSAGE)
    return period


def caseworker_for(manager: Any, period: CustodyPeriod, user_id: Any) -> User | None:
    """One of the CRC's caseworkers the manager may allocate the period to, or None: the caseworker must be
    of the manager's own CRC, the CRC serving the period's prison (rule AL1)."""
    if not manager.crc_id or period.current_prison.crc_id != manager.crc_id:
        return None
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    return _caseworkers_of(manager.crc_id).filter(pk=pk).first()
