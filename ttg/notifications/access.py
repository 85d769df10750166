"""A notification is for its recipient only, whatever their role."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ttg.accounts.constants import PEOPLE_ROLES
from ttg.core import access


def _own_notifications(user: Any) -> Q | None:
    """A notification is for its recipient only, whatever their role."""
    return Q(recipient_id=user.pk)


def register() -> None:
    access.register_actions({"notification.view": "See my own notifications and mark them read"})
    access.grant(PEOPLE_ROLES, {"notification.view"})  # not integration accounts: systems are told nothing
    access.register_scope("notifications.Notification", _own_notifications)
