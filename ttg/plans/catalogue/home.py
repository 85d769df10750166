"""The Specification item of the navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ttg.core import navigation


def register() -> None:
    navigation.register(60, _("Specification"), "catalogue_list", action="catalogue.view")
