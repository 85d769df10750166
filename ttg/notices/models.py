"""Specification-change notices (R-N1): what changed, who was sent it, and who has acknowledged it.

Data classification: a notice, its links and its attachments are about the service, not people (no
personal data; the publisher's account is recorded, as on every table changed through the
service). A recipient row is personal data of a member of staff (who was sent what, and when they
acknowledged it); no special category or offence data anywhere. Attachments are stored in the
database after their type and size are checked (attachments.py), never on a path a request names.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ttg.core.access import ScopedQuerySet
from ttg.estate.models import CRC

from .constants import Employer, LinkKind, Status


class Notice(models.Model):
    title = models.CharField(max_length=200)
    summary = models.TextField(_("what has changed"), help_text=_("In plain English"))
    what_to_do = models.TextField(_("what to do differently"))
    effective_on = models.DateField(_("in effect from"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    audience = models.JSONField(default=list, help_text=_("Audience kinds (constants.Audience)"))
    crc = models.ForeignKey(
        CRC,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="CRC",
        help_text=_("Only this CRC's staff and supply chain; empty for every CRC"),
    )
    sector_left_out_reason = models.TextField(
        _("why the sector is not sent it"), blank=True, help_text=_("Required when it goes to CRCs but not their supply chains")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="notice_published_has_date",
                condition=Q(status=Status.DRAFT, published_at__isnull=True) | Q(status=Status.PUBLISHED, published_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class NoticeLink(models.Model):
    """What the notice announces: a typed reference, checked against what exists when it is saved.

    Keys: a rule version "T3@2018-10-01" (or "T3" for a version in force from the start), a question
    set "BCST1/2018-10-01", a published catalogue version by its first day "2019-04-01"."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    key = models.CharField(max_length=50)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "key"]
        constraints = [models.UniqueConstraint(fields=["notice", "kind", "key"], name="notice_link_once")]
        indexes = [models.Index(fields=["kind", "key"], name="notice_link_kind_key")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=100)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


class NoticeRecipient(models.Model):
    """One person a published notice was sent to, kept: at publication, or later when they joined its
    audience (a partner joining a supply chain, a new member of staff)."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices_received")
    employer = models.CharField(max_length=20, choices=Employer.choices)
    organisation_name = models.CharField(max_length=200, help_text=_("Where they worked when they were sent it"))
    sent_at = models.DateTimeField()
    joined_later = models.BooleanField(default=False, help_text=_("Added after publication, on joining the audience"))
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation_name", "user__last_name", "user__first_name", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="notice_recipient_once")]
        indexes = [models.Index(fields=["user", "acknowledged_at"], name="notice_recipient_unacked")]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.user_id}"
