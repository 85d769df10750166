"""The API: authentication, deny by default, and the committed OpenAPI schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ttg.accounts.constants import Role

COMMITTED_SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def generated_schema() -> dict[str, Any]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return yaml.safe_load(OpenApiYamlRenderer().render(schema, renderer_context={}))


def test_committed_schema_matches_the_code() -> None:
    committed = yaml.safe_load(COMMITTED_SCHEMA.read_text())
    assert generated_schema() == committed, "docs/openapi.yaml is out of date: run `make schema` and commit it"


def test_every_api_operation_is_documented_with_authentication() -> None:
    schema = generated_schema()
    assert "/api/v1/me/" in schema["paths"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method.upper()} {path} has no authentication in the schema"


def test_token_authentication(personas: dict[str, Any]) -> None:
    token = Token.objects.create(user=personas[Role.TTG_CASEWORKER])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(reverse("api_me"))
    assert response.status_code == 200
    assert response.json()["role"] == Role.TTG_CASEWORKER
    assert response.json()["employer"] == "Merseyside CRC"
    assert "audit.search" not in response.json()["actions"]


def test_a_bad_token_gets_401(db: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(reverse("api_me")).status_code == 401


def _token_aged(user: Any, age: Any) -> Token:
    from django.utils import timezone

    token = Token.objects.create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - age)
    return token


def test_a_token_works_until_the_last_moment_of_its_days_then_gets_401_saying_why(personas: dict[str, Any], settings: Any) -> None:
    from datetime import timedelta

    settings.TTG_API_TOKEN_MAX_AGE_DAYS = 90
    user = personas[Role.TTG_CASEWORKER]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token_aged(user, timedelta(days=90) - timedelta(seconds=30)).key}")
    assert client.get(reverse("api_me")).status_code == 200
    Token.objects.filter(user=user).delete()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token_aged(user, timedelta(days=90)).key}")
    response = client.get(reverse("api_me"))
    assert response.status_code == 401
    assert "tokens last 90 days" in response.json()["detail"] and "Ask an administrator for a new one" in response.json()["detail"]


def test_tokens_never_expire_when_the_setting_is_0(personas: dict[str, Any], settings: Any) -> None:
    from datetime import timedelta

    settings.TTG_API_TOKEN_MAX_AGE_DAYS = 0
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {_token_aged(personas[Role.TTG_CASEWORKER], timedelta(days=3650)).key}")
    assert client.get(reverse("api_me")).status_code == 200


def test_loading_the_demo_again_replaces_an_expired_integration_token(db: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from ttg.demo.loader import load_demo

    feed = load_demo(password="a-long-test-password-2019")["personas"][Role.INTEGRATION]
    old = Token.objects.get(user=feed)
    assert load_demo(password="a-long-test-password-2019") and Token.objects.get(user=feed).key == old.key  # still fresh: kept
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=365))
    load_demo(password="a-long-test-password-2019")
    assert Token.objects.get(user=feed).key != old.key


def test_anonymous_gets_401_without_data(db: Any) -> None:
    response = APIClient().get(reverse("api_audit_events"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "results" not in response.json()


def test_session_api_calls_need_csrf(personas: dict[str, Any]) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(personas[Role.ADMINISTRATOR])
    # No endpoint accepts POST yet: the refusal must still be CSRF/405, never a silent success.
    response = client.post(reverse("api_me"), {}, format="json")
    assert response.status_code in (403, 405)


def test_audit_events_api_is_scoped(client_for: Any, personas: dict[str, Any]) -> None:
    client = APIClient()
    client.force_login(personas[Role.CONTRACT_MANAGER])
    response = client.get(reverse("api_audit_events"))
    assert response.status_code == 200
    # The personas' own creation is audited against Merseyside CRC (their employer) or no CRC.
    scoped_ids = {row["object_id"] for row in response.json()["results"] if row["object_type"] == "accounts.User"}
    caseworker = personas[Role.TTG_CASEWORKER]
    officer = personas[Role.PRISON_OFFICER]
    assert str(caseworker.pk) in scoped_ids
    assert str(officer.pk) not in scoped_ids  # a prison officer's account has no CRC scope


def test_wrong_content_type_is_refused(personas: dict[str, Any]) -> None:
    client = APIClient()
    client.force_login(personas[Role.ADMINISTRATOR])
    response = client.generic("POST", reverse("api_me"), "a=b", content_type="application/x-www-form-urlencoded")
    assert response.status_code in (405, 415)


def test_api_docs_are_served_without_the_internet(client_for: Any) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    page = client.get(reverse("api_docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def test_page_size_is_capped(personas: dict[str, Any]) -> None:
    client = APIClient()
    client.force_login(personas[Role.ADMINISTRATOR])
    response = client.get(reverse("api_audit_events"), {"limit": 100000})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 500
    assert "limit=500" in (response.json()["next"] or "limit=500")
