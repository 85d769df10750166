"""Mobilisation's pages: each role's way through, errors shown with the GOV.UK error summary, and
scoping: a second CRC's manager, and another organisation's partner, get the same 404 as for nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.estate.models import Prison
from ttg.mobilisation import services
from ttg.mobilisation.models import Commitment, MobilisationPlan

from .conftest import CHECKED, complete_plan

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_second_crcs_manager_sees_nothing_of_merseysides_plans(cheshire: dict[str, Any]) -> None:
    aci = MobilisationPlan.objects.get(crc__code="MERSEYSIDE", prison__code="ACI")
    karen = _client(cheshire["manager"])
    for name in ("mobilisation_plan", "mobilisation_submit", "mobilisation_declare"):
        assert karen.get(reverse(name, args=[aci.pk])).status_code == 404
    assert karen.get(reverse("mobilisation_plan", args=[999_999])).status_code == 404
    page = karen.get(reverse("mobilisation_list")).content.decode()
    assert "HMP Altcourse" not in page and "Mersey Women" not in page


def test_a_partner_sees_only_its_own_commitments(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    services.submit(plan=plan, by=cheshire["manager"])
    housing = Commitment.objects.get(plan__crc__code="MERSEYSIDE", organisation__name="Gateway Housing Trust")
    aisha = _client(cheshire["partner"])
    assert aisha.get(reverse("mobilisation_commitment_respond", args=[housing.pk])).status_code == 404
    page = aisha.get(reverse("mobilisation_commitments")).content.decode()
    assert "Housing advice surgery" not in page
    assert "Family contact sessions on the resettlement wing" in page  # the demo's, at HMP Liverpool
    assert "Women&#39;s centre in-reach" in page  # Cheshire and Greater Manchester's, just submitted
    assert "Sefton Family Support" not in page  # another organisation's bid naming
    assert aisha.get(reverse("mobilisation_plan", args=[plan.pk])).status_code == 403


def test_the_crc_manager_builds_and_submits_through_the_pages(cheshire: dict[str, Any]) -> None:
    karen = _client(cheshire["manager"])
    response = karen.post(reverse("mobilisation_start", args=["STI"]))
    plan = MobilisationPlan.objects.get(crc=cheshire["crc"], prison__code="STI")
    assert response["Location"] == reverse("mobilisation_plan", args=[plan.pk])
    page = karen.get(response["Location"]).content.decode()
    assert "govuk-task-list" in page and "Not started" in page
    url = reverse("mobilisation_section", args=[plan.pk, "staff"])
    error = karen.post(url, {"role": "", "employer": "CRC", "planned": "x", "in_post": "1"}).content.decode()
    assert "There is a problem" in error and "Enter the role" in error and "Enter a whole number" in error
    assert karen.post(url, {"role": "Caseworker", "employer": "CRC", "planned": "3", "in_post": "1"}).status_code == 302
    url = reverse("mobilisation_section", args=[plan.pk, "partners"])
    error = karen.post(
        url, {"organisation": str(cheshire["centre"].pk), "services": "In-reach", "money": "ten", "fte": "1"}
    ).content.decode()
    assert "Enter the money as an amount in pounds" in error and "Enter the date it starts" in error
    form = {"organisation": str(cheshire["centre"].pk), "services": "In-reach", "money": "1,000.50", "fte": "0.5"}
    form |= {"starts_on_0": "11", "starts_on_1": "3", "starts_on_2": "2019"}
    assert karen.post(url, form).status_code == 302
    assert Commitment.objects.get(plan=plan).money_pence == 100_050
    check = karen.get(reverse("mobilisation_submit", args=[plan.pk])).content.decode()
    assert "In-reach, £1,000.50, 0.50 FTE, from 11 March 2019" in check
    refused = karen.post(reverse("mobilisation_submit", args=[plan.pk])).content.decode()
    assert "Space and access has nothing in it yet" in refused
    assert not plan.versions.exists()


def test_review_readiness_and_respond_through_the_pages(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    c = cheshire
    services.submit(plan=plan, by=c["manager"])
    samuel = _client(c["contract_manager"])
    review = reverse("mobilisation_review", args=[plan.pk])
    error = samuel.post(review, {"decision": "sign_off", "checklist": CHECKED[:2]}).content.decode()
    assert "Not checked: Each risk has an action and an owner" in error
    assert samuel.post(review, {"decision": "sign_off", "checklist": CHECKED}).status_code == 302
    karen = _client(c["manager"])
    form = {"ready_from_0": "2", "ready_from_1": "4", "ready_from_2": "2019"}
    error = karen.post(reverse("mobilisation_declare", args=[plan.pk]), form).content.decode()
    assert "The prison must be ready by 1 April 2019" in error
    form = {"ready_from_0": "18", "ready_from_1": "3", "ready_from_2": "2019"}
    assert karen.post(reverse("mobilisation_declare", args=[plan.pk]), form).status_code == 302
    governor = _client(c["governor"])
    error = governor.post(reverse("mobilisation_governor", args=[plan.pk]), {"agree": "no"}).content.decode()
    assert "Enter why you disagree" in error
    assert governor.post(reverse("mobilisation_governor", args=[plan.pk]), {"agree": "yes"}).status_code == 302
    form = {"go_live_on_0": "18", "go_live_on_1": "3", "go_live_on_2": "2019"}
    assert samuel.post(reverse("mobilisation_go_live", args=[plan.pk]), form).status_code == 302
    assert Prison.objects.get(code="STI").enhanced_go_live_on == date(2019, 3, 18)
    commitment = Commitment.objects.get(plan=plan)
    aisha = _client(c["partner"])
    url = reverse("mobilisation_commitment_respond", args=[commitment.pk])
    assert "Enter why you dispute it" in aisha.post(url, {"answer": "dispute"}).content.decode()
    assert aisha.post(url, {"answer": "dispute", "reason": "Never asked"}).status_code == 302
    page = samuel.get(reverse("mobilisation_list")).content.decode()
    assert "Disputed commitments" in page and "Never asked" in page


def test_the_list_takes_the_same_queries_however_many_plans(cheshire: dict[str, Any]) -> None:
    samuel = _client(cheshire["contract_manager"])
    samuel.get(reverse("mobilisation_list"))  # the session and the navigation, once
    with CaptureQueriesContext(connection) as before:
        assert samuel.get(reverse("mobilisation_list")).status_code == 200
    plan = complete_plan(cheshire)
    services.submit(plan=plan, by=cheshire["manager"])
    services.respond(commitment=plan.commitments.get(), disputed=True, reason="Never asked", by=cheshire["partner"])
    with CaptureQueriesContext(connection) as after:
        assert "Never asked" in samuel.get(reverse("mobilisation_list")).content.decode()
    assert len(after) == len(before)


def test_home_pages_point_at_mobilisation(client_for: Any) -> None:
    for role, name in (
        (Role.CONTRACT_MANAGER, "mobilisation_list"),
        (Role.GOVERNOR, "mobilisation_list"),
        (Role.CRC_MANAGER, "mobilisation_list"),
        (Role.PARTNER_CASEWORKER, "mobilisation_commitments"),
    ):
        assert f'href="{reverse(name)}"' in client_for(role).get(reverse("home")).content.decode(), role


def test_complete_plan_helper_is_a_draft(cheshire: dict[str, Any]) -> None:
    assert complete_plan(cheshire).status == "draft"
