"""The list of releases from non-resettlement prisons (issue 23 item 4) against a small world with known
answers; the SQL's transfer state against the pure rule T9a; the responsible officer's release plan and
a referral from it; the page's queries do not grow with its rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import BooleanField, DateField, Value
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttg.accounts.constants import Role
from ttg.core import access
from ttg.estate.models import CRC, Prison
from ttg.payments import services as payments
from ttg.payments.demo import load_budgets, load_rate_card
from ttg.people.cases import hold_case
from ttg.people.models import CustodyPeriod, Movement, Person, ProbationCase
from ttg.plans.catalogue.loader import load_initial_catalogue
from ttg.plans.plan import rules
from ttg.plans.plan import services as plan_services
from ttg.plans.plan.models import OwnerKind, PlanKind
from ttg.referrals import selectors_release
from ttg.referrals import services as referral_services
from ttg.referrals.outcomes import load_desired_outcomes

TODAY = date(2019, 9, 2)  # TTG_NOW in the test settings
LONDON = ZoneInfo("Europe/London")
OUTSIDE, RESETTLEMENT = "BAI", "ACI"  # HMP Belmarsh: no designation in the demo estate; HMP Altcourse: Merseyside's


def _person(number: str, *, release: date | None, moves: list[tuple[date, str]]) -> CustodyPeriod:
    """A person in custody received at the first prison of `moves` and moved through the rest."""
    prisons = {p.code: p for p in Prison.objects.filter(code__in=[code for _, code in moves])}
    person = Person.objects.create(prison_number=number, first_name="Test", last_name=number, date_of_birth=date(1980, 1, 1), sex="M")
    first_day, first = moves[0]
    period = CustodyPeriod.objects.create(
        person=person,
        received_at=datetime(first_day.year, first_day.month, first_day.day, 10, tzinfo=LONDON),
        reception_date=first_day,
        reception_prison=prisons[first],
        current_prison=prisons[moves[-1][1]],
        legal_status="SENTENCED",
        release_date=release,
    )
    for i, (day, code) in enumerate(moves):
        Movement.objects.create(
            custody_period=period,
            kind="RECEPTION" if i == 0 else "TRANSFER",
            occurred_at=datetime(day.year, day.month, day.day, 10, tzinfo=LONDON),
            from_prison=None if i == 0 else prisons[moves[i - 1][1]],
            to_prison=prisons[code],
            event_id=f"t9-{number}-{i}",
        )
    return period


@pytest.fixture
def world(personas: dict[str, Any]) -> dict[str, CustodyPeriod]:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    periods = {
        "missed": _person("T9001AA", release=date(2019, 10, 25), moves=[(date(2019, 1, 7), OUTSIDE)]),
        "in_time": _person("T9002AA", release=date(2019, 10, 30), moves=[(date(2019, 1, 7), OUTSIDE), (date(2019, 7, 30), RESETTLEMENT)]),
        "late": _person("T9003AA", release=date(2019, 10, 30), moves=[(date(2019, 1, 7), OUTSIDE), (date(2019, 7, 31), RESETTLEMENT)]),
        "later": _person("T9004AA", release=date(2019, 12, 20), moves=[(date(2019, 1, 7), OUTSIDE)]),
        "never_outside": _person("T9005AA", release=date(2019, 10, 10), moves=[(date(2019, 1, 7), RESETTLEMENT)]),
        "yesterday": _person("T9006AA", release=date(2019, 9, 1), moves=[(date(2019, 1, 7), OUTSIDE)]),
        "no_date": _person("T9007AA", release=None, moves=[(date(2019, 1, 7), OUTSIDE)]),
        "last_day": _person("T9008AA", release=date(2019, 11, 25), moves=[(date(2019, 1, 7), OUTSIDE)]),
    }
    for period in periods.values():
        hold_case(custody_period=period, officer=officer, source=ProbationCase.Source.ALLOCATED, by=None)
    load_budgets()
    card = load_rate_card(personas[Role.CRC_MANAGER])  # Merseyside CRC's
    payments.make_purchase(by=officer, custody_period=periods["missed"], item=card.items.get(title="Tenancy sustainment support"), units=2)
    return periods


def _listed(user: Any, **kwargs: Any) -> list[tuple[str, str, bool]]:
    rows: list[Any] = list(selectors_release.releases(user, today=TODAY, **kwargs))
    return [(p.person.prison_number, p.transfer, p.purchase_authorised) for p in rows]


def test_the_officers_list_has_the_known_answers(world: dict[str, CustodyPeriod], personas: dict[str, Any]) -> None:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    # 12 weeks from 2 September 2019: up to 25 November 2019, both days included.
    assert _listed(officer) == [
        ("T9001AA", rules.TRANSFER_MISSED, True),  # still at Belmarsh; T9 date 25 July passed; the NPS bought for him
        ("T9002AA", rules.TRANSFERRED, False),  # at Altcourse from 30 July, by the T9 date 30 July
        ("T9003AA", rules.TRANSFERRED_LATE, False),  # at Altcourse from 31 July, after it
        ("T9008AA", rules.TRANSFER_MISSED, False),  # released on the window's last day
    ]
    # A longer window: released on 20 December, his T9 date (20 September) is still to come.
    assert ("T9004AA", rules.TRANSFER_DUE, False) in _listed(officer, weeks=16)


def test_a_crc_sees_the_people_due_for_release_into_its_area(world: dict[str, CustodyPeriod], personas: dict[str, Any]) -> None:
    # Merseyside CRC: the man it sells a rate-card service for, and the two moved into Altcourse, which it serves.
    listed = [n for n, _, _ in _listed(personas[Role.TTG_CASEWORKER])]
    assert listed == ["T9001AA", "T9002AA", "T9003AA"]
    other = personas[Role.CRC_MANAGER].__class__.objects.create(
        username="t9-other-crc", role=Role.CRC_MANAGER, crc=CRC.objects.get(code="WALES")
    )
    assert _listed(other) == []


def test_another_officer_and_other_roles_see_nobody(world: dict[str, CustodyPeriod], personas: dict[str, Any]) -> None:
    officer = personas[Role.RESPONSIBLE_OFFICER]
    # Their own cases only: a colleague in the same NPS division holds none of these.
    colleague = officer.__class__.objects.create(username="t9-colleague", role=Role.RESPONSIBLE_OFFICER, nps_division=officer.nps_division)
    assert _listed(colleague) == []
    hold_case(custody_period=world["last_day"], officer=colleague, source=ProbationCase.Source.ALLOCATED, by=None)
    assert _listed(colleague) == [("T9008AA", rules.TRANSFER_MISSED, False)]
    assert _listed(personas[Role.PARTNER_CASEWORKER]) == []
    assert _listed(personas[Role.CONTRACT_MANAGER]) == []
    # Prison staff see the people in their prison anyway, but have no list (the page refuses them).
    assert {r for r in Role if access.can(personas[r], "releaselist.view")} == {
        Role.RESPONSIBLE_OFFICER,
        Role.TTG_CASEWORKER,
        Role.CRC_MANAGER,
    }


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    release=st.dates(min_value=date(2018, 1, 1), max_value=date(2021, 12, 31)),
    arrived=st.none() | st.dates(min_value=date(2017, 1, 1), max_value=date(2021, 12, 31)),
    today=st.dates(min_value=date(2018, 1, 1), max_value=date(2021, 12, 31)),
    in_resettlement=st.booleans(),
)
def test_the_sql_agrees_with_the_rule(release: date, arrived: date | None, today: date, in_resettlement: bool) -> None:
    """The list asks T9a in SQL; the pure rule is the definition. On every date, the same answer."""
    one = CRC.objects.order_by("pk")[:1]
    row = selectors_release.with_transfer_status(
        one,
        release=Value(release, output_field=DateField()),
        arrived=Value(arrived, output_field=DateField()),
        in_resettlement=Value(in_resettlement, output_field=BooleanField()),
        today=today,
    ).get()
    expected = rules.resettlement_transfer(release_date=release, today=today, in_resettlement_prison=in_resettlement, arrived_on=arrived)
    assert row.transfer == expected.value


def test_the_page_and_its_queries_do_not_grow_with_its_rows(
    world: dict[str, CustodyPeriod], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client: Client = client_for(Role.RESPONSIBLE_OFFICER)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("release_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Transfer missed" in text and "Transferred in time" in text and "Transferred late" in text and "Yes: authorised" in text
    for i in range(10):
        _person(f"T9{100 + i}BB", release=TODAY + timedelta(days=30 + i), moves=[(date(2019, 1, 7), OUTSIDE)])
        hold_case(
            custody_period=CustodyPeriod.objects.get(person__prison_number=f"T9{100 + i}BB"),
            officer=world["missed"].probation_cases.get().officer,
            source=ProbationCase.Source.ALLOCATED,
            by=None,
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("release_list")).status_code == 200


def test_the_officer_makes_a_release_plan_and_refers_an_activity_of_it(world: dict[str, CustodyPeriod], personas: dict[str, Any]) -> None:
    officer, period = personas[Role.RESPONSIBLE_OFFICER], world["missed"]
    load_initial_catalogue()
    load_desired_outcomes()
    plan = plan_services.make_release_plan(period=period, by=officer)
    assert (plan.kind, plan.owned_by) == (PlanKind.RELEASE, officer)
    assert plan_services.make_release_plan(period=period, by=officer) == plan  # made again: the same plan
    with pytest.raises(plan_services.PlanError) as refused:
        plan_services.add_release_activity(plan=plan, title="", pathway="", owner_kind=OwnerKind.CRC, due_on=None, by=officer)
    assert set(refused.value.errors) == {"title", "pathway", "owner_kind"}
    other = officer.__class__.objects.create(username="t9-second-officer", role=Role.RESPONSIBLE_OFFICER, nps_division=officer.nps_division)
    with pytest.raises(plan_services.PlanError):
        plan_services.add_release_activity(
            plan=plan, title="Bank account", pathway="finance", owner_kind=OwnerKind.NPS, due_on=None, by=other
        )
    home = plan_services.add_release_activity(
        plan=plan,
        title="Somewhere to live",
        pathway="accommodation",
        owner_kind=OwnerKind.PARTNER,
        owner="Gateway Housing Trust",
        due_on=None,
        by=officer,
    )
    referral = referral_services.send(
        activity=home,
        organisation=home.plan.custody_period.purchases.get().provider_organisation,
        need="Needs a home",
        desired_outcomes=list(referral_services.offered_outcomes("accommodation", TODAY)[:1]),
        shared=["first_name", "last_name"],
        consent_given=True,
        consent_on=TODAY,
        funding="rate_card",
        purchase=home.plan.custody_period.purchases.get(),
        by=officer,
    )
    assert referral.crc is None and referral.funded  # from the NPS, under its sharing agreement with the trust
    # A person in a resettlement prison gets no release plan: the CRC plans for them.
    with pytest.raises(plan_services.PlanError, match="resettlement prison"):
        plan_services.make_release_plan(period=world["in_time"], by=officer)


def test_the_officers_pages_from_the_list_to_the_referral_journey(world: dict[str, CustodyPeriod], client_for: Any) -> None:
    load_initial_catalogue()
    client: Client = client_for(Role.RESPONSIBLE_OFFICER)
    number = "T9001AA"
    assert client.post(reverse("release_plan_make", args=[number])).status_code == 302
    page = client.post(reverse("release_activity_add", args=[number]), {"title": "", "pathway": "", "owner_kind": "partner"})
    assert page.status_code == 200 and "Enter what will be done" in page.content.decode() and "Select the pathway" in page.content.decode()
    added = client.post(
        reverse("release_activity_add", args=[number]),
        {"title": "Somewhere to live", "pathway": "accommodation", "owner_kind": "partner", "owner": "Gateway Housing Trust"},
    )
    assert added.status_code == 302
    plan_page = client.get(reverse("release_plan", args=[number])).content.decode()
    assert "Somewhere to live" in plan_page and "Refer to a partner organisation" in plan_page
    activity = world["missed"].plan.activities.get()
    journey = client.get(reverse("referral_new", kwargs={"prison_number": number, "pk": activity.pk, "step": "organisation"}))
    assert journey.status_code == 200
    # Pre-filled: the organisation named as the activity's owner is chosen already.
    assert f'value="{activity.plan.custody_period.purchases.get().provider_organisation_id}" checked' in journey.content.decode()
    # The TTG caseworker cannot refer the release plan's activity, nor the officer a resettlement plan's.
    assert client_for(Role.TTG_CASEWORKER).get(
        reverse("referral_new", kwargs={"prison_number": number, "pk": activity.pk, "step": "organisation"})
    ).status_code in (403, 404)


def test_moved_to_a_resettlement_prison_later_the_crc_reads_the_release_plan_and_cannot_change_it(
    world: dict[str, CustodyPeriod], personas: dict[str, Any], client_for: Any
) -> None:
    load_initial_catalogue()
    period = world["missed"]
    plan_services.make_release_plan(period=period, by=personas[Role.RESPONSIBLE_OFFICER])
    period.current_prison = Prison.objects.get(code=RESETTLEMENT)
    period.save(update_fields=["current_prison"])
    page = client_for(Role.TTG_CASEWORKER).get(reverse("plan", args=[period.person.prison_number]))
    text = page.content.decode()
    assert page.status_code == 200 and "short release plan the responsible officer made" in text
    assert "Add an activity" not in text and "Agree plan" not in text
