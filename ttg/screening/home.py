"""Prison staff's way into screening from their home page, and the custody record's link to the person's screening."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.accounts.constants import Role
from ttg.core import access, home
from ttg.core.home import Row, Section
from ttg.people import links


def _screening_work(user: Any) -> list[Section]:
    prison = user.prison if user.role in (Role.PRISON_OFFICER, Role.GOVERNOR) else None
    if prison is None or not access.can(user, "screening.view"):
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
    home.register_sections(10, _screening_work)
    links.register(10, _record_links)
