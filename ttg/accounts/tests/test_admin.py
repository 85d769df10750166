"""Administrators manage users, API tokens and lockouts in the admin; every change is audited."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from conftest import PASSWORD
from ttg.accounts.constants import Role
from ttg.core.audit import REDACTED
from ttg.core.models import AuditEvent


def test_administrator_creates_an_api_token_and_the_key_is_not_logged(client_for: Any, personas: dict[str, Any]) -> None:
    caseworker = personas[Role.TTG_CASEWORKER]
    response = client_for(Role.ADMINISTRATOR).post(reverse("admin:authtoken_tokenproxy_add"), {"user": caseworker.pk})
    assert response.status_code == 302, response.content[:2000]
    token = Token.objects.get(user=caseworker)
    event = AuditEvent.objects.get(action="authtoken.tokenproxy.add")
    assert event.after is not None and event.after["key"] == REDACTED
    assert token.key not in str(event.after)
    assert event.scope_crc == caseworker.crc


def test_administrator_unlocks_a_locked_account(client_for: Any, personas: dict[str, Any], settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        Client().post(reverse("login"), {"username": "priya.shah", "password": "wrong-password-xx"})
    assert Client().post(reverse("login"), {"username": "priya.shah", "password": PASSWORD}).status_code == 429

    attempt = AccessAttempt.objects.get(username="priya.shah")
    admin = client_for(Role.ADMINISTRATOR)
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="axes.accessattempt.delete").exists()
    assert Client().post(reverse("login"), {"username": "priya.shah", "password": PASSWORD}).status_code == 302


def test_user_changes_are_visible_to_the_contract_manager_of_their_crc(client_for: Any, personas: dict[str, Any]) -> None:
    caseworker = personas[Role.TTG_CASEWORKER]
    client_for(Role.ADMINISTRATOR).post(
        reverse("admin:accounts_user_change", args=[caseworker.pk]),
        {
            "username": caseworker.username,
            "first_name": "Thomas",
            "last_name": "Okafor",
            "role": Role.TTG_CASEWORKER,
            "crc": caseworker.crc_id,
            "is_active": "on",
        },
    )
    event = AuditEvent.objects.get(action="accounts.user.change")
    assert AuditEvent.objects.visible_to(personas[Role.CONTRACT_MANAGER]).filter(pk=event.pk).exists()


def test_a_frozen_clock_fails_the_deploy_check(settings: Any) -> None:
    settings.TTG_NOW = "2019-09-02T09:30:00+01:00"
    settings.DEBUG = False
    assert "ttg.E001" in [m.id for m in run_checks(include_deployment_checks=True)]
    settings.TTG_NOW = ""
    assert "ttg.E001" not in [m.id for m in run_checks(include_deployment_checks=True)]
