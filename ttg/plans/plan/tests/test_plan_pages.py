"""Working a plan: custom activities, due dates, owners, agreeing with or without the person, status
changes through the service, the page and the API (every pair of statuses), the plan for the person
(printable page and PDF) and the plans API. The clock says Monday 2 September 2019."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import persona_users
from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.people.models import CustodyPeriod
from ttg.people.tests.test_pages import _normalised
from ttg.plans.catalogue.loader import load_initial_catalogue
from ttg.plans.plan import rules, services
from ttg.plans.plan.models import OwnerKind, Plan, PlanActivity
from ttg.plans.plan.tests.test_plans import screen, screened  # noqa: F401  (screened: a fixture)
from ttg.screening.tests.test_journeys import NUMBER, feed, reception

TODAY = date(2019, 9, 2)


@pytest.fixture
def plan(personas: dict[str, Any], screened: CustodyPeriod) -> Plan:  # noqa: F811
    return services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])


def _custom(plan: Plan, by: Any, **overrides: Any) -> PlanActivity:
    fields: dict[str, Any] = {
        "title": "Help to apply for a birth certificate",
        "pathway": "finance",
        "level": 2,
        "owner_kind": OwnerKind.CRC,
        "owner": "",
        "due_on": TODAY + timedelta(days=14),
        **overrides,
    }
    return services.add_activity(plan=plan, by=by, **fields)


# --- custom activities ------------------------------------------------------------------------------


def test_a_custom_activity_is_added_planned_and_audited(personas: dict[str, Any], plan: Plan) -> None:
    by = personas[Role.TTG_CASEWORKER]
    count = plan.activities.count()
    activity = _custom(plan, by, owner_kind=OwnerKind.PARTNER, owner="Mersey Women's Centre")
    assert activity.activity is None and activity.status == rules.PLANNED and activity.level == 2
    assert activity.owner == "Mersey Women's Centre" and activity.due_on == date(2019, 9, 16)
    assert plan.activities.count() == count + 1
    assert activity.order == max(a.order for a in plan.activities.all())
    event = AuditEvent.objects.get(action="plans.planactivity.add")
    assert event.object_id == str(activity.pk)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"title": "  "}, {"title": "Enter what will be done"}),
        ({"title": "x" * 201}, {"title": "200 characters or fewer"}),
        ({"level": None}, {"level": "Select the level of support"}),
        ({"level": "4"}, {"level": "Select the level of support"}),
        ({"level": "two"}, {"level": "Select the level of support"}),
        ({"pathway": "space"}, {"pathway": "Select a pathway from the list"}),
        ({"pathway": "", "level": 2}, {"pathway": "only a Level 1 activity can be across all pathways"}),
        ({"owner_kind": "friend"}, {"owner_kind": "Select who owns the activity"}),
        ({"owner_kind": OwnerKind.PARTNER, "owner": " "}, {"owner": "Enter the name of the partner organisation"}),
        ({"owner_kind": OwnerKind.SIGNPOSTED}, {"owner": "Enter the name of the agency"}),
        ({"due_on": TODAY - timedelta(days=1)}, {"due_on": "today or in the future"}),
        ({"due_on": TODAY + timedelta(days=services.DUE_WITHIN_DAYS + 1)}, {"due_on": "within 5 years"}),
        (
            {"title": "", "level": 9, "owner_kind": OwnerKind.PARTNER},
            {"title": "Enter what", "level": "Select the level", "owner": "partner organisation"},
        ),
    ],
)
def test_a_custom_activity_is_refused_naming_each_field(
    personas: dict[str, Any], plan: Plan, overrides: dict[str, Any], errors: dict[str, str]
) -> None:
    count = PlanActivity.objects.count()
    with pytest.raises(services.PlanError) as problem:
        _custom(plan, personas[Role.TTG_CASEWORKER], **overrides)
    assert set(problem.value.errors) == set(errors)
    for field, words in errors.items():
        assert words in problem.value.errors[field]
    assert PlanActivity.objects.count() == count and not AuditEvent.objects.filter(action="plans.planactivity.add").exists()


def test_boundaries_of_a_due_date(personas: dict[str, Any], plan: Plan) -> None:
    by = personas[Role.TTG_CASEWORKER]
    assert _custom(plan, by, due_on=TODAY).due_on == TODAY
    last = TODAY + timedelta(days=services.DUE_WITHIN_DAYS)
    assert _custom(plan, by, title="Later", due_on=last).due_on == last
    assert _custom(plan, by, title="Level 1 across all pathways", pathway="", level=1, due_on=None).pathway == ""


def test_a_custom_activity_through_the_page(client_for: Any, plan: Plan) -> None:
    caseworker = client_for(Role.TTG_CASEWORKER)
    url = reverse("plan_activity_add", args=[NUMBER])
    assert "Add an activity" in caseworker.get(url).content.decode()
    bad = {"title": "", "pathway": "", "level": "2", "owner_kind": "signposted", "owner": "", "due_on_0": "31", "due_on_1": "2"}
    page = caseworker.post(url, bad).content.decode()
    assert "<title>Error:" in page
    assert 'href="#id_title"' in page and "Enter what will be done" in page
    assert 'href="#id_due_on_0"' in page and "Due date must include a year" in page
    bad = {**bad, "title": "Budgeting course", "due_on_2": "2019"}
    page = caseworker.post(url, bad).content.decode()
    assert "Due date must be a real date" in page
    bad = {**bad, "due_on_0": "30", "due_on_1": "8"}
    page = caseworker.post(url, bad).content.decode()
    assert "today or in the future" in page and 'href="#id_pathway"' in page and 'href="#id_owner"' in page
    assert not PlanActivity.objects.filter(title="Budgeting course").exists()
    good = {**bad, "pathway": "finance", "owner": "Citizens Advice Liverpool", "due_on_0": "30", "due_on_1": "9"}
    response = caseworker.post(url, good)
    assert response.status_code == 302
    added = PlanActivity.objects.get(title="Budgeting course")
    assert added.owner_kind == "signposted" and added.due_on == date(2019, 9, 30) and added.activity is None
    assert "Budgeting course" in caseworker.get(reverse("plan", args=[NUMBER])).content.decode()


# --- owners and due dates on an activity ---------------------------------------------------------


def test_an_owner_is_needed_for_a_partner_or_a_signposted_agency(personas: dict[str, Any], plan: Plan) -> None:
    by = personas[Role.TTG_CASEWORKER]
    activity = plan.activities.first()
    assert activity is not None
    for kind in (OwnerKind.PARTNER, OwnerKind.SIGNPOSTED):
        with pytest.raises(services.PlanError) as problem:
            services.update_activity(activity=activity, status=activity.status, owner_kind=kind, owner="", by=by)
        assert problem.value.field == "owner"
    changed = services.update_activity(activity=activity, status=activity.status, owner_kind=OwnerKind.CRC, owner="", by=by)
    assert changed.owner_kind == OwnerKind.CRC and changed.owner == ""


def test_a_due_date_is_changed_on_the_page_and_refused_when_wrong(client_for: Any, plan: Plan) -> None:
    activity = PlanActivity.objects.filter(plan=plan, due_on__isnull=False).first()
    assert activity is not None
    url = reverse("plan_activity", args=[NUMBER, activity.pk])
    caseworker = client_for(Role.TTG_CASEWORKER)
    page = caseworker.get(url).content.decode()
    assert f'name="due_on_2" type="text" value="{activity.due_on.year}"' in page or f'value="{activity.due_on.year}"' in page  # type: ignore[union-attr]
    form = {"status": activity.status, "owner_kind": activity.owner_kind, "owner": activity.owner, "outcome": "", "reason": ""}
    cases = [
        ({"due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the due date"),
        ({"due_on_0": "1", "due_on_1": "", "due_on_2": "2019"}, "Due date must include a month"),
        ({"due_on_0": "30", "due_on_1": "2", "due_on_2": "2020"}, "Due date must be a real date"),
        ({"due_on_0": "1", "due_on_1": "9", "due_on_2": "2019"}, "The due date must be today or in the future"),
        ({"due_on_0": "1", "due_on_1": "9", "due_on_2": "2030"}, "The due date must be within 5 years"),
    ]
    before = activity.due_on
    for parts, message in cases:
        page = caseworker.post(url, {**form, **parts}).content.decode()
        assert message in page and 'href="#id_due_on_0"' in page, message
    activity.refresh_from_db()
    assert activity.due_on == before
    assert caseworker.post(url, {**form, "due_on_0": "15", "due_on_1": "10", "due_on_2": "2019"}).status_code == 302
    activity.refresh_from_db()
    assert activity.due_on == date(2019, 10, 15)
    event = AuditEvent.objects.filter(action="plans.planactivity.update").latest("pk")
    assert event.object_id == str(activity.pk)


# --- agreeing -------------------------------------------------------------------------------------


def test_agreeing_without_the_person_needs_a_reason_and_shows_it(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    caseworker = client_for(Role.TTG_CASEWORKER)
    url = reverse("plan_agree", args=[NUMBER])
    assert "Was the plan agreed with the person?" in caseworker.get(url).content.decode()
    page = caseworker.post(url, {}).content.decode()
    assert "Select yes if the plan was agreed with the person" in page and 'href="#id_with_person"' in page
    page = caseworker.post(url, {"with_person": "no", "not_agreed_reason": "  "}).content.decode()
    assert "Give the reason the plan was not agreed with the person" in page and 'href="#id_not_agreed_reason"' in page
    plan.refresh_from_db()
    assert not plan.is_agreed
    response = caseworker.post(url, {"with_person": "no", "not_agreed_reason": "Declined to take part"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_agreed and not plan.agreed_with_person and plan.not_agreed_reason == "Declined to take part"
    page = caseworker.get(reverse("plan", args=[NUMBER])).content.decode()
    assert "Agreed with the person" in page and "No: Declined to take part" in page
    event = AuditEvent.objects.get(action="plans.plan.agree")
    assert "Declined to take part" not in str(event.after)  # what the person said is redacted
    assert caseworker.get(url).status_code == 302  # already agreed: back to the plan


def test_an_agreed_plan_is_still_worked_and_each_change_audited(personas: dict[str, Any], plan: Plan) -> None:
    by = personas[Role.TTG_CASEWORKER]
    services.agree(plan=plan, by=by, with_person=True)
    again = services.agree(plan=plan, by=by, with_person=False, not_agreed_reason="Ignored")
    assert again.agreed_with_person and again.not_agreed_reason == ""
    added = _custom(plan, by)
    services.update_activity(activity=added, status=rules.IN_PROGRESS, by=by)
    actions = list(AuditEvent.objects.filter(action__startswith="plans.").values_list("action", flat=True).order_by("pk"))
    # Proposing completes "Complete BCST2" (submitted already) and agreeing "Agree the plan" (rule P13).
    assert actions == [
        "plans.planactivity.complete",
        "plans.plan.propose",
        "plans.plan.agree",
        "plans.planactivity.complete",
        "plans.planactivity.add",
        "plans.planactivity.update",
    ]
    event = AuditEvent.objects.get(action="plans.planactivity.add")
    assert "after it was agreed" in event.reason


# --- status changes: every pair, through the service, the page and the API ------------------------

PAIRS = list(itertools.product(rules.STATUSES, rules.STATUSES))


def _put_in(activity: PlanActivity, status: str) -> None:
    PlanActivity.objects.filter(pk=activity.pk).update(status=status, outcome="", reason="")


class SharedActivity:
    """The status-change tests below (every pair of statuses, three ways: 133 tests) all start from the
    same plan with one custom activity, each test putting it in its first status. Made in every test, the
    person's feed, screenings and plan were most of the module's time; so they are made once, in a
    transaction held open while those tests run and rolled back after the last of them (as
    tests/test_access_matrix.py's RouteWorlds). Each test's own transaction nests inside and is rolled
    back as before, so every test still starts from the demo base plus exactly this plan and activity."""

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        self.atomic: Any = None
        self.pk = 0

    def open(self) -> int:
        if self.atomic is None:
            with self.blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic._from_testcase = True  # as Django's TestCase marks its own (durable blocks nest in it)
                self.atomic.__enter__()
                try:
                    personas = persona_users()
                    load_initial_catalogue()
                    plan = services.propose(period=screen(personas), by=personas[Role.TTG_CASEWORKER])
                    self.pk = _custom(plan, personas[Role.TTG_CASEWORKER]).pk
                except BaseException:
                    self.close()
                    raise
        return self.pk

    def close(self) -> None:
        if self.atomic is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
            self.atomic = None


_SHARED: list[SharedActivity] = []  # the module's, once made


@pytest.fixture(scope="module")
def shared_activity(django_db_setup: Any, django_db_blocker: Any) -> Iterator[SharedActivity]:
    shared = SharedActivity(django_db_blocker)
    _SHARED.append(shared)
    yield shared
    shared.close()
    _SHARED.remove(shared)


@pytest.fixture(autouse=True)
def _shared_activity_only_for_its_tests(request: pytest.FixtureRequest) -> None:
    """Autouse, so it runs before the test's own transaction (the db fixture) opens: the shared plan is
    made for the tests that use `activity`, and rolled back before any other test of the module runs."""
    if "activity" in request.fixturenames:
        request.getfixturevalue("shared_activity").open()
    else:
        for shared in _SHARED:
            shared.close()


@pytest.fixture
def activity(personas: dict[str, Any], shared_activity: SharedActivity) -> PlanActivity:
    """The shared plan's custom activity (Help to apply for a birth certificate, finance, level 2, owned
    by the CRC, due in 14 days), as a test's own `_custom(plan, caseworker)` made it."""
    return PlanActivity.objects.get(pk=shared_activity.open())


