from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models, router, transaction

from . import chain
from .access import ScopedQuerySet


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(ScopedQuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are append-only.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("Audit events are append-only.")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[AuditEvent]:  # type: ignore[override]
        """Insert many events at once, each sealed into the hash chain in the order given."""
        events = list(objs)
        using = self.db
        with transaction.atomic(using=using):
            chain.seal(events, self.model, using)
            return super().bulk_create(events, *args, **kwargs)


class AuditEvent(models.Model):
    """One fact in the audit trail: a change, a view of a person's record, or a security event.

    Append-only: the model refuses updates and deletes, and database triggers refuse them too
    (migration 0002), so even a raw query cannot rewrite history. Each event is sealed into a hash
    chain as it is inserted (`prev_hash`, `hash`: core/chain.py), so a row inserted or altered behind
    the service's back is found (`manage.py verify_audit`). Holds identifiers and changed values,
    never the content of health or offence text (services pass `redact`).
    """

    class Kind(models.TextChoices):
        CHANGE = "change", "Change"
        VIEW = "view", "View of a person's record"
        SECURITY = "security", "Security"

    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    action = models.CharField(max_length=100, db_index=True, help_text="What happened, e.g. accounts.user.change")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_username = models.CharField(max_length=150, blank=True, help_text="Blank for the system itself")
    actor_role = models.CharField(max_length=30, blank=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why: the reason for a change, the justification for a view")
    # Whose contract the event concerns, so contract managers see the events of their CRCs.
    scope_crc = models.ForeignKey("estate.CRC", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False, help_text="The hash of the event before it in the chain")
    hash = models.CharField(max_length=64, blank=True, editable=False, help_text="HMAC-SHA256 of its content and prev_hash")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or 'system'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events are append-only.")
        using = kwargs.get("using") or router.db_for_write(type(self))
        with transaction.atomic(using=using):
            chain.seal([self], type(self), using)
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are append-only.")
