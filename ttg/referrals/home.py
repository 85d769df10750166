"""Referrals on the home page: the partner's new referrals and cases, the contract manager's counts, the
list of releases from non-resettlement prisons;
the Referrals items of the navigation; and the custody record's link to the person's referrals."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.accounts.constants import Role
from ttg.core import access, home, navigation
from ttg.core.home import DUE, Row, Section, Task
from ttg.people import links

from .selectors import new_count


def _referral_tasks(user: Any) -> list[Task]:
    """The partner's new referrals, to accept or decline."""
    if user.role != Role.PARTNER_CASEWORKER or not access.can(user, "referral.work"):
        return []
    new = new_count(user)
    return [Task(_("New referrals"), new, reverse("partner_inbox") + "?tab=new", _("Accept or decline them"), DUE)]


def _referrals(user: Any) -> list[Section]:
    if user.role == Role.PARTNER_CASEWORKER and access.can(user, "referral.work"):
        return [
            Section(
                _("Referrals"),
                [
                    Row(_("My cases"), reverse("partner_inbox") + "?tab=mine"),
                    Row(_("Record unfunded work"), reverse("unfunded_work_new")),
                ],
            ),
        ]
    if user.role == Role.CONTRACT_MANAGER and access.can(user, "referral.aggregates"):
        return [Section(_("Referrals"), [Row(_("Referrals to partner organisations: counts"), reverse("referral_summary"))])]
    return []


def _releases(user: Any) -> list[Section]:
    """Nobody released unseen (issue 23 item 4): the list of releases from non-resettlement prisons."""
    if not access.can(user, "releaselist.view"):
        return []
    return [
        Section(
            _("Releases from non-resettlement prisons"),
            [Row(_("People due for release who are or were in a non-resettlement prison"), reverse("release_list"))],
        )
    ]


def _record_links(user: Any, person: Any, period: Any) -> list[links.Link]:
    """The referrals from the person's plans, for the referrer's side (partners work in their own workspace)."""
    if not access.can(user, "referral.view") or access.can(user, "referral.work"):
        return []
    return [links.Link(_("Referrals to partner organisations"), reverse("person_referrals", args=[person.prison_number]))]


def register() -> None:
    home.register_tasks(50, _referral_tasks)
    home.register_sections(50, _referrals)
    home.register_sections(55, _releases)
    links.register(40, _record_links)
    navigation.register(80, gettext_lazy("Referrals"), "partner_inbox", action="referral.work")
    navigation.register(
        90,
        gettext_lazy("Referrals"),
        "referral_list",
        shown=lambda user: access.can(user, "referral.view") and not access.can(user, "referral.work"),
    )
    navigation.register(100, gettext_lazy("Referrals summary"), "referral_summary", action="referral.aggregates")
    # The responsible officer's own work: the list of releases is their way to a person's release plan.
    navigation.register(115, gettext_lazy("Releases"), "release_list", action="releaseplan.make", section="/releases/")
