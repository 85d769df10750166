"""Data protection of people in custody: legal holds, accuracy disputes and erasures
(docs/data-protection.md).

Fields are classified in `personal_data.py`, as every app's are: a hold's and a dispute's free text
is about the person (special category: it may name health or offences); who acted and when is
operational.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ttg.core.access import ScopedQuerySet

from .constants import DisputeOutcome, DisputeStatus


class LegalHold(models.Model):
    """A person's record must not be erased while a hold is in force (litigation, an inquiry, an
    investigation, a complaint to the Information Commissioner). Released, it stays as history."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField(help_text="Why the record must be kept")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="hold_released_with_whom",
                condition=Q(released_at__isnull=True, released_by__isnull=True) | Q(released_at__isnull=False, released_by__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.pk} on person {self.person_id}"

    @property
    def in_force(self) -> bool:
        return self.released_at is None


class AccuracyDispute(models.Model):
    """The person says part of their record is wrong (UK GDPR Art. 16 and 18; DPA 2018 s.46-47).
    Raised, shown on the record while open, resolved with an outcome; never deleted."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="accuracy_disputes")
    part = models.CharField(max_length=20, help_text="Which part of the record (constants.DISPUTED_PARTS)")
    person_says = models.TextField(help_text="What the person says is wrong, and what they say is right")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    outcome = models.CharField(max_length=10, choices=DisputeOutcome.choices, blank=True)
    resolution = models.TextField(blank=True, help_text="What was checked and what was done")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["person", "status"], name="dispute_person_status_idx")]
        constraints = [
            models.CheckConstraint(
                name="dispute_resolved_with_outcome",
                condition=Q(status="open", resolved_at__isnull=True, outcome="")
                | Q(status="resolved", resolved_at__isnull=False, resolved_by__isnull=False) & ~Q(outcome=""),
            )
        ]

    def __str__(self) -> str:
        return f"Accuracy dispute {self.pk} on person {self.person_id}"


class Erasure(models.Model):
    """A person's record anonymised under the retention schedule: once, never again."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="erasure")
    erased_at = models.DateTimeField()
    due_on = models.DateField(help_text="The day the retention period ended")
    rows = models.JSONField(help_text="Rows anonymised, by model")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"Erasure of person {self.person_id} on {self.erased_at:%Y-%m-%d}"
