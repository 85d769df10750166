"""Notifications: one row per (change, recipient). The row is the in-app message and the record of
delivery through the configured backend (console, in-app only, or GOV.UK Notify).

Fields: `key` names the change (no personal data by convention: ids, not names); `subject` and
`body` are rendered from small templates and may hold what the recipient may see about the change
(personal data, at most what the recipient already sees in the service); the rest is delivery
bookkeeping. Callers must not put special category or offence details in a notification's context.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ttg.core.access import ScopedQuerySet


class Notification(models.Model):
    key = models.CharField(max_length=200, help_text="Names the change: the same key for the same recipient is one notification")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the backend accepted it; empty until then")
    backend = models.CharField(max_length=30, blank=True, help_text="The backend that sent it")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True, help_text="Set when the last allowed attempt failed")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="notification_once_per_key_and_recipient")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient_id}"
