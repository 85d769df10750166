"""Data protection in the navigation (administrators) and on a person's custody record (the
accuracy disputes, with how many are open, so the record shows that its accuracy is disputed)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ttg.core import access, navigation
from ttg.people import links

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


def register() -> None:
    navigation.register(
        105, gettext_lazy("Data protection"), "dataprotection_find", action="dataprotection.subject_access", section="/data-protection/"
    )
    links.register(90, _record_links)
