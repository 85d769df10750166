"""A user's language: the one they last read the service in, recorded when it changes (docs/notifications.md)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ttg.accounts.constants import Role
from ttg.accounts.language import normalised


def test_switching_to_welsh_records_welsh_and_back_to_english_records_english(personas: dict[str, Any], client_for: Any) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    user = personas[Role.TTG_CASEWORKER]
    assert client.post("/language/", {"language": "cy", "next": "/"}).status_code == 302
    user.refresh_from_db()
    assert user.language == "cy"
    client.get("/")
    user.refresh_from_db()
    assert user.language == "cy"
    client.post("/language/", {"language": "en-gb", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en-gb"


def _user_writes(client: Any, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE") and "accounts_user" in q["sql"]]


def test_an_ordinary_request_writes_nothing(personas: dict[str, Any], client_for: Any) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    # Not known yet (blank) and reading in English: read as English already, so not written.
    assert _user_writes(client, "/") == []
    client.post("/language/", {"language": "cy", "next": "/"})
    assert _user_writes(client, "/") == [] and _user_writes(client, "/") == []
    personas[Role.TTG_CASEWORKER].refresh_from_db()
    assert personas[Role.TTG_CASEWORKER].language == "cy"


def test_nobody_signed_in_is_recorded(client: Any) -> None:
    assert client.post("/language/", {"language": "cy", "next": "/"}).status_code == 302


def test_the_language_code_is_one_of_the_services() -> None:
    assert [normalised(code) for code in ("cy", "en", "en-gb", "en-us", "", None)] == ["cy", "en-gb", "en-gb", "en-gb", "en-gb", "en-gb"]
