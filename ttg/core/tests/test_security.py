"""The security bar (design/security.md) for the foundation: each item with its test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from ttg.accounts.constants import Role
from ttg.core.middleware import LAST_SEEN_EVERY_SECONDS
from ttg.core.models import AuditEvent
from ttg.core.signals import SESSION_LAST_SEEN, SESSION_LOGIN_AT


def production_settings(**env: str) -> dict[str, Any]:
    """Import ttg.settings in a fresh process with this environment; return a few values."""
    code = (
        "import json, ttg.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "['DEBUG','PASSWORD_HASHERS','SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_NAME',"
        "'SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT']}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TTG_HTTPS", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, cwd=settings.BASE_DIR, check=False
    )
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key() -> None:
    assert "SECRET_KEY must be set" in production_settings()["error"]


def test_production_defaults_are_secure() -> None:
    values = production_settings(SECRET_KEY="k" * 50, TTG_HTTPS="true")
    assert values["DEBUG"] is False
    assert values["PASSWORD_HASHERS"] == ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True


@pytest.mark.parametrize("password", ["short-pass1", "password123456", "123456789012345"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_passwords_are_accepted() -> None:
    validate_password("a very long pass phrase that nobody guesses " * 3)


def test_account_locks_after_too_many_failures(personas: dict[str, Any], settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        client.post(reverse("login"), {"username": "tom.okafor", "password": "not-the-password-1"})
    locked = client.post(reverse("login"), {"username": "tom.okafor", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_username="tom.okafor").exists()
    # Other accounts are not affected (lockout is by account, not by address).
    other = Client().post(reverse("login"), {"username": "priya.shah", "password": PASSWORD})
    assert other.status_code == 302


def test_sign_in_gives_a_new_session_and_sign_out_kills_it(personas: dict[str, Any]) -> None:
    client = Client()
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-fixed-session"
    response = client.post(reverse("login"), {"username": "priya.shah", "password": PASSWORD})
    assert response.status_code == 302
    session_key = client.cookies["sessionid"].value
    assert session_key != "attacker-fixed-session"
    assert client.get(reverse("home")).status_code == 200

    client.post(reverse("logout"))
    replay = Client()
    replay.cookies["sessionid"] = session_key
    assert replay.get(reverse("home")).status_code == 302  # the old cookie signs nobody in


@pytest.mark.parametrize("stale_key", [SESSION_LAST_SEEN, SESSION_LOGIN_AT])
def test_idle_and_absolute_timeouts_end_the_session(stale_key: str, personas: dict[str, Any]) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "priya.shah", "password": PASSWORD})
    session = client.session
    limit = settings.TTG_SESSION_IDLE_TIMEOUT if stale_key == SESSION_LAST_SEEN else settings.TTG_SESSION_ABSOLUTE_TIMEOUT
    session[stale_key] = session[stale_key] - limit.total_seconds() - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "signed out because" in client.get(response["Location"]).content.decode()


def test_session_within_limits_stays(personas: dict[str, Any]) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "priya.shah", "password": PASSWORD})
    session = client.session
    session[SESSION_LAST_SEEN] -= settings.TTG_SESSION_IDLE_TIMEOUT.total_seconds() - 60
    session.save()
    assert client.get(reverse("home")).status_code == 200


def test_the_last_request_time_is_written_at_most_once_a_minute(personas: dict[str, Any]) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "priya.shah", "password": PASSWORD})
    session = client.session
    session[SESSION_LAST_SEEN] -= 30
    session.save()
    written = client.session[SESSION_LAST_SEEN]
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SESSION_LAST_SEEN] == written  # 30 seconds old: not written again

    session = client.session
    session[SESSION_LAST_SEEN] -= LAST_SEEN_EVERY_SECONDS
    session.save()
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SESSION_LAST_SEEN] > written  # a minute and more: written


def test_next_redirect_stays_on_the_site(personas: dict[str, Any]) -> None:
    response = Client().post(reverse("login") + "?next=https://evil.example/steal", {"username": "priya.shah", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_pages_send_security_headers(client_for: Any) -> None:
    response = client_for(Role.PRISON_OFFICER).get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert "Server" not in response


def test_stored_script_is_escaped(client_for: Any, personas: dict[str, Any]) -> None:
    prison = personas[Role.PRISON_OFFICER].prison  # named in the officer's home page title
    prison.name = "<script>alert(1)</script>"
    prison.save(update_fields=["name"])
    page = client_for(Role.PRISON_OFFICER).get(reverse("home")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_server_error_shows_a_govuk_page_with_an_id_and_no_traceback(settings: Any, db: Any) -> None:
    settings.ROOT_URLCONF = "ttg.core.tests.urls_with_error"
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "give them this reference" in page
    assert "secret internal detail" not in page and "Traceback" not in page


def test_a_database_that_cannot_answer_is_a_503_to_try_again_page_or_problem(settings: Any, personas: dict[str, Any]) -> None:
    """Faults (issue 17): while PostgreSQL restarts, a request fails cleanly, saying to try again."""
    settings.ROOT_URLCONF = "ttg.core.tests.urls_with_error"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    page = client.get("/database-down/")
    assert page.status_code == 503 and page["Retry-After"] == "10"
    assert "Sorry, the service is unavailable" in page.content.decode() and "Traceback" not in page.content.decode()
    client.force_login(personas[Role.CRC_MANAGER])
    api = client.get("/api/v1/database-down/")
    assert api.status_code == 503 and api["Content-Type"] == "application/problem+json" and api["Retry-After"] == "10"
    assert api.json()["detail"].startswith("The service is unavailable for a moment")


def test_only_transient_database_errors_are_unavailable() -> None:
    from django.db import IntegrityError, InterfaceError, OperationalError

    from ttg.core.db import unavailable

    class Cause(Exception):
        def __init__(self, sqlstate: str | None) -> None:
            self.sqlstate = sqlstate

    def operational(message: str, sqlstate: str | None) -> OperationalError:
        error = OperationalError(message)
        error.__cause__ = Cause(sqlstate)
        return error

    assert unavailable(InterfaceError("connection already closed"))
    assert not unavailable(IntegrityError("duplicate key")) and not unavailable(RuntimeError("boom")) and not unavailable(None)
    from django.db import connection

    if connection.vendor == "postgresql":
        assert unavailable(operational("terminating connection due to administrator command", "57P01"))
        assert unavailable(operational("server closed the connection unexpectedly", None))
        assert not unavailable(operational("relation does not exist", "42P01"))
    else:
        assert unavailable(OperationalError("database is locked"))
        assert not unavailable(OperationalError("no such table: x"))
    # The driver's own, unwrapped (a server-side cursor closed on a dead connection: PostgreSQL restarted).
    driver: Any = getattr(connection, "Database")  # noqa: B009 - the backend's DB-API module, untyped
    assert unavailable(driver.OperationalError("consuming input failed: server closed the connection unexpectedly")) == (
        connection.vendor == "postgresql"
    )
    assert unavailable(driver.InterfaceError("the connection is closed"))


def test_login_failure_log_has_no_password(personas: dict[str, Any], caplog: Any) -> None:
    caplog.set_level("INFO", logger="ttg.security")
    Client().post(reverse("login"), {"username": "priya.shah", "password": "Hunter2-secret-pw"})
    assert any(getattr(r, "event", "") == "login_failed" for r in caplog.records)
    assert "Hunter2-secret-pw" not in caplog.text


def test_access_refusals_are_logged(client_for: Any, caplog: Any) -> None:
    caplog.set_level("WARNING", logger="ttg.security")
    assert client_for(Role.PRISON_OFFICER).get(reverse("audit_search")).status_code == 403
    assert any(getattr(r, "event", "") == "access_refused" for r in caplog.records)


def test_request_ids_are_accepted_only_when_well_formed(client: Any, db: Any) -> None:
    good = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="abcd1234-ef56")
    assert good["X-Request-ID"] == "abcd1234-ef56"
    forged = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="x\ninjected log line")
    assert "\n" not in forged["X-Request-ID"] and forged["X-Request-ID"] != "x\ninjected log line"
