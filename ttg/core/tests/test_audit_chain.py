"""Issue 17: the audit trail's hash chain. The application's database role can insert rows (the
triggers stop only UPDATE and DELETE): a row inserted, altered or removed behind the service's back
is found by `manage.py verify_audit`, which names it."""

from __future__ import annotations

import hashlib
import itertools
import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from ttg.accounts.constants import Role
from ttg.core import audit, chain
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC


def verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def trail(personas: dict[str, Any]) -> list[AuditEvent]:
    """Events of every kind, written the service's ways: a change, a view, a security event, a list's views."""
    user = personas[Role.CRC_MANAGER]
    crc = CRC.objects.get(code="MERSEYSIDE")
    with transaction.atomic():
        audit.record_change(actor=user, action="x.thing.change", object_type="x.Thing", object_id="1", before={"a": 1}, after={"a": 2})
    audit.record_view(actor=user, obj=crc, why="Looked", scope_crc=crc)
    audit.record_security(action="auth.login", actor=user)
    audit.record_views(
        actor=user,
        seen=[audit.Seen("estate.CRC", crc.pk, crc.pk), audit.Seen("accounts.User", user.pk, why="Own"), audit.Seen("estate.CRC", crc.pk)],
        why="On a list",
    )
    return list(AuditEvent.objects.order_by("id"))


def _raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_event_is_sealed_into_one_chain_in_the_order_written(trail: list[AuditEvent]) -> None:
    assert all(e.hash for e in trail) and trail[0].prev_hash == ""
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(trail))
    assert len(trail) == len({e.hash for e in trail})
    code, out, _ = verify()
    assert code == 0 and f"{len(trail)} audit events verified" in out


def test_a_row_inserted_behind_the_services_back_is_found(trail: list[AuditEvent]) -> None:
    """As the application's database role could: the right columns, the last event's hash as its
    link, and a SHA-256 of its content; it has no key, so the hash cannot be right."""
    last = trail[-1]
    forged = AuditEvent(at=last.at, kind="view", action="people.person.view", reason="Nothing to see", actor_username="nobody")
    fake_hash = hashlib.sha256(last.hash.encode() + chain.content(forged)).hexdigest()
    _raw(
        "INSERT INTO core_auditevent (at, kind, action, actor_username, actor_role, object_type, object_id, reason, request_id, prev_hash, hash)"
        " VALUES (%s, 'view', 'people.person.view', 'nobody', '', '', '', 'Nothing to see', '', %s, %s)",
        [last.at, last.hash, fake_hash],
    )
    forged_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    code, _, err = verify()
    assert code == 1 and f"event {forged_id}: its content or its link was changed, or it was not written by the service" in err
    # The service goes on writing after it; the chain still says where the forged row is.
    audit.record_security(action="auth.logout", actor=None)
    code, _, err = verify()
    assert code == 1 and f"event {forged_id}:" in err and err.count("- event") == 1


def test_a_row_altered_is_found(trail: list[AuditEvent]) -> None:
    # The test settings leave the append-only triggers out, as an owner of the database could.
    _raw("UPDATE core_auditevent SET reason = %s WHERE id = %s", ["Rewritten", trail[1].pk])
    code, _, err = verify()
    assert code == 1 and f"event {trail[1].pk}: its content" in err


def test_a_row_removed_from_the_middle_is_found(trail: list[AuditEvent]) -> None:
    _raw("DELETE FROM core_auditevent WHERE id = %s", [trail[2].pk])
    code, _, err = verify()
    assert code == 1 and f"event {trail[3].pk}: it does not follow the event before it" in err


def test_the_hash_is_the_same_before_insert_and_read_back(trail: list[AuditEvent]) -> None:
    for event in AuditEvent.objects.order_by("id"):
        assert event.hash == chain.link(event, event.prev_hash)


def test_sealing_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        chain.seal([], AuditEvent, "default")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_events_written_at_once_by_many_connections_make_one_chain() -> None:
    before = AuditEvent.objects.count()
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                audit.record_security(action="auth.login_failed", username=f"user{n}.{i}")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert AuditEvent.objects.count() == before + 40
    code, _out, err = verify()
    assert code == 0, err
