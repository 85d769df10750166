"""The access kernel: actions fail closed, scoping by role, the same 404 for missing and not yours."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.http import Http404

from conftest import EVERY_ROLE as ALL_ROLES
from ttg.accounts.constants import Role
from ttg.core import access
from ttg.core.audit import record_change
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC, Prison


def test_every_role_has_an_entry_and_every_action_is_known() -> None:
    assert set(access.ROLE_ACTIONS) == set(Role)
    for actions in access.ROLE_ACTIONS.values():
        assert actions <= access.ACTIONS.keys()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_unknown_action_is_refused(role: str, personas: dict[str, Any]) -> None:
    assert not access.can(personas[role], "no.such.action")


def test_requires_rejects_an_unknown_action_at_import_time() -> None:
    with pytest.raises(ValueError, match="Unknown action"):
        access.requires("made.up")


def test_can_fails_closed_when_the_check_raises(personas: dict[str, Any]) -> None:
    class Broken:
        is_authenticated = True
        is_active = True

        @property
        def role(self) -> str:
            raise RuntimeError("directory unavailable")

    assert not access.can(Broken(), "home.view")
    assert access.can(personas[Role.ADMINISTRATOR], "home.view")


def test_anonymous_and_inactive_users_can_do_nothing(personas: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not access.can(AnonymousUser(), "home.view")
    admin = personas[Role.ADMINISTRATOR]
    admin.is_active = False
    assert not access.can(admin, "home.view")


def test_a_model_without_a_scope_rule_shows_nothing(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(access.SCOPE_RULES, "estate.Prison")
    assert not Prison.objects.visible_to(personas[Role.ADMINISTRATOR]).exists()


def test_a_scope_rule_that_raises_shows_nothing(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(user: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setitem(access.SCOPE_RULES, "estate.Prison", broken)
    assert not Prison.objects.visible_to(personas[Role.ADMINISTRATOR]).exists()


def _event_for(crc: CRC) -> AuditEvent:
    with transaction.atomic():
        return record_change(actor=None, action="test.change", object_type="test.Thing", object_id="1", scope_crc=crc)


def test_audit_events_are_scoped_by_role(personas: dict[str, Any]) -> None:
    managed = CRC.objects.get(code="MERSEYSIDE")
    other = CRC.objects.get(code="LONDON")
    mine, theirs = _event_for(managed), _event_for(other)

    admin_sees = set(AuditEvent.objects.visible_to(personas[Role.ADMINISTRATOR]).values_list("pk", flat=True))
    assert {mine.pk, theirs.pk} <= admin_sees

    manager_sees = set(AuditEvent.objects.visible_to(personas[Role.CONTRACT_MANAGER]).values_list("pk", flat=True))
    assert mine.pk in manager_sees
    assert theirs.pk not in manager_sees

    for role in set(Role) - {Role.ADMINISTRATOR, Role.CONTRACT_MANAGER}:
        assert not AuditEvent.objects.visible_to(personas[role]).exists(), role


def test_get_for_gives_the_same_404_for_missing_and_not_yours(personas: dict[str, Any]) -> None:
    theirs = _event_for(CRC.objects.get(code="LONDON"))
    manager = personas[Role.CONTRACT_MANAGER]
    with pytest.raises(Http404) as not_yours:
        access.get_for(manager, AuditEvent, pk=theirs.pk)
    with pytest.raises(Http404) as missing:
        access.get_for(manager, AuditEvent, pk=10**9)
    with pytest.raises(Http404) as malformed:
        access.get_for(manager, AuditEvent, pk="not-a-number")
    assert str(not_yours.value) == str(missing.value) == str(malformed.value)
    assert access.get_for(personas[Role.ADMINISTRATOR], AuditEvent, pk=theirs.pk) == theirs


def test_view_without_declaration_is_refused(rf: Any, personas: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    from ttg.core.middleware import AccessMiddleware

    def undeclared(request: Any) -> None:
        raise AssertionError("must not run")

    request = rf.get("/anything")
    request.user = personas[Role.ADMINISTRATOR]
    request.resolver_match = None
    with pytest.raises(PermissionDenied):
        AccessMiddleware(lambda r: None).process_view(request, undeclared, (), {})  # type: ignore[arg-type,return-value]


def test_api_view_without_declaration_is_refused(personas: dict[str, Any]) -> None:
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    from ttg.core.api import HasRoleAction

    request = APIRequestFactory().get("/api/v1/x/")
    request.user = personas[Role.ADMINISTRATOR]
    assert not HasRoleAction().has_permission(request, APIView())
