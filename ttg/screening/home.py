"""Screening on the home page of prison staff: what waits at their prison, counted from the stored
decisions (one query), and the way into the prison's screening work; and the custody record's link to
the person's screening."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.accounts.constants import Role
from ttg.core import access, home
from ttg.core.home import DUE, OVERDUE, WAITING, Row, Section, Task
from ttg.people import links

from .selectors import waiting_at


def _prison(user: Any) -> Any:
    prison = user.prison if user.role in (Role.PRISON_OFFICER, Role.GOVERNOR) else None
    return prison if prison is not None and access.can(user, "screening.view") else None


def _screening_tasks(user: Any) -> list[Task]:
    """The prison officer's: BCST1 and the duty to refer, previous BCST1s to reuse, needs waiting for the CRC.
    The governor's: the same, and the CRC's BCST2 and pre-release reviews at the prison."""
    prison = _prison(user)
    if prison is None:
        return []
    n = waiting_at(user, prison)
    work = reverse("screening_work_list", args=[prison.code])
    tasks = [
        Task(_("BCST1 overdue"), n["bcst1_overdue"], f"{work}?tab=bcst1", _("Not done within 72 hours of reception"), OVERDUE),
        Task(_("Duty to refer overdue"), n["duty_overdue"], f"{work}?tab=duty", _("Homelessness referrals past their date"), OVERDUE),
        Task(_("BCST1 due"), n["bcst1_due"], f"{work}?tab=bcst1", _("Within 72 hours of reception"), DUE),
        Task(_("Duty to refer due"), n["duty_due"], f"{work}?tab=duty", _("Refer to the local housing authority the person chose"), DUE),
        Task(
            _("Previous BCST1 can be reused"),
            n["clones"],
            f"{work}?tab=bcst1",
            _("People back in custody: reuse it if needs have not changed"),
        ),
        Task(
            _("Immediate needs waiting for the CRC"),
            n["flags"],
            f"{work}?tab=flags",
            _("People whose needs flagged at reception the CRC has not acknowledged yet"),
        ),
    ]
    if user.role == Role.GOVERNOR:
        tasks += [
            Task(_("BCST2 overdue"), n["bcst2_overdue"], f"{work}?tab=bcst2", _("The CRC's screening, past its date"), OVERDUE),
            Task(_("BCST2 due"), n["bcst2_due"], f"{work}?tab=bcst2", _("The CRC's screening"), DUE),
            Task(_("Pre-release window open"), n["pre_release"], f"{work}?tab=pre_release", _("Release in the next 12 weeks"), WAITING),
        ]
    return tasks


def _screening_work(user: Any) -> list[Section]:
    prison = _prison(user)
    if prison is None:
        return []
    return [
        Section(
            _("Work"),
            [
                Row(
                    _("Screening work at %(prison)s") % {"prison": prison.name},
                    reverse("screening_work_list", args=[prison.code]),
                    _("BCST1 due and overdue, clones available, immediate needs, the duty to refer"),
                ),
                Row(_("Caseload: everyone in custody here"), reverse("prison_caseload", args=[prison.code])),
            ],
        )
    ]


def _record_links(user: Any, person: Any, period: Any) -> list[links.Link]:
    if not access.can(user, "screening.view"):
        return []
    return [links.Link(_("Screening: BCST1, BCST2 and immediate needs"), reverse("person_screening", args=[person.prison_number]))]


def register() -> None:
    home.register_tasks(10, _screening_tasks)
    home.register_sections(10, _screening_work)
    links.register(10, _record_links)
