"""The navigation items to find a person and see caseloads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ttg.core import navigation


def register() -> None:
    navigation.register(30, _("Find a person"), "people_search", action="person.view")
    navigation.register(40, _("Caseloads"), "my_caseloads", action="caseload.view")
