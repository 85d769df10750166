"""Insights: the analyst's (R-E1, R-E2). Figures for the whole service, with small numbers hidden; no
row about a person on the pages: the figures are counted over every record and only ever published
as counts (selectors.py). Pseudonymised extracts carry rows, with no name, prison number or exact date;
each analyst sees the log of their own."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import Role
from ttg.core import access

VIEW = "insights.view"
EXPORT = "insights.export"
EXTRACT = "insights.extract"


def _extracts(user: Any) -> Q | None:
    return Q(requested_by_id=user.pk) if user.role == Role.ANALYST else None


def register() -> None:
    access.register_actions(
        {
            VIEW: "See outcomes by cohort, prison and CRC, and the equality analysis: figures only, small numbers hidden",
            EXPORT: "Download the outcome figures as CSV or XLSX",
            EXTRACT: "Make a pseudonymised extract of the releases for evaluation or a thematic review, logged with its purpose",
        }
    )
    access.grant([Role.ANALYST], {VIEW, EXPORT, EXTRACT})
    access.register_scope("insights.Extract", _extracts)
