"""The Mobilisation item of the navigation, and each role's way in from the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, home, navigation
from ttg.core.home import Row, Section


def _section(user: Any) -> list[Section]:
    if access.can(user, "mobilisation.respond"):
        return [
            Section(_("Mobilisation"), [Row(_("What mobilisation plans commit to your organisation"), reverse("mobilisation_commitments"))])
        ]
    if access.can(user, "mobilisation.view"):
        return [Section(_("Mobilisation"), [Row(_("Mobilisation plans and readiness"), reverse("mobilisation_list"))])]
    return []


def register() -> None:
    home.register_sections(60, _section)
    navigation.register(75, gettext_lazy("Mobilisation"), "mobilisation_list", action="mobilisation.view", section="/mobilisation/")
