"""The person's own goals (issue 23, U7): recorded in their words, agreed with them, linked to the
plan's activities, audited without the words; the pages (add, change, remove, errors named); the plan
for the person and its PDF lead with them; the API shows them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.plans.plan import services
from ttg.plans.plan.models import Plan, PlanGoal
from ttg.plans.plan.tests.test_plan_pages import _texts
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401  (screened: a fixture)
from ttg.screening.tests.test_journeys import NUMBER

pytestmark = [pytest.mark.django_db, pytest.mark.once]
WORDS = "I want a job so I can look after my kids."


@pytest.fixture
def plan(personas: dict[str, Any], screened: Any) -> Plan:  # noqa: F811
    return services.propose(period=screened, by=personas[Role.TTG_CASEWORKER])


def test_a_goal_is_recorded_in_their_words_agreed_linked_and_audited(personas: dict[str, Any], plan: Plan) -> None:
    by = personas[Role.TTG_CASEWORKER]
    ete = list(plan.activities.filter(pathway="ete"))
    assert ete
    with pytest.raises(services.PlanError) as refused:
        services.add_goal(plan=plan, words="  ", activities=ete, agreed=False, by=by)
    assert refused.value.errors == {
        "words": "Write what the person wants, in their own words",
        "agreed": "Read the goal back to the person: record it only when they agree it is what they want",
    }
    goal = services.add_goal(plan=plan, words=f"  {WORDS} ", activities=ete, agreed=True, by=by)
    assert goal.words == WORDS and set(goal.activities.all()) == set(ete) and str(goal.agreed_on) == "2019-09-02"
    event = AuditEvent.objects.get(action="plans.plangoal.add")
    assert event.object_id == str(goal.pk) and WORDS not in str(event.after)  # the words are the person's: redacted
    second = services.add_goal(plan=plan, words="Stay off drink", activities=[], agreed=True, by=by)
    assert list(plan.goals.all()) == [goal, second]
    services.change_goal(goal=second, words="Stay off the drink", activities=ete[:1], agreed=True, by=by)
    second.refresh_from_db()
    assert second.words == "Stay off the drink" and list(second.activities.all()) == ete[:1]
    services.remove_goal(goal=second, by=by)
    assert list(PlanGoal.objects.all()) == [goal] and ete[0].pk in [a.pk for a in plan.activities.all()]
    assert AuditEvent.objects.filter(action__startswith="plans.plangoal.").count() == 4


def test_the_goal_pages(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    add = reverse("plan_goal_add", args=[NUMBER])
    page = client.get(reverse("plan", args=[NUMBER])).content.decode()
    assert "What Dan wants" in page and "No goals recorded yet" in page and add in page
    bad = client.post(add, {"words": "", "activities": ["999999"]}).content.decode()
    assert "There is a problem" in bad and "Write what the person wants, in their own words" in bad
    assert "Choose activities of this plan" in bad and 'href="#id_agreed"' in bad
    ete = plan.activities.filter(pathway="ete").first()
    assert ete is not None
    done = client.post(add, {"words": WORDS, "activities": [str(ete.pk)], "agreed": "yes"})
    assert done.status_code == 302 and done["Location"] == reverse("plan", args=[NUMBER])
    goal = PlanGoal.objects.get()
    page = client.get(reverse("plan", args=[NUMBER])).content.decode()
    assert "“I want a job so I can look after my kids.”" in page and "Agreed with them on 2 September 2019" in page
    change = reverse("plan_goal", args=[NUMBER, goal.pk])
    form = client.get(change).content.decode()
    assert WORDS in form and f'value="{ete.pk}" checked' in form and "Remove this goal" in form
    client.post(change, {"words": "A job near home", "activities": [], "agreed": "yes"})
    goal.refresh_from_db()
    assert goal.words == "A job near home" and not goal.activities.exists()
    client.post(reverse("plan_goal_remove", args=[NUMBER, goal.pk]))
    assert not PlanGoal.objects.exists()
    # The API shows the goals with the plan.
    services.add_goal(plan=plan, words=WORDS, activities=[ete], agreed=True, by=personas[Role.TTG_CASEWORKER])
    api = client.get(reverse("api_plan", args=[NUMBER])).json()
    assert [(g["words"], g["activities"]) for g in api["goals"]] == [(WORDS, [ete.pk])]


def test_the_plan_for_the_person_and_its_pdf_lead_with_their_goals(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from weasyprint import HTML

    from ttg.plans.plan.views_print import _context

    ete = list(plan.activities.filter(pathway="ete"))
    services.add_goal(plan=plan, words=WORDS, activities=ete, agreed=True, by=personas[Role.TTG_CASEWORKER])
    main = client_for(Role.TTG_CASEWORKER).get(reverse("plan_print", args=[NUMBER])).content.decode()
    first_heading = main.index('<h2 class="govuk-heading-m govuk-!-margin-top-6">')
    assert main[first_heading:].startswith('<h2 class="govuk-heading-m govuk-!-margin-top-6">What you want</h2>')
    assert main.index("I want a job so I can look after my kids.") < main.index("Getting ready for release")
    assert "How the plan helps:" in main
    request = RequestFactory().get("/")
    request.user = personas[Role.TTG_CASEWORKER]
    request.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]
    document = HTML(string=render_to_string("plans/plan_print.html", _context(request, NUMBER, pdf=True), request=request)).render()
    text = _texts(document.pages[0]._page_box)
    assert "What you want" in text and WORDS in text
    assert text.index(WORDS) < text.index("Getting ready for release")


def test_the_demo_gives_a_plan_two_goals_linked_to_activities(personas: dict[str, Any], plan: Plan) -> None:
    from ttg.plans.plan.demo import with_goals

    with_goals(plan, personas[Role.TTG_CASEWORKER])
    with_goals(plan, personas[Role.TTG_CASEWORKER])  # once
    goals = list(plan.goals.prefetch_related("activities"))
    assert len(goals) == 2 and all(g.activities.all() for g in goals)
    assert {a.pathway for a in goals[1].activities.all()} == {"ete"}  # the need this person has


def test_the_goals_api(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    client = client_for(Role.TTG_CASEWORKER)
    ete = plan.activities.filter(pathway="ete").first()
    assert ete is not None
    goals = reverse("api_plan_goals", args=[NUMBER])
    refused = client.post(goals, {"words": "A job", "activities": [ete.pk], "agreed": False}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"] == {
        "agreed": "Read the goal back to the person: record it only when they agree it is what they want"
    }
    other = client.post(goals, {"words": "A job", "activities": [999999], "agreed": True}, content_type="application/json")
    assert other.status_code == 400 and other.json()["errors"] == {"activities": "Choose activities of this plan"}
    made = client.post(goals, {"words": WORDS, "activities": [ete.pk], "agreed": True}, content_type="application/json")
    assert made.status_code == 201 and made.json()["words"] == WORDS and made.json()["activities"] == [ete.pk]
    one = reverse("api_plan_goal", args=[NUMBER, made.json()["id"]])
    changed = client.put(one, {"words": "A job near home", "agreed": True}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["activities"] == []
    assert client.delete(one).status_code == 204 and not PlanGoal.objects.exists()
    assert client_for(Role.PRISON_OFFICER).post(goals, {}, content_type="application/json").status_code == 403


def test_the_plan_pages_queries_do_not_grow_with_goals(personas: dict[str, Any], client_for: Any, plan: Plan) -> None:
    by, client = personas[Role.TTG_CASEWORKER], client_for(Role.TTG_CASEWORKER)
    activities = list(plan.activities.all())
    services.add_goal(plan=plan, words="One", activities=activities[:2], agreed=True, by=by)
    counts = []
    for _round in range(2):
        for name in ("plan", "plan_print"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name, args=[NUMBER])).status_code == 200
            counts.append(len(queries))
        for words in ("Two", "Three", "Four"):
            services.add_goal(plan=plan, words=words, activities=activities, agreed=True, by=by)
    assert counts[:2] == counts[2:]
