"""What this app holds about a person, field by field, and the audit trail's events about them
(ttg.core.personal_data; docs/data-protection.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ttg.core.models import AuditEvent
from ttg.core.personal_data import register


def _audit_events(person: Any) -> QuerySet[AuditEvent]:
    """Who looked at or changed the person's record (views, exports, changes of the person row)."""
    return AuditEvent.objects.filter(object_type="people.Person", object_id=str(person.pk)).order_by("at", "id")


def register_personal_data() -> None:
    register(
        "dataprotection.LegalHold",
        title="Legal holds",
        person="person",
        order=60,
        special=("reason", "release_reason"),
        operational=("id", "person", "set_by", "set_at", "released_by", "released_at"),
    )
    register(
        "dataprotection.AccuracyDispute",
        title="Accuracy disputes",
        person="person",
        order=61,
        special=("person_says", "resolution"),
        operational=("id", "person", "part", "raised_by", "raised_at", "status", "outcome", "resolved_by", "resolved_at"),
    )
    register(
        "dataprotection.Erasure",
        title="Erasure",
        person="person",
        order=62,
        operational=("id", "person", "erased_at", "due_on", "rows"),
    )
    register(
        "core.AuditEvent",
        title="Audit trail: views and changes of the person's record",
        person=_audit_events,
        order=90,
        erasable=False,
        kept_because="The log of who consulted, changed, disclosed or erased a record is a legal duty (DPA 2018 s.62), "
        "append-only and sealed in a hash chain; it holds identifiers, never health or offence text.",
        personal=("before", "after"),
        operational=("id", "at", "kind", "action", "actor", "actor_username", "actor_role", "reason", "scope_crc"),
        not_personal=("object_type", "object_id", "request_id", "prev_hash", "hash"),
    )
