"""Insights: the analyst's (R-E1, R-E2). Figures for the whole service, with small numbers hidden; no
row about a person. The insights app has no model that users see, so no scope rules: the figures are
counted over every record, and only ever published as counts (selectors.py)."""

from __future__ import annotations

from ttg.accounts.constants import Role
from ttg.core import access

VIEW = "insights.view"
EXPORT = "insights.export"


def register() -> None:
    access.register_actions(
        {
            VIEW: "See outcomes by cohort, prison and CRC, and the equality analysis: figures only, small numbers hidden",
            EXPORT: "Download the outcome figures as CSV or XLSX",
        }
    )
    access.grant([Role.ANALYST], {VIEW, EXPORT})
