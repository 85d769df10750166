"""The caseworker's work list in counts on their home page, and the Your work item of the navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.accounts.constants import Role
from ttg.core import access, home, navigation
from ttg.core.home import Row, Section

from .selectors import HEADINGS, SECTION_KEYS, work_counts


def _work_summary(user: Any) -> list[Section]:
    """The caseworker's work list in counts, one row per section, each linking to it (one count per kind of work)."""
    if not access.can(user, "worklist.view") or user.role != Role.TTG_CASEWORKER:
        return []
    counts = work_counts(user)
    href = reverse("work_list")
    rows = [Row(f"{_(HEADINGS[key])}: {counts[key]}", f"{href}#{key}") for key in SECTION_KEYS]
    return [Section(_("Your work"), rows)]


def register() -> None:
    home.register_sections(15, _work_summary)
    navigation.register(20, gettext_lazy("Your work"), "work_list", action="worklist.view")
