"""Market stewardship: contract managers see the CRCs they manage and set their benchmarks; a CRC
manager sees their own CRC's figures; analysts and administrators see every CRC. Aggregates only:
no page or answer of this app names a person or shows a prison number."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.estate.models import CRC


def within(user: Any, path: str) -> Q | None:
    """The CRCs whose figures the user sees, as a filter on the CRC at `path` (None: none)."""
    if not access.can(user, "stewardship.view"):
        return None
    if user.role in (Role.ANALYST, Role.ADMINISTRATOR):
        return Q()
    if user.role == Role.CONTRACT_MANAGER:
        return Q(**{f"{path}__in": user.managed_crcs.all()})
    if user.role == Role.CRC_MANAGER and user.crc_id:
        return Q(**{f"{path}__in": CRC.objects.filter(pk=user.crc_id).values("pk")})
    return None


def _benchmarks(user: Any) -> Q | None:
    return within(user, "crc")


def register() -> None:
    access.register_actions(
        {
            "stewardship.view": "See market stewardship: the sector's share, in-house delivery, coverage gaps and providers' sustainability",
            "stewardship.benchmark": "Set the market-stewardship benchmarks of the CRCs I manage",
        }
    )
    access.grant([Role.CONTRACT_MANAGER, Role.CRC_MANAGER, Role.ANALYST, Role.ADMINISTRATOR], {"stewardship.view"})
    access.grant([Role.CONTRACT_MANAGER], {"stewardship.benchmark"})
    access.register_scope("stewardship.Benchmark", _benchmarks)
