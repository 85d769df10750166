"""Mobilisation over the API: the same scoping and the same rules as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from ttg.mobilisation.models import Commitment, MobilisationPlan

from .conftest import CHECKED

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_plans_and_transitions_over_the_api(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    c = cheshire
    karen, samuel = _api(c["manager"]), _api(c["contract_manager"])
    merseyside = MobilisationPlan.objects.get(crc__code="MERSEYSIDE", prison__code="LPI")
    assert karen.get(f"/api/v1/mobilisation/plans/{merseyside.pk}/").status_code == 404
    assert [p["prison"] for p in karen.get("/api/v1/mobilisation/plans/").json()["results"]] == ["STI"]
    submitted = karen.post(f"/api/v1/mobilisation/plans/{plan.pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert karen.post(f"/api/v1/mobilisation/plans/{plan.pk}/submit/").json()["versions"][0]["number"] == 1  # twice: one version
    refused = samuel.post(f"/api/v1/mobilisation/plans/{plan.pk}/decision/", {"sign_off": True, "checklist": CHECKED[:1]}, format="json")
    assert refused.status_code == 400 and "Not checked: Space in the prison" in refused.json()["errors"]["checklist"]
    signed = samuel.post(f"/api/v1/mobilisation/plans/{plan.pk}/decision/", {"sign_off": True, "checklist": CHECKED}, format="json")
    assert signed.json()["status"] == "signed_off"
    late = karen.post(f"/api/v1/mobilisation/plans/{plan.pk}/readiness/declare/", {"ready_from": "2019-04-02"}, format="json")
    assert late.status_code == 400
    assert late.json()["errors"]["ready_from"] == "The prison must be ready by 1 April 2019 (rule R-M3, in force throughout the service)."


def test_a_partner_reads_and_answers_only_its_own_commitments(cheshire: dict[str, Any]) -> None:
    aisha = _api(cheshire["partner"])
    rows = aisha.get("/api/v1/mobilisation/commitments/").json()["results"]
    assert {r["organisation"] for r in rows} == {"Mersey Women's Centre"}
    housing = Commitment.objects.get(plan__crc__code="MERSEYSIDE", organisation__name="Gateway Housing Trust")
    assert aisha.post(f"/api/v1/mobilisation/commitments/{housing.pk}/answer/", {"disputed": False}, format="json").status_code == 404
    ours = rows[0]["id"]
    refused = aisha.post(f"/api/v1/mobilisation/commitments/{ours}/answer/", {"disputed": True, "reason": ""}, format="json")
    assert refused.status_code == 400
    answered = aisha.post(f"/api/v1/mobilisation/commitments/{ours}/answer/", {"disputed": False}, format="json")
    assert answered.json()["response"] == "confirmed"
    assert aisha.get("/api/v1/mobilisation/plans/").status_code == 403
