"""Issue 23 item 9: England or Wales. Prisons in England follow the English duty to refer (T8); prisons in
Wales the Welsh national pathway (T8W); the route follows the local authority the person chose where they
chose one, otherwise the prison holding them (R-W1). Expected values are written out by hand."""

from __future__ import annotations

import html
import importlib
import json
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ttg.accounts.constants import Role
from ttg.accounts.models import User
from ttg.core.models import AuditEvent
from ttg.estate import reference
from ttg.estate.loader import load_estate
from ttg.estate.models import Prison
from ttg.people.models import CustodyPeriod
from ttg.screening import questions, rules, services
from ttg.screening.models import DutyToRefer, Kind
from ttg.screening.tests.test_journeys import NUMBER, complete, feed, period, reception

ENGLAND, WALES = rules.ENGLAND, rules.WALES
QS = questions.question_set("BCST1", date(2019, 8, 30))
HOMELESS = {"somewhere_to_live_on_release": "no", "homeless_within_56_days": "yes", "duty_to_refer_consent": "yes"}
ESTATE_MIGRATION = importlib.import_module("ttg.estate.migrations.0005_prison_country")
DUTY_MIGRATION = importlib.import_module("ttg.screening.migrations.0004_duty_route_wales")


def custody(reception_date: date, release_date: date | None = date(2020, 3, 1)) -> rules.Custody:
    return rules.Custody(
        received_at=datetime(reception_date.year, reception_date.month, reception_date.day, 9, tzinfo=UTC),
        reception_date=reception_date,
        legal_status=rules.SENTENCED,
        sentence_type=rules.DETERMINATE,
        sentenced_at=None,
        release_date=release_date,
        previous_release_date=None,
        previous_bcst1_on_file=False,
        in_resettlement_prison_since=None,
    )


# --- the reference data ------------------------------------------------------------------------------


@pytest.mark.once
def test_the_prisons_in_wales_are_the_five_of_the_reference_list() -> None:
    welsh = {p["code"]: p["name"] for p in reference.read_prisons() if p["country"] == WALES}
    assert welsh == {"BWI": "HMP Berwyn", "CFI": "HMP Cardiff", "PRI": "HMP Parc", "SWI": "HMP Swansea", "UKI": "HMP Usk"}
    assert set(ESTATE_MIGRATION.WELSH_PRISONS) == set(welsh)  # the migration's backfill is the list's
    assert reference.prison_country("ACI") == ENGLAND and reference.prison_country("ZZZ") == ENGLAND


@pytest.mark.once
@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Cardiff Council", WALES),
        ("  cardiff ", WALES),
        ("Cyngor Caerdydd", WALES),  # in Welsh
        ("Ynys Môn", WALES),
        ("Isle of Anglesey County Council", WALES),
        ("Wrecsam", WALES),
        ("Rhondda Cynon Taff", WALES),
        ("Liverpool City Council", ENGLAND),
        ("Herefordshire Council", ENGLAND),  # on the border, in England
        ("", None),
        ("   ", None),
    ],
)
def test_a_chosen_authority_s_country(name: str, country: str | None) -> None:
    assert reference.local_authority_country(name) == country


@pytest.mark.once
def test_wales_has_22_councils() -> None:
    assert len(set(reference.welsh_local_authorities().values())) == 22


@pytest.mark.once
def test_an_unknown_country_in_a_prisons_file_is_refused(tmp_path: Any) -> None:
    path = tmp_path / "prisons.csv"
    path.write_text("code,name,estate,country\nXXI,HMP X,male,scotland\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown country 'scotland'"):
        reference.read_prisons(path)
    path.write_text("code,name,estate\nXXI,HMP X,male\n", encoding="utf-8")  # no column: England
    assert reference.read_prisons(path)[0]["country"] == ENGLAND


# --- R-W1: which route ----------------------------------------------------------------------------------


@pytest.mark.once
def test_the_prison_decides_when_no_authority_is_chosen() -> None:
    cardiff = rules.homelessness_route(prison_country=WALES, prison_name="HMP Cardiff", authority="", authority_country=None)
    altcourse = rules.homelessness_route(prison_country=ENGLAND, prison_name="HMP Altcourse", authority="", authority_country=None)
    assert (cardiff.value, altcourse.value) == (WALES, ENGLAND)
    assert cardiff.reasons[0].startswith(
        "The Welsh national pathway applies: no local authority is chosen yet, so the route follows the prison holding the person, "
        "and HMP Cardiff is in Wales (rule R-W1"
    )
    assert altcourse.reasons[0].startswith("The English duty to refer applies: no local authority is chosen yet")


