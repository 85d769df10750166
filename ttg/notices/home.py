"""Home page: the notices waiting for the user's acknowledgement (one query), and for publishers the
way to draft, publish and follow up notices."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.core import access, home

from . import selectors


def _tasks(user: Any) -> list[home.Task]:
    if not access.can(user, "notices.acknowledge"):
        return []
    return [
        home.Task(
            _("Notices of changes to read and acknowledge"),
            selectors.waiting_count(user),
            reverse("notice_list"),
            hint=_("Changes to the specification or the rules that you must act on"),
            urgency=home.DUE,
        )
    ]


def _sections(user: Any) -> list[home.Section]:
    if not access.can(user, "notices.publish"):
        return []
    return [
        home.Section(
            _("Notices of changes"),
            [
                home.Row(_("Notices: draft, publish and see who has acknowledged them"), reverse("notice_list")),
                home.Row(_("Draft a notice"), reverse("notice_new")),
            ],
        )
    ]


def register() -> None:
    home.register_tasks(60, _tasks)
    home.register_sections(65, _sections)
