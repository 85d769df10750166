"""The catalogue's activity titles in the reader's language on the plan pages (issue 22): a catalogue
activity's title is its catalogue row's, in Welsh for a Welsh reader; a custom activity's as it was typed.
The plan for the person says each activity in its sentence for the person, never its title."""

from __future__ import annotations

import html
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.plans.plan.models import Plan, PlanActivity
from ttg.plans.plan.tests.test_plan_pages import _custom, plan  # noqa: F401  (plan: a fixture)
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401  (screened: a fixture)
from ttg.plans.plan.tests.test_welsh_plan import welsh_plan  # noqa: F401  (welsh_plan: a fixture)
from ttg.screening.tests.test_journeys import NUMBER


def _from_catalogue(plan: Plan) -> list[PlanActivity]:  # noqa: F811
    return list(plan.activities.select_related("activity").filter(activity__isnull=False))


def test_a_welsh_reader_sees_the_catalogue_titles_in_welsh_and_an_english_reader_in_english(
    client_for: Any,
    personas: dict[str, Any],
    plan: Plan,  # noqa: F811
) -> None:
    custom = _custom(plan, personas[Role.TTG_CASEWORKER])
    activities = _from_catalogue(plan)
    assert activities
    english, welsh = client_for(Role.TTG_CASEWORKER), client_for(Role.TTG_CASEWORKER)
    welsh.cookies["django_language"] = "cy"

    page = html.unescape(welsh.get(reverse("plan", args=[NUMBER])).content.decode())
    for a in activities:
        assert a.activity is not None and a.activity.title_cy
        assert f">{a.activity.title_cy}</a>" in page and f">{a.title}</a>" not in page, a.title
    assert f">{custom.title}</a>" in page  # typed by the caseworker: as it was typed
    one = activities[0]
    activity_page = html.unescape(welsh.get(reverse("plan_activity", args=[NUMBER, one.pk])).content.decode())
    assert one.activity is not None and f"<title>{one.activity.title_cy}" in activity_page

    page = html.unescape(english.get(reverse("plan", args=[NUMBER])).content.decode())
    for a in activities:
        assert f">{a.title}</a>" in page and a.activity is not None and a.activity.title_cy not in page


def test_the_welsh_plan_page_reads_no_more_than_the_english(client_for: Any, plan: Plan) -> None:  # noqa: F811
    english, welsh = client_for(Role.TTG_CASEWORKER), client_for(Role.TTG_CASEWORKER)
    welsh.cookies["django_language"] = "cy"
    url = reverse("plan", args=[NUMBER])
    for client in (english, welsh):
        client.get(url)

    def count(client: Any) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        # One user reading in both languages at once: each request records the language it was read in
        # (User.language, ttg/accounts/language.py); that write is not the page's reading.
        return len([q for q in queries if not q["sql"].startswith('UPDATE "accounts_user" SET "language"')])

    assert count(welsh) == count(english)


def test_the_plan_for_a_welsh_speaker_says_each_activity_in_welsh_with_no_title_in_english(client_for: Any, welsh_plan: Plan) -> None:  # noqa: F811
    """Titles are for staff: the person reads each activity's sentence for them, in their language."""
    page = html.unescape(client_for(Role.TTG_CASEWORKER).get(reverse("plan_print", args=[NUMBER])).content.decode())
    main = page[page.index('id="main-content"') :]
    for a in _from_catalogue(welsh_plan):
        assert a.activity is not None
        assert a.activity.title not in main and a.activity.for_person["cy"] in main, a.activity.code
