"""Contract assurance: audit samples of a CRC's cases and their checklists and actions (R-A2),
contract-management issues (R-A3), and the engagement log between CRCs and partners (R-A5).

A sample's cases are custody periods, so they are about people (registered in `personal_data.py`);
the contract manager sees each as its case reference, and who the person is only through a logged
reveal (`services.reveal`). Issues and the engagement log are about contracts and organisations, not
people in custody: their words are the raiser's, who is asked not to name anyone in custody.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.estate.models import CRC, Organisation
from ttg.payments.models import Claim
from ttg.people.models import CustodyPeriod

from .constants import ActionStatus, EngagementKind, IssueStatus, IssueTopic, Rating, Side


class AuditSample(models.Model):
    """R-A2: a random sample of a CRC's cases received in a period, drawn from a recorded seed."""

    crc = models.ForeignKey(CRC, on_delete=models.PROTECT, related_name="audit_samples", verbose_name="CRC")
    period_start = models.DateField()
    period_end = models.DateField(help_text=_("The last day of the period (included)"))
    size = models.PositiveIntegerField(help_text=_("How many cases were asked for"))
    seed = models.BigIntegerField(help_text=_("The seed the sample was drawn from: the same seed draws the same cases"))
    population = models.PositiveIntegerField(help_text=_("How many cases it was drawn from"))
    drawn_at = models.DateTimeField()
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        indexes = [models.Index(fields=["crc", "-drawn_at"], name="audit_sample_crc_idx")]
        constraints = [models.CheckConstraint(name="audit_sample_period", condition=Q(period_end__gte=models.F("period_start")))]

    def __str__(self) -> str:
        return f"Audit sample {self.pk} of {self.crc}"


class SampleCase(models.Model):
    """One case drawn into a sample, and the contract manager's checklist for it."""

    sample = models.ForeignKey(AuditSample, on_delete=models.PROTECT, related_name="cases")
    custody_period = models.ForeignKey(CustodyPeriod, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(help_text=_("Its place in the order drawn, from 1"))
    evidence = models.JSONField(default=list, blank=True, help_text=_("The evidence seen (Evidence codes)"))
    finding = models.TextField(blank=True)
    rating = models.CharField(max_length=12, choices=Rating.choices, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sample", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "custody_period"], name="sample_case_once"),
            models.UniqueConstraint(fields=["sample", "position"], name="sample_case_position"),
        ]

    def __str__(self) -> str:
        return f"Case {self.position} of sample {self.sample_id}"


class SampleAction(models.Model):
    """An action from a sample, agreed with the CRC (or disputed) and tracked to closure."""

    sample = models.ForeignKey(AuditSample, on_delete=models.PROTECT, related_name="actions")
    case = models.ForeignKey(SampleCase, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.PROPOSED)
    crc_response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closing_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sample", "due_on", "pk"]
        indexes = [models.Index(fields=["status", "sample"], name="sample_action_status_idx")]

    def __str__(self) -> str:
        return self.what[:60]


class ContractIssue(models.Model):
    """R-A3: an issue raised with the contract managers of a CRC, followed until it is resolved."""

    crc = models.ForeignKey(CRC, on_delete=models.PROTECT, related_name="contract_issues", verbose_name="CRC")
    topic = models.CharField(max_length=20, choices=IssueTopic.choices)
    summary = models.CharField(max_length=200)
    details = models.TextField()
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("The unpaid claim"))
    status = models.CharField(max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_for = models.CharField(max_length=200, help_text=_("Who the raiser works for, when they raised it"))
    resolution = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["crc", "status", "-raised_at"], name="issue_crc_status_idx")]

    def __str__(self) -> str:
        return self.summary


class IssueNote(models.Model):
    """A message on an issue, from the raiser or a contract manager."""

    issue = models.ForeignKey(ContractIssue, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField()
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Engagement(models.Model):
    """R-A5: one entry in the log of engagement between a CRC and a partner organisation."""

    crc = models.ForeignKey(CRC, on_delete=models.PROTECT, related_name="engagements", verbose_name="CRC")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="engagements")
    kind = models.CharField(max_length=15, choices=EngagementKind.choices)
    on = models.DateField(help_text=_("The meeting's date; for no engagement, the day it was said"))
    note = models.TextField(blank=True)
    side = models.CharField(max_length=10, choices=Side.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        indexes = [
            models.Index(fields=["crc", "-on"], name="engagement_crc_idx"),
            models.Index(fields=["organisation", "-on"], name="engagement_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.crc} and {self.organisation}"