@pytest.mark.once
def test_the_chosen_authority_decides_across_the_border() -> None:
    to_wales = rules.homelessness_route(prison_country=ENGLAND, prison_name="HMP Altcourse", authority="Wrexham", authority_country=WALES)
    to_england = rules.homelessness_route(
        prison_country=WALES, prison_name="HMP Berwyn", authority="Cheshire West", authority_country=ENGLAND
    )
    assert (to_wales.value, to_england.value) == (WALES, ENGLAND)
    assert "the person chose Wrexham, a local authority in Wales" in to_wales.reasons[0]
    assert "the person chose Cheshire West, a local authority in England" in to_england.reasons[0]


@pytest.mark.once
@given(
    prison=st.sampled_from([ENGLAND, WALES]),
    chosen=st.sampled_from([ENGLAND, WALES, None]),
)
def test_the_route_is_the_authority_s_country_else_the_prison_s(prison: str, chosen: str | None) -> None:
    route = rules.homelessness_route(prison_country=prison, prison_name="HMP X", authority="Somewhere", authority_country=chosen)
    assert route.value == (chosen or prison)


@pytest.mark.once
def test_an_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown country"):
        rules.homelessness_route(prison_country="scotland", prison_name="", authority="", authority_country=None)
    with pytest.raises(ValueError, match="Unknown route"):
        rules.housing_referral(custody(date(2019, 8, 30)), date(2019, 9, 2), "scotland", rules.RuleSettings())


# --- T8W: the Welsh pathway's timing, and the reference date (R-S5) -----------------------------------


@pytest.mark.once
@pytest.mark.parametrize(
    ("identified_on", "due"),
    [
        (date(2020, 1, 4), date(2020, 1, 5)),  # the day before the last day: due on the last day
        (date(2020, 1, 5), date(2020, 1, 5)),  # 56 days before release on 1 March 2020: at once
        (date(2020, 1, 6), date(2020, 1, 6)),  # closer: at once
    ],
)
def test_the_welsh_referral_is_due_56_days_before_release_by_default(identified_on: date, due: date) -> None:
    decision = rules.housing_referral(custody(date(2019, 8, 30)), identified_on, WALES, rules.RuleSettings())
    assert decision.value == due
    assert "There is no duty to refer in Wales" in decision.reasons[0] and "rule T8W" in decision.reasons[0]
    assert "the value is setting TTG_WALES_HOUSING_REFERRAL_DAYS" in decision.reasons[0]


@pytest.mark.once
def test_the_welsh_timing_is_a_setting() -> None:
    twelve_weeks = rules.RuleSettings(wales_referral_days=84)
    decision = rules.housing_referral(custody(date(2019, 8, 30)), date(2019, 9, 2), WALES, twelve_weeks)
    assert decision.value == date(2019, 12, 8)
    assert decision.reasons[0].startswith("Referral due by 8 December 2019, 84 days before release on 1 March 2020.")
    # The English duty's 56 days are the Act's, not the setting's.
    assert rules.housing_referral(custody(date(2019, 8, 30)), date(2019, 9, 2), ENGLAND, twelve_weeks).value == date(2020, 1, 5)
    with pytest.raises(ValueError, match="wales_referral_days"):
        rules.RuleSettings(wales_referral_days=0)


@pytest.mark.once
@pytest.mark.parametrize(
    ("received", "england", "wales"),
    [
        # The English duty began on 1 October 2018 (T8); the Welsh pathway's Act on 27 April 2015 (T8W).
        (date(2018, 9, 30), None, date(2020, 1, 5)),
        (date(2018, 10, 1), date(2020, 1, 5), date(2020, 1, 5)),
        (date(2015, 4, 26), None, None),
        (date(2015, 4, 27), None, date(2020, 1, 5)),
    ],
)
def test_the_rule_in_force_on_the_reception_date_decides(received: date, england: date | None, wales: date | None) -> None:
    s = rules.RuleSettings()
    assert rules.housing_referral(custody(received), date(2019, 9, 2), ENGLAND, s).value == england
    assert rules.housing_referral(custody(received), date(2019, 9, 2), WALES, s).value == wales


