"""The Insights item of the navigation, and the analyst's way in from the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, home, navigation
from ttg.core.home import Row, Section
from ttg.insights.access import VIEW


def _section(user: Any) -> list[Section]:
    if not access.can(user, VIEW):
        return []
    return [
        Section(
            _("Outcomes and equality"),
            [
                Row(
                    _("Outcomes by cohort"),
                    reverse("insights_cohorts"),
                    _("Women, sentence length, Level 3 groups, prison type, CRC, prison and quarter"),
                ),
                Row(
                    _("Equality analysis"), reverse("insights_equality"), _("Sex, ethnic group, age and disability, with disparity ratios")
                ),
            ],
        )
    ]


def register() -> None:
    # First on the analyst's home page (the other sections an analyst sees: stewardship 65, funding).
    home.register_sections(60, _section)
    navigation.register(85, gettext_lazy("Insights"), "insights_cohorts", action=VIEW, section="/insights/")
