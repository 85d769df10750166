"""The custody record's link to the person's resettlement plan."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ttg.core import access
from ttg.people import links


def _record_links(user: Any, person: Any, period: Any) -> list[links.Link]:
    if not access.can(user, "plan.view"):
        return []
    return [links.Link(_("Resettlement plan"), reverse("plan", args=[person.prison_number]))]


def register() -> None:
    links.register(20, _record_links)
