"""Data protection in the navigation (administrators) and on a person's custody record (the
accuracy disputes, with how many are open, so the record shows that its accuracy is disputed)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, navigation
from ttg.core.rules import format_date
from ttg.people import links

from .constants import DISPUTED_PARTS
from .models import AccuracyDispute


def _record_links(user: Any, person: Any, period: Any) -> list[links.Link]:
    if not access.can(user, "dataprotection.dispute"):
        return []
    open_count = AccuracyDispute.objects.filter(person=person, status="open").count()
    hint = (
        _("accuracy disputed: %(count)d open") % {"count": open_count}
        if open_count
        else _("record that the person says something in it is wrong")
    )
    return [links.Link(_("Accuracy disputes"), reverse("accuracy_disputes", args=[person.prison_number]), hint)]


def _notices(user: Any, person: Any) -> list[str]:
    """ "Accuracy disputed" at the top of the record, for each open dispute, to whoever may act on it."""
    if not access.can(user, "dataprotection.dispute"):
        return []
    parts = dict(DISPUTED_PARTS)
    return [
        _("Accuracy disputed – %(part)s: the person says this part of their record is wrong (recorded %(date)s).")
        % {"part": parts.get(d.part, d.part), "date": format_date(d.raised_at)}
        for d in AccuracyDispute.objects.filter(person=person, status="open").order_by("raised_at")
    ]


def register() -> None:
    navigation.register(
        105, gettext_lazy("Data protection"), "dataprotection_find", action="dataprotection.subject_access", section="/data-protection/"
    )
    links.register(90, _record_links)
    links.register_notices(10, _notices)
