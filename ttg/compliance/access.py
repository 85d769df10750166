"""Compliance figures (R-A1): for HMPPS contract managers, the CRCs they manage; for CRC managers, their
own CRC. The cases behind a count are shown as case references to contract managers (ttg/people/identity.py)."""

from __future__ import annotations

from ttg.accounts.constants import Role
from ttg.core import access


def register() -> None:
    access.register_actions(
        {
            "compliance.view": "See compliance with the specification per CRC, prison and month, counted from the records",
            "compliance.cases": "See the cases behind a compliance figure (case references only, for contract managers)",
        }
    )
    access.grant([Role.CONTRACT_MANAGER, Role.CRC_MANAGER], {"compliance.view", "compliance.cases"})
