"""The responsible officer's handovers on their home page, the Handovers item of the navigation, and the
custody record's link to the person's handover."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, home, navigation
from ttg.core.formatting import govuk_date
from ttg.core.home import Row, Section
from ttg.people import links
from ttg.plans.plan.models import Plan

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


def _record_links(user: Any, person: Any, period: Any) -> list[links.Link]:
    """The handover of the person's plan: its summary once made, else the plan's handover part; nothing
    without a plan (one query)."""
    if not access.can(user, "handover.view"):
        return []
    found = list(Plan.objects.visible_to(user).filter(custody_period=period).values_list("handover__pk", flat=True)[:1])
    if not found:
        return []
    text = _("Handover to the responsible officer")
    if found[0] is not None:
        return [links.Link(text, reverse("handover_summary", args=[found[0]]), _("Handed over"))]
    return [links.Link(text, reverse("plan", args=[person.prison_number]) + "#handover", _("Not handed over yet"))]


def register() -> None:
    home.register_sections(20, _handovers_coming)
    links.register(30, _record_links)
    navigation.register(120, gettext_lazy("Handovers"), "handover_list", action="handover.receive")
