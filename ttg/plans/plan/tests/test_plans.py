"""Resettlement plans through the services and the pages: propose from BCST2, agree, update activities.

People come from the real custody-feed importer (the screening journeys' helpers); the demo personas
work at HMP Altcourse (ACI, a resettlement prison served by Merseyside CRC in the demo estate). The
service's clock says Monday 2 September 2019, when the enhanced specification applies there.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.core.models import AuditEvent
from ttg.estate.models import ResettlementDesignation
from ttg.people.models import CustodyPeriod
from ttg.people.tests.test_pages import _normalised
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.plan import rules, services
from ttg.plans.plan.models import Plan, PlanActivity, PlanStatus
from ttg.screening import questions
from ttg.screening import services as screening
from ttg.screening.models import Kind, Screening
from ttg.screening.tests.test_journeys import NUMBER, complete, feed, period, reception


@pytest.fixture
def screened(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> CustodyPeriod:
    """Sentenced, received on 30 August 2019, release on 1 March 2020; BCST1 and BCST2 submitted,
    with a significant need on the ETE pathway and none elsewhere."""
    return screen(personas)


def screen(personas: dict[str, Any]) -> CustodyPeriod:
    """The `screened` person, for a fixture of a wider scope (which loads the catalogue itself first)."""
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    received = period()
    bcst1 = questions.question_set("BCST1", received.reception_date)
    screening.submit_answers(period=received, kind=Kind.BCST1, answers=complete(bcst1), by=personas[Role.PRISON_OFFICER])
    bcst2 = questions.question_set("BCST2", received.reception_date)
    answers = complete(bcst2, ete_problem="2", job_on_release="no")
    screening.submit_answers(period=received, kind=Kind.BCST2, answers=answers, by=personas[Role.TTG_CASEWORKER])
    return period()


def test_a_plan_is_proposed_from_bcst2_level_1_for_everyone_and_level_2_for_the_need(
    personas: dict[str, Any], screened: CustodyPeriod, catalogue: dict[str, CatalogueVersion]
) -> None:
    plan = services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    assert plan.status == PlanStatus.DRAFT and plan.catalogue_version == catalogue["2019"]
    activities = list(plan.activities.all())
    assert any(a.level == 1 for a in activities)
    level_2 = {a.pathway for a in activities if a.level == 2}
    summary = Screening.objects.get(kind=Kind.BCST2).needs_summary or []
    with_need = {n["pathway"] for n in summary if n["level"] in ("some", "significant")}
    assert "ete" in level_2 and "accommodation" not in level_2
    assert level_2 == with_need  # complete() leaves a "some" need on Health too (registering with a GP)
    assert all(a.reasons for a in activities)
    # BCST2 is already submitted: its activity says so (rule P13); everything else waits to be done.
    assert {a.activity.code if a.activity else "": a.status for a in activities if a.status != rules.PLANNED} == {
        "screening-bcst2": rules.DELIVERED
    }
    assert all(a.activity is not None and a.activity.version_id == catalogue["2019"].pk for a in activities)
    assert AuditEvent.objects.filter(action="plans.plan.propose").count() == 1


def test_proposing_twice_returns_the_same_plan(personas: dict[str, Any], screened: CustodyPeriod) -> None:
    first = services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    count = first.activities.count()
    second = services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    assert second.pk == first.pk and Plan.objects.count() == 1 and PlanActivity.objects.count() == count
    assert AuditEvent.objects.filter(action="plans.plan.propose").count() == 1


def test_the_caseworker_proposes_and_agrees_through_the_pages(client_for: Any, screened: CustodyPeriod) -> None:
    caseworker = client_for(Role.TTG_CASEWORKER)
    page = caseworker.get(reverse("plan", args=[NUMBER])).content.decode()
    assert "There is no resettlement plan yet" in page and "Propose a plan" in page
    officer_page = client_for(Role.PRISON_OFFICER).get(reverse("plan", args=[NUMBER])).content.decode()
    assert "Propose a plan" not in officer_page
    assert client_for(Role.PRISON_OFFICER).post(reverse("plan_propose", args=[NUMBER])).status_code == 403

    response = caseworker.post(reverse("plan_propose", args=[NUMBER]))
    assert response.status_code == 302
    page = caseworker.get(response["Location"]).content.decode()
    assert "Agree plan" in page and "Why this is proposed" in page and "Education, training and employment" in page
    assert '">Enhanced Through the Gate specification</a>' in page  # a link, not escaped markup
    assert caseworker.post(reverse("plan_agree", args=[NUMBER]), {"with_person": "yes"}).status_code == 302
    plan = Plan.objects.get()
    assert plan.is_agreed and plan.agreed_with_person
    assert "Agree plan" not in caseworker.get(reverse("plan", args=[NUMBER])).content.decode()


def test_no_plan_outside_a_resettlement_prison(personas: dict[str, Any], client_for: Any, screened: CustodyPeriod) -> None:
    ResettlementDesignation.objects.filter(prison__code="ACI").update(resettlement=False)
    page = client_for(Role.TTG_CASEWORKER).get(reverse("plan", args=[NUMBER])).content.decode()
    assert "No resettlement plan applies" in page and "not a resettlement prison" in page
    assert "Propose a plan" not in page
    with pytest.raises(services.PlanError, match="not a resettlement prison"):
        services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    assert not Plan.objects.exists()


def test_status_changes_allowed_and_refused_through_the_service(personas: dict[str, Any], screened: CustodyPeriod) -> None:
    by = personas[Role.TTG_CASEWORKER]
    activity = services.propose(period=screened, by=by).activities.exclude(pathway="").first()  # not one an event completes (P13)
    assert activity is not None
    activity = services.update_activity(activity=activity, status=rules.IN_PROGRESS, by=by)
    assert activity.status == rules.IN_PROGRESS
    with pytest.raises(services.PlanError, match="Record the outcome") as problem:
        services.update_activity(activity=activity, status=rules.DELIVERED, by=by)
    assert problem.value.field == "outcome"
    with pytest.raises(services.PlanError, match="Give a reason"):
        services.update_activity(activity=activity, status=rules.CANCELLED, by=by)
    activity = services.update_activity(activity=activity, status=rules.CANCELLED, reason="Moved to another prison", by=by)
    with pytest.raises(services.PlanError, match="Cancelled is final") as problem:
        services.update_activity(activity=activity, status=rules.PLANNED, reason="Came back", by=by)
    assert problem.value.field == "status"
    activity.refresh_from_db()
    assert activity.status == rules.CANCELLED and activity.reason == "Moved to another prison"
    assert AuditEvent.objects.filter(action="plans.planactivity.update").count() == 2


def test_a_refused_change_on_the_page_shows_the_error(personas: dict[str, Any], client_for: Any, screened: CustodyPeriod) -> None:
    plan = services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    activity = plan.activities.exclude(pathway="").first()  # not one an event completes (P13)
    assert activity is not None
    url = reverse("plan_activity", args=[NUMBER, activity.pk])
    caseworker = client_for(Role.TTG_CASEWORKER)
    due = {"due_on_0": activity.due_on.day, "due_on_1": activity.due_on.month, "due_on_2": activity.due_on.year} if activity.due_on else {}
    response = caseworker.post(url, {"status": "declined", "reason": "", "outcome": "", "owner_kind": "crc", "owner": "", **due})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Give a reason to mark an activity declined" in page and 'href="#id_reason"' in page
    assert "<title>Error:" in page
    activity.refresh_from_db()
    assert activity.status == rules.PLANNED

    data = {"status": "declined", "reason": "Does not want it", "outcome": "", "owner_kind": "crc", "owner": "Jo Smith", **due}
    assert caseworker.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.status == rules.DECLINED and activity.owner == "Jo Smith"
    assert client_for(Role.PRISON_OFFICER).post(url, data).status_code == 403


def test_someone_at_another_prison_gets_the_same_404_as_nobody(personas: dict[str, Any], client_for: Any, screened: CustodyPeriod) -> None:
    plan = services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    feed(reception("r9", "B2222BB", at="2019-08-30T09:30:00+01:00", prison="STI"))
    caseworker = client_for(Role.TTG_CASEWORKER)
    theirs = caseworker.get(reverse("plan", args=["B2222BB"]))
    missing = caseworker.get(reverse("plan", args=["Z9999ZZ"]))
    assert theirs.status_code == missing.status_code == 404
    assert _normalised(theirs.content) == _normalised(missing.content)
    # Another person's activity under this person's number: the same 404.
    activity = plan.activities.first()
    assert activity is not None
    assert caseworker.get(reverse("plan_activity", args=["B2222BB", activity.pk])).status_code == 404


def test_the_plan_page_takes_a_fixed_number_of_queries(personas: dict[str, Any], client_for: Any, screened: CustodyPeriod) -> None:
    by = personas[Role.TTG_CASEWORKER]
    plan = services.propose(period=screened, by=by)
    client = client_for(Role.GOVERNOR)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("plan", args=[NUMBER]))
        assert response.status_code == 200
        return len(queries)

    before = count()
    for i in range(5):
        PlanActivity.objects.create(
            plan=plan, title=f"Custom {i}", pathway="finance", level=2, updated_at=clock.now(), updated_by=by, reasons=["Added"]
        )
    assert count() == before
