"""Issue 17: every API error is application/problem+json (RFC 9457), never an HTML page: DRF's own
errors, those views build, and Django's (an unknown address, a server error, a body too large)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ttg.accounts.constants import Role

PROBLEM = "application/problem+json"


def client_of(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"] and body["detail"]
    assert b"<html" not in response.content.lower()
    return body


def test_401_without_credentials(db: Any) -> None:
    response = APIClient().get(reverse("api_me"))
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Token")


def test_403_for_a_role_without_the_action(personas: dict[str, Any]) -> None:
    assert_problem(client_of(personas[Role.TTG_CASEWORKER]).get(reverse("api_audit_events")), 403)


def test_404_for_an_unknown_address_and_an_unknown_record(personas: dict[str, Any]) -> None:
    client = client_of(personas[Role.CRC_MANAGER])
    assert_problem(client.get("/api/v1/no-such-thing/"), 404)
    assert_problem(client.get(reverse("api_claim", args=[999_999])), 404)


def test_405_names_the_methods_allowed(personas: dict[str, Any]) -> None:
    response = client_of(personas[Role.CRC_MANAGER]).delete(reverse("api_me"))
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_400_lists_what_is_wrong_by_field(personas: dict[str, Any]) -> None:
    response = client_of(personas[Role.RESPONSIBLE_OFFICER]).post(reverse("api_purchase_buy"), {"units": 0}, format="json")
    body = assert_problem(response, 400)
    assert {"prison_number", "item", "units"} <= set(body["errors"])


def test_415_for_a_content_type_the_address_does_not_take(personas: dict[str, Any]) -> None:
    response = client_of(personas[Role.RESPONSIBLE_OFFICER]).post(reverse("api_purchase_buy"), "units=1", content_type="text/plain")
    assert_problem(response, 415)


def test_413_for_a_body_over_the_limit_before_it_is_read(personas: dict[str, Any], settings: Any) -> None:
    settings.TTG_API_MAX_BODY_BYTES = 64
    response = client_of(personas[Role.RESPONSIBLE_OFFICER]).post(
        reverse("api_purchase_buy"), {"prison_number": "A1234BC", "item": 1, "units": 1, "note": "x" * 100}, format="json"
    )
    assert "reads at most 64 bytes" in assert_problem(response, 413)["detail"]


def test_a_refusal_a_view_builds_keeps_its_reasons(personas: dict[str, Any]) -> None:
    response = client_of(personas[Role.RESPONSIBLE_OFFICER]).post(
        reverse("api_purchase_buy"), {"prison_number": "A1234BC", "item": 999_999, "units": 1}, format="json"
    )
    body = assert_problem(response, 422)
    assert body["reasons"] and "field" in body


@pytest.mark.parametrize("path", ["/api/v1/boom/"])
def test_500_is_a_problem_with_an_error_id_and_no_detail_of_the_error(path: str, settings: Any, personas: dict[str, Any]) -> None:
    settings.ROOT_URLCONF = "ttg.core.tests.urls_with_error"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(personas[Role.CRC_MANAGER])
    response = client.get(path)
    body = assert_problem(response, 500)
    assert len(body["error_id"]) == 12
    assert b"secret internal detail" not in response.content and b"Traceback" not in response.content
