"""The one clock of the service.

The service ran in 2018-2021, so demos and tests stand on a date then: TTG_NOW (an ISO datetime,
with or without offset; without, it is London time) freezes "now" for the whole process. Rules take
dates as arguments; only services and selectors ask the clock.

Security timers (session expiry, login lockout) use real time, not this clock.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=8)
def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def now() -> datetime:
    """The current time: TTG_NOW when set, otherwise the real time. Always aware."""
    frozen = getattr(settings, "TTG_NOW", "")
    return _parse(frozen) if frozen else timezone.now()


def today() -> date:
    """Today's date in England and Wales."""
    return timezone.localtime(now()).date()


def is_frozen() -> bool:
    return bool(getattr(settings, "TTG_NOW", ""))
