"""The handover to the responsible officer: services (both databases), scoping, pages and the API.

The tests' person (A1111AA) is at HMP Altcourse, release on Sunday 1 March 2020, so the handover is
due by Monday 17 February 2020 (rule T6, 10 working days). The clock says Monday 2 September 2019.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import home_tasks
from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core.models import AuditEvent
from ttg.estate.models import NPSDivision
from ttg.payments.access import case_held
from ttg.people.models import CustodyPeriod, Person, ProbationCase
from ttg.people.tests.test_pages import _normalised
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.handover import selectors
from ttg.plans.handover import services as services_handover
from ttg.plans.handover.models import Handover, HandoverState
from ttg.plans.plan import rules, services
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401 - a fixture
from ttg.screening.tests.test_journeys import NUMBER, feed, period, reception

SUMMARY = "Risks: no settled address.\nOutstanding: benefit claim on release."


@pytest.fixture
def agreed(personas: dict[str, Any], screened: CustodyPeriod) -> Plan:  # noqa: F811
    by = personas[Role.TTG_CASEWORKER]
    return services.agree(plan=services.propose(period=screened, by=by), by=by)


def _hand_over(personas: dict[str, Any], plan: Plan, **kwargs: Any) -> Handover:
    return services_handover.hand_over(
        plan=plan,
        officer=kwargs.get("officer", personas[Role.RESPONSIBLE_OFFICER]),
        where_to=kwargs.get("where_to", "Approved premises, Liverpool"),
        summary=kwargs.get("summary", SUMMARY),
        by=personas[Role.TTG_CASEWORKER],
    )


def _other_officer(division: str = "NW", username: str = "ro.two") -> User:
    return User.objects.create_user(
        username=username,
        password="x" * 20,
        first_name="Rita",
        last_name="Okoro",
        role=Role.RESPONSIBLE_OFFICER,
        nps_division=NPSDivision.objects.get(code=division),
    )


def _move_release(to: str) -> None:
    """A SENTENCE event from the custody feed that changes the release date."""
    feed(f"s-{to},SENTENCE,2019-09-01T10:00:00+01:00,{NUMBER},ACI,,,,,,,,SENTENCED,DETERMINATE,2019-08-30,300,{to},")


# --- services --------------------------------------------------------------------------------------


def test_handing_over_keeps_the_plan_as_it_stood(personas: dict[str, Any], agreed: Plan) -> None:
    handover = _hand_over(personas, agreed)
    assert handover.state == HandoverState.HANDED_OVER and handover.officer.username == "david.jones"
    assert handover.release_date_at_handover == date(2020, 3, 1)
    titles = [a["title"] for a in handover.activities]
    assert titles == list(agreed.activities.order_by("order", "id").values_list("title", flat=True))
    # Rule P13: BCST2, agreeing the plan and this handover are done; they and the rest of what ends by
    # release do not continue after it; every other activity is still open and does.
    done = {a["code"]: a["status"] for a in handover.activities if a["status"] != "planned"}
    assert done == {"screening-bcst2": "delivered", "agree-plan": "delivered", "handover": "delivered"}
    assert {a["code"] for a in handover.activities if not a["continues"]} == set(rules.BEFORE_RELEASE_ONLY)
    assert all(a["continues"] for a in handover.activities if a["code"] not in rules.BEFORE_RELEASE_ONLY)
    assert any(n["pathway"] == "ete" for n in handover.needs)
    event = AuditEvent.objects.get(action="plans.handover.make")
    assert SUMMARY not in str(event.after) and "Approved premises" not in str(event.after)  # redacted

    # The plan changes after the handover: the snapshot does not.
    first = agreed.activities.exclude(pathway="").order_by("order", "id").first()
    assert first is not None
    services.update_activity(activity=first, status="in_progress", by=personas[Role.TTG_CASEWORKER])
    handover.refresh_from_db()
    assert next(a for a in handover.activities if a["title"] == first.title)["status"] == "planned"


def test_handing_over_twice_is_refused_and_makes_no_duplicate(personas: dict[str, Any], agreed: Plan) -> None:
    _hand_over(personas, agreed)
    with pytest.raises(services.PlanError, match="already been handed over"):
        _hand_over(personas, agreed, officer=_other_officer())
    assert Handover.objects.count() == 1 and Handover.objects.get().officer.username == "david.jones"
    assert AuditEvent.objects.filter(action="plans.handover.make").count() == 1


@pytest.mark.parametrize(
    ("case", "message", "field"),
    [
        ("no officer", "Select the responsible officer", "officer"),
        ("not an officer", "Select the responsible officer", "officer"),
        ("inactive officer", "Select the responsible officer", "officer"),
        ("no address", "where the person will live", "where_to"),
        ("no summary", "Enter the summary", "summary"),
    ],
)
def test_a_handover_is_refused_with_words(personas: dict[str, Any], agreed: Plan, case: str, message: str, field: str) -> None:
    kwargs: dict[str, Any] = {}
    if case == "no officer":
        kwargs["officer"] = None
    elif case == "not an officer":
        kwargs["officer"] = personas[Role.CRC_MANAGER]
    elif case == "inactive officer":
        kwargs["officer"] = _other_officer()
        kwargs["officer"].is_active = False
    elif case == "no address":
        kwargs["where_to"] = "   "
    else:
        kwargs["summary"] = ""
    with pytest.raises(services.PlanError, match=message) as refused:
        _hand_over(personas, agreed, **kwargs)
    assert refused.value.field == field
    assert not Handover.objects.exists() and not AuditEvent.objects.filter(action="plans.handover.make").exists()


def test_a_draft_plan_is_not_handed_over(personas: dict[str, Any], screened: CustodyPeriod) -> None:  # noqa: F811
    draft = services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    with pytest.raises(services.PlanError, match="Agree the plan"):
        _hand_over(personas, draft)
    assert not Handover.objects.exists()


def test_only_the_named_officer_receives_and_receiving_again_changes_nothing(personas: dict[str, Any], agreed: Plan) -> None:
    handover = _hand_over(personas, agreed)
    with pytest.raises(services.PlanError, match="Only the responsible officer"):
        services_handover.receive(handover=handover, by=_other_officer())
    received = services_handover.receive(handover=handover, by=personas[Role.RESPONSIBLE_OFFICER])
    assert received.state == HandoverState.RECEIVED
    again = services_handover.receive(handover=handover, by=personas[Role.RESPONSIBLE_OFFICER])
    assert again.received_at == received.received_at
    assert AuditEvent.objects.filter(action="plans.handover.receive").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_one_handover(personas: dict[str, Any], screened: CustodyPeriod) -> None:  # noqa: F811
    """select_for_update on the plan: the second waits, then finds the handover and is refused."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("SQLite allows one writer at a time: two submissions at once are a PostgreSQL matter")
    import threading

    by = personas[Role.TTG_CASEWORKER]
    plan = services.agree(plan=services.propose(period=screened, by=by), by=by)
    start = threading.Barrier(2)
    made: list[Handover] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            start.wait()
            made.append(_hand_over(personas, plan))
        except services.PlanError as problem:
            refused.append(problem.message)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(made) == 1 and len(refused) == 1 and "already been handed over" in refused[0]
    assert Handover.objects.count() == 1


