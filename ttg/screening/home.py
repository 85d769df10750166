"""Prison staff's way into screening from their home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.accounts.constants import Role
from ttg.core import access, home
from ttg.core.home import Row, Section


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


def register() -> None:
    home.register_sections(10, _screening_work)
