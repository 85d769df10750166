"""Who may do what with the service's own pages: home, account, audit trail and administration.

The actions are core's (its pages); which roles have them is decided here, where the roles are.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.core import access

from .constants import PEOPLE_ROLES, Role


def _audit_events(user: Any) -> Q | None:
    """Administrators: every event; contract managers: only events about the CRCs they manage."""
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role == Role.CONTRACT_MANAGER:
        return Q(scope_crc__in=user.managed_crcs.all())
    return None


def register() -> None:
    access.grant(PEOPLE_ROLES, {"home.view", "account.view"})
    access.grant([Role.INTEGRATION], {"account.view"})  # systems: no pages, no notifications
    access.grant([Role.CONTRACT_MANAGER, Role.ADMINISTRATOR], {"audit.search"})
    access.grant([Role.ADMINISTRATOR], {"admin.use"})
    access.register_scope("core.AuditEvent", _audit_events)
