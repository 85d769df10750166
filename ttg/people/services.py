"""Writes to a person's record made through the service (the custody feed writes the rest: feed.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ttg.core.audit import record_change

from .constants import Language
from .models import Person


class LanguageError(ValueError):
    """A language the service does not offer; the message names the field."""


def set_language(*, person: Person, language: str, by: Any) -> Person:
    """Record the language the person is given their plan and anything else in (issue 22). Audited like
    any other change to a person's record; recording the same language again changes nothing."""
    if language not in Language.values:
        raise LanguageError(_("Select the language the person wants to read their plan in"))
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.language == language:
            return locked
        before = locked.language
        locked.language = language
        locked.save(update_fields=["language"])
        record_change(actor=by, action="people.person.language", obj=locked, before={"language": before}, after={"language": language})
    person.language = language
    return locked
