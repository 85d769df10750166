"""The contract manager's and the CRC manager's home-page section: their CRCs at a glance, weakest first
(one query per figure); and the Compliance item of the navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, home, navigation
from ttg.core.home import Row, Section

from . import rules, selectors


def _glance_hint(glance: rules.Glance) -> str:
    weakest = glance.weakest
    if weakest is None:
        return _("Nothing counted yet")
    key, value = weakest
    return _("Weakest: %(figure)s, %(rate)s%%") % {"figure": rules.BY_KEY[key].title, "rate": value}


def _glances(user: Any) -> list[Section]:
    if not access.can(user, selectors.VIEW) or not selectors.crcs(user).exists():
        return []
    found = selectors.overview(user, national=False)
    rows = [Row(text=g.name, href=reverse("compliance_crc", args=[g.key]), hint=_glance_hint(g)) for g in found.glances]
    rows.append(Row(text=_("Compliance of every CRC you can see"), href=reverse("compliance_overview")))
    return [Section(_("CRCs at a glance, weakest first (%(period)s)") % {"period": found.period}, rows)]


def register() -> None:
    home.register_sections(12, _glances)
    navigation.register(45, gettext_lazy("Compliance"), "compliance_overview", action="compliance.view", section="/compliance/")
