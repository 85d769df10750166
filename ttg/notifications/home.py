"""The Notifications item of the navigation, with the unread count (one query; none without the action)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ttg.core import navigation

from .services import unread_count


def _text(user: Any) -> str:
    unread = unread_count(user)
    return _("Notifications (%(count)s unread)") % {"count": unread} if unread else _("Notifications")


def register() -> None:
    navigation.register(130, _text, "notification_list", action="notification.view")
