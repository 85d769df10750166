"""The notices that announced the rules a screening decision cites (R-N1), named beside its reasons.

Notices are a higher app (`ttg.notices`), so this app never imports it: the notices app hands its
lookup down in its `AppConfig.ready()` with `provide_notice_lookup`, as referrals hands payments its
subsidy. Until it does (or in a service without notices), no decision names a notice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ttg.core.rules import split_citations


@dataclass(frozen=True)
class RuleVersion:
    """A rule version as a notice names it: "T3@2018-10-01", or "T3" for a version with no start."""

    rule_id: str
    in_force_from: date | None

    @property
    def key(self) -> str:
        return f"{self.rule_id}@{self.in_force_from.isoformat()}" if self.in_force_from else self.rule_id


@dataclass(frozen=True)
class Announcement:
    """A published notice that announced a rule version; `link` is empty for a user it was not sent to."""

    rule: RuleVersion
    title: str
    published_on: date
    link: str


Lookup = Callable[[Any, tuple[RuleVersion, ...]], list[Announcement]]

_lookup: list[Lookup] = []  # at most one: set by the notices app

_CITED = re.compile(r"^rule ([A-Z][A-Za-z0-9-]*), in force (?:from (\d{1,2} [A-Z][a-z]+ \d{4})|until|throughout)")


def provide_notice_lookup(lookup: Lookup) -> None:
    """Called once by the notices app when it is ready."""
    _lookup[:] = [lookup]


def cited_versions(reasons: Iterable[Any]) -> tuple[RuleVersion, ...]:
    """The rule versions a decision's reasons cite, each once, in order."""
    found: list[RuleVersion] = []
    for reason in reasons or ():
        for citation in split_citations(str(reason))[1]:
            match = _CITED.match(citation)
            if match is None:
                continue
            start = datetime.strptime(match.group(2), "%d %B %Y").date() if match.group(2) else None
            version = RuleVersion(match.group(1), start)
            if version not in found:
                found.append(version)
    return tuple(found)


def announcing(user: Any, decision: Any) -> list[Announcement]:
    """The published notices that announced the rules this decision cites (one query, or none)."""
    if not _lookup or decision is None:
        return []
    versions = cited_versions(getattr(decision, "reasons", ()) or ())
    return _lookup[0](user, versions) if versions else []