@pytest.mark.once
def test_no_release_date_no_welsh_date() -> None:
    decision = rules.housing_referral(custody(date(2019, 8, 30), None), date(2019, 9, 2), WALES, rules.RuleSettings())
    assert decision.value is None and decision.reasons[0].startswith("No housing referral date yet: no release date is recorded")


# --- through the services and the pages: HMP Cardiff and HMP Altcourse --------------------------------


def _officer_at(code: str) -> User:
    return User.objects.create(username=f"officer.{code.lower()}", role=Role.PRISON_OFFICER, prison=Prison.objects.get(code=code))


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bcst1(received: CustodyPeriod, by: Any, **answers: str) -> DutyToRefer:
    services.submit_answers(period=received, kind=Kind.BCST1, answers=complete(QS, **HOMELESS, **answers), by=by)
    return DutyToRefer.objects.get(custody_period=received)


def test_a_person_at_hmp_cardiff_follows_the_welsh_route(personas: dict[str, Any]) -> None:
    feed(reception("w1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="CFI"))
    officer = _officer_at("CFI")
    duty = _bcst1(period(), officer)
    assert (duty.route, duty.due_on) == (WALES, date(2020, 1, 5))
    assert any("HMP Cardiff is in Wales" in r for r in duty.reasons) and any("rule T8W" in r for r in duty.reasons)

    client = _client(officer)
    page = client.get(reverse("duty_to_refer", args=[NUMBER])).content.decode()
    assert "<title>Housing referral: Welsh national pathway" in page
    assert "In Wales there is no legal duty to refer" in page and "section 213B" not in page
    assert "The housing service of the Welsh local authority the person will go to" in page
    assert re.search(r"<label[^>]*for=\"id_local_housing_authority\">\s*Welsh local authority the person will go to\s*</label>", page)
    summary = client.get(reverse("person_screening", args=[NUMBER])).content.decode()
    assert re.search(r"<h2[^>]*>\s*Housing referral: Welsh national pathway\s*</h2>", summary) and "Housing referral details" in summary
    assert client.get(reverse("api_screening", args=[NUMBER])).json()["duty_to_refer"]["route"] == WALES
    work = client.get(reverse("screening_work_list", args=["CFI"]) + "?tab=duty").content.decode()
    assert re.search(r"<td[^>]*>\s*Welsh national pathway. Consent given\s*</td>", work)

    # The referral needs the Welsh local authority, named as such.
    post = client.post(
        reverse("duty_to_refer", args=[NUMBER]), {"consent": "yes", "referred_on_0": "2", "referred_on_1": "9", "referred_on_2": "2019"}
    )
    assert "Enter the Welsh local authority the person will go to" in post.content.decode()


def test_a_person_at_hmp_altcourse_follows_the_english_duty(personas: dict[str, Any], client_for: Any) -> None:
    feed(reception("e1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="ACI"))
    duty = _bcst1(period(), personas[Role.PRISON_OFFICER])
    assert (duty.route, duty.due_on) == (ENGLAND, date(2020, 1, 5))
    page = client_for(Role.PRISON_OFFICER).get(reverse("duty_to_refer", args=[NUMBER])).content.decode()
    assert "<title>Homelessness duty to refer" in page and "section 213B" in page and "Welsh" not in page
    work = client_for(Role.PRISON_OFFICER).get(reverse("screening_work_list", args=["ACI"]) + "?tab=duty").content.decode()
    assert "Consent given" in work and "Welsh" not in work


def test_a_transfer_from_wales_to_england_before_the_referral_changes_the_route(personas: dict[str, Any], settings: Any) -> None:
    feed(reception("t1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="CFI", release="2019-10-20"))
    duty = _bcst1(period(), personas[Role.PRISON_OFFICER])
    assert (duty.route, duty.due_on) == (WALES, date(2019, 9, 2))  # release is 48 days away: at once

    settings.TTG_NOW = "2019-09-10T10:00:00+01:00"
    feed("t2,TRANSFER,2019-09-10T09:00:00+01:00,A1111AA,,CFI,ACI,,,,,,,,,,,")
    duty.refresh_from_db()
    assert duty.route == ENGLAND and duty.due_on == date(2019, 9, 10)  # the English duty, from the day of the move
    assert any("HMP Altcourse is in England" in r for r in duty.reasons) and not any("Wales" in r for r in duty.reasons)
    assert "somewhere to live" in duty.reasons[0].lower()  # the answers that raised it are kept
    event = AuditEvent.objects.get(action="screening.duty_to_refer.update", object_id=str(duty.pk))
    assert event.reason == "Moved to HMP Altcourse, in England"
    assert period().screening_state.duty_due_on == date(2019, 9, 10)  # the work list's copy

    # Back to Wales: the route follows again; a repeated event changes nothing more.
    feed("t3,TRANSFER,2019-09-11T09:00:00+01:00,A1111AA,,ACI,CFI,,,,,,,,,,,")
    duty.refresh_from_db()
    assert duty.route == WALES
    assert AuditEvent.objects.filter(action="screening.duty_to_refer.update", object_id=str(duty.pk)).count() == 2


def test_once_referred_or_an_authority_chosen_a_transfer_changes_nothing(personas: dict[str, Any]) -> None:
    feed(reception("t1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="ACI"))
    duty = _bcst1(period(), personas[Role.PRISON_OFFICER], housing_authority="Cyngor Caerdydd")
    assert duty.route == WALES  # going to Cardiff, from an English prison
    feed("t2,TRANSFER,2019-09-02T09:00:00+01:00,A1111AA,,ACI,CFI,,,,,,,,,,,")
    feed("t3,TRANSFER,2019-09-02T09:10:00+01:00,A1111AA,,CFI,LPI,,,,,,,,,,,")
    duty.refresh_from_db()
    assert duty.route == WALES and not AuditEvent.objects.filter(action="screening.duty_to_refer.update").exists()


def test_choosing_an_english_authority_at_an_english_prison_keeps_the_route_and_says_why(personas: dict[str, Any]) -> None:
    feed(reception("c1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="ACI"))
    duty = _bcst1(period(), personas[Role.PRISON_OFFICER])
    assert any("no local authority is chosen yet" in r for r in duty.reasons)
    services.record_duty_to_refer(
        duty=duty,
        consent=True,
        local_housing_authority="Wirral Council",
        referred_on=None,
        outcome="",
        outcome_notes="",
        by=personas[Role.TTG_CASEWORKER],
    )
    duty.refresh_from_db()
    assert (duty.route, duty.due_on) == (ENGLAND, date(2020, 1, 5))
    assert any("the person chose Wirral Council, a local authority in England" in r for r in duty.reasons)
    assert not any("no local authority is chosen yet" in r for r in duty.reasons)


def test_choosing_an_authority_on_the_duty_s_page_moves_the_route(personas: dict[str, Any]) -> None:
    feed(reception("c1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="CFI"))
    duty = _bcst1(period(), personas[Role.PRISON_OFFICER])
    assert duty.route == WALES
    caseworker = personas[Role.TTG_CASEWORKER]
    services.record_duty_to_refer(
        duty=duty,
        consent=True,
        local_housing_authority="Bristol City Council",
        referred_on=date(2019, 9, 2),
        outcome="",
        outcome_notes="",
        by=caseworker,
    )
    duty.refresh_from_db()
    assert (duty.route, duty.referred_on) == (ENGLAND, date(2019, 9, 2))
    assert any("the person chose Bristol City Council, a local authority in England" in r for r in duty.reasons)
    # Referred: correcting the authority afterwards keeps the route it was referred under.
    services.record_duty_to_refer(
        duty=duty,
        consent=True,
        local_housing_authority="Newport City Council",
        referred_on=date(2019, 9, 2),
        outcome="",
        outcome_notes="",
        by=caseworker,
    )
    duty.refresh_from_db()
    assert duty.route == ENGLAND


def test_the_migrations_backfill_the_countries_and_the_routes(personas: dict[str, Any]) -> None:
    Prison.objects.update(country=ENGLAND)
    ESTATE_MIGRATION.forwards(django_apps, None)
    assert set(Prison.objects.filter(country=WALES).values_list("code", flat=True)) == {"BWI", "CFI", "PRI", "SWI", "UKI"}

    feed(reception("m1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="CFI"), reception("m2", "A2222AA", at="2019-08-30T09:30:00+01:00"))
    officer = personas[Role.PRISON_OFFICER]
    at_cardiff, at_altcourse = _bcst1(period(), officer), _bcst1(period("A2222AA"), officer, housing_authority="Swansea")
    DutyToRefer.objects.update(route=ENGLAND)  # as every duty was before the Welsh route
    DUTY_MIGRATION.forwards(django_apps, None)
    at_cardiff.refresh_from_db()
    at_altcourse.refresh_from_db()
    assert (at_cardiff.route, at_altcourse.route) == (WALES, WALES)


def test_the_prison_pages_show_the_country(client_for: Any) -> None:
    client = client_for(Role.ANALYST)
    cardiff = client.get(reverse("prison_detail", args=["CFI"])).content.decode()
    assert re.search(r"Country\s*</dt>\s*<dd[^>]*>\s*Wales\s*</dd>", cardiff)
    assert "The Welsh national pathway" in cardiff
    altcourse = client.get(reverse("prison_detail", args=["ACI"])).content.decode()
    assert "The homelessness duty to refer" in altcourse and "Welsh" not in altcourse
    listing = client.get(reverse("prison_list")).content.decode()
    assert len(re.findall(r"<td[^>]*>\s*Wales\s*</td>", listing)) == 5


def test_an_estate_file_carries_the_country_or_takes_the_list_s(personas: dict[str, Any], tmp_path: Any) -> None:
    path = tmp_path / "estate.json"
    path.write_text(
        json.dumps(
            {
                "prisons": [
                    {"code": "CFI", "name": "HMP Cardiff", "estate": "male"},
                    {"code": "ZQQ", "name": "HMP Example", "estate": "male", "country": "wales"},
                ]
            }
        ),
        encoding="utf-8",
    )
    Prison.objects.filter(code="CFI").update(country=ENGLAND)
    load_estate(path)
    assert dict(Prison.objects.filter(code__in=["CFI", "ZQQ"]).values_list("code", "country")) == {"CFI": WALES, "ZQQ": WALES}
    path.write_text(
        json.dumps({"prisons": [{"code": "ZQQ", "name": "HMP Example", "estate": "male", "country": "scotland"}]}), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="unknown country"):
        load_estate(path)


def test_the_duty_s_stored_reasons_are_english_whoever_submits(personas: dict[str, Any], settings: Any) -> None:
    # Issue 22: the reasons stored on the duty are its record, in English even when the officer reads Welsh;
    # the page shows them in the reader's language.
    feed(reception("t1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="CFI", release="2019-10-20"))
    with translation.override("cy"):
        duty = _bcst1(period(), personas[Role.PRISON_OFFICER])
    assert any("The Welsh national pathway applies" in r and "HMP Cardiff is in Wales" in r for r in duty.reasons)
    assert any(r.startswith("Refer at once, on 2 September 2019") for r in duty.reasons)

    settings.TTG_NOW = "2019-09-10T10:00:00+01:00"
    with translation.override("cy"):
        feed("t2,TRANSFER,2019-09-10T09:00:00+01:00,A1111AA,,CFI,ACI,,,,,,,,,,,")
    duty.refresh_from_db()
    assert any("HMP Altcourse is in England" in r for r in duty.reasons) and not any("Lloegr" in r for r in duty.reasons)
    assert AuditEvent.objects.get(action="screening.duty_to_refer.update", object_id=str(duty.pk)).reason == (
        "Moved to HMP Altcourse, in England"
    )


def test_the_duty_to_refers_missing_authority_is_welsh_for_a_welsh_reader(personas: dict[str, Any]) -> None:
    """The service's own error (not only the question sets' words) follows the reader's language (issue 22)."""
    feed(reception("w1", NUMBER, at="2019-08-30T09:30:00+01:00", prison="CFI"))
    officer = _officer_at("CFI")
    _bcst1(period(), officer)
    data = {"consent": "yes", "referred_on_0": "2", "referred_on_1": "9", "referred_on_2": "2019"}
    welsh = _client(officer)
    welsh.cookies["django_language"] = "cy"
    page = html.unescape(welsh.post(reverse("duty_to_refer", args=[NUMBER]), data).content.decode())
    assert "Rhowch yr awdurdod lleol yng Nghymru y bydd y person yn mynd iddo" in page
    assert "Enter the Welsh local authority the person will go to" not in page
    english = _client(officer).post(reverse("duty_to_refer", args=[NUMBER]), data).content.decode()
    assert "Enter the Welsh local authority the person will go to" in english
