"""Writes to the estate made through the service, each in one transaction and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ttg.core.audit import record_change, snapshot
from ttg.core.languages import Language

from .models import Prison


def set_go_live_date(*, prison: Prison, on: date, reason: str, by: Any) -> Prison:
    """Record the day the enhanced specification goes live at a prison (rule T7 reads it), with the reason.

    Moving a date already recorded is audited with the old and new dates. What was decided under the old
    date stands: screenings and plans keep the specification they were made under."""
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the go-live date is set or moved")})
    with transaction.atomic():
        prison = Prison.objects.select_for_update().get(pk=prison.pk)  # one change to a prison's go-live date at a time
        if prison.enhanced_go_live_on == on:
            return prison
        before = snapshot(prison)
        prison.enhanced_go_live_on = on
        prison.save(update_fields=["enhanced_go_live_on"])
        record_change(
            actor=by,
            action="estate.prison.go_live",
            obj=prison,
            before=before,
            after=snapshot(prison),
            reason=reason.strip()[:500],
            scope_crc=prison.crc,
        )
    return prison


class PrisonLanguageError(ValueError):
    """A language the service does not offer; the message names the field."""


def set_language(*, prison: Prison, language: str, by: Any) -> Prison:
    """Record the language the prison gives people what they receive in, when they have not chosen
    their own (rule L1, issue 22). Audited; choosing the same language again changes nothing."""
    if language not in Language.values:
        raise PrisonLanguageError(_("Select the language people at the prison are given their plan in"))
    with transaction.atomic():
        prison = Prison.objects.select_for_update().get(pk=prison.pk)
        if prison.language == language:
            return prison
        before = {"language": prison.language}
        prison.language = language
        prison.save(update_fields=["language"])
        record_change(
            actor=by, action="estate.prison.language", obj=prison, before=before, after={"language": language}, scope_crc=prison.crc
        )
    return prison
