"""The responsible officer's handovers on their home page, and the Handovers item of the navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, home, navigation
from ttg.core.formatting import govuk_date
from ttg.core.home import Row, Section

from .selectors import for_officer


def _handovers_coming(user: Any) -> list[Section]:
    """The responsible officer's handovers not yet received: overdue first, then release in the next weeks."""
    if not access.can(user, "handover.receive"):
        return []
    groups = for_officer(user)
    rows = []
    for row, overdue in [(r, True) for r in groups.overdue] + [(r, False) for r in groups.coming]:
        person = row.handover.plan.custody_period.person
        release = govuk_date(row.release_date) if row.release_date else _("not known")
        hint = (_("Overdue: release date %(date)s, not received") if overdue else _("Release date %(date)s")) % {"date": release}
        rows.append(
            Row(
                f"{person.first_name} {person.last_name} ({person.prison_number})",
                reverse("handover_summary", args=[row.handover.pk]),
                hint,
            )
        )
    heading = _("Handovers coming (release in the next %(weeks)d weeks)") % {"weeks": groups.weeks}
    return [
        Section(heading, rows, empty=_("No handovers are waiting for you.")),
        Section(_("Work"), [Row(_("All handovers to you"), reverse("handover_list"), _("Coming, later and received"))]),
    ]


def register() -> None:
    home.register_sections(20, _handovers_coming)
    navigation.register(120, gettext_lazy("Handovers"), "handover_list", action="handover.receive")
