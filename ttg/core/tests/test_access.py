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


# --- the kernel as a registry: each app declares its own actions, grants and scope rules ---------------


def test_every_app_registers_its_own_actions_and_core_knows_no_role() -> None:
    from pathlib import Path

    source = Path(access.__file__).read_text(encoding="utf-8")
    assert "ttg.accounts" not in source and "Role." not in source
    assert {"person.view", "screening.bcst1", "plan.edit", "referral.work", "claim.approve"} <= access.ACTIONS.keys()


def test_granting_an_unregistered_action_is_refused() -> None:
    with pytest.raises(ValueError, match="register them before granting"):
        access.grant([Role.ANALYST], {"made.up"})
    assert "made.up" not in access.ROLE_ACTIONS[Role.ANALYST]


def test_registering_an_action_again_with_other_words_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access, "ACTIONS", dict(access.ACTIONS))
    access.register_actions({"home.view": access.ACTIONS["home.view"]})  # the same again: fine
    with pytest.raises(ValueError, match="twice"):
        access.register_actions({"home.view": "Something else"})


def test_a_second_scope_rule_for_a_model_is_an_alternative(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db.models import Q

    monkeypatch.setattr(access, "SCOPE_RULES", dict(access.SCOPE_RULES))
    analyst = personas[Role.ANALYST]
    access.register_scope("core.AuditEvent", lambda user: Q(pk__in=[]) if user.role == Role.ANALYST else None)
    assert not AuditEvent.objects.visible_to(analyst).exists()
    theirs = _event_for(CRC.objects.get(code="LONDON"))
    access.register_scope("core.AuditEvent", lambda user: Q(pk=theirs.pk) if user.role == Role.ANALYST else None)
    assert list(AuditEvent.objects.visible_to(analyst)) == [theirs]
    # The administrator's rule is unchanged by the analyst's alternatives.
    assert AuditEvent.objects.visible_to(personas[Role.ADMINISTRATOR]).filter(pk=theirs.pk).exists()


def test_an_action_scope_needs_the_action_and_narrows_the_rows(personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db.models import Q

    monkeypatch.setattr(access, "ACTION_SCOPES", dict(access.ACTION_SCOPES))
    admin, manager = personas[Role.ADMINISTRATOR], personas[Role.CONTRACT_MANAGER]
    mine, theirs = _event_for(CRC.objects.get(code="MERSEYSIDE")), _event_for(CRC.objects.get(code="LONDON"))
    # No row rule for the action: the action on every row the user sees, if the role has the action.
    assert AuditEvent.objects.visible_to(admin, action="audit.search").filter(pk__in=[mine.pk, theirs.pk]).count() == 2
    assert not AuditEvent.objects.visible_to(admin, action="claim.approve").exists()  # not an administrator's action
    # A row rule for the action narrows what the user sees; it never widens it.
    access.register_scope("core.AuditEvent", lambda user: Q(pk=mine.pk) | Q(pk=theirs.pk), action="audit.search")
    assert set(AuditEvent.objects.visible_to(manager, action="audit.search").values_list("pk", flat=True)) == {mine.pk}
    assert access.may(manager, "audit.search", mine) and not access.may(manager, "audit.search", theirs)
    with pytest.raises(Http404):
        access.get_for(manager, AuditEvent, action="audit.search", pk=theirs.pk)
    access.register_scope("core.AuditEvent", lambda user: None, action="account.view")
    assert not access.may(admin, "account.view", mine)  # a rule giving None allows nothing


def test_an_action_scope_for_an_unknown_action_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown action"):
        access.register_scope("core.AuditEvent", access.everyone, action="made.up")


def test_a_view_imported_before_start_up_naming_an_unknown_action_fails_the_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    from ttg.core.checks import views_name_known_actions

    monkeypatch.setattr(access, "DECLARED_BEFORE_READY", {"home.view"})
    assert views_name_known_actions(None) == []
    monkeypatch.setattr(access, "DECLARED_BEFORE_READY", {"home.view", "made.up"})
    assert [e.id for e in views_name_known_actions(None)] == ["ttg.E002"]
