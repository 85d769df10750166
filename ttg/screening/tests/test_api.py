"""The screening API: decisions with their reasons, submitting BCST1 and BCST2, the clone, errors.

People come from the real custody-feed importer; callers authenticate with tokens, as another
system would. The clock stands at 9:30am on Monday 2 September 2019 (TTG_NOW).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.core.models import AuditEvent
from ttg.people.models import CustodyPeriod
from ttg.screening import questions, services
from ttg.screening.models import Kind, NeedFlag, Screening, Status
from ttg.screening.tests.test_journeys import NUMBER, complete, feed, period, reception


def api(personas: dict[str, Any], role: str) -> APIClient:
    """A client that signs in with the persona's API token, as another system would."""
    token, _ = Token.objects.get_or_create(user=personas[role])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def remand_reception(event: str, number: str, *, at: str) -> str:
    return f"{event},RECEPTION,{at},{number},ACI,,,Sam,Lee,1980-05-05,M,W1,REMAND,,,,,"


@pytest.fixture
def received(personas: dict[str, Any]) -> CustodyPeriod:
    # Sentenced, received at 9:30am on Friday 30 August 2019 at HMP Altcourse.
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    return period()


def bcst1_answers(received: CustodyPeriod, **overrides: str) -> dict[str, str]:
    return complete(questions.question_set("BCST1", received.reception_date), **overrides)


def screening_url(name: str = "api_screening", number: str = NUMBER) -> str:
    return reverse(name, args=[number])


# --- reading -------------------------------------------------------------------------------------


def test_a_sentenced_person_gets_decisions_with_their_reasons(personas: dict[str, Any], received: CustodyPeriod) -> None:
    response = api(personas, Role.PRISON_OFFICER).get(screening_url())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["prison_number"] == NUMBER
    assert body["custody_period"] == {
        "received_at": "2019-08-30T08:30:00+00:00",  # 9:30am in London (BST), in UTC
        "reception_date": "2019-08-30",
        "prison_code": "ACI",
    }
    bcst1 = body["bcst1"]
    assert bcst1["required"] is True and bcst1["status"] == "not_started" and bcst1["submitted_at"] is None
    assert parse_datetime(bcst1["due_at"]) == received.received_at + timedelta(hours=72)
    assert any("rule T1" in reason for reason in bcst1["reasons"])
    assert bcst1["clone_available"] is False  # no earlier custody
    assert body["bcst2"]["status"] == "not_started" and body["bcst2"]["needs_summary"] is None
    assert body["bcst2"]["reasons"]
    assert set(body["pre_release"]) == {"starts_on", "reasons"} and set(body["handover"]) == {"due_on", "reasons"}
    assert body["immediate_needs"] == [] and body["duty_to_refer"] is None
    # Looking at the screening is looking at the person's record: the audit trail says who and why.
    view = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW, actor=personas[Role.PRISON_OFFICER])
    assert view.object_id == str(received.person.pk) and "Altcourse" in view.reason


