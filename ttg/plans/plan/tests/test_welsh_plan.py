"""The person's language (issue 22): recorded and audited; their plan, on the page and as a PDF, in Welsh
with no English left, whatever language the caseworker reads the service in."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from ttg.accounts.constants import Role
from ttg.core.languages import Language
from ttg.core.models import AuditEvent
from ttg.core.tests.test_welsh import MESSAGES
from ttg.people import services as people_services
from ttg.plans.plan import services
from ttg.plans.plan.models import Plan
from ttg.plans.plan.tests.test_plan_pages import _texts, plan  # noqa: F401  (plan: a fixture)
from ttg.plans.plan.tests.test_plans import screened  # noqa: F401  (screened: a fixture)
from ttg.screening.tests.test_journeys import NUMBER

# What the person is given: every string of these must have Welsh.
PERSON_FACING = (
    "ttg/plans/jinja2/plans/plan_print.html",
    "ttg/plans/jinja2/plans/_pdf_page.html",
    "ttg/plans/jinja2/plans/handover_for_person.html",
    "ttg/plans/plan/plain.py",
    "ttg/plans/plan/views_print.py",
    "ttg/core/formatting.py",
)
# Goals in the person's own words, as a Welsh speaker writes them (ŷ and ŵ must survive into the PDF).
GOAL = "Cael tŷ a gweld fy ŵyr bob wythnos"


def _person_facing() -> dict[str, str]:
    """English -> Welsh for every string in what the person is given."""
    return {
        str(m.id): str(m.string or "")
        for m in MESSAGES.read("cy")
        if isinstance(m.id, str) and m.id and any(loc[0] in PERSON_FACING for loc in m.locations)
    }


def test_every_string_the_person_is_given_has_welsh() -> None:
    missing = [english for english, welsh in _person_facing().items() if not welsh]
    assert missing == []


@pytest.fixture
def welsh_plan(personas: dict[str, Any], plan: Plan) -> Plan:  # noqa: F811
    caseworker = personas[Role.TTG_CASEWORKER]
    person = plan.custody_period.person
    people_services.set_language(person=person, language=Language.WELSH, by=caseworker)
    services.add_goal(plan=plan, words=GOAL, activities=list(plan.activities.all()[:1]), agreed=True, by=caseworker)
    return plan


def test_the_language_is_recorded_audited_and_shown(client_for: Any, plan: Plan) -> None:  # noqa: F811
    client = client_for(Role.TTG_CASEWORKER)
    url = reverse("person_language", args=[NUMBER])
    refused = client.post(url, {"language": "fr"})
    assert refused.status_code == 200 and "Select the language the person wants to read their plan in" in refused.content.decode()
    assert client.post(url, {"language": "cy"})["Location"] == reverse("person_detail", args=[NUMBER])
    plan.custody_period.person.refresh_from_db()
    assert plan.custody_period.person.language == "cy"
    events = AuditEvent.objects.filter(action="people.person.language", object_id=str(plan.custody_period.person.pk))
    event = events.get()
    assert (event.before, event.after) == ({"language": ""}, {"language": "cy"})  # not recorded before
    client.post(url, {"language": "cy"})  # the same again changes nothing
    assert events.count() == 1
    page = html.unescape(client.get(reverse("person_detail", args=[NUMBER])).content.decode())
    assert "Language for their plan" in page and "Cymraeg (Welsh)" in page and url in page
    # A prison officer sees the language, and may not change it.
    officer = client_for(Role.PRISON_OFFICER)
    assert url not in officer.get(reverse("person_detail", args=[NUMBER])).content.decode()
    assert officer.post(url, {"language": "en-gb"}).status_code == 403


def test_the_plan_for_a_welsh_speaker_is_welsh_with_no_english_left(client_for: Any, welsh_plan: Plan) -> None:
    page = html.unescape(client_for(Role.TTG_CASEWORKER).get(reverse("plan_print", args=[NUMBER])).content.decode())
    assert '<html lang="cy"' in page
    assert "Eich cynllun adsefydlu" in page and "Beth rydych chi ei eisiau" in page and GOAL in page
    assert "Byddwn ni’n siarad â chi am yr hyn sydd ei angen arnoch chi ar gyfer eich rhyddhau." in page
    main = page[page.index('id="main-content"') :]
    strings = _person_facing()
    # Every English string that has Welsh, and is long enough not to be part of a Welsh word, is gone.
    words = [w for w in (re.sub(r"%\(\w+\)s", "", english).strip(" .,:") for english in strings) if len(w) > 4]
    left = [w for w in words if w in main]
    assert left == []
    assert re.search(r"\d{1,2} (Medi|Hydref|Tachwedd|Rhagfyr|Ionawr) 20\d\d", main)  # dates in Welsh


def test_the_same_plan_for_an_english_speaker_stays_english(client_for: Any, plan: Plan) -> None:  # noqa: F811
    client = client_for(Role.TTG_CASEWORKER)
    client.cookies["django_language"] = "cy"  # the caseworker reads the service in Welsh
    page = html.unescape(client.get(reverse("plan_print", args=[NUMBER])).content.decode())
    assert '<html lang="en"' in page and "Your resettlement plan" in page and "Eich cynllun adsefydlu" not in page


def test_the_pdf_is_welsh_with_its_letters(client_for: Any, personas: dict[str, Any], welsh_plan: Plan) -> None:
    from weasyprint import HTML

    response = client_for(Role.TTG_CASEWORKER).get(reverse("plan_pdf", args=[NUMBER]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    # The text laid out in the PDF (WeasyPrint's boxes), rendered as the view renders it.
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from ttg.plans.plan.views_print import _context

    request = RequestFactory().get("/")
    request.user = personas[Role.TTG_CASEWORKER]
    with translation.override("cy"):
        document = HTML(string=render_to_string("plans/plan_print.html", _context(request, NUMBER, pdf=True), request=request)).render()
    text = " ".join(_texts(page._page_box) for page in document.pages)
    assert document.metadata.lang == "cy" and document.metadata.title.startswith("Eich cynllun adsefydlu")
    assert "tŷ" in text and "ŵyr" in text and "Beth rydych chi ei eisiau" in text and "Byddwn ni’n" in text
    assert "Your resettlement plan" not in text and "What you want" not in text


def test_the_sentence_for_the_person_comes_from_the_catalogue_in_their_language(client_for: Any, welsh_plan: Plan) -> None:
    activity = welsh_plan.activities.select_related("activity").filter(activity__isnull=False).first()
    assert activity is not None and activity.activity is not None
    activity.activity.for_person = {"en-gb": "We will do this with you.", "cy": "Byddwn ni’n gwneud hyn gyda chi, ŵ ŷ."}
    activity.activity.save(update_fields=["for_person"])
    page = html.unescape(client_for(Role.TTG_CASEWORKER).get(reverse("plan_print", args=[NUMBER])).content.decode())
    assert "Byddwn ni’n gwneud hyn gyda chi, ŵ ŷ." in page


def test_the_prisons_language_applies_until_the_person_chooses(client_for: Any, plan: Plan) -> None:  # noqa: F811
    """Rule L1: the governor chooses Welsh for HMP Altcourse; the person who has chosen nothing is given a Welsh
    plan; once they choose English, English; "not recorded" again, Welsh again."""
    person = plan.custody_period.person
    prison = plan.custody_period.current_prison
    governor = client_for(Role.GOVERNOR)
    url = reverse("prison_language", args=[prison.code])
    refused = html.unescape(governor.post(url, {"language": "fr"}).content.decode())
    assert "Select the language people at the prison are given their plan in" in refused
    assert governor.post(url, {"language": "cy"})["Location"] == reverse("prison_detail", args=[prison.code])
    prison.refresh_from_db()
    assert prison.language == "cy"
    event = AuditEvent.objects.get(action="estate.prison.language", object_id=str(prison.pk))
    assert (event.before, event.after) == ({"language": "en-gb"}, {"language": "cy"})
    detail = html.unescape(governor.get(reverse("prison_detail", args=[prison.code])).content.decode())
    assert "Language for people’s plans" in detail and "Cymraeg (Welsh)" in detail and url in detail
    # Another role sees the prison's language and may not change it.
    officer = client_for(Role.PRISON_OFFICER)
    assert url not in officer.get(reverse("prison_detail", args=[prison.code])).content.decode()
    assert officer.post(url, {"language": "en-gb"}).status_code == 403

    caseworker = client_for(Role.TTG_CASEWORKER)
    printed = caseworker.get(reverse("plan_print", args=[NUMBER])).content.decode()
    assert '<html lang="cy"' in printed and "Eich cynllun adsefydlu" in printed
    record = html.unescape(caseworker.get(reverse("person_detail", args=[NUMBER])).content.decode())
    assert "Not chosen by them yet: their prison’s language" in record and "Cymraeg (Welsh)" in record

    language = reverse("person_language", args=[NUMBER])
    form = html.unescape(caseworker.get(language).content.decode())
    assert "HMP Altcourse’s language applies: Cymraeg (Welsh)" in form
    caseworker.post(language, {"language": "en-gb"})
    person.refresh_from_db()
    assert person.language == "en-gb"
    assert '<html lang="en"' in caseworker.get(reverse("plan_print", args=[NUMBER])).content.decode()
    caseworker.post(language, {"language": "not_recorded"})
    person.refresh_from_db()
    assert person.language == ""
    assert '<html lang="cy"' in caseworker.get(reverse("plan_print", args=[NUMBER])).content.decode()
