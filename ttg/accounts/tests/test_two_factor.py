"""Two-factor sign-in (TOTP, django-otp) and re-authentication before bulk exports (issue 17, item 4;
ASVS V4.3.1, V4.3.3; docs/security.md "Two-factor sign-in"). These sign in through the pages, as a
person does, not with force_login."""

from __future__ import annotations

import time
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from conftest import ALL_ROLES, PASSWORD
from ttg.accounts import mfa
from ttg.accounts.constants import Role
from ttg.core.checks import demo_authenticator_secret_in_production
from ttg.core.models import AuditEvent

TWO_FACTOR_ROLES = {Role.ADMINISTRATOR, Role.CONTRACT_MANAGER, Role.CRC_MANAGER}


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now (the device forgets the last code used, so a test may use it again)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def signed_in_with_password(user: Any, next_url: str = "") -> tuple[Client, Any]:
    client = Client()
    response = client.post(reverse("login") + (f"?next={next_url}" if next_url else ""), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client, response


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_roles_that_sign_in_with_a_code(role: str, personas: dict[str, Any]) -> None:
    user = personas[role]
    assert mfa.needs_two_factor(user) is (role in TWO_FACTOR_ROLES)
    client, _response = signed_in_with_password(user)
    home = client.get(reverse("home"))
    if role in TWO_FACTOR_ROLES:
        # The demo personas have the demo's authenticator: straight to the code, and nothing else until it is given.
        assert home.status_code == 302 and home["Location"].startswith(reverse("two_factor_verify"))
        assert client.get(reverse("api_me")).status_code == 403
        assert client.get(reverse("api_me")).json()["status"] == 403
    else:
        assert home.status_code == 200
        assert client.get(reverse("two_factor_verify")).status_code == 404


def test_a_right_code_lets_them_in_and_returns_them_where_they_were_going(personas: dict[str, Any]) -> None:
    manager = personas[Role.CRC_MANAGER]
    client, response = signed_in_with_password(manager, next_url=reverse("payments_claims"))
    step = client.get(response["Location"])
    assert step.status_code == 302 and step["Location"].startswith(reverse("two_factor_verify"))
    page = client.get(step["Location"])
    assert page.status_code == 200 and b"authenticator app" in page.content
    done = client.post(step["Location"], {"code": code_for(mfa.app_device(manager))})  # type: ignore[arg-type]
    assert done.status_code == 302 and done["Location"] == reverse("payments_claims")
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor", actor=manager).exists()


def test_a_code_is_used_once(personas: dict[str, Any]) -> None:
    manager = personas[Role.CONTRACT_MANAGER]
    code = code_for(mfa.app_device(manager))  # type: ignore[arg-type]
    first, _ = signed_in_with_password(manager)
    assert first.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    second, _ = signed_in_with_password(manager)
    assert second.post(reverse("two_factor_verify"), {"code": code}).status_code == 400


def test_a_wrong_code_is_refused_audited_and_slows_the_next(personas: dict[str, Any]) -> None:
    admin = personas[Role.ADMINISTRATOR]
    client, _ = signed_in_with_password(admin)
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 400
    assert b"There is a problem" in wrong.content
    assert AuditEvent.objects.filter(action="auth.two_factor_failed", actor=admin).count() == 1
    for _ in range(4):
        client.post(reverse("two_factor_verify"), {"code": "not-a-code"})
    # Five wrong codes: the account waits 16 seconds, and even the right code is refused until then.
    locked = client.post(reverse("two_factor_verify"), {"code": code_for(mfa.app_device(admin))})  # type: ignore[arg-type]
    assert locked.status_code == 400 and b"too many times" in locked.content
    assert client.get(reverse("home")).status_code == 302
    # The lockout is the account's, not the session's: signing in again does not lift it. (The failures'
    # time is set to now first: on a busy machine, more than the 16 seconds may have passed since.)
    again, _ = signed_in_with_password(admin)
    TOTPDevice.objects.filter(user=admin).update(throttling_failure_timestamp=timezone.now())
    assert again.post(reverse("two_factor_verify"), {"code": code_for(mfa.app_device(admin))}).status_code == 400  # type: ignore[arg-type]
    # After the wait, the right code works.
    TOTPDevice.objects.filter(user=admin).update(throttling_failure_timestamp=timezone.now() - timedelta(hours=1))
    assert again.post(reverse("two_factor_verify"), {"code": code_for(mfa.app_device(admin))}).status_code == 302  # type: ignore[arg-type]


def test_setting_up_an_app_then_a_backup_code_once(personas: dict[str, Any], django_user_model: Any) -> None:
    manager = django_user_model.objects.create_user(
        username="new.manager", password=PASSWORD, role=Role.CRC_MANAGER, crc=personas[Role.CRC_MANAGER].crc
    )
    client, _ = signed_in_with_password(manager)
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(home["Location"])
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    text = page.content.decode()
    assert "<svg" in text and mfa.secret_in_words(device) in text  # the QR code, and the key as text
    assert client.get(home["Location"]).content.decode().count(mfa.secret_in_words(device)) == 1  # the same key on a reload
    assert client.post(home["Location"], {"code": "123"}).status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    done = client.post(home["Location"], {"code": code_for(device)})
    assert done.status_code == 200 and b"backup codes" in done.content
    assert client.get(reverse("home")).status_code == 200
    codes = list(StaticDevice.objects.get(user=manager).token_set.values_list("token", flat=True))
    assert len(codes) == mfa.BACKUP_CODES and all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=manager).confirmed
    # Next time: a backup code instead of the app, once.
    later, _ = signed_in_with_password(manager)
    assert later.post(reverse("two_factor_verify"), {"code": codes[0].upper()}).status_code == 302
    TOTPDevice.objects.filter(user=manager).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    again, _ = signed_in_with_password(manager)
    assert again.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 400