# --- the due date follows the release date -----------------------------------------------------------


def test_the_due_date_follows_the_release_date(personas: dict[str, Any], agreed: Plan) -> None:
    user = personas[Role.TTG_CASEWORKER]
    assert selectors.for_plan(user, agreed).due.value == date(2020, 2, 17)
    _move_release("2019-09-10")  # now due by Tuesday 27 August 2019: overdue
    plan = Plan.objects.get(pk=agreed.pk)
    panel = selectors.for_plan(user, plan)
    assert panel.due.value == date(2019, 8, 27) and panel.overdue and panel.state == HandoverState.NOT_STARTED
    page = _text(personas, Role.TTG_CASEWORKER, reverse("plan", args=[NUMBER]))
    assert "The handover is overdue: it was due by 27 August 2019." in page

    handover = _hand_over(personas, plan)
    _move_release("2019-12-24")  # after the handover: the due date moves, what was handed over stays
    handover = Handover.objects.select_related("plan__custody_period").get(pk=handover.pk)
    assert selectors.due(handover.release_date).value == date(2019, 12, 10)
    assert handover.release_date_at_handover == date(2019, 9, 10)
    summary = _text(personas, Role.RESPONSIBLE_OFFICER, reverse("handover_summary", args=[handover.pk]))
    assert "24 December 2019" in summary and "Changed since the handover, when it was 10 September 2019." in summary


