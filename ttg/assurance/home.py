"""Contract assurance on the home page: what waits for the contract manager (open issues, unclosed
audit actions), the CRC manager (audit actions to answer) and whoever raised an issue; and the way in."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.accounts.constants import Role
from ttg.core import access, home
from ttg.core.home import DUE, WAITING, Row, Section, Task

from . import access as rights
from . import selectors


def _tasks(user: Any) -> list[Task]:
    found = []
    if access.can(user, rights.ISSUE_RESOLVE):
        found.append(
            Task(
                _("Contract-management issues open"),
                selectors.open_issue_count(user),
                reverse("assurance_issues"),
                _("Raised with you"),
                DUE,
            )
        )
    if access.can(user, rights.SAMPLE):
        found.append(
            Task(
                _("Audit actions not closed"),
                selectors.actions_waiting(user).count(),
                reverse("assurance_samples"),
                _("From your audit samples"),
                WAITING,
            )
        )
    if access.can(user, rights.ISSUE_RAISE):
        mine = selectors.open_issue_count(user)
        if mine:  # only for someone following an issue: every other raiser's home stays as it was
            found.append(
                Task(_("Issues you raised, still open"), mine, reverse("assurance_issues"), _("Follow them to resolution"), WAITING)
            )
    if access.can(user, rights.RESPOND):
        found.append(
            Task(
                _("Audit actions to answer"),
                selectors.actions_waiting(user).count(),
                reverse("assurance_samples"),
                _("Agree or dispute them"),
                DUE,
            )
        )
    return found


def _sections(user: Any) -> list[Section]:
    rows = []
    if access.can(user, rights.SAMPLE_VIEW):
        rows.append(Row(_("Audit samples"), reverse("assurance_samples")))
    if access.can(user, rights.ISSUE_RESOLVE):
        rows.append(Row(_("Contract-management issues and escalations"), reverse("assurance_issues")))
    elif access.can(user, rights.ISSUE_RAISE):
        rows.append(Row(_("Raise a contract-management issue, or follow one you raised"), reverse("assurance_issues")))
    if access.can(user, rights.ENGAGEMENT_VIEW):
        text = (
            _("Engagement with CRCs: meetings, or no engagement")
            if user.role == Role.PARTNER_CASEWORKER
            else _("Engagement between CRCs and partners")
        )
        rows.append(Row(text, reverse("assurance_engagements")))
    return [Section(_("Contract assurance"), rows)] if rows else []


def register() -> None:
    home.register_tasks(85, _tasks)
    home.register_sections(85, _sections)
