"""Allocation (rules AL1 and AL2, docs/allocation.md): a CRC manager allocates the people their CRC works with
to its own TTG caseworkers, reallocates keeping the history (audited), sees caseloads against capacity; nobody
else allocates, and nobody sees allocations beyond their scope ("not yours" is the same 404 as "not found")."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ttg.accounts.constants import Role
from ttg.core import clock
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC, Prison
from ttg.notifications.models import Notification
from ttg.people import rules, selectors_allocation, services
from ttg.people.models import Allocation, CustodyPeriod, Person

_numbers = itertools.count(1)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)), timezone.get_default_timezone())


def in_custody(prison: str = "ACI", *, released: date | None = None, release: date | None = date(2020, 1, 10)) -> CustodyPeriod:
    """A person in custody at `prison` (or released from it on `released`): straight into the tables."""
    n = next(_numbers)
    person = Person.objects.create(
        prison_number=f"A{n:04d}AL", first_name=f"Al{n}", last_name="Located", date_of_birth=date(1990, 1, 1), sex="M"
    )
    at = Prison.objects.get(code=prison)
    return CustodyPeriod.objects.create(
        person=person,
        received_at=_at(date(2019, 5, 1)),
        reception_date=date(2019, 5, 1),
        reception_prison=at,
        current_prison=at,
        legal_status="SENTENCED",
        release_date=release,
        released_at=_at(released) if released else None,
    )


@pytest.fixture
def team(personas: dict[str, Any], django_user_model: Any) -> dict[str, Any]:
    """Merseyside CRC's manager and two of its caseworkers; Wales CRC's manager and caseworker."""
    mersey = personas[Role.CRC_MANAGER].crc
    wales = CRC.objects.get(code="WALES")
    make = django_user_model.objects.create
    return {
        "manager": personas[Role.CRC_MANAGER],
        "tom": personas[Role.TTG_CASEWORKER],
        "second": make(username="second.caseworker", first_name="Sam", last_name="Second", role=Role.TTG_CASEWORKER, crc=mersey),
        "wales_manager": make(username="wales.manager", role=Role.CRC_MANAGER, crc=wales),
        "wales_caseworker": make(username="wales.caseworker", role=Role.TTG_CASEWORKER, crc=wales),
    }


# --- capacity (rule AL2) at its boundary ------------------------------------------------------------


@pytest.mark.parametrize(
    ("caseload", "capacity", "status"),
    [
        (0, 40, rules.ROOM),
        (39, 40, rules.ROOM),
        (40, 40, rules.AT_CAPACITY),
        (41, 40, rules.OVER_CAPACITY),
        (0, 0, rules.AT_CAPACITY),
        (1, 0, rules.OVER_CAPACITY),
    ],
)
def test_capacity_at_and_over_its_boundary(caseload: int, capacity: int, status: str) -> None:
    decision = rules.capacity(caseload, capacity)
    assert decision.value == status
    assert f"{caseload} of {capacity}" in decision.reasons[0] and "rule AL2" in decision.reasons[0]
    assert "TTG_CASEWORKER_CAPACITY" in decision.reasons[0]


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_capacity_is_room_below_at_on_and_over_above(caseload: int, capacity: int) -> None:
    expected = rules.ROOM if caseload < capacity else rules.AT_CAPACITY if caseload == capacity else rules.OVER_CAPACITY
    assert rules.capacity(caseload, capacity).value == expected


def test_a_negative_caseload_or_capacity_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.capacity(-1, 40)
    with pytest.raises(ValueError):
        rules.capacity(1, -40)


def test_the_caseloads_count_current_allocations_of_people_the_crc_still_works_with(team: dict[str, Any], settings: Any) -> None:
    settings.TTG_CASEWORKER_CAPACITY = 2
    manager, tom = team["manager"], team["tom"]
    before = {c.user: c.caseload for c in selectors_allocation.caseworkers(manager)}[tom]
    for period in (in_custody(), in_custody("LPI")):
        services.allocate(manager=manager, period=period, caseworker_id=tom.pk)
    # Released yesterday: still in the caseload (outcomes to record); released 13 weeks ago: no longer.
    recent, long_ago = in_custody(released=clock.today() - timedelta(days=1)), in_custody(released=clock.today() - timedelta(weeks=13))
    services.allocate(manager=manager, period=recent, caseworker_id=tom.pk)
    Allocation.objects.create(custody_period=long_ago, caseworker=tom, allocated_at=_at(date(2019, 5, 2)), allocated_by=manager)
    # Reallocated away: not Tom's any more.
    away = in_custody()
    services.allocate(manager=manager, period=away, caseworker_id=tom.pk)
    services.allocate(manager=manager, period=away, caseworker_id=team["second"].pk)
    rows = {c.user: c for c in selectors_allocation.caseworkers(manager)}
    assert rows[tom].caseload == before + 3 and rows[team["second"]].caseload == 1
    assert rows[tom].status == rules.OVER_CAPACITY and rows[team["second"]].status == rules.ROOM
    # Only the manager's own CRC's caseworkers, and only for a manager.
    assert team["wales_caseworker"] not in rows and selectors_allocation.caseworkers(tom) == []


# --- allocating and reallocating (rule AL1) ----------------------------------------------------------


def test_reallocation_keeps_the_history_audited_and_notifies_each_caseworker_once(team: dict[str, Any]) -> None:
    manager, tom, second = team["manager"], team["tom"], team["second"]
    period = in_custody()
    first = services.allocate(manager=manager, period=period, caseworker_id=tom.pk)
    assert first.changed and first.previous is None and first.allocation.caseworker == tom
    again = services.allocate(manager=manager, period=period, caseworker_id=str(tom.pk))  # a retried request
    assert not again.changed and again.allocation == first.allocation
    moved = services.allocate(manager=manager, period=period, caseworker_id=second.pk)
    assert moved.changed and moved.previous == first.allocation

    rows = list(Allocation.objects.filter(custody_period=period).order_by("id"))
    assert [(a.caseworker, a.allocated_by, a.ended_by) for a in rows] == [(tom, manager, manager), (second, manager, None)]
    assert rows[0].ended_at == rows[1].allocated_at and rows[1].ended_at is None
    assert [a.caseworker for a in selectors_allocation.history(manager, period)] == [second, tom]

    events = AuditEvent.objects.filter(object_type="people.Allocation").order_by("id")
    assert [(e.action, e.actor, e.scope_crc_id) for e in events] == [
        ("people.allocation.add", manager, manager.crc_id),
        ("people.allocation.end", manager, manager.crc_id),
        ("people.allocation.add", manager, manager.crc_id),
    ]
    assert (events[1].after or {}).get("ended_by") == manager.pk
    notes = Notification.objects.filter(template="allocated").order_by("id")
    assert [n.recipient for n in notes] == [tom, second]
    assert period.person.prison_number in notes[0].subject and period.person.first_name not in notes[0].body


def test_the_database_never_holds_two_current_allocations(team: dict[str, Any]) -> None:
    period = in_custody()
    services.allocate(manager=team["manager"], period=period, caseworker_id=team["tom"].pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(custody_period=period, caseworker=team["second"], allocated_at=clock.now(), allocated_by=team["manager"])
    # An ended allocation beside a current one is history, not a second current one.
    Allocation.objects.create(
        custody_period=period, caseworker=team["second"], allocated_at=clock.now(), allocated_by=team["manager"], ended_at=clock.now()
    )


@pytest.mark.parametrize("who", ["wales_caseworker", "manager", "prison_officer", "inactive", "nobody"])
def test_a_manager_allocates_only_to_the_caseworkers_of_their_own_crc(who: str, team: dict[str, Any], personas: dict[str, Any]) -> None:
    period = in_custody()
    if who == "inactive":
        team["second"].is_active = False
        team["second"].save(update_fields=["is_active"])
    target = {"prison_officer": personas[Role.PRISON_OFFICER], "inactive": team["second"], "nobody": None}.get(who) or team.get(who)
    with pytest.raises(ValidationError) as refused:
        services.allocate(manager=team["manager"], period=period, caseworker_id=target.pk if target else "not-a-number")
    assert "caseworker" in refused.value.message_dict
    assert not Allocation.objects.filter(custody_period=period).exists()


def test_another_crcs_manager_may_not_allocate_nor_see_whom_it_is_404(team: dict[str, Any]) -> None:
    period = in_custody()
    services.allocate(manager=team["manager"], period=period, caseworker_id=team["tom"].pk)
    wales = team["wales_manager"]
    with pytest.raises(Http404):
        services.allocate(manager=wales, period=period, caseworker_id=team["wales_caseworker"].pk)
    client = Client()
    client.force_login(wales)
    not_theirs = client.get(reverse("person_allocate", args=[period.person.prison_number]))
    missing = client.get(reverse("person_allocate", args=["Z0000ZZ"]))
    assert not_theirs.status_code == missing.status_code == 404
    assert period.person.prison_number not in not_theirs.content.decode() and "Page not found" in not_theirs.content.decode()
    assert (
        client.post(reverse("person_allocate", args=[period.person.prison_number]), {"caseworker": team["wales_caseworker"].pk}).status_code
        == 404
    )
    assert Allocation.objects.get(custody_period=period, ended_at=None).caseworker == team["tom"]


def test_a_person_released_beyond_the_crcs_weeks_cannot_be_allocated(team: dict[str, Any]) -> None:
    period = in_custody(released=clock.today() - timedelta(weeks=13))
    with pytest.raises(Http404):
        services.allocate(manager=team["manager"], period=period, caseworker_id=team["tom"].pk)


@pytest.mark.parametrize(
    "role", [Role.TTG_CASEWORKER, Role.PARTNER_CASEWORKER, Role.PRISON_OFFICER, Role.GOVERNOR, Role.RESPONSIBLE_OFFICER]
)
def test_nobody_but_a_crc_manager_allocates(role: str, team: dict[str, Any], personas: dict[str, Any], client_for: Any) -> None:
    period = in_custody()
    client = client_for(role)
    url = reverse("person_allocate", args=[period.person.prison_number])
    assert client.get(url).status_code == 403
    assert client.post(url, {"caseworker": team["tom"].pk}).status_code == 403
    with pytest.raises(Http404):
        services.allocate(manager=personas[role], period=period, caseworker_id=team["tom"].pk)
    assert not Allocation.objects.filter(custody_period=period).exists()


def test_allocations_are_seen_only_within_scope(team: dict[str, Any], personas: dict[str, Any], django_user_model: Any) -> None:
    ours, theirs = in_custody(), in_custody("SWI")
    services.allocate(manager=team["manager"], period=ours, caseworker_id=team["tom"].pk)
    services.allocate(manager=team["wales_manager"], period=theirs, caseworker_id=team["wales_caseworker"].pk)

    def seen(user: Any) -> set[int]:
        return set(Allocation.objects.visible_to(user).filter(custody_period__in=[ours, theirs]).values_list("custody_period", flat=True))

    assert seen(team["manager"]) == seen(team["tom"]) == {ours.pk}
    assert seen(team["wales_manager"]) == seen(team["wales_caseworker"]) == {theirs.pk}
    for role in (Role.PRISON_OFFICER, Role.GOVERNOR, Role.PARTNER_CASEWORKER, Role.RESPONSIBLE_OFFICER, Role.CONTRACT_MANAGER):
        assert seen(personas[role]) == set(), role
    assert selectors_allocation.current_allocation(personas[Role.PRISON_OFFICER], ours) is None
    assert selectors_allocation.history(personas[Role.PRISON_OFFICER], ours) == []


# --- the pages -------------------------------------------------------------------------------------


def test_the_allocation_page_shows_caseloads_refuses_no_choice_and_allocates_with_a_banner(team: dict[str, Any], client_for: Any) -> None:
    period = in_custody()
    number = period.person.prison_number
    client = client_for(Role.CRC_MANAGER)
    url = reverse("person_allocate", args=[number])
    page = client.get(url).content.decode()
    assert f"Allocate {period.person.first_name} Located" in page and "Nobody yet" in page
    assert "Caseload 0 of 40" in page and "Sam Second" in page and "wales.caseworker" not in page
    assert AuditEvent.objects.filter(kind="view", object_id=str(period.person.pk), actor=team["manager"]).exists()

    empty = client.post(url, {})
    assert empty.status_code == 200
    body = empty.content.decode()
    assert "There is a problem" in body and 'href="#id_caseworker"' in body and "Select the caseworker to allocate this person to" in body
    assert not Allocation.objects.filter(custody_period=period).exists()
    wrong = client.post(url, {"caseworker": team["wales_caseworker"].pk}).content.decode()
    assert "Select a caseworker of your CRC" in wrong

    done = client.post(url, {"caseworker": team["tom"].pk, "next": "https://elsewhere.example/"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("person_detail", args=[number])
    page = done.content.decode()
    assert "is allocated to Tom Okafor" in page and "govuk-notification-banner--success" in page
    assert "Allocated to" in page and "Reallocate" in page

    back = client.post(url, {"caseworker": team["second"].pk, "next": "/allocations/?prison=ACI"})
    assert back.status_code == 302 and back["Location"] == "/allocations/?prison=ACI"
    page = client.get(url).content.decode()
    assert f"Reallocate {period.person.first_name} Located" in page and "Allocation history" in page and "Holds this person now" in page


def test_the_person_page_says_who_holds_them_to_the_crc_only(team: dict[str, Any], client_for: Any) -> None:
    period = in_custody()
    services.allocate(manager=team["manager"], period=period, caseworker_id=team["tom"].pk)
    url = reverse("person_detail", args=[period.person.prison_number])
    caseworker = client_for(Role.TTG_CASEWORKER).get(url).content.decode()
    assert "TTG caseworker" in caseworker and "Tom Okafor since 2 September 2019" in caseworker
    assert reverse("person_allocate", args=[period.person.prison_number]) not in caseworker
    officer = client_for(Role.PRISON_OFFICER).get(url).content.decode()
    assert "Tom Okafor since" not in officer and "Allocated to" not in officer


def test_the_plan_names_the_caseworker_who_holds_the_person(
    team: dict[str, Any], personas: dict[str, Any], catalogue: Any, client_for: Any
) -> None:
    from ttg.plans.plan.models import Plan

    period = in_custody()
    Plan.objects.create(
        custody_period=period, catalogue_version=catalogue["2019"], status="draft", proposed_at=clock.now(), proposed_by=team["tom"]
    )
    url = reverse("plan", args=[period.person.prison_number])
    assert "Tom Okafor" not in client_for(Role.TTG_CASEWORKER).get(url).content.decode()
    services.allocate(manager=team["manager"], period=period, caseworker_id=team["tom"].pk)
    assert "Tom Okafor" in client_for(Role.TTG_CASEWORKER).get(url).content.decode()
    assert "Tom Okafor" not in client_for(Role.PRISON_OFFICER).get(url).content.decode()
