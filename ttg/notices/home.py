"""Home page: the notices waiting for the user's acknowledgement (one query), and for publishers the
way to draft, publish and follow up notices."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.core import access, home

from . import selectors


def _sections(user: Any) -> list[home.Section]:
    """Notices waiting for the user's acknowledgement (one query), and for publishers their pages; nothing
    for a user with neither. A section, not a task: what waits is a reading, not the day's work."""
    rows = []
    if access.can(user, "notices.acknowledge"):
        waiting = selectors.waiting_count(user)
        if waiting:
            rows.append(
                home.Row(
                    _("Notices of changes to read and acknowledge: %(count)s") % {"count": waiting},
                    reverse("notice_list"),
                    hint=_("Changes to the specification or the rules that you must act on"),
                )
            )
    if access.can(user, "notices.publish"):
        rows.append(home.Row(_("Notices: draft, publish and see who has acknowledged them"), reverse("notice_list")))
    return [home.Section(_("Notices of changes"), rows)] if rows else []


def register() -> None:
    home.register_sections(65, _sections)
