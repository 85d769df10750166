"""The specification catalogue is for every person with a role: published versions for everyone,
drafts only for administrators, who edit them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import PEOPLE_ROLES, Role
from ttg.core import access


def _catalogue_versions(user: Any, prefix: str = "") -> Q | None:
    """Published versions for everyone; drafts only for administrators, who edit them."""
    return Q() if user.role == Role.ADMINISTRATOR else Q(**{f"{prefix}published": True})


def _catalogue_contents(user: Any) -> Q | None:
    return _catalogue_versions(user, prefix="version__")


def register() -> None:
    access.register_actions({"catalogue.view": "See the specification catalogue: its versions, levels and activities"})
    access.grant(PEOPLE_ROLES, {"catalogue.view"})
    access.register_scope("plans.CatalogueVersion", _catalogue_versions)
    for name in ("Activity", "CatalogueNeedArea", "CataloguePathway", "CatalogueLevel"):
        access.register_scope(f"plans.{name}", _catalogue_contents)
