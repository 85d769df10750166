"""Contract assurance over the API: raising an issue, recording engagement, and a sample's cases by
case reference only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ttg.assurance import services
from ttg.people.identity import case_reference

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_raising_an_issue_and_recording_engagement(world: dict[str, Any]) -> None:
    partner = _client(world["partner"])
    body = {"crc": "MERSEYSIDE", "topic": "payment", "summary": "Unpaid", "details": "June"}
    assert partner.post(reverse("api_assurance_issues"), {**body, "status": "resolved"}, format="json").status_code == 400
    made = partner.post(reverse("api_assurance_issues"), body, format="json")
    assert made.status_code == 201 and made.json()["status"] == "open"
    refused = _client(world["cm"]).post(reverse("api_assurance_issues"), body, format="json")
    assert refused.status_code == 403
    listed = _client(world["cm"]).get(reverse("api_assurance_issues")).json()
    assert [i["summary"] for i in listed["results"]] == ["Unpaid"]
    entry = {"crc": "CHESHIRE_GM", "organisation": "Mersey Women's Centre", "kind": "no_engagement", "on": "2019-09-02"}
    assert partner.post(reverse("api_assurance_engagements"), entry, format="json").status_code == 201
    by_crc = _client(world["manager"]).post(reverse("api_assurance_engagements"), {**entry, "crc": "MERSEYSIDE"}, format="json")
    assert by_crc.status_code == 400 and "partner" in by_crc.json()["errors"]["kind"]


def test_a_sample_over_the_api_names_nobody(world: dict[str, Any]) -> None:
    sample = services.draw_sample(crc=world["crc"], period_start=date(2019, 8, 1), period_end=date(2019, 8, 31), size=3, by=world["cm"])
    response = _client(world["cm"]).get(reverse("api_assurance_sample", args=[sample.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "Quintessa" not in body
    assert not [p.person.prison_number for p in world["inside"] if p.person.prison_number in body]
    refs = {case_reference(p.person_id) for p in world["inside"]}
    assert {c["case_reference"] for c in response.json()["cases"]} <= refs
    assert _client(world["governor"]).get(reverse("api_assurance_sample", args=[sample.pk])).status_code == 403


def test_answering_an_action_and_resolving_an_issue(world: dict[str, Any]) -> None:
    sample = services.draw_sample(crc=world["crc"], period_start=date(2019, 8, 1), period_end=date(2019, 8, 31), size=2, by=world["cm"])
    action = services.add_action(sample=sample, case=None, what="Report", due_on=date(2019, 9, 30), by=world["cm"])
    url = reverse("api_assurance_action_answer", args=[action.pk])
    manager = _client(world["manager"])
    refused = manager.post(url, {"answer": "dispute"}, format="json")
    assert refused.status_code == 400 and "response" in refused.json()["errors"]
    answered = manager.post(url, {"answer": "agree", "response": "Yes"}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "agreed"
    issue = services.raise_issue(crc=world["crc"], topic="other", summary="S", details="D", claim=None, by=world["partner"])
    url = reverse("api_assurance_issue_resolve", args=[issue.pk])
    assert _client(world["cm"]).post(url, {"resolution": " "}, format="json").status_code == 400
    resolved = _client(world["cm"]).post(url, {"resolution": "Paid"}, format="json")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
