"""The audit trail: append-only, same transaction as the change, no secrets, searchable."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core import audit
from ttg.core.models import AppendOnlyError, AuditEvent
from ttg.estate.models import CRC, Prison


def _install_triggers() -> None:
    # The test settings leave the triggers out (the runner empties tables); install them here,
    # inside this test's transaction, from the migration's own SQL.
    import importlib

    migration = importlib.import_module("ttg.core.migrations.0002_audit_append_only")
    migration.install(connection)


def test_events_cannot_be_changed_or_deleted_through_the_orm(db: Any) -> None:
    with transaction.atomic():
        event = audit.record_change(actor=None, action="x.change", object_type="x.X", object_id="1")
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_database_refuses_update_and_delete_even_in_raw_sql(db: Any) -> None:
    _install_triggers()
    with transaction.atomic():
        event = audit.record_change(actor=None, action="x.change", object_type="x.X", object_id="1")
    for sql in ("UPDATE core_auditevent SET reason = 'rewritten' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_a_change_must_be_recorded_inside_its_transaction(db: Any) -> None:
    # pytest-django wraps each test in a transaction; pretend we are outside one, as a careless
    # service would be.
    from unittest import mock

    with mock.patch.object(connection, "in_atomic_block", False), pytest.raises(audit.NotInTransactionError):
        audit.record_change(actor=None, action="x.change", object_type="x.X", object_id="1")


def test_the_event_rolls_back_with_the_change(db: Any) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        crc = CRC.objects.create(code="TMP", name="Temporary CRC")
        audit.record_change(actor=None, action="estate.crc.add", obj=crc, after=audit.snapshot(crc))
        raise RuntimeError("the change fails after the event was written")
    assert AuditEvent.objects.count() == before
    assert not CRC.objects.filter(code="TMP").exists()


def test_diff_keeps_only_changed_fields_and_redacts() -> None:
    before, after = audit.diff(
        {"name": "A", "notes": "old health text", "same": 1},
        {"name": "B", "notes": "new health text", "same": 1},
        redact=["notes"],
    )
    assert before == {"name": "A", "notes": audit.REDACTED}
    assert after == {"name": "B", "notes": audit.REDACTED}


def test_snapshot_never_records_a_password(personas: dict[str, Any]) -> None:
    assert "password" not in audit.snapshot(personas[Role.ADMINISTRATOR])


def test_admin_changes_are_audited_with_before_and_after(client_for: Any, personas: dict[str, Any]) -> None:
    prison = Prison.objects.get(code="ACI")
    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:estate_prison_change", args=[prison.pk])
    form = {
        "code": "ACI",
        "name": "HMP Altcourse (renamed)",
        "estate": "male",
        "country": "england",
        "language": "en-gb",
        "crc": prison.crc_id,
        "enhanced_go_live_on": "2019-04-01",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    event = AuditEvent.objects.get(action="estate.prison.change")
    assert event.actor == personas[Role.ADMINISTRATOR]
    assert event.before == {"name": "HMP Altcourse"}
    assert event.after == {"name": "HMP Altcourse (renamed)"}
    assert event.object_id == str(prison.pk)


def test_admin_user_changes_are_audited_without_the_password(client_for: Any, personas: dict[str, Any]) -> None:
    officer = personas[Role.PRISON_OFFICER]
    client = client_for(Role.ADMINISTRATOR)
    response = client.post(
        reverse("admin:accounts_user_change", args=[officer.pk]),
        {
            "username": officer.username,
            "first_name": "Priya",
            "last_name": "Shah-Khan",
            "email": officer.email,
            "role": Role.PRISON_OFFICER,
            "prison": officer.prison_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    event = AuditEvent.objects.get(action="accounts.user.change")
    assert event.after == {"last_name": "Shah-Khan"}
    assert "password" not in (event.before or {})


def test_role_and_employer_must_match(client_for: Any, personas: dict[str, Any]) -> None:
    officer = personas[Role.PRISON_OFFICER]
    response = client_for(Role.ADMINISTRATOR).post(
        reverse("admin:accounts_user_change", args=[officer.pk]),
        {"username": officer.username, "role": Role.TTG_CASEWORKER, "prison": officer.prison_id, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "must work for" in response.content.decode()
    officer.refresh_from_db()
    assert officer.role == Role.PRISON_OFFICER
    assert not AuditEvent.objects.filter(action="accounts.user.change").exists()


def test_sign_in_and_failures_are_security_events(personas: dict[str, Any], client: Any) -> None:
    from conftest import PASSWORD

    client.post(reverse("login"), {"username": "priya.shah", "password": "wrong-password-123"})
    client.post(reverse("login"), {"username": "priya.shah", "password": PASSWORD})
    actions = list(AuditEvent.objects.filter(kind="security").order_by("id").values_list("action", "actor_username"))
    assert ("auth.login_failed", "priya.shah") in actions
    assert ("auth.login", "priya.shah") in actions
    assert not AuditEvent.objects.filter(reason__icontains="wrong-password").exists()


def test_view_of_a_record_is_logged_with_its_justification(personas: dict[str, Any]) -> None:
    prison = Prison.objects.get(code="ACI")
    event = audit.record_view(actor=personas[Role.PRISON_OFFICER], obj=prison, why="Works at this prison")
    assert event.kind == AuditEvent.Kind.VIEW
    assert event.action == "estate.prison.view"
    assert event.reason == "Works at this prison"
    assert event.actor_role == Role.PRISON_OFFICER


def test_audit_search_filters_and_scopes(client_for: Any, personas: dict[str, Any]) -> None:
    merseyside = CRC.objects.get(code="MERSEYSIDE")
    london = CRC.objects.get(code="LONDON")
    with transaction.atomic():
        audit.record_change(actor=None, action="plans.plan.agree", object_type="plans.Plan", object_id="11", scope_crc=merseyside)
        audit.record_change(actor=None, action="plans.plan.agree", object_type="plans.Plan", object_id="22", scope_crc=london)
    manager_page = client_for(Role.CONTRACT_MANAGER).get(reverse("audit_search"), {"action": "plans."}).content.decode()
    assert "plans.Plan 11" in manager_page
    assert "plans.Plan 22" not in manager_page
    admin_page = client_for(Role.ADMINISTRATOR).get(reverse("audit_search"), {"action": "plans."}).content.decode()
    assert "plans.Plan 11" in admin_page and "plans.Plan 22" in admin_page
    only_22 = client_for(Role.ADMINISTRATOR).get(reverse("audit_search"), {"object_id": "22"}).content.decode()
    assert "plans.Plan 22" in only_22 and "plans.Plan 11" not in only_22


def test_audit_search_explains_a_bad_date(client_for: Any, personas: dict[str, Any]) -> None:
    response = client_for(Role.ADMINISTRATOR).get(reverse("audit_search"), {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2019"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "From must be a real date" in page
    assert 'href="#id_date_from_0"' in page
    assert "<title>Error:" in page


def test_audit_search_query_count_does_not_grow_with_rows(
    client_for: Any, personas: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = client_for(Role.ADMINISTRATOR)
    client.get(reverse("audit_search"))  # warm the session
    crc = CRC.objects.get(code="MERSEYSIDE")

    def count_queries() -> int:
        from django.db import connection as conn
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(conn) as ctx:
            assert client.get(reverse("audit_search")).status_code == 200
        return len(ctx)

    few = count_queries()
    with transaction.atomic():
        for i in range(60):
            audit.record_change(actor=personas[Role.ADMINISTRATOR], action="x.change", object_type="x.X", object_id=str(i), scope_crc=crc)
    assert count_queries() == few
