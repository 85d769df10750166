"""The responsible officer's handovers on their home page, the Handovers item of the navigation, and the
custody record's link to the person's handover."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, home, navigation
from ttg.core.home import DUE, OVERDUE, Row, Section, Task
from ttg.people import links
from ttg.plans.plan.models import Plan

from .selectors import for_officer


def _handover_tasks(user: Any) -> list[Task]:
    """The responsible officer's handovers not yet received: those whose release has come, then release in
    the next weeks (two queries)."""
    if not access.can(user, "handover.receive"):
        return []
    groups = for_officer(user)
    href = reverse("handover_list")
    return [
        Task(
            _("Handovers overdue"), len(groups.overdue), href, _("The person's release date has come and you have not received it"), OVERDUE
        ),
        Task(
            _("Handovers coming"),
            len(groups.coming),
            href,
            _("Release in the next %(weeks)d weeks: read the plan and mark it received") % {"weeks": groups.weeks},
            DUE,
        ),
    ]


def _handovers(user: Any) -> list[Section]:
    if not access.can(user, "handover.receive"):
        return []
    return [Section(_("Work"), [Row(_("All handovers to you"), reverse("handover_list"), _("Coming, later and received"))])]


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
    home.register_tasks(20, _handover_tasks)
    home.register_sections(20, _handovers)
    links.register(30, _record_links)
    navigation.register(120, gettext_lazy("Handovers"), "handover_list", action="handover.receive")
