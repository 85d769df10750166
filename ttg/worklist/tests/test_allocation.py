"""The work list's "my people" / "my prison" / "unallocated" filters, and the CRC manager's allocations page:
caseloads against capacity and the people due work whom nobody holds, against a small world with known
answers (rule AL1, docs/allocation.md). The clock says Monday 2 September 2019."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import home_tasks
from ttg.accounts.constants import Role
from ttg.estate.models import Prison
from ttg.people import services
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.plan.models import Plan, PlanStatus
from ttg.worklist import selectors as selectors_worklist
from ttg.worklist.tests.test_worklist import TODAY, _activity, _plan


@pytest.fixture
def world(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion], django_user_model: Any) -> dict[str, Any]:
    """Known answers. At Merseyside's prisons: Ann (plan to agree, release 1 Dec 2019) and Bob (activity due
    this week, release unknown) allocated to nobody; Cat (plan to agree) allocated to Tom; Dan (plan to agree)
    allocated to Sam; Eve (agreed plan, release far off, nothing due) allocated to nobody but with no work;
    Fay (plan to agree, release 1 Oct 2019) at HMP Liverpool, allocated to nobody. Gus at another CRC's prison
    (plan to agree), allocated to nobody."""
    manager, tom = personas[Role.CRC_MANAGER], personas[Role.TTG_CASEWORKER]
    sam = django_user_model.objects.create(
        username="sam.second", first_name="Sam", last_name="Second", role=Role.TTG_CASEWORKER, crc=tom.crc
    )

    def plan(name: str, **kwargs: Any) -> Plan:
        return _plan(personas, catalogue, name=name, **kwargs)

    aci = Prison.objects.select_related("crc").get(code="ACI")
    elsewhere = Prison.objects.exclude(crc=aci.crc).exclude(crc=None).first()
    assert elsewhere is not None
    people = {
        "ann": plan("Ann", status=PlanStatus.DRAFT, release=date(2019, 12, 1)),
        "bob": plan("Bob", release=None),
        "cat": plan("Cat", status=PlanStatus.DRAFT),
        "dan": plan("Dan", status=PlanStatus.DRAFT),
        "eve": plan("Eve", release=date(2021, 6, 1)),
        "fay": plan("Fay", status=PlanStatus.DRAFT, release=date(2019, 10, 1), prison="LPI"),
        "gus": plan("Gus", status=PlanStatus.DRAFT, prison=str(elsewhere.pk)),
    }
    _activity(people["bob"], TODAY)
    services.allocate(manager=manager, period=people["cat"].custody_period, caseworker_id=tom.pk)
    services.allocate(manager=manager, period=people["dan"].custody_period, caseworker_id=sam.pk)
    numbers = {key: p.custody_period.person.prison_number for key, p in people.items()}
    return {"numbers": numbers, "sam": sam, "plans": people}


def _listed(user: Any, prison: str = "") -> list[str]:
    return [p.person.prison_number for p in selectors_worklist.unallocated_due_work(user, prison).page.object_list]


def _people(work: selectors_worklist.WorkList) -> set[str]:
    return {i.person.prison_number for s in work.sections for i in s.items}


def test_the_unallocated_people_due_work_are_listed_soonest_release_first(world: dict[str, Any], personas: dict[str, Any]) -> None:
    n = world["numbers"]
    manager = personas[Role.CRC_MANAGER]
    listed = [number for number in _listed(manager) if number in n.values()]
    # Fay (1 October), Ann (1 December), then Bob (release unknown, last); not Cat or Dan (allocated), Eve (no
    # work due), Gus (another CRC's).
    assert listed == [n["fay"], n["ann"], n["bob"]]
    assert [number for number in _listed(manager, "ACI") if number in n.values()] == [n["ann"], n["bob"]]
    # Allocating takes a person off the list.
    services.allocate(manager=manager, period=world["plans"]["ann"].custody_period, caseworker_id=world["sam"].pk)
    assert n["ann"] not in _listed(manager)
    # Only for a CRC manager.
    assert _listed(personas[Role.TTG_CASEWORKER]) == []


def test_my_people_my_prisons_and_unallocated_on_the_work_list(
    world: dict[str, Any], personas: dict[str, Any], django_user_model: Any
) -> None:
    n = world["numbers"]
    tom, manager = personas[Role.TTG_CASEWORKER], personas[Role.CRC_MANAGER]
    ours = {n[k] for k in ("ann", "bob", "cat", "dan", "fay")}
    assert _people(selectors_worklist.work_list(tom)) & set(n.values()) == ours
    mine = selectors_worklist.work_list(tom, whose="mine")
    assert mine.whose == "mine" and _people(mine) & set(n.values()) == {n["cat"]}
    assert _people(selectors_worklist.work_list(world["sam"], whose="mine")) & set(n.values()) == {n["dan"]}
    nobodys = _people(selectors_worklist.work_list(tom, whose="unallocated")) & set(n.values())
    assert nobodys == {n["ann"], n["bob"], n["fay"]}
    assert _people(selectors_worklist.work_list(tom, "LPI", whose="unallocated")) & set(n.values()) == {n["fay"]}
    # A manager holds nobody: "mine" is not theirs, so they see everyone; "unallocated" is.
    assert selectors_worklist.work_list(manager, whose="mine").whose == ""
    assert _people(selectors_worklist.work_list(manager, whose="unallocated")) & set(n.values()) == nobodys
    assert selectors_worklist.whose_choices(tom) == ["", "mine", "unallocated"]
    assert selectors_worklist.whose_choices(manager) == ["", "unallocated"]
    assert selectors_worklist.whose_choices(personas[Role.PRISON_OFFICER]) == []
    # A partner's TTG caseworker is never allocated to (rule AL1): no "my people".
    partner = django_user_model.objects.get(username="nadia.karim")
    assert selectors_worklist.whose_choices(partner) == ["", "unallocated"]
    assert selectors_worklist.work_list(partner, whose="mine").whose == ""


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_filters_and_the_allocations_page_keep_their_query_counts(
    world: dict[str, Any], personas: dict[str, Any], catalogue: dict[str, CatalogueVersion], client_for: Any
) -> None:
    tom, manager = client_for(Role.TTG_CASEWORKER), client_for(Role.CRC_MANAGER)
    work = reverse("work_list")
    everyone, mine = _queries(tom, work), _queries(tom, f"{work}?whose=mine")
    page = _queries(manager, reverse("allocations"))
    for i in range(6):
        plan = _plan(personas, catalogue, status=PlanStatus.DRAFT, name=f"More{i}")
        if i % 2:
            services.allocate(
                manager=personas[Role.CRC_MANAGER], period=plan.custody_period, caseworker_id=personas[Role.TTG_CASEWORKER].pk
            )
    assert _queries(tom, work) == everyone and _queries(tom, f"{work}?whose=mine") == mine == everyone
    assert _queries(manager, reverse("allocations")) == page


def test_the_allocations_page_and_the_managers_home(world: dict[str, Any], client_for: Any, settings: Any) -> None:
    settings.TTG_CASEWORKER_CAPACITY = 1
    n = world["numbers"]
    page = client_for(Role.CRC_MANAGER).get(reverse("allocations")).content.decode()
    assert "Sam Second" in page and "Tom Okafor" in page and "At capacity" in page
    assert n["ann"] in page and n["cat"] not in page and n["gus"] not in page
    assert f"{reverse('person_allocate', args=[n['ann']])}?next=/allocations/" in page
    tasks = {
        text: (href, count) for text, href, count, _tag in home_tasks(client_for(Role.CRC_MANAGER).get(reverse("home")).content.decode())
    }
    href, count = tasks["People due work to allocate"]
    assert href == f"{reverse('allocations')}#unallocated" and count >= 3
    work = client_for(Role.TTG_CASEWORKER).get(reverse("work_list") + "?whose=mine").content.decode()
    assert 'value="mine" checked' in work and n["cat"] in work and n["ann"] not in work