# --- scoping: the responsible officer sees only what is handed over to them ------------------------------


def test_the_responsible_officer_sees_only_what_is_handed_over_to_them(personas: dict[str, Any], agreed: Plan) -> None:
    ro, other = personas[Role.RESPONSIBLE_OFFICER], _other_officer()
    feed(reception("r2", "B2222BB", at="2019-08-30T09:30:00+01:00"))  # someone else at Altcourse, not handed over
    for model in (Person, CustodyPeriod, Plan, PlanActivity, Handover):
        assert not model.objects.visible_to(ro).exists(), model
    handover = _hand_over(personas, agreed)
    assert list(Person.objects.visible_to(ro).values_list("prison_number", flat=True)) == [NUMBER]
    assert list(CustodyPeriod.objects.visible_to(ro)) == [agreed.custody_period]
    assert list(Plan.objects.visible_to(ro)) == [agreed]
    assert PlanActivity.objects.visible_to(ro).count() == agreed.activities.count()
    assert list(Handover.objects.visible_to(ro)) == [handover]
    for model in (Person, CustodyPeriod, Plan, PlanActivity, Handover):
        assert not model.objects.visible_to(other).exists(), model
    # The other roles keep their rules: the caseworker still sees both people, the partner nobody.
    assert Person.objects.visible_to(personas[Role.TTG_CASEWORKER]).count() == 2
    assert list(Handover.objects.visible_to(personas[Role.PRISON_OFFICER])) == [handover]
    assert not Person.objects.visible_to(personas[Role.PARTNER_CASEWORKER]).exists()


def test_another_officer_gets_the_same_404_as_for_nothing(personas: dict[str, Any], agreed: Plan, client: Any) -> None:
    handover = _hand_over(personas, agreed)
    client.force_login(_other_officer())
    not_theirs = client.get(reverse("handover_summary", args=[handover.pk]))
    missing = client.get(reverse("handover_summary", args=[handover.pk + 1000]))
    assert not_theirs.status_code == missing.status_code == 404
    assert _normalised(not_theirs.content) == _normalised(missing.content)
    api_not_theirs = client.get(reverse("api_plan_handover", args=[NUMBER]))
    api_missing = client.get(reverse("api_plan_handover", args=["Z9999ZZ"]))
    assert api_not_theirs.status_code == api_missing.status_code == 404
    assert api_not_theirs.json() == api_missing.json()
    assert client.post(reverse("handover_receive", args=[handover.pk])).status_code == 404
    assert Handover.objects.get().received_at is None


def test_the_officer_cannot_open_the_person_pages(personas: dict[str, Any], agreed: Plan, client_for: Any) -> None:
    _hand_over(personas, agreed)
    ro = client_for(Role.RESPONSIBLE_OFFICER)
    for name in ("person_detail", "plan", "person_screening"):
        assert ro.get(reverse(name, args=[NUMBER])).status_code == 403


# --- pages -------------------------------------------------------------------------------------------


