"""The handover to the responsible officer (service brief R-P5, U6; rule T6): one per plan.

Personal data, scoped in `ttg/core/access.py`: whoever may see the plan's custody period, and the
responsible officer the handover names (only where a handover names them).

The due date is not stored: it is computed on read from the person's *current* release date
(`ttg.plans.rules.handover_due`), so it follows every change of release date. What the caseworker
handed over is kept as it stood: the plan's activities and the needs by pathway are copied into
`snapshot` at handover, so the officer sees what was handed over even if the plan changes later.

States: not started (no row), handed over (a row), received (the officer acknowledged it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet


class HandoverState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    HANDED_OVER = "handed_over", _("Handed over")
    RECEIVED = "received", _("Received")


class Handover(models.Model):
    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="handover")
    officer = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="handovers_received", help_text=_("The responsible officer")
    )
    where_to = models.CharField(_("where the person will live on release"), max_length=500)
    summary = models.TextField(help_text=_("Risks to resettlement and what is outstanding, in the caseworker's words"))
    snapshot = models.JSONField(default=dict, help_text=_("The plan's activities and needs by pathway as they stood at handover"))
    release_date_at_handover = models.DateField(null=True, blank=True)
    handed_over_at = models.DateTimeField()
    handed_over_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-handed_over_at", "-id"]
        verbose_name = _("handover to the responsible officer")

    def __str__(self) -> str:
        return f"Handover {self.pk} ({self.get_state_display()})"

    @property
    def state(self) -> str:
        return HandoverState.RECEIVED if self.received_at else HandoverState.HANDED_OVER

    def get_state_display(self) -> str:
        return str(HandoverState(self.state).label)

    @property
    def release_date(self) -> date | None:
        """The person's current release date (it may have changed since the handover)."""
        return self.plan.custody_period.release_date

    @property
    def activities(self) -> list[dict[str, Any]]:
        return list(self.snapshot.get("activities", []))

    @property
    def needs(self) -> list[dict[str, Any]]:
        return list(self.snapshot.get("needs", []))


class HandoverAlertKind(models.TextChoices):
    DUE = "due", _("Handover due")
    OVERDUE = "overdue", _("Handover overdue")


class HandoverAlert(models.Model):
    """An alert sent about a plan's handover (rule H1; issue 23 item 6): the stored marker that makes
    each alert once. One row per plan, kind and due date, by a unique constraint: a check run again,
    retried, or run by two workers at once sends nothing more. A new due date (the release date
    moved) is a new handover date, and may be announced again."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="handover_alerts")
    kind = models.CharField(max_length=10, choices=HandoverAlertKind.choices)
    due_on = models.DateField(help_text=_("The handover's due date the alert was about (rule T6)"))
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0, help_text=_("How many people were told"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "due_on"], name="one_handover_alert_per_due_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for plan {self.plan_id} (due {self.due_on})"
