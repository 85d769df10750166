"""The referrals API for both sides: send, the partner's workflow, scoping and the same 404, retries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.estate.models import Organisation
from ttg.referrals.models import DesiredOutcome, Referral, Session

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def _act(client: Client, pk: int, action: str, body: dict[str, Any] | None = None) -> Any:
    return _post(client, reverse("api_referral_action", args=[pk, action]), body or {})


def test_both_sides_through_the_api(activity: Any, outcomes: list[DesiredOutcome], client_for: Any, partner: Any) -> None:
    referrer, worker = client_for(Role.TTG_CASEWORKER), client_for(Role.PARTNER_CASEWORKER)
    send = {
        "plan_activity": activity.pk,
        "organisation": partner.organisation_id,
        "need": "Somewhere to live",
        "desired_outcomes": [o.pk for o in outcomes],
        "shared": ["first_name"],
        "consent_given": False,
        "funding": "supply_chain",
        "idempotency_key": "send-1",
    }
    refused = _post(referrer, reverse("api_referrals"), send)
    assert refused.status_code == 400 and "not consented" in refused.json()["errors"]["consent_given"]
    send.update(consent_given=True, consent_on="2019-09-02")
    made = _post(referrer, reverse("api_referrals"), send)
    assert made.status_code == 201, made.json()
    again = _post(referrer, reverse("api_referrals"), send)
    assert again.json()["id"] == made.json()["id"] and Referral.objects.count() == 1
    pk = made.json()["id"]
    assert made.json()["shared_information"] == {"first_name": activity.plan.custody_period.person.first_name}
    assert [r["id"] for r in worker.get(reverse("api_referrals")).json()] == [pk]
    assert _act(referrer, pk, "accept").status_code == 403  # only the partner accepts
    assert _act(worker, pk, "accept").json()["status"] == "accepted"
    session = {"on": "2019-09-02", "method": "video", "attendance": "did_not_attend"}
    bad = _act(worker, pk, "sessions", session)
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    session.update(attendance="attended", idempotency_key="s-1")
    assert _act(worker, pk, "sessions", session).json()["status"] == "in_progress"
    _act(worker, pk, "sessions", session)
    assert Session.objects.count() == 1
    assert _act(referrer, pk, "notes", {"text": "Thanks"}).json()["notes"][0]["side"] == "crc"
    closing = _act(worker, pk, "close", {"summary": "Done"})
    assert closing.status_code == 400 and "Record whether" in closing.json()["detail"]
    rows = [{"desired_outcome": o.pk, "result": "achieved"} for o in outcomes]
    assert _act(worker, pk, "outcomes", {"outcomes": rows}).status_code == 200
    closed = _act(worker, pk, "close", {"summary": "Housed"})
    assert closed.json()["status"] == "completed"
    seen = referrer.get(reverse("api_referral", args=[pk])).json()
    assert seen["end_of_service"]["summary"] == "Housed"
    assert [o["result"] for o in seen["desired_outcomes"]] == ["achieved", "achieved"]


def test_decline_needs_a_reason_and_withdraw_is_the_referrers(referral: Referral, client_for: Any) -> None:
    worker, referrer = client_for(Role.PARTNER_CASEWORKER), client_for(Role.TTG_CASEWORKER)
    assert _act(worker, referral.pk, "withdraw", {"reason": "x"}).status_code == 403
    assert _act(worker, referral.pk, "decline", {"reason": ""}).status_code == 400
    assert _act(referrer, referral.pk, "withdraw", {"reason": "Moved"}).json()["status"] == "withdrawn"
    refused = _act(worker, referral.pk, "accept")
    assert refused.status_code == 400 and "nothing more can change it" in refused.json()["detail"]


def test_the_same_404_for_another_organisation(referral: Referral, django_user_model: Any) -> None:
    other = django_user_model.objects.create_user(
        username="p.other",
        password="x" * 16,
        role=Role.PARTNER_CASEWORKER,
        organisation=Organisation.objects.get(name="Gateway Housing Trust"),
    )
    client = Client()
    client.force_login(other)
    theirs, missing = client.get(reverse("api_referral", args=[referral.pk])), client.get(reverse("api_referral", args=[referral.pk + 99]))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert _act(client, referral.pk, "accept").status_code == 404
    assert client.get(reverse("api_referrals")).json() == []


def test_unfunded_work_api(client_for: Any, referral: Referral) -> None:
    worker = client_for(Role.PARTNER_CASEWORKER)
    body = {
        "person_reference": "MWC-1",
        "on": "2019-09-02",
        "pathway": "abuse",
        "description": "Drop-in",
        "hours": "1.25",
        "idempotency_key": "u",
    }
    made = _post(worker, reverse("api_unfunded_work"), body)
    assert made.status_code == 201, made.json()
    _post(worker, reverse("api_unfunded_work"), body)
    listed = worker.get(reverse("api_unfunded_work")).json()
    assert listed["count"] == 1 and listed["results"][0]["hours"] == "1.25"
    bad = _post(worker, reverse("api_unfunded_work"), {**body, "hours": "0", "idempotency_key": ""})
    assert bad.status_code == 400 and "hours" in bad.json()["errors"]
