"""The work list in counts on the home page (what waits for the caseworker; for the CRC manager, what is
overdue in the CRC), and the Your work item of the navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.accounts.constants import Role
from ttg.core import access, home, navigation
from ttg.core.home import DUE, OVERDUE, WAITING, Task

from . import selectors as work

# Each section of the work list as a task: overdue; then what has a date coming; then what waits on no date.
URGENCY = {
    work.OVERDUE: OVERDUE,
    work.THIS_WEEK: DUE,
    work.BCST2: DUE,
    work.FLAGS: DUE,
    work.REVIEWS: DUE,
    work.HANDOVERS: DUE,
    work.AFTER_RELEASE: DUE,
    work.TO_AGREE: WAITING,
    work.REFERRALS: WAITING,
}


def _work_tasks(user: Any) -> list[Task]:
    """The caseworker's work list in counts, one task per section, each linking to it; the CRC manager's
    overdue work (one query: each kind of work counted in its own subquery)."""
    if not access.can(user, "worklist.view") or user.role not in (Role.TTG_CASEWORKER, Role.CRC_MANAGER):
        return []
    counts = work.work_counts(user)
    href = reverse("work_list")
    if user.role == Role.CRC_MANAGER:
        hint = _("Activities, screenings, reviews, handovers and outcomes past their date, for the people your CRC serves")
        tasks = [Task(_("Overdue work in your CRC"), counts[work.OVERDUE], f"{href}#{work.OVERDUE}", hint, OVERDUE)]
        if access.can(user, "allocation.make"):
            # Rule AL1: the people with work to do whom no caseworker holds, to allocate.
            hint = _("People with something on the work list who are allocated to no caseworker")
            tasks.append(
                Task(_("People due work to allocate"), work.unallocated_count(user), f"{reverse('allocations')}#unallocated", hint, DUE)
            )
        return tasks
    return [Task(_(work.HEADINGS[key]), counts[key], f"{href}#{key}", urgency=URGENCY[key]) for key in work.SECTION_KEYS]


def register() -> None:
    home.register_tasks(15, _work_tasks)
    navigation.register(20, gettext_lazy("Your work"), "work_list", action="worklist.view")
    navigation.register(25, gettext_lazy("Allocations"), "allocations", action="allocation.make")
