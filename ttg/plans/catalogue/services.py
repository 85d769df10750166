"""Changing the catalogue: copy a version as a new draft, check its structure, publish it. Each write in
one transaction with its audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ttg.core import clock
from ttg.core.audit import record_change, snapshot
from ttg.plans.catalogue import structure
from ttg.plans.catalogue.models import Activity, CatalogueLevel, CatalogueNeedArea, CataloguePathway, CatalogueVersion

_COPIED_FIELDS = (
    "code",
    "title",
    "title_cy",
    "description",
    "description_cy",
    "pathway",
    "level",
    "mode",
    "signpost_to",
    "mandatory",
    "cohort",
    "guidance",
    "for_person",
    "order",
)
# What a version holds besides its activities, and the fields copied with each row.
_COPIED_CONTENT: tuple[tuple[type[Any], str, tuple[str, ...]], ...] = (
    (CatalogueLevel, "levels", ("level", "name", "name_cy", "description", "description_cy")),
    (CatalogueNeedArea, "need_areas", ("code", "name", "name_cy", "description", "description_cy", "order")),
    (CataloguePathway, "pathways", ("code", "name", "name_cy", "description", "description_cy", "women_only", "need_area", "order")),
)


def copy_as_draft(*, version: CatalogueVersion, by: Any, in_force_from: date | None = None) -> CatalogueVersion:
    """A new unpublished version with the same levels, need areas, pathways and activities, to be
    changed and then published."""
    with transaction.atomic():
        draft = CatalogueVersion.objects.create(
            name=_("%(name)s (draft)") % {"name": version.name},
            in_force_from=in_force_from or max(version.in_force_from, clock.today()),
            notes=version.notes,
            by_need_area=version.by_need_area,
            published=False,
            copied_from=version,
        )
        for model, related, fields in _COPIED_CONTENT:
            rows = getattr(version, related).all()
            model.objects.bulk_create([model(version=draft, **{f: getattr(row, f) for f in fields}) for row in rows])
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


def structure_problems(version: CatalogueVersion) -> dict[str, list[str]]:
    """What is wrong with the version's pathways, need areas and levels, by field (ttg.plans.structure)."""
    return structure.problems(
        by_need_area=version.by_need_area,
        need_areas=[structure.NeedAreaRow(code, name) for code, name in version.need_areas.values_list("code", "name")],
        pathways=[structure.PathwayRow(*row) for row in version.pathways.values_list("code", "name", "need_area")],
        levels=version.levels.values_list("level", flat=True),
    )


def welsh_problems(version: CatalogueVersion) -> dict[str, list[str]]:
    """The version's titles, names and descriptions that have no Welsh, by field ("activities", "levels",
    "need_areas", "pathways"), each message naming the row (issue 22: staff and the person read the
    catalogue in the language they choose; a file without them is refused the same way, loader.text_problem).
    An empty English description needs no Welsh. Four queries."""
    found: dict[str, list[str]] = {}

    def lacks(row: Any, field: str) -> bool:
        return bool(getattr(row, field).strip()) and not getattr(row, f"{field}_cy").strip()

    for a in version.activities.all():
        named = {"title": a.title, "code": a.code}
        if lacks(a, "title"):
            found.setdefault("activities", []).append(_("Activity “%(title)s” (%(code)s): give its title in Welsh.") % named)
        if lacks(a, "description"):
            found.setdefault("activities", []).append(_("Activity “%(title)s” (%(code)s): give its description in Welsh.") % named)
    for level in version.levels.all():
        if lacks(level, "name"):
            found.setdefault("levels", []).append(_("Level %(level)s: give its name in Welsh.") % {"level": level.level})
        if lacks(level, "description"):
            found.setdefault("levels", []).append(_("Level %(level)s: give its description in Welsh.") % {"level": level.level})
    for area in version.need_areas.all():
        if lacks(area, "name"):
            found.setdefault("need_areas", []).append(_("Need area “%(name)s”: give its name in Welsh.") % {"name": area.name})
        if lacks(area, "description"):
            found.setdefault("need_areas", []).append(_("Need area “%(name)s”: give its description in Welsh.") % {"name": area.name})
    for pathway in version.pathways.all():
        if lacks(pathway, "name"):
            found.setdefault("pathways", []).append(_("Pathway “%(name)s”: give its name in Welsh.") % {"name": pathway.name})
        if lacks(pathway, "description"):
            found.setdefault("pathways", []).append(_("Pathway “%(name)s”: give its description in Welsh.") % {"name": pathway.name})
    return found


def publish(*, version: CatalogueVersion, by: Any) -> CatalogueVersion:
    """Publish a draft. It must come into force today or later (the past stays as it was), and list
    every pathway, put each in one of its own need areas if organised by them, and describe the
    three levels, each text in English and Welsh: otherwise a ValidationError by field, each message
    naming the field and the row."""
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
        if problems := structure_problems(version):
            raise ValidationError(problems)
        if missing := welsh_problems(version):
            raise ValidationError(missing)
        before = snapshot(version)
        version.published = True
        version.save(update_fields=["published"])
        record_change(
            actor=by, action="plans.catalogueversion.publish", obj=version, before=before, after=snapshot(version), reason="Published"
        )
    return version
