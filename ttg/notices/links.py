"""What a notice can announce, checked against what exists (through lower apps only): rule versions
in the service's rule tables, BCST question-set versions, published catalogue versions. And which
pages each kind of announcement affects, for the banner."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from ttg.core.rules import RULE_TABLES
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.screening.questions import all_question_sets
from ttg.screening.rules import RULES as SCREENING_RULES

from .constants import LinkKind


@dataclass(frozen=True)
class Option:
    kind: str
    key: str
    label: str

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.key}"


def rule_key(rule_id: str, in_force_from: object) -> str:
    return f"{rule_id}@{in_force_from.isoformat()}" if in_force_from else rule_id  # type: ignore[attr-defined]


def rule_options() -> list[Option]:
    found: dict[str, Option] = {}
    for table in RULE_TABLES:
        for rule in table:
            key = rule_key(rule.id, rule.in_force_from)
            found.setdefault(key, Option(LinkKind.RULE, key, f"{rule.title}, {rule.in_force_words}"))
    return sorted(found.values(), key=lambda o: o.label)


def question_set_options() -> list[Option]:
    return [
        Option(LinkKind.QUESTION_SET, qs.key, f"{qs.title}, in force from {qs.in_force_from:%-d %B %Y}")
        for qs in sorted(all_question_sets(), key=lambda s: (s.kind, s.in_force_from))
    ]


def catalogue_options() -> list[Option]:
    return [
        Option(LinkKind.CATALOGUE, v.in_force_from.isoformat(), f"{v.name}, in force from {v.in_force_from:%-d %B %Y}")
        for v in CatalogueVersion.objects.published().order_by("in_force_from")
    ]


def options() -> dict[str, list[Option]]:
    """Every reference a notice may carry, by kind (one query, for the catalogue)."""
    return {LinkKind.QUESTION_SET: question_set_options(), LinkKind.RULE: rule_options(), LinkKind.CATALOGUE: catalogue_options()}


def parse(values: list[str], known: dict[str, list[Option]]) -> list[Option]:
    """The chosen values ("kind:key") as options; ValueError for one that does not exist."""
    by_value = {o.value: o for group in known.values() for o in group}
    chosen = []
    for value in values:
        if value not in by_value:
            raise ValueError(value)
        chosen.append(by_value[value])
    return chosen


def label(kind: str, key: str) -> str:
    for option in options().get(kind, []):
        if option.key == key:
            return option.label
    return f"{kind} {key}"


# Pages a notice affects, by what it announces: a question set's pages (reading the questions, and
# each person's screening of that kind), a rule's (each person's screening), the catalogue's.
_QUESTION_SET_PAGE = re.compile(r"^/(?:screening/question-sets|people/[^/]+/screening)/(bcst[12])/")
_SCREENING_PAGE = re.compile(r"^/people/[^/]+/screening/")
_CATALOGUE_PAGE = re.compile(r"^/(?:catalogue/|people/[^/]+/plan/)")


def _screening_rules() -> Q:
    return Q(kind=LinkKind.RULE, key__in=[rule_key(r.id, r.in_force_from) for r in SCREENING_RULES])


def affected_by(path: str) -> Q | None:
    """A filter on NoticeLink for the notices that affect this page; None when none can (no query)."""
    match = _QUESTION_SET_PAGE.match(path)
    if match:
        wanted = Q(kind=LinkKind.QUESTION_SET, key__startswith=f"{match.group(1).upper()}/")
        return wanted | _screening_rules() if path.startswith("/people/") else wanted
    if _SCREENING_PAGE.match(path):
        return _screening_rules() | Q(kind=LinkKind.QUESTION_SET)
    if _CATALOGUE_PAGE.match(path):
        return Q(kind=LinkKind.CATALOGUE)
    return None
