"""Demo allocations (run by load_demo once the other demos have made plans): Merseyside CRC's manager
(helen.price) allocates the people given, those with a resettlement plan at HMP Altcourse, to its TTG
caseworker (tom.okafor); everyone else with work to do stays unallocated, on her list of people to allocate.
Idempotent: nothing is added once anyone is allocated. Every write goes through the services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from ttg.accounts.constants import Role

from . import services
from .models import Allocation, CustodyPeriod


def load_allocations(personas: dict[str, Any], periods: Iterable[CustodyPeriod]) -> int:
    """Allocate each period to the TTG caseworker persona; returns how many were allocated."""
    manager, caseworker = personas.get(Role.CRC_MANAGER), personas.get(Role.TTG_CASEWORKER)
    if manager is None or caseworker is None or Allocation.objects.exists():
        return 0
    made = 0
    for period in periods:
        try:
            made += services.allocate(manager=manager, period=period, caseworker_id=caseworker.pk).changed
        except Http404:  # released longer ago than the CRC still sees them: not theirs to allocate
            continue
    return made