def _text(personas: dict[str, Any], role: str, url: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(personas[role])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_caseworker_hands_over_through_the_pages(personas: dict[str, Any], agreed: Plan, client_for: Any) -> None:
    caseworker = client_for(Role.TTG_CASEWORKER)
    plan_page = caseworker.get(reverse("plan", args=[NUMBER])).content.decode()
    assert "Handover to the responsible officer" in plan_page and "17 February 2020" in plan_page
    assert reverse("plan_handover", args=[NUMBER]) in plan_page

    form = caseworker.get(reverse("plan_handover", args=[NUMBER])).content.decode()
    assert '<optgroup label="NPS North West">' in form and "David Jones" in form

    # Nothing chosen: errors naming each field, nothing saved.
    response = caseworker.post(reverse("plan_handover", args=[NUMBER]), {"officer": "", "where_to": "", "summary": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert 'href="#id_officer"' in page and "Select the responsible officer to hand over to" in page
    assert "Enter where the person will live on release" in page and "Enter the summary" in page

    officer = personas[Role.RESPONSIBLE_OFFICER]
    response = caseworker.post(
        reverse("plan_handover", args=[NUMBER]), {"officer": str(officer.pk), "where_to": "Approved premises", "summary": SUMMARY}
    )
    assert response.status_code == 302 and response["Location"] == reverse("plan_handover_check", args=[NUMBER])
    check = caseworker.get(response["Location"]).content.decode()
    assert "Check the handover" in check and "David Jones (NPS North West)" in check and "Approved premises" in check
    assert not Handover.objects.exists()

    response = caseworker.post(reverse("plan_handover_check", args=[NUMBER]))
    assert response.status_code == 302 and response["Location"] == reverse("plan_handover_done", args=[NUMBER])
    done = caseworker.get(response["Location"]).content.decode()
    assert "Handed over" in done and "to David Jones" in done
    handover = Handover.objects.get()
    assert handover.summary == SUMMARY.replace("\n", "\r\n") or handover.summary == SUMMARY

    # Submitting the check page again (back button, double click): refused with words, no duplicate.
    again = caseworker.post(reverse("plan_handover_check", args=[NUMBER]))
    assert again.status_code == 302  # the answers were cleared: back to the form, which sends to the summary
    assert caseworker.get(reverse("plan_handover", args=[NUMBER])).status_code == 302
    assert Handover.objects.count() == 1
    plan_page = caseworker.get(reverse("plan", args=[NUMBER])).content.decode()
    assert "Handed over" in plan_page and reverse("handover_summary", args=[handover.pk]) in plan_page


def test_the_form_refuses_a_draft_plan_with_words(personas: dict[str, Any], screened: CustodyPeriod, client_for: Any) -> None:  # noqa: F811
    services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    caseworker = client_for(Role.TTG_CASEWORKER)
    page = caseworker.get(reverse("plan_handover", args=[NUMBER])).content.decode()
    assert "Agree the plan with the person before handing it over." in page and 'name="officer"' not in page
    # Answers sent anyway are refused at the check step by the service.
    officer = personas[Role.RESPONSIBLE_OFFICER]
    caseworker.post(reverse("plan_handover", args=[NUMBER]), {"officer": officer.pk, "where_to": "AP", "summary": "S"})
    response = caseworker.post(reverse("plan_handover_check", args=[NUMBER]))
    assert response.status_code == 400 and "Agree the plan" in response.content.decode()
    assert not Handover.objects.exists()


def test_the_officer_sees_it_on_home_and_the_list_and_marks_it_received(personas: dict[str, Any], agreed: Plan, client_for: Any) -> None:
    _move_release("2019-09-20")  # in the next 4 weeks
    handover = _hand_over(personas, Plan.objects.get(pk=agreed.pk))
    ro = client_for(Role.RESPONSIBLE_OFFICER)
    tasks = {text: (href, count) for text, href, count, _tag in home_tasks(ro.get(reverse("home")).content.decode())}
    assert tasks["Handovers coming"] == (reverse("handover_list"), 1)
    assert tasks["Handovers overdue"] == (reverse("handover_list"), 0)
    listing = ro.get(reverse("handover_list")).content.decode()
    assert "Coming: release in the next 4 weeks" in listing and "Dan Reed" in listing
    assert 'href="/handovers/"' in listing  # the navigation item

    summary = ro.get(reverse("handover_summary", args=[handover.pk])).content.decode()
    for text in (
        "Approved premises, Liverpool",
        "Risks: no settled address.",
        "Needs by pathway",
        "The plan at handover",
        "What continues after release",
        "Mark as received",
    ):
        assert text in summary, text
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.VIEW, actor=personas[Role.RESPONSIBLE_OFFICER], object_id=str(agreed.custody_period.person_id)
    ).exists()
    response = ro.post(reverse("handover_receive", args=[handover.pk]))
    assert response.status_code == 302
    summary = ro.get(response["Location"]).content.decode()
    assert "Handover received" in summary and "Mark as received" not in summary
    listing = ro.get(reverse("handover_list")).content.decode()
    assert "You have not received any handovers yet" not in listing
    waiting = {text: count for text, _href, count, _tag in home_tasks(ro.get(reverse("home")).content.decode())}
    assert waiting["Handovers coming"] == waiting["Handovers overdue"] == 0


def test_a_handover_not_received_by_the_release_date_is_overdue(personas: dict[str, Any], agreed: Plan, client_for: Any) -> None:
    _move_release("2019-09-02")  # today
    _hand_over(personas, Plan.objects.get(pk=agreed.pk))
    groups = selectors.for_officer(personas[Role.RESPONSIBLE_OFFICER])
    assert [r.handover.plan_id for r in groups.overdue] == [agreed.pk] and not groups.coming
    assert "Overdue" in client_for(Role.RESPONSIBLE_OFFICER).get(reverse("handover_list")).content.decode()


def test_the_list_takes_a_fixed_number_of_queries(
    personas: dict[str, Any], agreed: Plan, client_for: Any, catalogue: dict[str, CatalogueVersion]
) -> None:
    from ttg.screening import questions
    from ttg.screening import services as screening
    from ttg.screening.models import Kind
    from ttg.screening.tests.test_journeys import complete

    _hand_over(personas, agreed)
    ro = client_for(Role.RESPONSIBLE_OFFICER)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = ro.get(reverse("handover_list"))
        assert response.status_code == 200
        return len(queries)

    before = count()
    caseworker = personas[Role.TTG_CASEWORKER]
    for i, release in enumerate(("2019-09-20", "2019-11-01", "2019-09-05")):
        number = f"C{i}333CC"
        feed(reception(f"q{i}", number, at="2019-08-30T09:30:00+01:00", release=release))
        received = period(number)
        for kind, by in ((Kind.BCST1, Role.PRISON_OFFICER), (Kind.BCST2, Role.TTG_CASEWORKER)):
            qs = questions.question_set(kind, received.reception_date)
            screening.submit_answers(period=received, kind=kind, answers=complete(qs), by=personas[by])
        plan = services.agree(plan=services.propose(period=received, by=caseworker), by=caseworker)
        handover = _hand_over(personas, plan)
        if i == 1:
            services_handover.receive(handover=handover, by=personas[Role.RESPONSIBLE_OFFICER])
    groups = selectors.for_officer(personas[Role.RESPONSIBLE_OFFICER])
    assert (len(groups.overdue), len(groups.coming), len(groups.later), len(groups.received)) == (0, 2, 1, 1)
    assert count() == before


# --- the API -----------------------------------------------------------------------------------------


def test_the_api_makes_shows_lists_and_receives_a_handover(personas: dict[str, Any], agreed: Plan, client_for: Any) -> None:
    caseworker, ro = client_for(Role.TTG_CASEWORKER), client_for(Role.RESPONSIBLE_OFFICER)
    url = reverse("api_plan_handover", args=[NUMBER])
    body = caseworker.get(url).json()
    assert body["state"] == "not_started" and body["due_on"] == "2020-02-17" and not body["overdue"] and body["id"] is None

    bad = caseworker.post(url, {"officer": "tom.okafor", "where_to": "AP", "summary": "S"}, content_type="application/json")
    assert bad.status_code == 400 and "officer" in bad.json()["errors"]
    missing = caseworker.post(url, {"officer": "david.jones"}, content_type="application/json")
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"where_to", "summary"}
    assert (
        client_for(Role.PRISON_OFFICER)
        .post(url, {"officer": "david.jones", "where_to": "AP", "summary": "S"}, content_type="application/json")
        .status_code
        == 403
    )

    made = caseworker.post(url, {"officer": "david.jones", "where_to": "AP", "summary": "S"}, content_type="application/json")
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["state"] == "handed_over" and data["officer"] == "david.jones" and data["activities"] and data["needs"]
    again = caseworker.post(url, {"officer": "david.jones", "where_to": "AP", "summary": "S"}, content_type="application/json")
    assert again.status_code == 409 and Handover.objects.count() == 1

    listed = ro.get(reverse("api_handovers")).json()
    assert [h["id"] for h in listed] == [data["id"]]
    assert ro.get(url).json()["id"] == data["id"]  # the officer may read it by prison number too
    received = ro.post(reverse("api_handover_receive", args=[data["id"]]))
    assert received.status_code == 200 and received.json()["state"] == "received"
    assert client_for(Role.TTG_CASEWORKER).post(reverse("api_handover_receive", args=[data["id"]])).status_code == 403


def test_the_api_refuses_a_draft_plan(personas: dict[str, Any], screened: CustodyPeriod, client_for: Any) -> None:  # noqa: F811
    services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])
    response = client_for(Role.TTG_CASEWORKER).post(
        reverse("api_plan_handover", args=[NUMBER]),
        {"officer": "david.jones", "where_to": "AP", "summary": "S"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "Agree the plan" in response.json()["detail"]
    assert not Handover.objects.exists()


# --- the demo ----------------------------------------------------------------------------------------


def test_the_demo_hands_one_plan_over_and_leaves_one_due_and_is_idempotent(
    personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]
) -> None:
    from conftest import PASSWORD
    from ttg.demo.loader import load_demo

    feed(
        reception("d1", "D1111DD", at="2019-08-01T09:30:00+01:00", release="2019-09-20"),
        reception("d2", "D2222DD", at="2019-08-01T09:30:00+01:00", release="2019-10-04"),
    )
    assert load_demo(password=PASSWORD)["handovers"] == 1
    handover = Handover.objects.select_related("plan__custody_period__person", "officer").get()
    assert handover.officer.username == "david.jones" and handover.plan.custody_period.person.prison_number == "D1111DD"
    due_soon = Plan.objects.get(custody_period__person__prison_number="D2222DD")
    assert due_soon.is_agreed and not Handover.objects.filter(plan=due_soon).exists()
    assert selectors.for_plan(personas[Role.TTG_CASEWORKER], due_soon).due.value == date(2019, 9, 20)
    plans = Plan.objects.count()  # the handover demo's two, and the through-the-gate demo's own
    assert load_demo(password=PASSWORD)["handovers"] == 0
    assert Handover.objects.count() == 1 and Plan.objects.count() == plans


def test_the_handover_gives_the_officer_the_persons_case(personas: dict[str, Any], agreed: Plan) -> None:
    """Issue 17: the handover is what makes the case the officer's (buying for the person needs it, R-F2a)."""
    officer, other = personas[Role.RESPONSIBLE_OFFICER], _other_officer()
    _hand_over(personas, agreed)
    case = ProbationCase.objects.get(custody_period=agreed.custody_period)
    assert (case.officer, case.source, case.recorded_by) == (officer, "handover", personas[Role.TTG_CASEWORKER])
    assert AuditEvent.objects.filter(action="people.probationcase.add", object_id=str(case.pk)).exists()
    words = case_held(by=officer, purchaser_kind="individual", custody_period=agreed.custody_period)
    assert words == "For the case held by David Jones, from the handover of the plan"
    assert case_held(by=other, purchaser_kind="individual", custody_period=agreed.custody_period) is None
