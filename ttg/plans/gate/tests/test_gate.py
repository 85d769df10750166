"""Through the gate through the services, the pages and the API: the go-live date per prison, the
pre-release review (opening from the current release date), outcomes on and after release,
activities that continue after release, and how long the CRC still sees a released person.

People come from the real custody-feed importer. The service's clock says Monday 2 September 2019.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.estate.models import Prison
from ttg.people.models import CustodyPeriod, Person
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.gate import services as services_gate
from ttg.plans.gate.models import PreReleaseReview, ReleaseOutcome, ReviewStatus
from ttg.plans.plan import services
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.plans.plan.services import PlanError
from ttg.screening import questions
from ttg.screening import services as screening
from ttg.screening.models import Kind
from ttg.screening.tests.test_journeys import NUMBER, complete, feed, period, reception

OUTCOMES = {
    "accommodation": "temporary",
    "accommodation_safe": "yes",
    "ete": "no",
    "bank_account": "yes",
    "id_documents": "not_known",
    "benefit_claim": "yes",
    "gp_registration": "no",
}


def _planned(personas: dict[str, Any], *, release: str) -> Plan:
    """Received on 1 May 2019 at Altcourse, screened (a need on ETE and Health), plan proposed and agreed."""
    feed(reception("r1", NUMBER, at="2019-05-01T09:30:00+01:00", release=release))
    received = period()
    bcst1 = questions.question_set("BCST1", received.reception_date)
    screening.submit_answers(period=received, kind=Kind.BCST1, answers=complete(bcst1), by=personas[Role.PRISON_OFFICER])
    bcst2 = questions.question_set("BCST2", received.reception_date)
    answers = complete(bcst2, ete_problem="2", job_on_release="no")
    screening.submit_answers(period=received, kind=Kind.BCST2, answers=answers, by=personas[Role.TTG_CASEWORKER])
    plan = services.propose(period=period(), by=personas[Role.TTG_CASEWORKER])
    return services.agree(plan=plan, by=personas[Role.TTG_CASEWORKER])


@pytest.fixture
def soon(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> Plan:
    """Release on Friday 1 November 2019: the review opened on 9 August."""
    return _planned(personas, release="2019-11-01")


@pytest.fixture
def later(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> Plan:
    """Release on 1 March 2020: the review opens on 8 December 2019."""
    return _planned(personas, release="2020-03-01")


def _fresh(plan: Plan) -> Plan:
    return Plan.objects.prefetch_related("activities").select_related("custody_period").get(pk=plan.pk)


def _release(on: str = "2019-08-27T09:00:00+01:00") -> None:
    feed(f"rel-1,RELEASE,{on},{NUMBER},ACI,,,,,,,,,,,,,CONDITIONAL")


def _caseworker(personas: dict[str, Any]) -> Any:
    return personas[Role.TTG_CASEWORKER]


# --- go-live date per prison ----------------------------------------------------------------------


def test_a_go_live_date_in_the_future_means_no_plan_and_the_page_says_what_applies(
    personas: dict[str, Any], catalogue: dict[str, CatalogueVersion], client_for: Any
) -> None:
    Prison.objects.filter(code="ACI").update(enhanced_go_live_on=date(2019, 10, 1))
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    decision = services.proposal(period(), user=_caseworker(personas))
    assert decision.value == ()
    assert any("goes live on 1 October 2019" in r for r in decision.reasons) or any("has not gone live" in r for r in decision.reasons)
    page = client_for(Role.TTG_CASEWORKER).get(reverse("plan", args=[NUMBER])).content.decode()
    assert "No resettlement plan applies" in page
    Prison.objects.filter(code="ACI").update(enhanced_go_live_on=date(2019, 4, 1))
    assert services.proposal(period(), user=_caseworker(personas)).value


def test_the_prison_page_shows_the_go_live_date(client_for: Any) -> None:
    assert Prison.objects.get(code="ACI").enhanced_go_live_on == date(2019, 4, 1)  # the demo's, for Merseyside
    Prison.objects.filter(code="LPI").update(enhanced_go_live_on=None)
    page = client_for(Role.PRISON_OFFICER).get(reverse("prison_detail", args=["ACI"])).content.decode()
    assert "Enhanced specification go-live date" in page and "1 April 2019" in page
    page = client_for(Role.PRISON_OFFICER).get(reverse("prison_detail", args=["LPI"])).content.decode()
    assert "None recorded (at a resettlement prison it applies from 1 April 2019)" in page


# --- the pre-release review -----------------------------------------------------------------------


def test_the_review_asks_about_the_plans_pathways_and_the_needs(soon: Plan) -> None:
    pathways = services_gate.review_pathways(_fresh(soon))
    assert "ete" in pathways and "health" in pathways
    assert set(pathways) >= {a.pathway for a in soon.activities.all() if a.pathway}


def test_answering_and_completing_the_review(personas: dict[str, Any], soon: Plan) -> None:
    by = _caseworker(personas)
    pathways = services_gate.review_pathways(_fresh(soon))
    with pytest.raises(PlanError, match="Health"):
        services_gate.answer_pathway(plan=soon, pathway="health", answer="not_ready", note="", by=by)
    assert not PreReleaseReview.objects.exists()  # nothing half-written
    services_gate.answer_pathway(plan=soon, pathway=pathways[0], answer="ready", by=by)
    review = PreReleaseReview.objects.get()
    assert review.status == ReviewStatus.IN_PROGRESS
    with pytest.raises(PlanError, match="still to answer"):
        services_gate.complete_review(plan=soon, by=by)
    for code in pathways[1:]:
        services_gate.answer_pathway(plan=soon, pathway=code, answer="not_ready", note="Being arranged", by=by)
    review = services_gate.complete_review(plan=soon, by=by)
    assert review.status == ReviewStatus.COMPLETED and review.completed_by == by and review.completed_at is not None
    assert services_gate.complete_review(plan=soon, by=by).completed_at == review.completed_at  # again: nothing changes
    with pytest.raises(PlanError, match="completed"):
        services_gate.answer_pathway(plan=soon, pathway=pathways[0], answer="not_applicable", by=by)
    assert PreReleaseReview.objects.count() == 1
    assert AuditEvent.objects.filter(action="plans.prereleasereview.complete").count() == 1
    event = AuditEvent.objects.filter(action="plans.prereleasereview.answer").first()
    assert "Being arranged" not in str(event.after) and "Being arranged" not in str(event.before)  # type: ignore[union-attr]


def test_the_review_is_refused_before_it_opens_and_a_pathway_outside_it(personas: dict[str, Any], later: Plan) -> None:
    with pytest.raises(PlanError, match="not open yet"):
        services_gate.answer_pathway(plan=later, pathway="health", answer="ready", by=_caseworker(personas))
    with pytest.raises(PlanError, match="not open yet"):
        services_gate.complete_review(plan=later, by=_caseworker(personas))


def test_the_review_moves_when_the_feed_changes_the_release_date(personas: dict[str, Any], soon: Plan) -> None:
    by = _caseworker(personas)
    services_gate.answer_pathway(plan=soon, pathway="health", answer="ready", by=by)
    # The court adds time: release on 1 March 2020, so the review is not open any more.
    feed(f"s-1,SENTENCE,2019-09-01T16:00:00+01:00,{NUMBER},ACI,,,,,,,,SENTENCED,DETERMINATE,2019-08-30,400,2020-03-01,")
    assert CustodyPeriod.objects.get().release_date == date(2020, 3, 1)
    with pytest.raises(PlanError, match="8 December 2019"):
        services_gate.answer_pathway(plan=soon, pathway="ete", answer="ready", by=by)
    # And back to an earlier date: open again.
    feed(f"s-2,SENTENCE,2019-09-02T08:00:00+01:00,{NUMBER},ACI,,,,,,,,SENTENCED,DETERMINATE,2019-08-30,200,2019-10-15,")
    services_gate.answer_pathway(plan=soon, pathway="ete", answer="ready", by=by)


def test_a_pathway_not_in_the_review_is_refused(personas: dict[str, Any], soon: Plan) -> None:
    missing = next(p for p in ("abuse", "sex_work", "children") if p not in services_gate.review_pathways(_fresh(soon)))
    with pytest.raises(PlanError, match="not part"):
        services_gate.answer_pathway(plan=soon, pathway=missing, answer="ready", by=_caseworker(personas))


# --- outcomes on and after release ----------------------------------------------------------------


def test_release_day_outcomes_are_refused_before_the_release_date(personas: dict[str, Any], soon: Plan) -> None:
    with pytest.raises(PlanError, match="1 November 2019"):
        services_gate.record_outcome(plan=soon, kind="release_day", values=OUTCOMES, by=_caseworker(personas))
    with pytest.raises(PlanError, match="once the person has been released"):
        services_gate.record_outcome(plan=soon, kind="after_release", values=OUTCOMES, by=_caseworker(personas))
    assert not ReleaseOutcome.objects.exists()


def test_outcomes_are_recorded_once_per_kind_and_updated_with_audit(personas: dict[str, Any], soon: Plan) -> None:
    _release()
    by = _caseworker(personas)
    with pytest.raises(PlanError) as problem:
        services_gate.record_outcome(plan=soon, kind="release_day", values={**OUTCOMES, "accommodation": "castle"}, by=by)
    assert problem.value.field == "accommodation"
    services_gate.record_outcome(plan=soon, kind="release_day", values=OUTCOMES, by=by)
    services_gate.record_outcome(plan=soon, kind="release_day", values={**OUTCOMES, "accommodation": "settled"}, by=by)
    assert ReleaseOutcome.objects.filter(kind="release_day").count() == 1
    assert ReleaseOutcome.objects.get(kind="release_day").accommodation == "settled"
    assert AuditEvent.objects.filter(action="plans.releaseoutcome.record").count() == 1
    update = AuditEvent.objects.get(action="plans.releaseoutcome.update")
    assert update.before["accommodation"] == "temporary" and update.after["accommodation"] == "settled"  # type: ignore[index]
    services_gate.record_outcome(plan=soon, kind="after_release", values=OUTCOMES, by=by)
    assert ReleaseOutcome.objects.count() == 2
    assert services_gate.after_release_due(CustodyPeriod.objects.get()).value == date(2019, 9, 24)


def test_after_release_only_activities_that_continue_can_change(personas: dict[str, Any], soon: Plan) -> None:
    by = _caseworker(personas)
    first, second = list(soon.activities.exclude(pathway="").order_by("order", "id"))[:2]  # not ones an event completes (P13)
    services_gate.set_continues_after_release(activity=first, continues=True, by=by)
    _release()
    services.update_activity(activity=first, status="in_progress", by=by)
    with pytest.raises(PlanError, match="continue after release"):
        services.update_activity(activity=second, status="in_progress", by=by)
    with pytest.raises(PlanError, match="released"):
        services_gate.set_continues_after_release(activity=second, continues=True, by=by)
    assert PlanActivity.objects.get(pk=second.pk).status == "planned"


# --- who sees a released person, and for how long -------------------------------------------------


def test_the_crc_sees_a_released_person_up_to_the_last_day_and_prison_staff_do_not(
    personas: dict[str, Any], soon: Plan, client_for: Any, settings: Any
) -> None:
    # Released on Monday 10 June 2019: with 12 weeks, visible to Merseyside CRC until Monday 2 September.
    _release("2019-06-10T09:00:00+01:00")
    settings.TTG_AFTER_RELEASE_VISIBLE_WEEKS = 12
    caseworker, manager, officer = (personas[r] for r in (Role.TTG_CASEWORKER, Role.CRC_MANAGER, Role.PRISON_OFFICER))
    assert Person.objects.visible_to(caseworker).filter(prison_number=NUMBER).exists()
    assert Person.objects.visible_to(manager).filter(prison_number=NUMBER).exists()
    assert not Person.objects.visible_to(officer).filter(prison_number=NUMBER).exists()
    page = client_for(Role.TTG_CASEWORKER).get(reverse("plan", args=[NUMBER]))
    assert page.status_code == 200 and "Released on 10 June 2019" in page.content.decode()
    assert client_for(Role.PRISON_OFFICER).get(reverse("plan", args=[NUMBER])).status_code == 404
    event = AuditEvent.objects.filter(action="people.person.view").order_by("-pk").first()
    assert event is not None and event.reason.endswith("from where this person was released on 10 June 2019")
    # The next day it is gone, for the CRC too: the same 404 as a person who does not exist.
    settings.TTG_NOW = "2019-09-03T09:30:00+01:00"
    assert not Person.objects.visible_to(caseworker).filter(prison_number=NUMBER).exists()
    assert client_for(Role.TTG_CASEWORKER).get(reverse("plan", args=[NUMBER])).status_code == 404


def test_the_visible_weeks_are_a_setting(personas: dict[str, Any], soon: Plan, settings: Any) -> None:
    _release("2019-08-27T09:00:00+01:00")
    settings.TTG_AFTER_RELEASE_VISIBLE_WEEKS = 0
    assert not Person.objects.visible_to(_caseworker(personas)).filter(prison_number=NUMBER).exists()
    settings.TTG_AFTER_RELEASE_VISIBLE_WEEKS = 1
    assert Person.objects.visible_to(_caseworker(personas)).filter(prison_number=NUMBER).exists()


def test_another_crc_never_sees_the_released_person(personas: dict[str, Any], soon: Plan, django_user_model: Any) -> None:
    from ttg.estate.models import CRC

    _release()
    other = django_user_model.objects.create(username="other.caseworker", role=Role.TTG_CASEWORKER, crc=CRC.objects.get(code="WALES"))
    assert not Person.objects.visible_to(other).filter(prison_number=NUMBER).exists()


# --- pages ------------------------------------------------------------------------------------------


def test_the_caseworker_works_through_the_review_on_the_pages(client_for: Any, soon: Plan) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    plan_page = client.get(reverse("plan", args=[NUMBER])).content.decode()
    assert "Through the gate" in plan_page and "Pre-release review opened on 9 August 2019" in plan_page
    pathways = services_gate.review_pathways(_fresh(soon))
    task_list = client.get(reverse("plan_review", args=[NUMBER])).content.decode()
    assert "Not started" in task_list and all(reverse("plan_review_pathway", args=[NUMBER, p]) in task_list for p in pathways)
    # Not ready without a note: the error summary names the field.
    bad = client.post(reverse("plan_review_pathway", args=[NUMBER, pathways[0]]), {"answer": "not_ready", "note": ""})
    body = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in body and 'href="#id_note"' in body and "<title>Error:" in body
    assert client.post(reverse("plan_review_pathway", args=[NUMBER, pathways[0]]), {}).status_code == 200
    # Completing too early says which pathways are left.
    refused = client.post(reverse("plan_review_check", args=[NUMBER]))
    assert refused.status_code == 200 and "still to answer" in refused.content.decode()
    for code in pathways:
        response = client.post(reverse("plan_review_pathway", args=[NUMBER, code]), {"answer": "ready", "note": ""})
        assert response.status_code == 302
    assert response["Location"] == reverse("plan_review_check", args=[NUMBER])
    check = client.get(reverse("plan_review_check", args=[NUMBER])).content.decode()
    assert "Complete the pre-release review" in check
    done = client.post(reverse("plan_review_check", args=[NUMBER]))
    assert done["Location"] == reverse("plan_review_completed", args=[NUMBER])
    assert "Pre-release review completed" in client.get(done["Location"]).content.decode()
    assert "Completed" in client.get(reverse("plan", args=[NUMBER])).content.decode()


def test_the_crc_manager_reads_but_cannot_answer(client_for: Any, soon: Plan) -> None:
    client = client_for(Role.CRC_MANAGER)
    assert client.get(reverse("plan_review", args=[NUMBER])).status_code == 200
    assert client.post(reverse("plan_review_pathway", args=[NUMBER, "health"]), {"answer": "ready"}).status_code == 403
    assert client.post(reverse("plan_review_check", args=[NUMBER])).status_code == 403
    assert client.post(reverse("plan_outcome", args=[NUMBER, "release-day"]), OUTCOMES).status_code == 403


def test_the_review_pages_say_it_is_not_open_yet(client_for: Any, later: Plan) -> None:
    page = client_for(Role.TTG_CASEWORKER).get(reverse("plan_review", args=[NUMBER])).content.decode()
    assert "not open yet" in page and "8 December 2019" in page
    assert client_for(Role.TTG_CASEWORKER).get(reverse("plan_review_pathway", args=[NUMBER, "nowhere"])).status_code == 404


def test_recording_release_day_outcomes_on_the_page(client_for: Any, soon: Plan) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    early = client.get(reverse("plan_outcome", args=[NUMBER, "release-day"])).content.decode()
    assert "from the release date, 1 November 2019" in early
    _release()
    missing = client.post(reverse("plan_outcome", args=[NUMBER, "release-day"]), {**OUTCOMES, "accommodation": ""})
    assert missing.status_code == 200 and "Select where the person is staying on the first night" in missing.content.decode()
    assert 'href="#id_accommodation"' in missing.content.decode()
    ok = client.post(reverse("plan_outcome", args=[NUMBER, "release-day"]), OUTCOMES)
    assert ok.status_code == 302
    page = client.get(reverse("plan", args=[NUMBER])).content.decode()
    assert "Temporary accommodation" in page and "24 September 2019" in page
    assert client.get(reverse("plan_outcome", args=[NUMBER, "sometime"])).status_code == 404


def test_the_activity_page_sets_whether_it_continues_after_release(client_for: Any, soon: Plan) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    activity = soon.activities.order_by("order", "id").first()
    assert activity is not None
    page = client.get(reverse("plan_activity", args=[NUMBER, activity.pk])).content.decode()
    assert "Does this activity continue after release?" in page
    response = client.post(reverse("plan_activity_continues", args=[NUMBER, activity.pk]), {"continues_after_release": "yes"})
    assert response.status_code == 302
    assert PlanActivity.objects.get(pk=activity.pk).continues_after_release is True


def test_the_plan_page_reads_through_the_gate_in_a_fixed_number_of_queries(client_for: Any, personas: dict[str, Any], soon: Plan) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    client.get(reverse("plan", args=[NUMBER]))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("plan_review", args=[NUMBER]))
    for code in services_gate.review_pathways(_fresh(soon)):
        services_gate.answer_pathway(plan=soon, pathway=code, answer="ready", by=_caseworker(personas))
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("plan_review", args=[NUMBER]))
    assert len(after) <= len(before) + 1  # the review row itself, however many pathways are answered


# --- the API ------------------------------------------------------------------------------------------


def _api(personas: dict[str, Any], role: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(personas[role])
    return client


def test_the_api_reads_and_writes_the_review(personas: dict[str, Any], soon: Plan) -> None:
    url = reverse("api_pre_release_review", args=[NUMBER])
    client = _api(personas, Role.TTG_CASEWORKER)
    got = client.get(url).json()
    assert got["open"] is True and got["opens_on"] == "2019-08-09" and got["status"] == "not_started"
    codes = [p["pathway"] for p in got["pathways"]]
    refused = client.put(url, {"answers": {codes[0]: {"answer": "not_ready"}}}, format="json")
    assert refused.status_code == 400 and f"answers.{codes[0]}.note" in refused.json()["errors"]
    assert not PreReleaseReview.objects.exists()
    half = client.put(url, {"answers": {codes[0]: {"answer": "ready"}}, "complete": True}, format="json")
    assert half.status_code == 400 and "still to answer" in half.json()["detail"]
    assert not PreReleaseReview.objects.exists()  # all or nothing
    done = client.put(url, {"answers": {c: {"answer": "not_applicable"} for c in codes}, "complete": True}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert _api(personas, Role.CRC_MANAGER).put(url, {"complete": True}, format="json").status_code == 403
    assert _api(personas, Role.PARTNER_CASEWORKER).get(url).status_code == 403


def test_the_api_records_outcomes(personas: dict[str, Any], soon: Plan) -> None:
    url = reverse("api_release_outcome", args=[NUMBER, "release-day"])
    client = _api(personas, Role.TTG_CASEWORKER)
    assert client.get(url).json()["allowed"] is False
    assert client.put(url, OUTCOMES, format="json").status_code == 400
    _release()
    assert client.put(url, {**OUTCOMES, "bank_account": "maybe"}, format="json").status_code == 400
    first = client.put(url, OUTCOMES, format="json")
    assert first.status_code == 200 and first.json()["values"]["accommodation"] == "temporary"
    again = client.put(url, {**OUTCOMES, "accommodation": "approved_premises"}, format="json").json()
    assert again["values"]["accommodation"] == "approved_premises" and ReleaseOutcome.objects.count() == 1
    after = client.get(reverse("api_release_outcome", args=[NUMBER, "after-release"])).json()
    assert after["due_on"] == "2019-09-24" and after["recorded"] is False
    assert client.get(reverse("api_release_outcome", args=[NUMBER, "never"])).status_code == 404


def test_an_administrator_sets_the_go_live_date_in_the_admin(client_for: Any) -> None:
    prison = Prison.objects.get(code="LPI")
    form = {
        "code": "LPI",
        "name": prison.name,
        "estate": prison.estate,
        "country": prison.country,
        "crc": prison.crc_id,
        "language": prison.language,  # the prison's language for what people are given (rule L1): unchanged
        "enhanced_go_live_on": "2019-03-01",
    }
    response = client_for(Role.ADMINISTRATOR).post(reverse("admin:estate_prison_change", args=[prison.pk]), form)
    assert response.status_code == 302
    assert Prison.objects.get(code="LPI").enhanced_go_live_on == date(2019, 3, 1)
    event = AuditEvent.objects.get(action="estate.prison.change")
    assert event.after == {"enhanced_go_live_on": "2019-03-01"}