def test_a_remand_person_has_bcst2_undecided(personas: dict[str, Any]) -> None:
    feed(remand_reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    body = api(personas, Role.TTG_CASEWORKER).get(screening_url()).json()
    assert body["bcst1"]["required"] is True
    assert body["bcst2"]["required"] is None and body["bcst2"]["due_on"] is None
    assert body["bcst2"]["reasons"]


# --- BCST1 -----------------------------------------------------------------------------------------


def test_posting_complete_answers_submits_bcst1_at_the_clock_time(personas: dict[str, Any], received: CustodyPeriod) -> None:
    client = api(personas, Role.PRISON_OFFICER)
    response = client.post(screening_url("api_bcst1"), {"answers": bcst1_answers(received, prescribed_medication="yes")}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "BCST1" and body["status"] == "submitted" and body["cloned_from"] is None
    assert body["question_set_version"] == questions.question_set("BCST1", received.reception_date).version
    assert parse_datetime(body["submitted_at"]) == clock.now()
    screening = Screening.objects.get()
    assert screening.status == Status.SUBMITTED and screening.submitted_by == personas[Role.PRISON_OFFICER]
    assert AuditEvent.objects.filter(action="screening.bcst1.submit").count() == 1

    summary = client.get(screening_url()).json()
    assert summary["bcst1"]["status"] == "submitted" and parse_datetime(summary["bcst1"]["submitted_at"]) == clock.now()
    flag = NeedFlag.objects.get()
    assert summary["immediate_needs"] == [
        {
            "id": flag.pk,
            "pathway": "health",
            "need": flag.need,
            "raised_at": summary["immediate_needs"][0]["raised_at"],
            "acknowledged_at": None,
        }
    ]


def test_bad_answers_are_named_and_nothing_is_saved(personas: dict[str, Any], received: CustodyPeriod) -> None:
    answers = bcst1_answers(received)
    del answers["employed_before_custody"]
    answers["prescribed_medication"] = "perhaps"
    response = api(personas, Role.PRISON_OFFICER).post(screening_url("api_bcst1"), {"answers": answers}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    assert {"employed_before_custody", "prescribed_medication"} <= body["errors"].keys()
    assert not Screening.objects.exists() and not NeedFlag.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="screening.").exists()


def test_an_unknown_question_id_or_a_malformed_body_is_named(personas: dict[str, Any], received: CustodyPeriod) -> None:
    client = api(personas, Role.PRISON_OFFICER)
    response = client.post(screening_url("api_bcst1"), {"answers": {**bcst1_answers(received), "favourite_colour": "blue"}}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["favourite_colour"]
    response = client.post(screening_url("api_bcst1"), {"answers": {"prescribed_medication": ["yes"]}}, format="json")
    assert response.status_code == 400 and "prescribed_medication" in response.json()["errors"]
    response = client.post(screening_url("api_bcst1"), {}, format="json")
    assert response.status_code == 400 and "answers" in response.json()["errors"]
    assert not Screening.objects.exists()


def test_posting_again_is_a_conflict_and_never_makes_a_second_bcst1(personas: dict[str, Any], received: CustodyPeriod) -> None:
    client = api(personas, Role.PRISON_OFFICER)
    answers = {"answers": bcst1_answers(received)}
    assert client.post(screening_url("api_bcst1"), answers, format="json").status_code == 201
    again = client.post(screening_url("api_bcst1"), answers, format="json")
    assert again.status_code == 409 and "already been submitted" in again.json()["detail"]
    clone = client.post(screening_url("api_bcst1"), {"clone": True, "needs_unchanged": True}, format="json")
    assert clone.status_code == 409
    assert Screening.objects.filter(kind=Kind.BCST1).count() == 1
    assert AuditEvent.objects.filter(action="screening.bcst1.submit").count() == 1


def test_the_clone_via_the_api_when_the_clone_rule_applies(personas: dict[str, Any]) -> None:
    feed(reception("r1", NUMBER, at="2019-01-07T09:00:00+00:00", release="2019-04-01"))
    first = period()
    services.submit_answers(period=first, kind=Kind.BCST1, answers=bcst1_answers(first), by=personas[Role.PRISON_OFFICER])
    feed(
        f"x1,RELEASE,2019-04-01T09:00:00+01:00,{NUMBER},ACI,,,,,,,,,,,,,CONDITIONAL",
        reception("r2", NUMBER, at="2019-08-30T09:30:00+01:00"),  # within six months of 1 April
    )
    client = api(personas, Role.PRISON_OFFICER)
    summary = client.get(screening_url()).json()["bcst1"]
    assert summary["clone_available"] is True and any("6 months" in reason for reason in summary["reasons"])

    refused = client.post(screening_url("api_bcst1"), {"clone": True, "needs_unchanged": False}, format="json")
    assert refused.status_code == 400 and "needs_unchanged" in refused.json()["errors"]
    response = client.post(screening_url("api_bcst1"), {"clone": True, "needs_unchanged": True}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["cloned_from"]["reception_date"] == "2019-01-07"
    assert parse_datetime(body["submitted_at"]) == clock.now()
    clone = Screening.objects.get(custody_period=period(), kind=Kind.BCST1)
    assert clone.cloned_from is not None and clone.needs_unchanged_confirmed and clone.answers == clone.cloned_from.answers


def test_the_clone_is_refused_when_the_rule_does_not_apply(personas: dict[str, Any], received: CustodyPeriod) -> None:
    response = api(personas, Role.PRISON_OFFICER).post(screening_url("api_bcst1"), {"clone": True, "needs_unchanged": True}, format="json")
    assert response.status_code == 400 and "clone" in response.json()["errors"]
    assert not Screening.objects.exists()


# --- BCST2 -----------------------------------------------------------------------------------------


def test_the_caseworker_submits_bcst2(personas: dict[str, Any], received: CustodyPeriod) -> None:
    services.submit_answers(period=received, kind=Kind.BCST1, answers=bcst1_answers(received), by=personas[Role.PRISON_OFFICER])
    client = api(personas, Role.TTG_CASEWORKER)
    summary = client.get(screening_url()).json()
    assert summary["bcst2"]["required"] is True and parse_date(summary["bcst2"]["due_on"])
    qs = questions.question_set("BCST2", received.reception_date)
    answers = complete(qs, ete_problem="2", job_on_release="no", accommodation_safe="yes")
    response = client.post(screening_url("api_bcst2"), {"answers": answers}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "BCST2" and parse_datetime(response.json()["submitted_at"]) == clock.now()
    bcst2 = client.get(screening_url()).json()["bcst2"]
    assert bcst2["status"] == "submitted"
    levels = {p["pathway"]: p["level"] for p in bcst2["needs_summary"]}
    assert levels["ete"] == "significant" and levels["accommodation"] == "none"
    assert client.post(screening_url("api_bcst2"), {"answers": answers}, format="json").status_code == 409
    assert Screening.objects.filter(kind=Kind.BCST2).count() == 1


def test_the_prison_officer_may_not_post_bcst2(personas: dict[str, Any], received: CustodyPeriod) -> None:
    answers = complete(questions.question_set("BCST2", received.reception_date))
    response = api(personas, Role.PRISON_OFFICER).post(screening_url("api_bcst2"), {"answers": answers}, format="json")
    assert response.status_code == 403
    assert not Screening.objects.exists()


# --- who may see whom --------------------------------------------------------------------------------


def test_someone_out_of_scope_gets_the_same_404_as_nobody(personas: dict[str, Any], received: CustodyPeriod) -> None:
    feed(reception("r9", "B2222BB", at="2019-08-30T09:30:00+01:00", prison="STI"))
    client = api(personas, Role.PRISON_OFFICER)
    for name in ("api_screening", "api_bcst1"):
        method = client.get if name == "api_screening" else client.post
        theirs = method(screening_url(name, "B2222BB"), {"answers": {}}, format="json")
        missing = method(screening_url(name, "Z9999ZZ"), {"answers": {}}, format="json")
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).exists()
    assert not Screening.objects.exists()


def test_someone_released_gets_the_404_too(personas: dict[str, Any], received: CustodyPeriod) -> None:
    feed(f"x1,RELEASE,2019-09-01T09:00:00+01:00,{NUMBER},ACI,,,,,,,,,,,,,CONDITIONAL")
    assert api(personas, Role.PRISON_OFFICER).get(screening_url()).status_code == 404


def test_tokens_authenticate_and_nothing_without_one(personas: dict[str, Any], received: CustodyPeriod) -> None:
    assert api(personas, Role.GOVERNOR).get(screening_url()).status_code == 200
    anonymous = APIClient().get(screening_url())
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert bad.post(screening_url("api_bcst1"), {"answers": bcst1_answers(received)}, format="json").status_code == 401
    # Integration accounts are systems that send the feed, not screeners.
    assert api(personas, Role.INTEGRATION).get(screening_url()).status_code == 403
    assert not Screening.objects.exists()


# --- question sets -----------------------------------------------------------------------------------


def test_the_question_set_gives_the_ids_the_endpoints_expect(personas: dict[str, Any]) -> None:
    client = api(personas, Role.PRISON_OFFICER)
    qs = questions.question_set_version("BCST1", "2018-10-01")
    body = client.get(reverse("api_question_set", args=["bcst1", qs.version])).json()
    assert body["kind"] == "BCST1" and body["version"] == qs.version
    ids = [q["id"] for s in body["sections"] for q in s["questions"]]
    assert ids == [q.id for s in qs.sections for q in s.questions]
    medication = next(q for s in body["sections"] for q in s["questions"] if q["id"] == "prescribed_medication")
    assert medication["answer"] == "yes_no" and {o["value"] for o in medication["options"]} >= {"yes", "no"}
    assert any(q["show_if"] for s in body["sections"] for q in s["questions"])
    assert client.get(reverse("api_question_set", args=["bcst3", qs.version])).status_code == 404
    assert client.get(reverse("api_question_set", args=["bcst1", "1999-01-01"])).status_code == 404
