"""The screening pages in Welsh (issue 22): a reader who chose Cymraeg reads the question sets' own
Welsh (questions, hints, answers, error messages, section titles, needs); an English reader reads
the English; what is stored is the same whoever was reading."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.people.models import CustodyPeriod
from ttg.screening import questions, services
from ttg.screening.models import DutyToRefer, Kind, NeedFlag, Screening
from ttg.screening.tests.test_journeys import NUMBER, complete, feed, period, post_sections, reception


@pytest.fixture
def received(personas: dict[str, Any]) -> CustodyPeriod:
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    return period()


def welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"  # chosen from the footer's language switch
    return client


def page_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def bcst1(on: CustodyPeriod) -> questions.QuestionSet:
    return questions.question_set("BCST1", on.reception_date)


def bcst2(on: CustodyPeriod) -> questions.QuestionSet:
    return questions.question_set("BCST2", on.reception_date)


# --- The question pages ----------------------------------------------------------------------------


def test_a_welsh_reader_gets_bcst1_questions_answers_and_errors_in_welsh(client_for: Any, received: CustodyPeriod) -> None:
    officer = welsh(client_for(Role.PRISON_OFFICER))
    url = reverse("screening_section", args=[NUMBER, "bcst1", "accommodation"])
    page = page_of(officer.get(url))
    assert '<html lang="cy"' in page
    assert "Ble roedd y person yn byw cyn mynd i’r ddalfa?" in page  # the question
    assert "Cysgu allan" in page and "Dim cyfeiriad sefydlog" in page  # a choice's options
    assert "Os ydy, gellir ei atgyfeirio at awdurdod tai lleol o’i ddewis, gyda’i gytundeb (y ddyletswydd i atgyfeirio)." in page  # a hint
    assert "Ddim yn gwybod" in page
    assert "Where was the person living before custody?" not in page and "Rough sleeping" not in page

    page = page_of(officer.post(url, {}))  # nothing answered
    for message in (
        "Dewiswch ble roedd y person yn byw cyn mynd i’r ddalfa",
        "Dewiswch a oes gan y person rywle i fyw ar ôl cael ei ryddhau",
    ):
        assert page.count(message) == 2, message  # in the error summary and at the question
    assert "Select where the person was living before custody" not in page
    assert not Screening.objects.filter(answers__has_key="accommodation_before_custody").exists()


def test_a_welsh_reader_gets_a_text_too_long_in_welsh(client_for: Any, received: CustodyPeriod) -> None:
    officer = welsh(client_for(Role.PRISON_OFFICER))
    data = {
        "accommodation_before_custody": "no_fixed_abode",
        "somewhere_to_live_on_release": "no",
        "homeless_within_56_days": "yes",
        "duty_to_refer_consent": "yes",
        "housing_authority": "x" * 101,
    }
    page = page_of(officer.post(reverse("screening_section", args=[NUMBER, "bcst1", "accommodation"]), data))
    assert "Rhowch yr awdurdod tai lleol mewn 100 nod neu lai" in page
    assert "in 100 characters or fewer" not in page


def test_an_english_reader_gets_bcst1_in_english(client_for: Any, received: CustodyPeriod) -> None:
    officer = client_for(Role.PRISON_OFFICER)
    url = reverse("screening_section", args=[NUMBER, "bcst1", "accommodation"])
    page = page_of(officer.get(url))
    assert "Where was the person living before custody?" in page and "Rough sleeping" in page and "Don’t know" in page
    assert "Ble roedd y person" not in page and "Cysgu allan" not in page
    page = page_of(officer.post(url, {}))
    assert page.count("Select where the person was living before custody") == 2
    assert "Dewiswch" not in page


def test_the_task_list_names_the_set_and_sections_in_the_readers_language(client_for: Any, received: CustodyPeriod) -> None:
    page = page_of(welsh(client_for(Role.PRISON_OFFICER)).get(reverse("screening_tasks", args=[NUMBER, "bcst1"])))
    assert "Offeryn Sgrinio Sylfaenol yn y Ddalfa rhan 1 (BCST1)" in page
    assert "Plant, dibynyddion a gofalu" in page and "Caniatâd i rannu gwybodaeth" in page
    assert "Children, dependants and caring" not in page
    page = page_of(client_for(Role.PRISON_OFFICER).get(reverse("screening_tasks", args=[NUMBER, "bcst1"])))
    assert "Basic Custody Screening Tool part 1 (BCST1)" in page and "Children, dependants and caring" in page


def test_a_welsh_reader_gets_bcst2_questions_and_errors_in_welsh(
    personas: dict[str, Any], client_for: Any, received: CustodyPeriod
) -> None:
    services.submit_answers(period=received, kind=Kind.BCST1, answers=complete(bcst1(received)), by=personas[Role.PRISON_OFFICER])
    caseworker = welsh(client_for(Role.TTG_CASEWORKER))
    url = reverse("screening_section", args=[NUMBER, "bcst2", "ete"])
    page = page_of(caseworker.get(url))
    assert "Faint o broblem yw addysg, hyfforddiant neu gyflogaeth i’r person?" in page
    assert "0 – dim problem" in page and "2 – problem sylweddol" in page  # the scale
    assert "Nodiadau am addysg, hyfforddiant a chyflogaeth (dewisol)" in page
    assert "How much of a problem" not in page
    page = page_of(caseworker.post(url, {"ete_notes": "n" * 501}))
    assert "Dewiswch faint o broblem yw addysg, hyfforddiant neu gyflogaeth" in page
    assert "Rhowch nodiadau am addysg, hyfforddiant a chyflogaeth mewn 500 nod neu lai" in page
    assert "Select how much" not in page and "Enter notes" not in page

    english = page_of(client_for(Role.TTG_CASEWORKER).post(url, {}))
    assert "Select how much of a problem education, training or employment are" in english and "Dewiswch" not in english


# --- Check your answers --------------------------------------------------------------------------------


def test_a_welsh_reader_checks_bcst1_answers_in_welsh_and_the_answers_stay_values(client_for: Any, received: CustodyPeriod) -> None:
    officer = welsh(client_for(Role.PRISON_OFFICER))
    qs = bcst1(received)
    answers = complete(qs, accommodation_before_custody="rough_sleeping", bank_account="no")
    post_sections(officer, "bcst1", answers, qs)
    assert Screening.objects.get().answers["accommodation_before_custody"] == "rough_sleeping"  # a value, not words

    page = page_of(officer.get(reverse("screening_check", args=[NUMBER, "bcst1"])))
    assert "Ble roedd y person yn byw cyn mynd i’r ddalfa?" in page and "Cysgu allan" in page
    assert "A oes gan y person gyfrif banc?" in page and "Na" in page
    assert "Dogfennau adnabod, arian a dyledion" in page  # a section's title
    assert "Where was the person living before custody?" not in page and "Rough sleeping" not in page

    english = page_of(client_for(Role.PRISON_OFFICER).get(reverse("screening_check", args=[NUMBER, "bcst1"])))
    assert "Where was the person living before custody?" in english and "Rough sleeping" in english
    assert "ID, money and debt" in english and "Cysgu allan" not in english


def test_submitting_an_incomplete_bcst1_names_the_sections_in_welsh(client_for: Any, received: CustodyPeriod) -> None:
    officer = welsh(client_for(Role.PRISON_OFFICER))
    qs = bcst1(received)
    first = questions.sections_for(qs, sex="M")[0]
    answers = complete(qs)
    officer.post(
        reverse("screening_section", args=[NUMBER, "bcst1", first.id]), {q.id: answers[q.id] for q in first.questions if q.id in answers}
    )
    page = page_of(officer.post(reverse("screening_check", args=[NUMBER, "bcst1"])))
    assert "“Plant, dibynyddion a gofalu”" in page and "“Caniatâd i rannu gwybodaeth”" in page
    assert "Children, dependants and caring" not in page
    english = page_of(client_for(Role.PRISON_OFFICER).post(reverse("screening_check", args=[NUMBER, "bcst1"])))
    assert "Complete the section “Children, dependants and caring”" in english


def test_a_welsh_reader_checks_bcst2_answers_in_welsh(personas: dict[str, Any], client_for: Any, received: CustodyPeriod) -> None:
    services.submit_answers(period=received, kind=Kind.BCST1, answers=complete(bcst1(received)), by=personas[Role.PRISON_OFFICER])
    qs = bcst2(received)
    services.submit_answers(period=received, kind=Kind.BCST2, answers=complete(qs, ete_problem="2"), by=personas[Role.TTG_CASEWORKER])
    page = page_of(welsh(client_for(Role.TTG_CASEWORKER)).get(reverse("screening_check", args=[NUMBER, "bcst2"])))
    assert "Faint o broblem yw addysg, hyfforddiant neu gyflogaeth i’r person?" in page and "2 – problem sylweddol" in page
    assert "Agweddau, meddwl ac ymddygiad" in page
    assert "How much of a problem" not in page
    # The summary kept for the plan is the question set's English, whoever submitted it.
    summary = {p["pathway"]: p for p in Screening.objects.get(kind=Kind.BCST2).needs_summary or []}
    assert "Needs help with education, training or employment" in summary["ete"]["needs"]


# --- What is stored from the question sets -------------------------------------------------------------


def test_a_flagged_need_is_stored_in_english_and_shown_in_welsh(client_for: Any, received: CustodyPeriod) -> None:
    officer = welsh(client_for(Role.PRISON_OFFICER))
    qs = bcst1(received)
    post_sections(officer, "bcst1", complete(qs, prescribed_medication="yes"), qs)
    done = page_of(officer.get(officer.post(reverse("screening_check", args=[NUMBER, "bcst1"]))["Location"]))
    flag = NeedFlag.objects.get()
    assert flag.need == "Needs their prescribed medication continued"  # stored in English though a Welsh reader submitted it
    assert "Angen parhau â’i feddyginiaeth ar bresgripsiwn" in done

    caseworker = welsh(client_for(Role.TTG_CASEWORKER))
    assert "Angen parhau â’i feddyginiaeth ar bresgripsiwn" in page_of(caseworker.get(reverse("person_screening", args=[NUMBER])))
    english = page_of(client_for(Role.TTG_CASEWORKER).get(reverse("person_screening", args=[NUMBER])))
    assert flag.need in english and "Angen parhau" not in english
    response = caseworker.post(reverse("flag_acknowledge", args=[NUMBER, flag.pk]), {"note": ""}, follow=True)
    assert "Angen parhau â’i feddyginiaeth ar bresgripsiwn" in page_of(response)


def test_the_duty_to_refers_reasons_are_stored_in_english_and_shown_in_welsh(
    personas: dict[str, Any], client_for: Any, received: CustodyPeriod
) -> None:
    answers = complete(bcst1(received), somewhere_to_live_on_release="no", homeless_within_56_days="yes", duty_to_refer_consent="yes")
    services.submit_answers(period=received, kind=Kind.BCST1, answers=answers, by=personas[Role.PRISON_OFFICER])
    duty = DutyToRefer.objects.get()
    assert "Does the person have somewhere to live on release? – No" in duty.reasons
    page = page_of(welsh(client_for(Role.TTG_CASEWORKER)).get(reverse("duty_to_refer", args=[NUMBER])))
    assert "A oes gan y person rywle i fyw ar ôl cael ei ryddhau? – Na" in page
    assert "Does the person have somewhere to live on release?" not in page
    english = page_of(client_for(Role.TTG_CASEWORKER).get(reverse("duty_to_refer", args=[NUMBER])))
    assert "Does the person have somewhere to live on release? – No" in english


def test_the_question_sets_reference_pages_are_in_the_readers_language(client_for: Any, personas: dict[str, Any]) -> None:
    reader = welsh(client_for(Role.TTG_CASEWORKER))
    listing = page_of(reader.get(reverse("question_sets")))
    assert "Offeryn Sgrinio Sylfaenol yn y Ddalfa rhan 2 (BCST2)" in listing
    page = page_of(reader.get(reverse("question_set", args=["bcst1", "2018-10-01"])))
    assert "A yw’r person yn ddigartref, neu mewn perygl o fod yn ddigartref o fewn 56 diwrnod i gael ei ryddhau?" in page
    assert "Is the person homeless" not in page
