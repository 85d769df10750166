"""The specification catalogue as versioned data (service brief R-P1…R-P3, R-P6).

Reference data, no personal data: every field here describes the service, never a person.

A `CatalogueVersion` is in force from a date; the version in force on a date is the published one
with the latest `in_force_from` on or before it (`selectors.version_in_force`). Versions are kept
for ever: a plan will keep the version it was made under. A published version is not edited: an
administrator copies it as a new draft, changes the draft and publishes it with a later date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.plans.catalogue.constants import PATHWAY_CHOICES, Cohort, Level, Mode, SignpostTo
from ttg.plans.catalogue.rules import CatalogueActivity, in_language


class InLanguage:
    """The standard texts of a row, held in English (`name`, `title`, `description`) and Welsh beside them
    (`name_cy`, …; issue 22, docs/welsh.md). Pages show them in the active language, or the one given: a
    Welsh reader the Welsh, anyone else the English. No queries: the Welsh is on the row."""

    def text_in(self, field: str, language: str | None = None) -> str:
        chosen = translation.get_language() if language is None else language
        return in_language(getattr(self, field), getattr(self, f"{field}_cy", ""), chosen)

    def description_in(self, language: str | None = None) -> str:
        return self.text_in("description", language)


class NamedInLanguage(InLanguage):
    def name_in(self, language: str | None = None) -> str:
        return self.text_in("name", language)


class CatalogueVersionQuerySet(ScopedQuerySet["CatalogueVersion"]):
    def published(self) -> CatalogueVersionQuerySet:
        return self.filter(published=True)

    def in_force_on(self, on: date) -> CatalogueVersion | None:
        """The published version with the latest `in_force_from` on or before `on` (drafts never count)."""
        return self.published().filter(in_force_from__lte=on).order_by("-in_force_from").first()


class CatalogueVersion(models.Model):
    name = models.CharField(max_length=200)
    in_force_from = models.DateField(_("in force from"))
    notes = models.TextField(blank=True, help_text=_("Where the content comes from and what changed"))
    published = models.BooleanField(
        default=False, help_text=_("Only published versions are used and shown; publish with the “Publish” action")
    )
    by_need_area = models.BooleanField(
        _("organised by need area"),
        default=True,
        help_text=_("The enhanced specification (2019) groups pathways into four need areas; the 2015 model did not"),
    )
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)

    objects = CatalogueVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-in_force_from", "-id"]
        verbose_name = _("catalogue version")
        constraints = [
            # Two published versions from the same day would make "the version in force" ambiguous.
            models.UniqueConstraint(fields=["in_force_from"], condition=Q(published=True), name="one_published_version_a_day"),
        ]

    def __str__(self) -> str:
        state = "" if self.published else " (draft)"
        return f"{self.name}, in force from {self.in_force_from:%d %B %Y}{state}"


class CatalogueNeedArea(NamedInLanguage, models.Model):
    """One of a version's need areas (the enhanced specification has four). Pathways are put in them."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="need_areas")
    code = models.SlugField(max_length=30, help_text=_("Stays the same from one version to the next; pathways name their need area by it"))
    name = models.CharField(max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_cy = models.TextField(_("description in Welsh"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("need area")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="need_area_code_unique_in_version")]

    def __str__(self) -> str:
        return self.name


class CataloguePathway(NamedInLanguage, models.Model):
    """A version's name, description and need area for one of the fixed pathways.

    The code is one of `ttg.core.pathways.PATHWAY_CODES`: the screening question sets and the
    pure rules key on it, so it is chosen, never invented. Everything else is the version's data.
    """

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="pathways")
    code = models.CharField(max_length=30, choices=PATHWAY_CHOICES, help_text=_("The screening questions are asked by this code"))
    name = models.CharField(max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_cy = models.TextField(_("description in Welsh"), blank=True)
    women_only = models.BooleanField(_("for women only"), default=False)
    need_area = models.CharField(
        max_length=30, blank=True, help_text=_("The code of one of this version's need areas; blank if the version has none")
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("pathway")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="pathway_once_per_version")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The need area must be one of the same version's (publish checks it again, for every pathway)."""
        if self.need_area and not CatalogueNeedArea.objects.filter(version_id=self.version_id, code=self.need_area).exists():
            raise ValidationError(
                {
                    "need_area": _("Need area: choose one of this version's need areas (there is none with the code “%(code)s”).")
                    % {"code": self.need_area}
                }
            )


class CatalogueLevel(NamedInLanguage, models.Model):
    """What a level of support means in a version (service brief R-P2): its name and description."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    name = models.CharField(max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    description = models.TextField()
    description_cy = models.TextField(_("description in Welsh"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["version", "level"]
        verbose_name = _("level")
        constraints = [
            models.UniqueConstraint(fields=["version", "level"], name="level_once_per_version"),
            models.CheckConstraint(name="catalogue_level_1_to_3", condition=Q(level__gte=1, level__lte=3)),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.name}"


class Activity(InLanguage, models.Model):
    """One activity of the specification: what is done on a pathway, at which level, and by whom."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="activities")
    code = models.SlugField(max_length=60, help_text=_("Stays the same from one version to the next"))
    title = models.CharField(max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_cy = models.TextField(_("description in Welsh"), blank=True)
    pathway = models.CharField(
        max_length=30, choices=PATHWAY_CHOICES, blank=True, help_text=_("Blank: across all pathways (Level 1 screening and planning only)")
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.DELIVER)
    signpost_to = models.CharField(
        max_length=40, choices=SignpostTo.choices, blank=True, help_text=_("The kind of partner; required when signposted")
    )
    mandatory = models.BooleanField(
        default=False,
        help_text=_(
            "Mandatory: in every plan the level applies to (Level 1: everyone; Level 2: everyone with this need; Level 3: everyone in the cohort). Otherwise needs-driven: chosen by individual circumstances."
        ),
    )
    cohort = models.CharField(max_length=30, choices=Cohort.choices, blank=True, help_text=_("Blank: for everyone"))
    guidance = models.TextField(blank=True, help_text=_("Good practice for this cohort: shown where it applies, never mandated"))
    # What will happen, said to the person, in each language their plan may be given in: {"en-gb": …, "cy": …}
    # (issue 22; the catalogue files must carry both, loader.for_person_problem). Empty for an activity an
    # administrator added: the plan for the person then uses the service's own sentence for its code.
    for_person = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="activity_code_unique_in_version"),
            models.CheckConstraint(
                name="activity_signposted_to_someone",
                condition=(Q(mode=Mode.SIGNPOST) & ~Q(signpost_to="")) | (Q(mode=Mode.DELIVER) & Q(signpost_to="")),
            ),
            models.CheckConstraint(name="activity_level_1_to_3", condition=Q(level__gte=1, level__lte=3)),
            models.CheckConstraint(name="activity_on_a_pathway_above_level_1", condition=Q(level=Level.ONE) | ~Q(pathway="")),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_level_display()}, {self.code})"

    def title_in(self, language: str | None = None) -> str:
        """The title in the active language (or the one given): the Welsh for a Welsh reader."""
        return self.text_in("title", language)

    def as_rule(self) -> Any:
        """The plain copy that the pure plan rules read (ttg.plans.catalogue.rules.CatalogueActivity)."""

        return CatalogueActivity(
            code=self.code,
            title=self.title,
            pathway=self.pathway,
            level=self.level,
            mode=self.mode,
            signpost_to=self.get_signpost_to_display() if self.signpost_to else "",
            mandatory=self.mandatory,
            cohort=self.cohort,
            guidance=self.guidance,
        )

    @property
    def signpost_to_in_sentence(self) -> str:
        """The partner as it reads after "Signposted to": "prison healthcare", but "DWP work coach"."""
        label = str(self.get_signpost_to_display())
        return label if label[1:2].isupper() else label[:1].lower() + label[1:]
