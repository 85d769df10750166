"""Every write to the catalogue: copying a version as a new draft, and publishing a draft.

Editing itself happens in the Django admin (AuditedAdmin records each change); a published version
is never edited there, so that what was in force stays as it was.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ttg.core import clock
from ttg.core.audit import record_change, snapshot

from .models import Activity, CatalogueVersion

_COPIED_FIELDS = ("code", "title", "description", "pathway", "level", "mode", "signpost_to", "mandatory", "cohort", "guidance", "order")


def copy_as_draft(*, version: CatalogueVersion, by: Any, in_force_from: date | None = None) -> CatalogueVersion:
    """A new unpublished version with the same activities, to be changed and then published."""
    with transaction.atomic():
        draft = CatalogueVersion.objects.create(
            name=_("%(name)s (draft)") % {"name": version.name},
            in_force_from=in_force_from or max(version.in_force_from, clock.today()),
            notes=version.notes,
            by_need_area=version.by_need_area,
            published=False,
            copied_from=version,
        )
        activities = version.activities.all()
        Activity.objects.bulk_create([Activity(version=draft, **{f: getattr(a, f) for f in _COPIED_FIELDS}) for a in activities])
        record_change(
            actor=by,
            action="plans.catalogueversion.copy",
            obj=draft,
            after={**snapshot(draft), "copied_from": version.pk},
            reason=f"Copied as a new draft from version {version.pk} ({version.name})",
        )
    return draft


def publish(*, version: CatalogueVersion, by: Any) -> CatalogueVersion:
    """Publish a draft. It must come into force today or later: the past stays as it was."""
    with transaction.atomic():
        version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
        if version.published:
            raise ValidationError(_("%(version)s is already published.") % {"version": version.name})
        if version.in_force_from < clock.today():
            raise ValidationError(
                _("%(version)s would come into force in the past: give it a date from today.") % {"version": version.name}
            )
        if CatalogueVersion.objects.published().filter(in_force_from=version.in_force_from).exists():
            raise ValidationError(_("Another published version already comes into force on that day."))
        if not version.activities.exists():
            raise ValidationError(_("%(version)s has no activities.") % {"version": version.name})
        before = snapshot(version)
        version.published = True
        version.save(update_fields=["published"])
        record_change(
            actor=by, action="plans.catalogueversion.publish", obj=version, before=before, after=snapshot(version), reason="Published"
        )
    return version
