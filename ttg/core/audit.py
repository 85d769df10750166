"""Writing the audit trail. Every service that changes data calls record_change inside its own
transaction; every page that shows a person's record calls record_view (record_views for a list or an
export showing many). Every event is sealed into the audit trail's hash chain as it is inserted
(core/chain.py, in AuditEvent.save and bulk_create).

DPA 2018 s.62 asks for logs of collection, alteration, consultation (viewing) and disclosure, with
who, when and why. Content that is itself sensitive (health, offence text) is never copied here:
name such fields in `redact` and the log says only that they changed.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.forms.models import model_to_dict

from . import clock
from .logging import request_id_var
from .models import AuditEvent

REDACTED = "[changed: not recorded]"
NEVER_RECORDED = {"password"}


class NotInTransactionError(RuntimeError):
    pass


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value."""
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value.astimezone(dt.UTC).isoformat()  # the API's one form for times (docs/api.md)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(_plain(v) for v in value) if isinstance(value, set) else [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Field values of `obj` for before/after, without secrets."""
    data = model_to_dict(obj, exclude=[*NEVER_RECORDED, *exclude])
    return {name: _plain(value) for name, value in data.items()}


def diff(
    before: dict[str, Any] | None, after: dict[str, Any] | None, *, redact: Iterable[str] = ()
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Only the fields that changed, with redacted ones replaced by a marker."""
    redact = set(redact)
    if before is None or after is None:
        chosen_before, chosen_after = before, after
    else:
        keys = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        chosen_before = {k: before.get(k) for k in keys}
        chosen_after = {k: after.get(k) for k in keys}

    def mask(values: dict[str, Any] | None) -> dict[str, Any] | None:
        if values is None:
            return None
        return {k: (REDACTED if k in redact else v) for k, v in sorted(values.items())}

    return mask(chosen_before), mask(chosen_after)


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_username": "", "actor_role": ""}
    return {"actor": actor, "actor_username": actor.get_username(), "actor_role": actor.role or ""}


def _require_transaction() -> None:
    # The event must commit or roll back with the change it describes.
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransactionError("Audit events are written inside the transaction of the change.")


def record_change(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    redact: Iterable[str] = (),
    scope_crc: Any = None,
) -> AuditEvent:
    """Append a change event. Call inside the transaction that makes the change."""
    _require_transaction()
    before, after = diff(before, after, redact=redact)
    return AuditEvent.objects.create(
        at=clock.now(),
        kind=AuditEvent.Kind.CHANGE,
        action=action,
        object_type=obj._meta.label if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        before=before,
        after=after,
        reason=reason,
        scope_crc=scope_crc,
        request_id=request_id_var.get() if request_id_var.get() != "-" else "",
        **_actor_fields(actor),
    )


def record_view(*, actor: Any, obj: models.Model, why: str, scope_crc: Any = None, action: str = "") -> AuditEvent:
    """Append a record that `actor` looked at a person's record, with the justification. `action`
    names a particular kind of consultation or disclosure (default "<model>.view")."""
    with transaction.atomic():
        return AuditEvent.objects.create(
            at=clock.now(),
            kind=AuditEvent.Kind.VIEW,
            action=action or f"{obj._meta.label_lower}.view",
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            reason=why,
            scope_crc=scope_crc,
            request_id=request_id_var.get() if request_id_var.get() != "-" else "",
            **_actor_fields(actor),
        )


@dataclass(frozen=True)
class Seen:
    """One record shown among many (a list, an export): its type ("people.Person") and id, the CRC
    whose contract it concerns, and why this user may see it."""

    object_type: str
    object_id: Any
    scope_crc_id: int | None = None
    why: str = ""


def record_views(*, actor: Any, seen: Iterable[Seen], why: str = "") -> list[AuditEvent]:
    """Append one view record for each distinct record shown at once (a list, an export), each with
    its own justification (or `why`). One insert for all of them."""
    request_id = request_id_var.get() if request_id_var.get() != "-" else ""
    at = clock.now()
    actor_fields = _actor_fields(actor)
    events: dict[tuple[str, str], AuditEvent] = {}
    for item in seen:
        key = (item.object_type, str(item.object_id))
        if key not in events:
            events[key] = AuditEvent(
                at=at,
                kind=AuditEvent.Kind.VIEW,
                action=f"{item.object_type.lower()}.view",
                object_type=item.object_type,
                object_id=key[1],
                reason=item.why or why,
                scope_crc_id=item.scope_crc_id,
                request_id=request_id,
                **actor_fields,
            )
    if not events:
        return []
    with transaction.atomic():
        return AuditEvent.objects.bulk_create(list(events.values()))


def record_security(*, action: str, actor: Any = None, username: str = "", reason: str = "") -> AuditEvent:
    """Append a security event: sign-in, sign-out, failure, lockout, refusal."""
    fields = _actor_fields(actor)
    if not fields["actor_username"]:
        fields["actor_username"] = username[:150]
    with transaction.atomic():
        return AuditEvent.objects.create(
            at=clock.now(),
            kind=AuditEvent.Kind.SECURITY,
            action=action,
            reason=reason,
            request_id=request_id_var.get() if request_id_var.get() != "-" else "",
            **fields,
        )