@pytest.mark.parametrize(("current", "new"), PAIRS)
def test_every_status_change_through_the_service(personas: dict[str, Any], activity: PlanActivity, current: str, new: str) -> None:
    by = personas[Role.TTG_CASEWORKER]
    _put_in(activity, current)
    words: dict[str, Any] = {"reason": "The person's circumstances changed", "outcome": "Appointment made for 3 October"}
    if current == new:
        unchanged = services.update_activity(activity=activity, status=new, by=by)
        assert unchanged.status == current
        return
    if new not in rules.ALLOWED[current]:
        with pytest.raises(services.PlanError, match="Cannot change") as problem:
            services.update_activity(activity=activity, status=new, by=by, **words)
        assert problem.value.field == "status"
        activity.refresh_from_db()
        assert activity.status == current
        return
    if rules.needs_reason(current, new):
        with pytest.raises(services.PlanError, match="Give a reason") as problem:
            services.update_activity(activity=activity, status=new, by=by, outcome=words["outcome"])
        assert problem.value.field == "reason"
    if rules.needs_outcome(new):
        with pytest.raises(services.PlanError, match="Record the outcome") as problem:
            services.update_activity(activity=activity, status=new, by=by, reason=words["reason"])
        assert problem.value.field == "outcome"
    changed = services.update_activity(activity=activity, status=new, by=by, **words)
    assert changed.status == new


