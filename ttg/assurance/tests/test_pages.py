"""Contract assurance's pages: check answers before drawing a sample and before raising an issue, the
reveal, and lists whose number of queries does not grow with their rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from conftest import home_tasks
from ttg.accounts.constants import Role
from ttg.assurance import services
from ttg.assurance.models import AuditSample, ContractIssue
from ttg.core.models import AuditEvent

from .conftest import received

pytestmark = pytest.mark.django_db


def test_drawing_a_sample_checking_a_case_and_the_reveal(world: dict[str, Any], client_for: Any) -> None:
    cm = client_for(Role.CONTRACT_MANAGER)
    answers = {"crc": world["crc"].pk, "period_start_0": "1", "period_start_1": "8", "period_start_2": "2019"}
    answers |= {"period_end_0": "31", "period_end_1": "8", "period_end_2": "2019", "size": "3", "seed": ""}
    assert cm.post(reverse("assurance_sample_new"), {**answers, "size": ""}).status_code == 200
    assert cm.post(reverse("assurance_sample_new"), answers)["Location"] == reverse("assurance_sample_check")
    check = cm.get(reverse("assurance_sample_check")).content.decode()
    assert "Check the sample before drawing it" in check and "had 10 cases received" in check
    assert not AuditSample.objects.exists()
    drawn = cm.post(reverse("assurance_sample_check"))
    sample = AuditSample.objects.get()
    assert drawn["Location"] == reverse("assurance_sample", args=[sample.pk])
    page = cm.get(drawn["Location"]).content.decode()
    case = sample.cases.order_by("position")[0]  # type: ignore[attr-defined]
    assert "Quintessa" not in page and "Case reference" in page
    url = reverse("assurance_case", args=[sample.pk, case.pk])
    assert cm.post(url, {"evidence": ["bcst1"], "finding": "Fine", "rating": "met"}).status_code == 302
    assert "Show who this person is" in cm.get(url).content.decode()
    revealed = cm.post(reverse("assurance_case_reveal", args=[sample.pk, case.pk])).content.decode()
    assert case.custody_period.person.prison_number in revealed
    assert AuditEvent.objects.filter(action="people.person.reveal", actor=world["cm"]).count() == 1
    manager_page = client_for(Role.CRC_MANAGER).get(drawn["Location"]).content.decode()
    assert "Quintessa" in manager_page  # the CRC's manager may see who their own CRC's people are, logged
    assert AuditEvent.objects.filter(kind="view", actor=world["manager"], reason__startswith=f"Audit sample {sample.pk}").count() == 3


def test_raising_an_issue_with_check_answers(world: dict[str, Any], client_for: Any) -> None:
    partner = client_for(Role.PARTNER_CASEWORKER)
    answers = {"crc": world["crc"].pk, "topic": "payment", "claim": "", "summary": "Unpaid", "details": "June's claim"}
    assert partner.post(reverse("assurance_issue_new"), {**answers, "summary": ""}).status_code == 200
    assert partner.post(reverse("assurance_issue_new"), answers)["Location"] == reverse("assurance_issue_check")
    check = partner.get(reverse("assurance_issue_check")).content.decode()
    assert "Samuel Adeyemi" in check and "other.cm" not in check
    raised = partner.post(reverse("assurance_issue_check"))
    issue = ContractIssue.objects.get()
    assert raised["Location"] == reverse("assurance_issue", args=[issue.pk])
    assert ("Issues you raised, still open", reverse("assurance_issues"), 1) in [
        t[:3] for t in home_tasks(partner.get("/").content.decode())
    ]
    cm_tasks = home_tasks(client_for(Role.CONTRACT_MANAGER).get("/").content.decode())
    assert ("Contract-management issues open", reverse("assurance_issues"), 1) in [t[:3] for t in cm_tasks]
    listing = client_for(Role.CONTRACT_MANAGER).get(reverse("assurance_issues")).content.decode()
    assert "Unpaid" in listing and "Unpaid claims escalated to you" in listing and "Open (1)" in listing
    services.resolve_issue(issue=issue, resolution="Paid", by=world["cm"])
    resolved = partner.get(reverse("assurance_issues") + "?status=resolved").content.decode()
    assert "Resolved (1)" in resolved and "Unpaid" in resolved
    assert "Unpaid" not in partner.get(reverse("assurance_issues")).content.decode().split("Open (0)")[1]


def test_lists_ask_a_fixed_number_of_queries(world: dict[str, Any], client_for: Any, django_assert_max_num_queries: Any) -> None:
    cm = client_for(Role.CONTRACT_MANAGER)
    for _ in range(2):
        services.draw_sample(crc=world["crc"], period_start=date(2019, 8, 1), period_end=date(2019, 8, 31), size=3, by=world["cm"])
        services.raise_issue(crc=world["crc"], topic="other", summary="S", details="D", claim=None, by=world["partner"])
    sample = AuditSample.objects.first()
    urls = [reverse("assurance_samples"), reverse("assurance_issues"), reverse("assurance_sample", args=[sample.pk]), reverse("home")]  # type: ignore[union-attr]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(40) as captured:
            assert cm.get(url).status_code == 200
        counts.append(len(captured))
    for _ in range(3):
        received("ACI", date(2019, 8, 20))
        services.draw_sample(crc=world["crc"], period_start=date(2019, 8, 1), period_end=date(2019, 8, 31), size=8, by=world["cm"])
        services.raise_issue(crc=world["crc"], topic="other", summary="S", details="D", claim=None, by=world["partner"])
    sample = AuditSample.objects.first()
    urls[2] = reverse("assurance_sample", args=[sample.pk])  # type: ignore[union-attr]
    for url, before in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(before) as captured:
            assert cm.get(url).status_code == 200
