"""Screening through the pages and the services: BCST1, clone, flags, BCST2, duty to refer, work lists.

People come from the real custody-feed importer; the demo personas work at HMP Altcourse (ACI,
a resettlement prison served by Merseyside CRC in the demo estate).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.people.importer import import_feed
from ttg.people.models import CustodyPeriod
from ttg.people.tests.test_pages import _normalised
from ttg.screening import questions, services
from ttg.screening.demo import answers_without_needs
from ttg.screening.models import Amendment, DutyToRefer, Kind, NeedFlag, Screening, Status

HEADER = "event_id,event_type,occurred_at,prison_number,prison_code,from_prison_code,to_prison_code,first_name,last_name,date_of_birth,sex,ethnicity,legal_status,sentence_type,sentence_start_date,sentence_length_days,release_date,release_type\n"
NUMBER = "A1111AA"


def feed(*rows: str) -> None:
    result = import_feed(io.BytesIO((HEADER + "".join(f"{r}\n" for r in rows)).encode()), source="test", kind="csv")
    assert result.counts.rejected == 0, result.rejections


def reception(event: str, number: str, *, at: str, prison: str = "ACI", release: str = "2020-03-01", sex: str = "M") -> str:
    return f"{event},RECEPTION,{at},{number},{prison},,,Dan,Reed,1985-03-14,{sex},W1,SENTENCED,DETERMINATE,{at[:10]},300,{release},"


def period(number: str = NUMBER) -> CustodyPeriod:
    return CustodyPeriod.objects.select_related("person", "current_prison__crc").get(person__prison_number=number, released_at__isnull=True)


def complete(qs: questions.QuestionSet, *, sex: str = "M", **overrides: str) -> dict[str, str]:
    """Answers to every visible question: no needs, except what `overrides` says."""
    return answers_without_needs(qs, sex, **overrides)


@pytest.fixture
def received(personas: dict[str, Any]) -> CustodyPeriod:
    # Received at 9:30am on Friday 30 August 2019; the service's clock says Monday 2 September, 9:30am.
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    return period()


def post_sections(client: Client, kind: str, answers: Mapping[str, str], qs: questions.QuestionSet, sex: str = "M") -> None:
    for section in questions.sections_for(qs, sex=sex):
        data = {q.id: answers[q.id] for q in section.questions if q.id in answers}
        response = client.post(reverse("screening_section", args=[NUMBER, kind, section.id]), data)
        assert response.status_code == 302, (section.id, response.content.decode()[:3000])


def test_a_prison_officer_completes_bcst1_and_the_caseworker_acknowledges_the_needs(client_for: Any, received: CustodyPeriod) -> None:
    officer = client_for(Role.PRISON_OFFICER)
    summary = officer.get(reverse("person_screening", args=[NUMBER])).content.decode()
    assert "Due by 9:30am on 2 September 2019" in summary  # 72 hours from reception
    # The rule behind it, for administrators only (issue 16): the page's own words carry no code.
    assert "Rule T1 (" in summary.split("For administrators", 1)[1]
    assert "rule T1" not in summary and "Rule T1" not in summary.split("For administrators", 1)[0]

    qs = questions.question_set("BCST1", received.reception_date)
    answers = complete(qs, prescribed_medication="yes")
    post_sections(officer, "bcst1", answers, qs)
    assert Screening.objects.get().status == Status.DRAFT
    check = officer.get(reverse("screening_check", args=[NUMBER, "bcst1"]))
    assert "Check your answers" in check.content.decode()
    response = officer.post(reverse("screening_check", args=[NUMBER, "bcst1"]))
    assert response.status_code == 302
    done = officer.get(response["Location"]).content.decode()
    assert "BCST1 submitted" in done

    screening = Screening.objects.get()
    assert screening.status == Status.SUBMITTED and screening.question_set_version == qs.version
    flag = NeedFlag.objects.get()
    assert flag.pathway == "health" and flag.waiting
    # Answers are health data: the audit trail says they changed, never what they are.
    events = AuditEvent.objects.filter(action="screening.bcst1.submit")
    assert events.count() == 1
    assert "prescribed_medication" not in str(events.get().after)

    caseworker = client_for(Role.TTG_CASEWORKER)
    page = caseworker.get(reverse("person_screening", args=[NUMBER])).content.decode()
    assert flag.need in page and "Acknowledge" in page
    for _ in range(2):  # a second press changes nothing
        response = caseworker.post(reverse("flag_acknowledge", args=[NUMBER, flag.pk]), {"note": "Booked with healthcare"})
        assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.acknowledged_at is not None and flag.acknowledgement_note == "Booked with healthcare"
    assert AuditEvent.objects.filter(action="screening.flag.acknowledge").count() == 1


def test_a_missing_answer_is_named_and_nothing_is_saved(client_for: Any, received: CustodyPeriod) -> None:
    officer = client_for(Role.PRISON_OFFICER)
    response = officer.post(reverse("screening_section", args=[NUMBER, "bcst1", "work"]), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#employed_before_custody"' in page
    assert "<title>Error:" in page
    assert not Screening.objects.filter(answers__has_key="employed_before_custody").exists()


def test_a_follow_up_the_officer_has_not_seen_is_asked_for_not_reported_as_an_error(client_for: Any, received: CustodyPeriod) -> None:
    officer = client_for(Role.PRISON_OFFICER)
    # "Children" and "caring" both open the same follow-up, so it is not a conditional reveal.
    response = officer.post(
        reverse("screening_section", args=[NUMBER, "bcst1", "dependants"]), {"children": "yes", "caring_for_someone": "no"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" not in page
    assert "answer the questions that have been added" in page
    assert 'name="care_arrangements_needed"' in page


def test_submitting_an_incomplete_bcst1_says_which_sections(client_for: Any, received: CustodyPeriod) -> None:
    officer = client_for(Role.PRISON_OFFICER)
    qs = questions.question_set("BCST1", received.reception_date)
    first = questions.sections_for(qs, sex="M")[0]
    answers = complete(qs)
    officer.post(
        reverse("screening_section", args=[NUMBER, "bcst1", first.id]), {q.id: answers[q.id] for q in first.questions if q.id in answers}
    )
    page = officer.post(reverse("screening_check", args=[NUMBER, "bcst1"])).content.decode()
    assert "Complete the section" in page
    assert Screening.objects.get().status == Status.DRAFT


def test_amending_needs_a_reason_and_keeps_what_changed(personas: dict[str, Any], received: CustodyPeriod, client_for: Any) -> None:
    officer = personas[Role.PRISON_OFFICER]
    qs = questions.question_set("BCST1", received.reception_date)
    services.submit_answers(period=received, kind=Kind.BCST1, answers=complete(qs), by=officer)
    client = client_for(Role.PRISON_OFFICER)
    assert client.post(reverse("screening_amend", args=[NUMBER, "bcst1"])).status_code == 302
    section = qs.section_of("prescribed_medication") if hasattr(qs, "section_of") else None
    assert section is not None
    data = {q.id: v for q in section.questions if (v := complete(qs, prescribed_medication="yes").get(q.id))}
    assert client.post(reverse("screening_section", args=[NUMBER, "bcst1", section.id]), data).status_code == 302
    page = client.post(reverse("screening_check", args=[NUMBER, "bcst1"]), {"reason": ""}).content.decode()
    assert "Enter why you are amending the answers" in page
    assert client.post(reverse("screening_check", args=[NUMBER, "bcst1"]), {"reason": "Remembered his inhaler"}).status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.reason == "Remembered his inhaler" and amendment.changed_questions == ["prescribed_medication"]
    assert NeedFlag.objects.get().need  # the new immediate need is flagged


def test_the_clone_is_offered_within_six_months_and_reuses_the_answers(personas: dict[str, Any], client_for: Any) -> None:
    feed(reception("r1", NUMBER, at="2019-01-07T09:00:00+00:00", release="2019-04-01"))
    first = period()
    services.submit_answers(
        period=first,
        kind=Kind.BCST1,
        answers=complete(questions.question_set("BCST1", first.reception_date)),
        by=personas[Role.PRISON_OFFICER],
    )
    feed(
        f"x1,RELEASE,2019-04-01T09:00:00+01:00,{NUMBER},ACI,,,,,,,,,,,,,CONDITIONAL",
        reception("r2", NUMBER, at="2019-08-30T09:30:00+01:00"),  # within six months of 1 April
    )
    officer = client_for(Role.PRISON_OFFICER)
    response = officer.get(reverse("screening_tasks", args=[NUMBER, "bcst1"]))
    assert response.status_code == 302 and response["Location"] == reverse("screening_clone", args=[NUMBER])
    page = officer.get(response["Location"]).content.decode()
    assert "Clone offered" in page and "6 months" in page
    assert "Select whether" in officer.post(response["Location"], {}).content.decode()
    response = officer.post(reverse("screening_clone", args=[NUMBER]), {"changed": "no"})
    assert response.status_code == 302
    clone = Screening.objects.get(custody_period=period(), kind=Kind.BCST1)
    assert clone.cloned_from is not None and clone.needs_unchanged_confirmed and clone.status == Status.SUBMITTED
    assert clone.answers == clone.cloned_from.answers


def test_needs_changed_sends_the_officer_to_a_new_bcst1(personas: dict[str, Any], client_for: Any) -> None:
    feed(reception("r1", NUMBER, at="2019-01-07T09:00:00+00:00", release="2019-04-01"))
    first = period()
    services.submit_answers(
        period=first,
        kind=Kind.BCST1,
        answers=complete(questions.question_set("BCST1", first.reception_date)),
        by=personas[Role.PRISON_OFFICER],
    )
    feed(
        f"x1,RELEASE,2019-04-01T09:00:00+01:00,{NUMBER},ACI,,,,,,,,,,,,,CONDITIONAL",
        reception("r2", NUMBER, at="2019-08-30T09:30:00+01:00"),
    )
    response = client_for(Role.PRISON_OFFICER).post(reverse("screening_clone", args=[NUMBER]), {"changed": "yes"})
    assert response.status_code == 302 and "/bcst1/accommodation/" in response["Location"]
    assert not Screening.objects.filter(custody_period=period()).exists()


def test_the_caseworker_completes_bcst2_and_it_summarises_needs_by_pathway(
    personas: dict[str, Any], client_for: Any, received: CustodyPeriod
) -> None:
    services.submit_answers(
        period=received,
        kind=Kind.BCST1,
        answers=complete(questions.question_set("BCST1", received.reception_date)),
        by=personas[Role.PRISON_OFFICER],
    )
    caseworker = client_for(Role.TTG_CASEWORKER)
    page = caseworker.get(reverse("person_screening", args=[NUMBER])).content.decode()
    assert "BCST2 required" in page
    qs = questions.question_set("BCST2", received.reception_date)
    post_sections(caseworker, "bcst2", complete(qs, ete_problem="2", job_on_release="no"), qs)
    assert caseworker.post(reverse("screening_check", args=[NUMBER, "bcst2"])).status_code == 302
    summary = {p["pathway"]: p for p in Screening.objects.get(kind=Kind.BCST2).needs_summary or []}
    assert summary["ete"]["level"] == "significant"
    assert summary["accommodation"]["level"] == "none"
    # The prison officer may read BCST2 but not write it.
    officer = client_for(Role.PRISON_OFFICER)
    assert officer.get(reverse("screening_section", args=[NUMBER, "bcst2", qs.sections[0].id])).status_code == 403


def test_homeless_on_release_starts_the_duty_to_refer(personas: dict[str, Any], client_for: Any, received: CustodyPeriod) -> None:
    qs = questions.question_set("BCST1", received.reception_date)
    answers = complete(qs, somewhere_to_live_on_release="no", homeless_within_56_days="yes", duty_to_refer_consent="yes")
    services.submit_answers(period=received, kind=Kind.BCST1, answers=answers, by=personas[Role.PRISON_OFFICER])
    duty = DutyToRefer.objects.get()
    # Release on 1 March 2020: 56 days before is 5 January 2020.
    assert duty.due_on == date(2020, 1, 5)
    client = client_for(Role.TTG_CASEWORKER)
    url = reverse("duty_to_refer", args=[NUMBER])
    page = client.post(url, {"consent": "", "referred_on_0": "1", "referred_on_1": "9", "referred_on_2": "2019"}).content.decode()
    assert "needs the person" in page and "consent" in page
    response = client.post(
        url,
        {
            "consent": "yes",
            "local_housing_authority": "Liverpool City Council",
            "referred_on_0": "2",
            "referred_on_1": "9",
            "referred_on_2": "2019",
        },
    )
    assert response.status_code == 302
    duty.refresh_from_db()
    assert duty.is_done and duty.referred_on == date(2019, 9, 2)


def test_someone_at_another_prison_gets_the_same_404_as_nobody(client_for: Any, received: CustodyPeriod) -> None:
    feed(reception("r9", "B2222BB", at="2019-08-30T09:30:00+01:00", prison="STI"))
    officer = client_for(Role.PRISON_OFFICER)
    theirs = officer.get(reverse("person_screening", args=["B2222BB"]))
    missing = officer.get(reverse("person_screening", args=["Z9999ZZ"]))
    assert theirs.status_code == missing.status_code == 404
    assert _normalised(theirs.content) == _normalised(missing.content)


def test_the_work_list_sorts_work_by_deadline_in_a_fixed_number_of_queries(personas: dict[str, Any], client_for: Any) -> None:
    client = client_for(Role.PRISON_OFFICER)
    feed(reception("w1", "C0001AA", at="2019-08-28T09:30:00+01:00"))  # BCST1 overdue by the service's clock
    feed(reception("w2", "C0002AA", at="2019-09-01T09:30:00+01:00"))

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("screening_work_list", args=["ACI"]) + "?tab=bcst1")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    before, page = count()
    assert page.index("C0001AA") < page.index("C0002AA")
    assert "Overdue" in page
    feed(*(reception(f"m{n}", f"D{n:04d}AA", at="2019-08-31T09:30:00+01:00") for n in range(25)))
    after, page = count()
    assert after == before
    assert "BCST1 to do (27)" in page


def test_screenings_close_on_release_though_the_crc_still_sees_the_person(personas: dict[str, Any], received: CustodyPeriod) -> None:
    # The CRC keeps sight of a released person for a while (outcomes after release), but a BCST2
    # cannot be started or changed once the person has gone.
    feed(f"x1,RELEASE,2019-09-01T09:00:00+01:00,{NUMBER},ACI,,,,,,,,,,,,,CONDITIONAL")
    released = CustodyPeriod.objects.get(person__prison_number=NUMBER)
    qs = services.question_set_for(released, Kind.BCST2)
    section = questions.sections_for(qs, sex="M")[0]
    with pytest.raises(services.ScreeningError, match="Dan Reed was released on 1 September 2019"):
        services.save_section(period=released, kind=Kind.BCST2, section_id=section.id, data={}, by=personas[Role.TTG_CASEWORKER])
    assert not Screening.objects.filter(custody_period=released).exists()


def test_screenings_close_at_the_moment_of_release_by_the_service_clock(
    personas: dict[str, Any], received: CustodyPeriod, settings: Any
) -> None:
    # The demo screens a returning person's earlier custody with the clock set back to when they were
    # in custody: a release the feed has recorded for later does not close screening yet.
    feed(f"x1,RELEASE,2019-09-01T09:00:00+01:00,{NUMBER},ACI,,,,,,,,,,,,,CONDITIONAL")
    released = CustodyPeriod.objects.get(person__prison_number=NUMBER)
    qs = services.question_set_for(released, Kind.BCST2)
    answers = answers_without_needs(qs, "M")
    by = personas[Role.TTG_CASEWORKER]
    settings.TTG_NOW = "2019-09-01T08:59:59+01:00"  # a second before release
    services.submit_answers(period=released, kind=Kind.BCST2, answers=answers, by=by)
    assert Screening.objects.filter(custody_period=released, kind=Kind.BCST2).exists()
    settings.TTG_NOW = "2019-09-01T09:00:00+01:00"  # the moment of release
    with pytest.raises(services.ScreeningError) as refused:
        services.submit_answers(period=released, kind=Kind.BCST2, answers=answers, by=by)
    assert all("released on 1 September 2019" in message for message in (refused.value.errors or {}).values())
    assert refused.value.errors
