"""The Stewardship item of the navigation, and the way in from the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, home, navigation
from ttg.core.home import Row, Section


def _section(user: Any) -> list[Section]:
    if access.can(user, "stewardship.view"):
        return [
            Section(
                _("Market stewardship"),
                [
                    Row(
                        _("How much money and work reaches the voluntary sector, coverage gaps and providers at risk"),
                        reverse("stewardship"),
                    )
                ],
            )
        ]
    return []


def register() -> None:
    home.register_sections(65, _section)
    navigation.register(78, gettext_lazy("Stewardship"), "stewardship", action="stewardship.view", section="/stewardship/")
