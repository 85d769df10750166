"""Issue 23 item 8: what the person said about the duty to refer at BCST1 is the duty's own record.

Consent given at BCST1 is the duty's consent (not "not asked yet"), and the local housing authority
they chose is kept and shown; an amendment carries new answers until someone records the duty by
hand; a later screening that does not ask never wipes them.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.people.models import CustodyPeriod
from ttg.screening import questions, services
from ttg.screening.models import DutyToRefer, Kind, ScreeningState
from ttg.screening.tests.test_journeys import NUMBER, complete, feed, period, reception

QS = questions.question_set("BCST1", date(2019, 8, 30))
HOMELESS = {"somewhere_to_live_on_release": "no", "homeless_within_56_days": "yes"}
MIGRATION = importlib.import_module("ttg.screening.migrations.0003_duty_consent_from_screening")


# --- the pure reading of the answers ---------------------------------------------------------------


@pytest.mark.once
@given(
    homeless=st.sampled_from(["yes", "no", "dont_know"]),
    consent=st.sampled_from(["yes", "no", None]),
    authority=st.sampled_from(["", "  Wirral Council ", None]),
)
def test_only_questions_asked_count(homeless: str, consent: str | None, authority: str | None) -> None:
    answers = {"homeless_within_56_days": homeless}
    if consent is not None:
        answers["duty_to_refer_consent"] = consent
    if authority is not None:
        answers["housing_authority"] = authority
    said = questions.duty_to_refer_answers(QS, answers)
    asked = homeless == "yes"  # the consent question is a follow-up of "homeless within 56 days: yes"
    assert said.consent == ({"yes": True, "no": False}.get(consent or "") if asked else None)
    # The authority is a follow-up of consent "yes": kept (trimmed) only then.
    assert said.local_housing_authority == ((authority or "").strip() if said.consent else "")


@pytest.mark.once
def test_a_question_set_before_the_duty_asks_nothing() -> None:
    old = questions.question_set("BCST1", date(2018, 9, 30))
    assert questions.duty_to_refer_answers(old, {"duty_to_refer_consent": "yes"}) == questions.DutyAnswers(None, "")


# --- through the services and the pages ------------------------------------------------------------


@pytest.fixture
def received(personas: dict[str, Any]) -> CustodyPeriod:
    feed(reception("r1", NUMBER, at="2019-08-30T09:30:00+01:00"))
    return period()


def _bcst1(received: CustodyPeriod, by: Any, **answers: str) -> None:
    services.submit_answers(period=received, kind=Kind.BCST1, answers=complete(QS, **HOMELESS, **answers), by=by)


def test_consent_and_the_authority_given_at_bcst1_are_the_duty_s(
    personas: dict[str, Any], client_for: Any, received: CustodyPeriod
) -> None:
    _bcst1(received, personas[Role.PRISON_OFFICER], duty_to_refer_consent="yes", housing_authority="Liverpool City Council")
    duty = DutyToRefer.objects.get()
    assert duty.consent is True and duty.local_housing_authority == "Liverpool City Council" and not duty.is_done
    assert received.screening_state.duty_consent is True  # the stored decisions (the work list's "Consent given")

    caseworker = client_for(Role.TTG_CASEWORKER)
    summary = caseworker.get(reverse("person_screening", args=[NUMBER])).content.decode()
    assert "The person agreed to be referred, to Liverpool City Council." in summary
    page = caseworker.get(reverse("duty_to_refer", args=[NUMBER])).content.decode()
    assert "At BCST1 on 2 September 2019 the person agreed to be referred, to Liverpool City Council." in page
    assert 'value="yes" checked' in page and 'value="Liverpool City Council"' in page
    # Read-only roles see the same record, not "Not asked yet".
    governor = client_for(Role.GOVERNOR).get(reverse("duty_to_refer", args=[NUMBER])).content.decode()
    assert "Not asked yet" not in governor and "Liverpool City Council" in governor
    api = caseworker.get(reverse("api_screening", args=[NUMBER])).json()["duty_to_refer"]
    assert api["consent"] is True and api["local_housing_authority"] == "Liverpool City Council"


def test_no_consent_at_bcst1_means_no_referral(personas: dict[str, Any], received: CustodyPeriod) -> None:
    _bcst1(received, personas[Role.PRISON_OFFICER], duty_to_refer_consent="no")
    duty = DutyToRefer.objects.get()
    assert duty.consent is False and duty.local_housing_authority == "" and duty.is_done


def test_an_amendment_carries_through_until_someone_records_the_duty(personas: dict[str, Any], received: CustodyPeriod) -> None:
    officer, caseworker = personas[Role.PRISON_OFFICER], personas[Role.TTG_CASEWORKER]
    _bcst1(received, officer, duty_to_refer_consent="yes")
    assert DutyToRefer.objects.get().local_housing_authority == ""

    def amend(**answers: str) -> None:
        services.start_amendment(period=received, kind=Kind.BCST1, by=officer)
        for section in questions.sections_for(QS, sex="M"):
            services.save_section(
                period=received, kind=Kind.BCST1, section_id=section.id, data=complete(QS, **HOMELESS, **answers), by=officer
            )
        services.submit(period=received, kind=Kind.BCST1, by=officer, reason="The person chose an authority")

    amend(duty_to_refer_consent="yes", housing_authority="Sefton Council")
    duty = DutyToRefer.objects.get()
    assert (duty.consent, duty.local_housing_authority) == (True, "Sefton Council")
    assert AuditEvent.objects.filter(action="screening.duty_to_refer.update", reason="The person's answers in BCST1").count() == 1

    # Recorded by hand on the duty's page: the record is the caseworker's from then on.
    services.record_duty_to_refer(
        duty=duty, consent=True, local_housing_authority="Knowsley Council", referred_on=None, outcome="", outcome_notes="", by=caseworker
    )
    amend(duty_to_refer_consent="yes", housing_authority="Wirral Council")
    assert DutyToRefer.objects.get().local_housing_authority == "Knowsley Council"


@pytest.mark.once
def test_bcst2_which_does_not_ask_leaves_the_consent_alone(personas: dict[str, Any], received: CustodyPeriod) -> None:
    _bcst1(received, personas[Role.PRISON_OFFICER], duty_to_refer_consent="yes", housing_authority="Halton Council")
    qs2 = questions.question_set("BCST2", received.reception_date)
    answers = complete(qs2, accommodation_on_release="nowhere")  # homeless on release, by BCST2's own question
    services.submit_answers(period=received, kind=Kind.BCST2, answers=answers, by=personas[Role.TTG_CASEWORKER])
    duty = DutyToRefer.objects.get()
    assert (duty.consent, duty.local_housing_authority) == (True, "Halton Council")


def test_the_migration_brings_earlier_duties_into_line(personas: dict[str, Any], received: CustodyPeriod) -> None:
    _bcst1(received, personas[Role.PRISON_OFFICER], duty_to_refer_consent="no")
    # As a duty raised before the answers carried through: consent not recorded, the duty still to do.
    DutyToRefer.objects.update(consent=None)
    ScreeningState.objects.filter(custody_period=received).update(duty_consent=None, duty_to_do=True)
    MIGRATION.forwards(django_apps, None)
    assert DutyToRefer.objects.get().consent is False
    state = ScreeningState.objects.get(custody_period=received)
    assert state.duty_consent is False and not state.duty_to_do
