"""The estate is reference data with no personal data: every person with a role may read it."""

from __future__ import annotations

from ttg.accounts.constants import PEOPLE_ROLES
from ttg.core import access

MODELS = ("Prison", "CRC", "NPSDivision", "Organisation", "ResettlementDesignation", "Specialism")


def register() -> None:
    access.register_actions({"estate.view": "See reference data about prisons, CRCs, NPS divisions and organisations"})
    access.grant(PEOPLE_ROLES, {"estate.view"})
    for name in MODELS:
        access.register_scope(f"estate.{name}", access.everyone)