@pytest.mark.parametrize(("current", "new"), [p for p in PAIRS if p[0] != p[1]])
def test_every_status_change_through_the_page(client_for: Any, activity: PlanActivity, current: str, new: str) -> None:
    _put_in(activity, current)
    url = reverse("plan_activity", args=[NUMBER, activity.pk])
    due = activity.due_on
    assert due is not None
    form = {"status": new, "owner_kind": "crc", "owner": "", "due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year}
    response = client_for(Role.TTG_CASEWORKER).post(url, {**form, "reason": "Circumstances changed", "outcome": "Done well"})
    activity.refresh_from_db()
    if new in rules.ALLOWED[current]:
        assert response.status_code == 302 and activity.status == new
    else:
        page = response.content.decode()
        assert response.status_code == 200 and "Cannot change" in page and 'href="#id_status"' in page
        assert activity.status == current


@pytest.mark.parametrize(("current", "new"), [p for p in PAIRS if p[0] != p[1]])
def test_every_status_change_through_the_api(client_for: Any, activity: PlanActivity, current: str, new: str) -> None:
    _put_in(activity, current)
    url = reverse("api_plan_activity", args=[NUMBER, activity.pk])
    client = client_for(Role.TTG_CASEWORKER)
    body = {"status": new, "reason": "Circumstances changed", "outcome": "Done well"}
    response = client.patch(url, body, content_type="application/json")
    activity.refresh_from_db()
    if new in rules.ALLOWED[current]:
        assert response.status_code == 200 and response.json()["status"] == new and activity.status == new
    else:
        assert response.status_code == 400 and activity.status == current
        assert "Cannot change" in response.json()["detail"] and "P11" in response.json()["errors"]["status"]


# --- two people editing one activity: a clear conflict, not a lost update (issue 17) ------------------


def test_two_people_editing_one_activity_get_a_conflict_not_a_lost_update(
    client_for: Any, personas: dict[str, Any], activity: PlanActivity
) -> None:
    url = reverse("plan_activity", args=[NUMBER, activity.pk])
    caseworker = personas[Role.TTG_CASEWORKER]
    colleague = type(caseworker).objects.create(
        username="second.caseworker",
        first_name="Sam",
        last_name="Okafor",
        role=Role.TTG_CASEWORKER,
        crc=caseworker.crc,
        date_joined=caseworker.date_joined,
    )
    first, second = client_for(Role.TTG_CASEWORKER), Client()
    second.force_login(colleague)
    assert f'name="version" value="{activity.version}"' in first.get(url).content.decode()
    assert second.get(url).status_code == 200  # both have the page open, at the same version
    due = activity.due_on
    assert due is not None
    form = {
        "owner_kind": "crc",
        "due_on_0": due.day,
        "due_on_1": due.month,
        "due_on_2": due.year,
        "reason": "",
        "version": activity.version,
    }
    saved = first.post(url, {**form, "status": "in_progress", "owner": "Jo at the CRC", "outcome": ""})
    assert saved.status_code == 302
    refused = second.post(url, {**form, "status": "planned", "owner": "Sam", "outcome": ""})
    page = " ".join(refused.content.decode().split())
    activity.refresh_from_db()
    assert refused.status_code == 200 and activity.status == "in_progress" and activity.owner == "Jo at the CRC"  # nothing lost
    name = caseworker.get_full_name()
    assert f"This plan was changed by {name} at 2 September 2019 at 9:30am, after you opened it." in page
    assert 'class="govuk-error-summary"' in refused.content.decode() and 'href="#id_status"' in refused.content.decode()
    assert f'name="version" value="{activity.version}"' in refused.content.decode()  # the page now shows the activity as it is
    again = second.post(url, {**form, "status": "in_progress", "owner": "Sam", "outcome": "", "version": activity.version})
    activity.refresh_from_db()
    assert again.status_code == 302 and activity.owner == "Sam" and activity.version == 3

    api = reverse("api_plan_activity", args=[NUMBER, activity.pk])
    stale = client_for(Role.TTG_CASEWORKER).patch(api, {"owner": "Alex", "version": 2}, content_type="application/json")
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    assert stale.json()["detail"].startswith("This plan was changed by") and PlanActivity.objects.get(pk=activity.pk).owner == "Sam"
    fresh = client_for(Role.TTG_CASEWORKER).patch(api, {"owner": "Alex", "version": 3}, content_type="application/json")
    assert fresh.status_code == 200 and fresh.json()["owner"] == "Alex" and fresh.json()["version"] == 4


# --- the plan for the person: printable page and PDF --------------------------------------------

JARGON = ("Level 1", "Level 2", "Level 3", "BCST", "CRC", "P11", "signposted", "Signposted", "in_progress")


def test_the_plan_for_the_person_is_plain_english(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    by = personas[Role.TTG_CASEWORKER]
    custom = _custom(plan, by, title="Help to apply for a birth certificate", owner_kind=OwnerKind.PARTNER, owner="Citizens Advice")
    services.update_activity(activity=custom, status=rules.IN_PROGRESS, by=by)
    services.update_activity(activity=custom, status=rules.DELIVERED, outcome="Birth certificate ordered", by=by)
    page = client_for(Role.PRISON_OFFICER).get(reverse("plan_print", args=[NUMBER])).content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Your resettlement plan" in main and NUMBER in main
    assert "We will talk with you about what you need for your release." in main
    assert "Help to apply for a birth certificate" in main and "Citizens Advice" in main
    assert "Done. Birth certificate ordered" in main and "Not started yet." in main
    assert "Getting ready for release" in main and "Work, training and education" in main
    assert "16 September 2019" in main
    for word in JARGON:
        assert word not in main, word
    assert 'href="/people/' + NUMBER + '/plan.pdf"' in main and "Download as PDF" in main and "ttg-print-button" in main


def test_the_pdf_renders_the_plan(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    from weasyprint import HTML

    _custom(plan, personas[Role.TTG_CASEWORKER], title="Help to apply for a birth certificate")
    client = client_for(Role.TTG_CASEWORKER)
    before = AuditEvent.objects.filter(action="people.person.view").count()
    response = client.get(reverse("plan_pdf", args=[NUMBER]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="resettlement-plan-{NUMBER}.pdf"'
    assert response["Cache-Control"] == "no-store"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert AuditEvent.objects.filter(action="people.person.view").count() == before + 1  # logged like any view

    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from ttg.plans.plan.views_print import PDF_VARIANT, _context

    request = RequestFactory().get("/")
    request.user = personas[Role.TTG_CASEWORKER]
    request.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]
    html = render_to_string("plans/plan_print.html", _context(request, NUMBER, pdf=True), request=request)
    document = HTML(string=html).render()
    assert (
        document.metadata.title == f"Your resettlement plan: {plan.custody_period.person.first_name} {plan.custody_period.person.last_name}"
    )
    assert document.metadata.lang == "en"
    text = " ".join(_texts(page._page_box) for page in document.pages)
    assert "Help to apply for a birth certificate" in text and "Your resettlement plan" in text
    assert len(document.pages) > 1  # a page per pathway
    tagged = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=True)
    assert b"/StructTreeRoot" in tagged and b"/MarkInfo" in tagged and b"/Lang" in tagged  # tagged, with its language
    assert not any(word in text for word in ("Level 2", "BCST", "Sign out"))


def _texts(box: Any) -> str:
    text = getattr(box, "text", "") or ""
    return text + " " + " ".join(_texts(child) for child in getattr(box, "children", []))


def test_the_printable_plan_and_pdf_are_scoped_like_the_plan(client_for: Any, plan: Plan) -> None:
    feed(reception("r9", "B2222BB", at="2019-08-30T09:30:00+01:00", prison="STI"))
    caseworker = client_for(Role.TTG_CASEWORKER)
    for name in ("plan_print", "plan_pdf"):
        theirs = caseworker.get(reverse(name, args=["B2222BB"]))
        missing = caseworker.get(reverse(name, args=["Z9999ZZ"]))
        assert theirs.status_code == missing.status_code == 404
        assert _normalised(theirs.content) == _normalised(missing.content)


def test_the_printable_plan_takes_a_fixed_number_of_queries(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    client = client_for(Role.GOVERNOR)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("plan_print", args=[NUMBER])).status_code == 200
        return len(queries)

    before = count()
    for i in range(5):
        _custom(plan, personas[Role.TTG_CASEWORKER], title=f"Custom {i}", pathway="health")
    assert count() == before


# --- the API ------------------------------------------------------------------------------------


def test_the_api_proposes_agrees_adds_and_reads_a_plan(client_for: Any, screened: CustodyPeriod) -> None:  # noqa: F811
    client = client_for(Role.TTG_CASEWORKER)
    url = reverse("api_plan", args=[NUMBER])
    assert client.get(url).status_code == 404  # no plan yet
    first = client.post(url)
    assert first.status_code == 201
    again = client.post(url)
    assert again.status_code == 200 and again.json()["activities"] == first.json()["activities"]
    assert Plan.objects.count() == 1

    agree = reverse("api_plan_agree", args=[NUMBER])
    refused = client.post(agree, {"with_person": False}, content_type="application/json")
    assert refused.status_code == 400 and "not_agreed_reason" in refused.json()["errors"]
    assert client.post(agree, {}, content_type="application/json").json()["errors"]["with_person"]
    body = client.post(agree, {"with_person": False, "not_agreed_reason": "Declined to take part"}, content_type="application/json").json()
    assert body["status"] == "agreed" and body["agreed_with_person"] is False and body["not_agreed_reason"] == "Declined to take part"

    activities = reverse("api_plan_activities", args=[NUMBER])
    bad = client.post(activities, {"title": "", "level": 2, "owner_kind": "partner"}, content_type="application/json")
    assert bad.status_code == 400 and "title" in bad.json()["errors"]
    bad = client.post(activities, {"title": "Budgeting", "level": 2, "owner_kind": "partner"}, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"pathway", "owner"}
    new = {
        "title": "Budgeting",
        "pathway": "finance",
        "level": 2,
        "owner_kind": "partner",
        "owner": "Citizens Advice",
        "due_on": "2019-09-30",
    }
    created = client.post(activities, new, content_type="application/json")
    assert created.status_code == 201 and created.json()["catalogue_code"] is None and created.json()["status"] == "planned"

    patch = reverse("api_plan_activity", args=[NUMBER, created.json()["id"]])
    wrong_date = client.patch(patch, {"due_on": "2019-08-01"}, content_type="application/json")
    assert wrong_date.status_code == 400 and "due_on" in wrong_date.json()["errors"]
    moved = client.patch(patch, {"due_on": "2019-10-31", "status": "in_progress"}, content_type="application/json").json()
    assert moved["due_on"] == "2019-10-31" and moved["status"] == "in_progress"
    no_owner = client.patch(patch, {"owner": ""}, content_type="application/json")
    assert no_owner.status_code == 400 and "owner" in no_owner.json()["errors"]

    body = client.get(url).json()
    assert body["prison_number"] == NUMBER and any(a["title"] == "Budgeting" for a in body["activities"])
    assert any(a["catalogue_code"] == "screening-bcst2" for a in body["activities"])


def test_the_api_is_scoped_like_the_pages_and_logs_reads(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    feed(reception("r9", "B2222BB", at="2019-08-30T09:30:00+01:00", prison="STI"))
    caseworker = client_for(Role.TTG_CASEWORKER)
    theirs = caseworker.get(reverse("api_plan", args=["B2222BB"]))
    missing = caseworker.get(reverse("api_plan", args=["Z9999ZZ"]))
    assert theirs.status_code == missing.status_code == 404 and theirs.json() == missing.json()
    activity = plan.activities.first()
    assert activity is not None
    elsewhere = caseworker.patch(
        reverse("api_plan_activity", args=["B2222BB", activity.pk]), {"status": "in_progress"}, content_type="application/json"
    )
    assert elsewhere.status_code == 404
    # Reads are logged as views of the person's record; the officer reads but cannot propose or change.
    officer = client_for(Role.PRISON_OFFICER)
    before = AuditEvent.objects.filter(action="people.person.view").count()
    assert officer.get(reverse("api_plan", args=[NUMBER])).status_code == 200
    assert AuditEvent.objects.filter(action="people.person.view").count() == before + 1
    assert officer.post(reverse("api_plan", args=[NUMBER])).status_code == 403


def test_the_api_plan_takes_a_fixed_number_of_queries(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    client = client_for(Role.CRC_MANAGER)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api_plan", args=[NUMBER])).status_code == 200
        return len(queries)

    before = count()
    for i in range(5):
        _custom(plan, personas[Role.TTG_CASEWORKER], title=f"Custom {i}")
    assert count() == before
