"""The custody feed endpoint for integration accounts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.people import importer
from ttg.people.api import _BoundedBody
from ttg.people.feed import FeedTooLarge
from ttg.people.generator import SAMPLE_FEED
from ttg.people.models import CustodyPeriod, ImportRun

SAMPLE = SAMPLE_FEED


def integration_client(personas: dict[str, Any]) -> APIClient:
    client = APIClient()
    token = Token.objects.get(user=personas[Role.INTEGRATION])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_integration_account_posts_csv(personas: dict[str, Any]) -> None:
    response = integration_client(personas).post(reverse("api_custody_feed"), SAMPLE.read_bytes(), content_type="text/csv")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["rows"], body["applied"], body["rejected"]) == (8, 8, 0)
    assert CustodyPeriod.objects.count() == 5
    run = ImportRun.objects.get(pk=body["import_run"])
    assert run.started_by == personas[Role.INTEGRATION]
    assert AuditEvent.objects.filter(action="people.importrun.finish", actor=personas[Role.INTEGRATION]).exists()


def test_posting_again_changes_nothing(personas: dict[str, Any]) -> None:
    client = integration_client(personas)
    client.post(reverse("api_custody_feed"), SAMPLE.read_bytes(), content_type="text/csv")
    again = client.post(reverse("api_custody_feed"), SAMPLE.read_bytes(), content_type="text/csv").json()
    assert (again["applied"], again["duplicates"]) == (0, 8)


def test_json_lines_body(personas: dict[str, Any]) -> None:
    body = b'{"event_id": "j-1", "event_type": "RECEPTION", "occurred_at": "2019-01-02T10:00:00+00:00", "prison_number": "Z9999ZZ", "prison_code": "ACI", "first_name": "Sam", "last_name": "Lee", "date_of_birth": "1980-05-05", "sex": "M", "legal_status": "REMAND"}\n'
    response = integration_client(personas).post(reverse("api_custody_feed"), body, content_type="application/x-ndjson")
    assert response.status_code == 200 and response.json()["applied"] == 1


def test_bad_rows_come_back_with_line_and_field(personas: dict[str, Any]) -> None:
    data = SAMPLE.read_bytes() + b"ev-0100,RECEPTION,2018-10-02T14:00:00+01:00,BAD,LEI,,,A,B,1990-01-01,M,,REMAND,,,,,\n"
    body = integration_client(personas).post(reverse("api_custody_feed"), data, content_type="text/csv").json()
    assert body["rejections"] == [
        {"line": 10, "event_id": "ev-0100", "field": "prison_number", "message": body["rejections"][0]["message"]}
    ]
    assert "A1234BC" in body["rejections"][0]["message"]


def test_unreadable_body_is_400_and_wrong_type_is_415(personas: dict[str, Any]) -> None:
    client = integration_client(personas)
    assert client.post(reverse("api_custody_feed"), b"1,2,3\n", content_type="text/csv").status_code == 400
    assert client.post(reverse("api_custody_feed"), {"a": 1}, format="json").status_code == 415


def test_people_roles_cannot_post_the_feed(client_for: Any) -> None:
    response = client_for(Role.TTG_CASEWORKER).post(reverse("api_custody_feed"), SAMPLE.read_bytes(), content_type="text/csv")
    assert response.status_code == 403
    assert CustodyPeriod.objects.count() == 0


def test_administrators_see_import_runs_with_rejected_rows(personas: dict[str, Any], client_for: Any) -> None:
    data = SAMPLE.read_bytes() + b"ev-0100,RECEPTION,2018-10-02T14:00:00+01:00,BAD,LEI,,,A,B,1990-01-01,M,,REMAND,,,,,\n"
    run_id = integration_client(personas).post(reverse("api_custody_feed"), data, content_type="text/csv").json()["import_run"]
    admin = client_for(Role.ADMINISTRATOR)
    listing = admin.get(reverse("admin:people_importrun_changelist")).content.decode()
    assert "API: nomis.feed" in listing
    detail = admin.get(reverse("admin:people_importrun_change", args=[run_id])).content.decode()
    assert "ev-0100" in detail and "prison_number" in detail
    assert client_for(Role.TTG_CASEWORKER).get(reverse("admin:people_importrun_changelist")).status_code == 403


# --- issue 17: sizes are bounded, one bad row is one rejection, every error a problem -----------------


def test_a_field_too_long_for_csv_is_one_rejected_row_not_an_html_500(personas: dict[str, Any], settings: Any) -> None:
    settings.TTG_FEED_MAX_LINE_BYTES = 1_000_000
    huge = b"ev-huge,RECEPTION,2018-10-02T14:00:00+01:00,A1111AA,LEI,,,A," + b"x" * 131_073 + b",1990-01-01,M,,REMAND,,,,,\n"
    response = integration_client(personas).post(reverse("api_custody_feed"), SAMPLE.read_bytes() + huge, content_type="text/csv")
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert (body["applied"], body["rejected"], body["rejections"][0]["line"]) == (8, 1, 10)
    assert ImportRun.objects.get(pk=body["import_run"]).status == ImportRun.Status.FINISHED


def test_a_body_over_the_limit_is_413_before_anything_is_read(personas: dict[str, Any], settings: Any) -> None:
    settings.TTG_FEED_MAX_BODY_BYTES = 100
    response = integration_client(personas).post(reverse("api_custody_feed"), SAMPLE.read_bytes(), content_type="text/csv")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "reads at most 100 bytes" in response.json()["detail"]
    assert not ImportRun.objects.exists() and not CustodyPeriod.objects.exists()


def test_the_body_is_bounded_whatever_content_length_said() -> None:
    body = _BoundedBody(io.BytesIO(b"a,b\n" * 100), limit=50)
    with pytest.raises(FeedTooLarge, match="larger than 50 bytes"):
        while body.readline(10):
            pass


def test_feed_errors_are_problems(personas: dict[str, Any]) -> None:
    client = integration_client(personas)
    unreadable = client.post(reverse("api_custody_feed"), b"1,2,3\n", content_type="text/csv")
    wrong_type = client.post(reverse("api_custody_feed"), {"a": 1}, format="json")
    for response, code in ((unreadable, 400), (wrong_type, 415)):
        assert response.status_code == code and response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == code and response.json()["detail"]
    assert ImportRun.objects.get().status == ImportRun.Status.UNREADABLE


def test_an_import_that_fails_is_a_problem_500_and_the_run_ends_failed(personas: dict[str, Any], monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importer, "_apply_stream", broken)
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=personas[Role.INTEGRATION]).key}")
    response = client.post(reverse("api_custody_feed"), SAMPLE.read_bytes(), content_type="text/csv")
    assert response.status_code == 500 and response["Content-Type"] == "application/problem+json"
    assert "the database went away" not in response.content.decode() and response.json()["error_id"]
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and "RuntimeError: the database went away" in run.message
