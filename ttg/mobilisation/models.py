"""Mobilisation plans (R-M1 to R-M4): per CRC and prison, versioned; the commitments to partner
organisations they contain; readiness and go-live; organisations named in a bid but never contracted.

No personal data about people in custody. The plan names staff by role and, for keys and security
clearance, a member of staff by name (personal data about staff, not special category). The users
who made each change are recorded, and every change is in the audit trail.

The draft of a plan's staff, space and risks is JSON (`content`), validated by the section forms; its
partners are `Commitment` rows, so that each organisation can be shown its own and nothing else.
Each submission is an immutable `PlanVersion` holding all four sections as JSON, so that what changed
between versions is a comparison of two values (`rules.changes`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.estate.models import CRC, Organisation, Prison

from .constants import ActionStatus, PlanStatus, Readiness, Response


def empty_content() -> dict[str, list[dict[str, object]]]:
    return {"staff": [], "space": [], "risks": []}


class MobilisationPlan(models.Model):
    """A CRC's plan to mobilise at one prison, and the prison's readiness."""

    crc = models.ForeignKey(CRC, on_delete=models.PROTECT, related_name="mobilisation_plans", verbose_name="CRC")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="mobilisation_plans")
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    content = models.JSONField(default=empty_content, help_text=_("The draft's staff, space and risks"))
    readiness = models.CharField(max_length=20, choices=Readiness.choices, default=Readiness.NOT_DECLARED)
    ready_from = models.DateField(null=True, blank=True, help_text=_("The day the CRC declared itself ready from"))
    governor_reason = models.TextField(blank=True)
    go_live_on = models.DateField(null=True, blank=True, help_text=_("The go-live date HMPPS signed off"))
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["crc__name", "prison__name"]
        constraints = [models.UniqueConstraint(fields=["crc", "prison"], name="mobilisation_plan_unique")]

    def __str__(self) -> str:
        return f"{self.crc}: mobilisation at {self.prison}"


class PlanVersion(models.Model):
    """One submission of a plan, never changed afterwards but for the contract manager's decision on it."""

    plan = models.ForeignKey(MobilisationPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(help_text=_("All four sections as submitted"))
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        max_length=20, blank=True, choices=[(PlanStatus.RETURNED, _("Returned")), (PlanStatus.SIGNED_OFF, _("Signed off"))]
    )
    comments = models.TextField(blank=True)
    checklist = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="mobilisation_version_unique")]

    def __str__(self) -> str:
        return f"Version {self.number}"


class Commitment(models.Model):
    """What a plan commits to (and relies on from) a partner organisation, and the organisation's answer."""

    plan = models.ForeignKey(MobilisationPlan, on_delete=models.PROTECT, related_name="commitments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="mobilisation_commitments")
    services = models.CharField(max_length=300)
    money_pence = models.PositiveBigIntegerField(_("money in pence"), default=0)
    fte = models.DecimalField(_("full-time equivalent staff"), max_digits=5, decimal_places=2, default=0)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    shared_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a submitted version first named it: the organisation sees it from then")
    )
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.UNCONFIRMED)
    response_reason = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "organisation__name", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(name="commitment_ends_after_start", condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.services}"


class BidNaming(models.Model):
    """Schedule 6: an organisation a CRC named in its bid but never contracted (R-M4)."""

    crc = models.ForeignKey(CRC, on_delete=models.PROTECT, related_name="bid_namings", verbose_name="CRC")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bid_namings")
    named_for = models.CharField(max_length=300, help_text=_("What the bid named the organisation for"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["crc__name", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["crc", "organisation"], name="bid_naming_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} named in {self.crc}'s bid"


class MonitoringMeeting(models.Model):
    """R-M2: a meeting at which HMPPS's contract manager monitored the CRC's mobilisation at a prison."""

    plan = models.ForeignKey(MobilisationPlan, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    attendees = models.TextField(help_text=_("Who attended, as written by the contract manager"))
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Monitoring meeting on {self.held_on}"


class MeetingAction(models.Model):
    """An action agreed at a monitoring meeting: what, who owns it, by when, and whether it is done."""

    meeting = models.ForeignKey(MonitoringMeeting, on_delete=models.PROTECT, related_name="actions")
    what = models.CharField(max_length=500)
    owner = models.CharField(max_length=200, blank=True, help_text=_("Who owns it, in words, when not an organisation"))
    owner_organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="meeting_action_done_has_date",
                condition=Q(status=ActionStatus.OPEN, done_on__isnull=True) | Q(status=ActionStatus.DONE, done_on__isnull=False),
            ),
            models.CheckConstraint(name="meeting_action_has_owner", condition=~Q(owner="") | Q(owner_organisation__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def owner_words(self) -> str:
        return self.owner_organisation.name if self.owner_organisation else self.owner
