"""Issue 17: every API error is application/problem+json (RFC 9457), never an HTML page: DRF's own
errors, those views build, and Django's (an unknown address, a server error, a body too large)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core.api import StrictSerializer
from ttg.payments.api import BuySerializer
from ttg.referrals.api import ACTIONS, AcceptSerializer

from .test_api import generated_schema

PROBLEM = "application/problem+json"
ROOT = Path(__file__).resolve().parents[3]


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


# --- the OpenAPI document tells each error, as the API answers it --------------------------------------


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = generated_schema()
    return [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items() if isinstance(op, dict)]


def test_every_operation_documents_401_403_and_its_404_as_problems() -> None:
    operations = _operations()
    assert len(operations) > 40
    for path, method, op in operations:
        codes = set(op["responses"])
        assert {"401", "403"} <= codes, f"{method.upper()} {path} does not document 401 and 403"
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            assert "404" in codes, f"{method.upper()} {path} names a record but does not document 404"
        if "requestBody" in op:
            assert {"400", "413", "415"} <= codes, f"{method.upper()} {path} takes a body but does not document 400, 413 and 415"
        for code, response in op["responses"].items():
            if code.startswith(("4", "5")):
                assert list(response["content"]) == [PROBLEM], f"{method.upper()} {path} {code} is not documented as a problem"


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: "A1234BC" if m.group(0) == "{prison_number}" else "1", path)


def test_every_operation_answers_401_and_403_as_documented(personas: dict[str, Any]) -> None:
    """Anonymous: 401 on every operation; a signed-in user whose role has no action: 403 on every one."""
    nobody = User.objects.create_user(username="no.role", password="x" * 20, role="")
    for path, method, op in _operations():
        url = _url(path)
        anonymous = getattr(APIClient(), method)(url)
        assert_problem(anonymous, 401)
        refused = getattr(client_of(nobody), method)(url)
        assert_problem(refused, 403)
        assert {"401", "403"} <= set(op["responses"])


# --- a request body refuses what it does not take --------------------------------------------------------


def test_a_field_the_request_does_not_take_is_refused_by_name(personas: dict[str, Any]) -> None:
    body = {"prison_number": "A1234BC", "item": 1, "units": 1, "purchased_by": 1, "value_authorised_pence": 1}
    response = client_of(personas[Role.RESPONSIBLE_OFFICER]).post(reverse("api_purchase_buy"), body, format="json")
    errors = assert_problem(response, 400)["errors"]
    assert set(errors) == {"purchased_by", "value_authorised_pence"}
    assert errors["purchased_by"].startswith(
        "This request does not take 'purchased_by': it takes item, prison_number, purchaser_kind, units"
    )


def test_field_errors_and_unknown_fields_are_told_together() -> None:
    body = BuySerializer(data={"units": 0, "colour": "red"})
    assert not body.is_valid()
    assert {"colour", "units", "item", "prison_number"} <= set(body.errors)
    assert not AcceptSerializer(data={"anything": 1}).is_valid() and AcceptSerializer(data={}).is_valid()


def _serializers_given_request_data() -> list[tuple[str, str]]:
    """(module, class) of every serializer an API module builds from a request's data."""
    found = []
    for path in sorted((ROOT / "ttg").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            named = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Serializer")
            if named and any(k.arg == "data" for k in node.keywords):  # type: ignore[attr-defined]
                found.append((".".join(path.relative_to(ROOT).with_suffix("").parts), node.func.id))  # type: ignore[attr-defined]
    return found


def test_every_request_body_is_read_by_a_strict_serializer() -> None:
    found = _serializers_given_request_data()
    assert len(found) >= 17
    loose = [f"{m}.{c}" for m, c in found if not issubclass(getattr(importlib.import_module(m), c), StrictSerializer)]
    assert loose == [], "read request bodies with ttg.core.api.StrictSerializer"
    for request_class, _ in ACTIONS.values():
        assert request_class is not None and issubclass(request_class, StrictSerializer)


def test_the_document_says_request_bodies_take_no_other_field() -> None:
    schemas = generated_schema()["components"]["schemas"]
    for name in ("BuyRequest", "SendRequest", "AcceptRequest", "PatchedActivityPatchRequest", "OutcomeRequestRequest"):
        assert schemas[name]["additionalProperties"] is False, name
