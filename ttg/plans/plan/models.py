"""Resettlement plans (personal data: scoped through the custody period): a person's plan for one custody
period, made under the catalogue version in force on the day it was proposed, and its activities."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.core.pathways import Pathway, pathway
from ttg.plans.catalogue.constants import PATHWAY_CHOICES, Level
from ttg.plans.catalogue.models import Activity, CatalogueVersion
from ttg.plans.plan.rules import STATUS_LABELS, STATUSES

# --------------------------------------------------------------------------------------------------
# Resettlement plans (personal data: scoped through the custody period)
# --------------------------------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")


class PlanKind(models.TextChoices):
    """A CRC's resettlement plan (the enhanced specification), or the responsible officer's short release
    plan for a person leaving a non-resettlement prison, who has no CRC plan (rule R-F2b)."""

    RESETTLEMENT = "resettlement", _("Resettlement plan")
    RELEASE = "release", _("Release plan")


class OwnerKind(models.TextChoices):
    CRC = "crc", _("CRC worker")
    NPS = "nps", _("Responsible officer (NPS)")
    PARTNER = "partner", _("Partner organisation")
    SIGNPOSTED = "signposted", _("Signposted agency")


def _activity_status_choices() -> list[tuple[str, Any]]:

    return [(s, gettext_lazy(STATUS_LABELS[s])) for s in STATUSES]  # the labels are marked in the rules


class Plan(models.Model):
    """A person's resettlement plan for one custody period, made under the catalogue version in force
    on the day it was proposed (it keeps that version when the catalogue changes)."""

    custody_period = models.OneToOneField("people.CustodyPeriod", on_delete=models.PROTECT, related_name="plan")
    catalogue_version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    agreed_with_person = models.BooleanField(default=False)
    not_agreed_reason = models.TextField(blank=True, help_text=_("Why the plan was not agreed with the person, when it was not"))
    kind = models.CharField(max_length=12, choices=PlanKind.choices, default=PlanKind.RESETTLEMENT)
    owned_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("A release plan's owner: the responsible officer who made it (rule R-F2b)"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resettlement plan")
        constraints = [
            models.CheckConstraint(
                name="release_plan_has_its_owner", condition=Q(kind="resettlement") | Q(kind="release", owned_by__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"Resettlement plan {self.pk} ({self.get_status_display()})"

    @property
    def is_agreed(self) -> bool:
        return self.status == PlanStatus.AGREED

    @property
    def is_release_plan(self) -> bool:
        return self.kind == PlanKind.RELEASE


class PlanActivity(models.Model):
    """One activity of a plan: from the catalogue (title, pathway and level copied) or custom."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=200)
    pathway = models.CharField(max_length=30, choices=PATHWAY_CHOICES, blank=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    owner_kind = models.CharField(max_length=12, choices=OwnerKind.choices, default=OwnerKind.CRC)
    owner = models.CharField(max_length=200, blank=True, help_text=_("Who: the worker, organisation or agency"))
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=_activity_status_choices(), default="planned")
    outcome = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text=_("Why it ended undelivered, or was re-opened"))
    reasons = models.JSONField(default=list, blank=True, help_text=_("Why it was proposed, in plain English"))
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # Optimistic concurrency (issue 17): one more at every change. A change sent with the version the
    # sender saw is refused when someone changed the activity since, rather than overwriting them.
    version = models.PositiveIntegerField(default=1, help_text=_("One more at every change"))
    order = models.PositiveSmallIntegerField(default=0)
    continues_after_release = models.BooleanField(
        default=False, help_text=_("Carries on in the community after release; after release only these can be changed")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name_plural = _("plan activities")
        constraints = [
            models.UniqueConstraint(fields=["plan", "activity"], name="plan_activity_once_per_plan"),
            models.CheckConstraint(name="plan_activity_level_1_to_3", condition=Q(level__gte=1, level__lte=3)),
        ]
        # The caseworker's work list: open activities falling due (this week, or overdue).
        indexes = [models.Index(fields=["due_on"], condition=Q(status__in=["planned", "in_progress"]), name="plan_activity_open_due_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    def title_in(self, language: str | None = None) -> str:
        """The title in the reader's language (issue 22): a catalogue activity's is its catalogue row's, in Welsh
        for a Welsh reader, when that row was read with it (select_related: no query of its own) and the title is
        still the one copied from it; a custom activity's is as it was typed."""
        catalogue = self.activity if self.activity_id and PlanActivity.activity.is_cached(self) else None
        if catalogue is not None and catalogue.title == self.title:
            return catalogue.title_in(language)
        return self.title

    @property
    def pathway_info(self) -> Pathway | None:
        return pathway(self.pathway) if self.pathway else None

    @property
    def status_label(self) -> str:

        return gettext(STATUS_LABELS[self.status]) if self.status in STATUS_LABELS else self.status


class PlanGoal(models.Model):
    """What the person wants, in their own words, agreed with them (issue 23, U7): a few per plan, each
    linked to the plan's activities that work towards it. The plan for the person leads with them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    words = models.TextField(help_text=_("What the person wants, in their own words"))
    activities = models.ManyToManyField(PlanActivity, related_name="goals", blank=True)
    agreed_on = models.DateField(help_text=_("The day the person agreed these words"))
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("goal of the plan")

    def __str__(self) -> str:
        return f"Goal {self.pk} of plan {self.plan_id}"
