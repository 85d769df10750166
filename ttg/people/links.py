"""The links from a person's custody record to the other parts of their record (screening, the plan, the
handover, referrals), which the apps above this one hold, and the warnings shown at its top (an
accuracy dispute): the mechanism only. Each app registers its own
(`register`) from its `AppConfig.ready()`; a builder returns only the links the user may follow (by the
access kernel's actions), so that a role never meets a link it would be refused. Each builder asks a fixed
number of queries (none, or one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import CustodyPeriod, Person


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    hint: str = ""


# user, the person, their custody period shown (open, or the latest released) -> the links for it.
Builder = Callable[[Any, Person, CustodyPeriod], list[Link]]
BUILDERS: list[tuple[int, Builder]] = []


def register(order: int, builder: Builder) -> None:
    """Add an app's links; `order` places them among other apps' (lower first)."""
    if all(b is not builder for _, b in BUILDERS):
        BUILDERS.append((order, builder))
        BUILDERS.sort(key=lambda pair: pair[0])


# user, the person -> warnings to show at the top of their record (e.g. "accuracy disputed").
Notices = Callable[[Any, Person], list[str]]
NOTICES: list[tuple[int, Notices]] = []


def register_notices(order: int, builder: Notices) -> None:
    """Add an app's warnings about a person's record, shown at its top to users who may see the record."""
    if all(b is not builder for _, b in NOTICES):
        NOTICES.append((order, builder))
        NOTICES.sort(key=lambda pair: pair[0])


def notices(user: Any, person: Person) -> list[str]:
    return [text for _, builder in NOTICES for text in builder(user, person)]


def links(user: Any, person: Person, period: CustodyPeriod | None) -> list[Link]:
    """The parts of the person's record this user may open, in order (none without a custody period)."""
    if period is None:
        return []
    return [link for _, builder in BUILDERS for link in builder(user, person, period)]
