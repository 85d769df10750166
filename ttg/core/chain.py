"""The audit trail's hash chain: a forged or altered audit row is found (issue 17, ASVS V7.3.3).

The database triggers refuse UPDATE and DELETE, but the application's database role may still
INSERT. So every event stores `hash`: an HMAC-SHA256 of its content and of the previous event's
hash (`prev_hash`), computed when it is inserted, here and nowhere else (`AuditEvent.save` and
`AuditEventQuerySet.bulk_create` call `seal`). The key (TTG_AUDIT_CHAIN_KEY, or one derived from
SECRET_KEY) is never in the database, so someone who can only write to the database cannot make a
row that verifies: a row inserted anywhere, or one altered, or one removed from the middle, breaks
the chain at that row. `python manage.py verify_audit` walks it.

Events are chained in the order they are inserted: the next link is taken under a lock held until
the inserting transaction ends (PostgreSQL: a transaction-level advisory lock; SQLite: the
database's write lock, taken before the last hash is read), so two transactions never chain from
the same event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connections, transaction

# Any fixed number: the key of the PostgreSQL advisory lock that orders audit inserts.
CHAIN_LOCK = 7_017_001
# What the hash covers, in this order (the primary key is not known until the row is inserted).
FIELDS = (
    "at",
    "kind",
    "action",
    "actor_id",
    "actor_username",
    "actor_role",
    "object_type",
    "object_id",
    "before",
    "after",
    "reason",
    "scope_crc_id",
    "request_id",
)

FOREIGN_KEYS = frozenset({"actor_id", "scope_crc_id"})


def _key() -> bytes:
    return _key_from(str(getattr(settings, "TTG_AUDIT_CHAIN_KEY", "") or ""), str(settings.SECRET_KEY))


@lru_cache(maxsize=4)
def _key_from(configured: str, secret_key: str) -> bytes:
    if configured:
        return configured.encode()
    return hmac.new(secret_key.encode(), b"ttg audit chain", hashlib.sha256).digest()


def _plain(name: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if name in FOREIGN_KEYS and value is not None:
        return int(value)
    return value


def content(event: Any) -> bytes:
    """The event's content as canonical JSON: the same bytes before it is inserted and after it is read back."""
    values = {name: _plain(name, getattr(event, name)) for name in FIELDS}
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def link(event: Any, prev_hash: str) -> str:
    return hmac.new(_key(), prev_hash.encode() + b"\n" + content(event), hashlib.sha256).hexdigest()


def _last_hash(model: Any, using: str) -> str:
    connection = connections[using]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        elif connection.vendor == "sqlite":
            # Take the write lock now (an update of no row), so that the last hash read is the latest.
            cursor.execute(f"UPDATE {table} SET id = id WHERE 0")  # noqa: S608
        cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else ""


def seal(events: Iterable[Any], model: Any, using: str) -> None:
    """Give each event (not yet inserted, in the order they will be) its prev_hash and hash.
    Must be called inside the transaction that inserts them."""
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("Audit events are sealed inside the transaction that inserts them.")
    previous = _last_hash(model, using)
    for event in events:
        event.prev_hash = previous
        event.hash = previous = link(event, previous)


@dataclass
class Break:
    id: int
    problem: str

    def __str__(self) -> str:
        return f"event {self.id}: {self.problem}"


def verify(rows: Iterable[Any]) -> Iterator[Break]:
    """Walk the events in id order: each must verify with the key and chain from the one before."""
    previous: str | None = ""
    for event in rows:
        if event.hash != link(event, event.prev_hash):
            yield Break(event.pk, "its content or its link was changed, or it was not written by the service")
        elif previous is not None and event.prev_hash != previous:
            yield Break(event.pk, "it does not follow the event before it: an event was removed or inserted here")
        previous = event.hash