def test_an_administrator_resets_it_and_the_user_sets_up_again(personas: dict[str, Any]) -> None:
    manager = personas[Role.CRC_MANAGER]
    out = StringIO()
    call_command("reset_two_factor", manager.username, reason="Lost phone, ticket 123", stdout=out)
    assert not TOTPDevice.objects.filter(user=manager).exists()
    assert AuditEvent.objects.filter(
        action="auth.two_factor_reset", actor_username=manager.username, reason__contains="ticket 123"
    ).exists()
    client, _ = signed_in_with_password(manager)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_api_tokens_are_not_sessions_and_need_no_code(personas: dict[str, Any]) -> None:
    token = Token.objects.create(user=personas[Role.ADMINISTRATOR])
    assert Client().get(reverse("api_me"), HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_next_after_the_code_stays_on_this_site(personas: dict[str, Any]) -> None:
    manager = personas[Role.CRC_MANAGER]
    client, _ = signed_in_with_password(manager)
    done = client.post(reverse("two_factor_verify") + "?next=https://evil.example/", {"code": code_for(mfa.app_device(manager))})  # type: ignore[arg-type]
    assert done["Location"] == reverse("home")


# --- re-authentication before bulk exports (ASVS V4.3.3) --------------------------------------------


def _long_ago(client: Client) -> None:
    session = client.session
    session[mfa.SESSION_REAUTH_AT] = time.time() - 3600
    session.save()


EXPORTS = [("payments_claims_export", {"fmt": "csv"}, Role.RESPONSIBLE_OFFICER), ("payments_spend_export", {"fmt": "xlsx"}, Role.ANALYST)]


@pytest.mark.parametrize(("name", "kwargs", "role"), EXPORTS)
def test_an_export_needs_a_password_given_recently(name: str, kwargs: dict[str, str], role: str, client_for: Any) -> None:
    client = client_for(role)
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 200  # signing in just now counts
    _long_ago(client)
    asked = client.get(url)
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("reauthenticate"))
    page = client.get(asked["Location"])
    assert page.status_code == 200 and b'name="password"' in page.content
    assert client.post(asked["Location"], {"password": "wrong-password-123"}).status_code == 400
    assert client.get(url).status_code == 302
    back = client.post(asked["Location"], {"password": PASSWORD})
    assert back.status_code == 302 and back["Location"] == url
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="auth.reauthenticated").exists()


def test_with_two_factor_sign_in_the_export_asks_for_a_code(client_for: Any, personas: dict[str, Any]) -> None:
    manager = personas[Role.CONTRACT_MANAGER]
    client = client_for(Role.CONTRACT_MANAGER)
    url = reverse("payments_claims_export", kwargs={"fmt": "xlsx"})
    _long_ago(client)
    asked = client.get(url)
    assert asked.status_code == 302
    assert b'name="code"' in client.get(asked["Location"]).content
    assert client.post(asked["Location"], {"code": "999999"}).status_code == 400
    TOTPDevice.objects.filter(user=manager).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(asked["Location"], {"code": code_for(mfa.app_device(manager))})["Location"] == url  # type: ignore[arg-type]
    assert client.get(url).status_code == 200


def test_the_demo_secret_fails_the_deploy_check_outside_a_demo(personas: dict[str, Any], settings: Any) -> None:
    settings.DEBUG, settings.TTG_DEMO = False, False
    assert [e.id for e in demo_authenticator_secret_in_production(None, databases=["default"])] == ["ttg.E003"]
    settings.TTG_DEMO = True
    assert demo_authenticator_secret_in_production(None, databases=["default"]) == []
    settings.TTG_DEMO = False
    assert demo_authenticator_secret_in_production(None) == []  # without --database: the settings alone
    TOTPDevice.objects.filter(key=settings.TTG_DEMO_TOTP_KEY).delete()
    assert demo_authenticator_secret_in_production(None, databases=["default"]) == []
