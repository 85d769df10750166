"""The work list: for the CRC's TTG caseworkers and managers, about the people their CRC serves."""

from __future__ import annotations

from ttg.accounts.constants import Role
from ttg.core import access


def register() -> None:
    # The TTG caseworker's work list (issue 5): overdue, due this week, plans to agree, reviews and handovers.
    access.register_actions({"worklist.view": "See the work list: what is overdue and due for the people my CRC serves"})
    access.grant([Role.TTG_CASEWORKER, Role.CRC_MANAGER], {"worklist.view"})
