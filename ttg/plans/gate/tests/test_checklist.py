"""The release checklist (issue 23 item 3; service brief U5; rules G1, G2): day one covered.

The rules at their boundaries (hypothesis over the days around release), the checklist's states through
the services (to do, done, not needed with a reason, to do again; completed and reopened), its refusals,
the release-day outcomes read from it, the pages (plain forms: no JavaScript needed), and the work list
(overdue from the release date, an indexed query). The clock says Monday 2 September 2019.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.plans.catalogue.models import CatalogueVersion
from ttg.plans.gate import rules
from ttg.plans.gate import services as services_gate
from ttg.plans.gate.models import ReleaseChecklist
from ttg.plans.gate.tests.test_gate import _planned
from ttg.plans.plan.models import Plan
from ttg.plans.plan.services import PlanError
from ttg.worklist import selectors as selectors_worklist
from ttg.worklist.tests.test_worklist import _plan

TODAY = date(2019, 9, 2)
RELEASE = date(2019, 10, 28)

# --- the rules -----------------------------------------------------------------------------------------


@pytest.mark.once
def test_the_items_are_the_issue_s_in_one_place() -> None:
    assert rules.CHECKLIST_CODES == ("accommodation", "id", "bank_account", "benefit_claim", "gp", "travel", "money", "medication")
    assert rules.checklist_item("accommodation").asks_safe
    assert dict(rules.checklist_item("benefit_claim").options).keys() == {"advance", "appointment"}
    outcomes = {i.outcome for i in rules.CHECKLIST if i.outcome}
    assert outcomes <= set(services_gate.OUTCOME_FIELDS)


@pytest.mark.once
@given(offset=st.integers(min_value=-30, max_value=30), open_count=st.integers(min_value=0, max_value=len(rules.CHECKLIST)))
def test_overdue_from_the_release_date_while_an_item_is_open(offset: int, open_count: int) -> None:
    today = RELEASE + timedelta(days=offset)
    decision = rules.checklist_overdue(release_date=RELEASE, open_count=open_count, today=today)
    # Due by the day before release: overdue from the release date itself, only with something open.
    assert decision.value == (open_count > 0 and today >= RELEASE)
    assert "(rule G1, in force throughout the service)" in decision.reasons[0]


@pytest.mark.once
def test_the_boundary_in_words() -> None:
    assert rules.checklist_due(RELEASE).reasons[0].startswith("Due by 27 October 2019, before release on 28 October 2019")
    day_before = rules.checklist_overdue(release_date=RELEASE, open_count=1, today=date(2019, 10, 27))
    assert not day_before.value and day_before.reasons[0].startswith("Due by 27 October 2019: 1 item is still to do")
    on_the_day = rules.checklist_overdue(release_date=RELEASE, open_count=2, today=RELEASE)
    assert on_the_day.value and on_the_day.reasons[0].startswith("Overdue: it was due by 27 October 2019 and 2 items are still to do")
    assert not rules.checklist_overdue(release_date=None, open_count=8, today=RELEASE).value
    with pytest.raises(ValueError):
        rules.checklist_overdue(release_date=RELEASE, open_count=-1, today=RELEASE)


@pytest.mark.once
@pytest.mark.parametrize(
    ("code", "status", "kwargs", "field"),
    [
        ("id", "done", {}, ""),
        ("id", "not_needed", {}, "note"),  # not needed needs its reason
        ("id", "not_needed", {"note": "  "}, "note"),
        ("id", "not_needed", {"note": "Has a passport"}, ""),
        ("id", "open", {}, ""),
        ("id", "maybe", {}, "status"),
        ("benefit_claim", "done", {}, "detail"),  # an advance or an appointment
        ("benefit_claim", "done", {"detail": "advance"}, ""),
        ("accommodation", "done", {"detail": "temporary"}, "safe"),  # and whether it is safe and suitable
        ("accommodation", "done", {"detail": "rough_sleeping", "safe": "yes"}, "detail"),  # no accommodation is not done
        ("accommodation", "done", {"detail": "temporary", "safe": "no"}, ""),
    ],
)
def test_what_an_item_may_record(code: str, status: str, kwargs: dict[str, str], field: str) -> None:
    assert rules.check_item(code, status, **kwargs).value["field"] == field


@pytest.mark.once
def test_the_release_day_outcomes_it_answers() -> None:
    items = {
        "accommodation": {"status": "done", "detail": "approved_premises", "safe": "no"},
        "id": {"status": "done"},
        "bank_account": {"status": "not_needed", "note": "Has one"},  # not needed says nothing of the outcome: asked
        "gp": {"status": "done"},
        "travel": {"status": "done"},  # no outcome of its own
    }
    assert rules.outcomes_from_checklist(items) == {
        "accommodation": "approved_premises",
        "accommodation_safe": "no",
        "id_documents": "yes",
        "gp_registration": "yes",
    }
    assert rules.outcomes_from_checklist({}) == {}


# --- through the services ------------------------------------------------------------------------------


@pytest.fixture
def plan(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> Plan:
    """An agreed plan at Altcourse, release on Monday 28 October 2019: the review opened on 5 August."""
    return _plan(personas, catalogue, release=RELEASE)


def _record(plan: Plan, personas: dict[str, Any], item: str, status: str, **kwargs: str) -> ReleaseChecklist:
    return services_gate.record_checklist_item(plan=plan, item=item, status=status, by=personas[Role.TTG_CASEWORKER], **kwargs)


def test_its_states_until_every_item_is_closed(personas: dict[str, Any], plan: Plan) -> None:
    checklist = _record(plan, personas, "accommodation", "done", detail="temporary", safe="yes", note="Hostel bed")
    assert checklist.open_items == 7 and checklist.completed_at is None
    assert AuditEvent.objects.filter(action="plans.releasechecklist.open").count() == 1
    _record(plan, personas, "id", "not_needed", note="Has a passport")
    for code in ("bank_account", "gp", "travel", "money", "medication"):
        _record(plan, personas, code, "done")
    checklist = _record(plan, personas, "benefit_claim", "done", detail="appointment")
    assert checklist.open_items == 0 and checklist.completed_at is not None
    assert checklist.items["id"] == {"status": "not_needed", "note": "Has a passport"}
    # The same again changes nothing (no audit event); to do again reopens it.
    events = AuditEvent.objects.filter(action="plans.releasechecklist.item").count()
    _record(plan, personas, "money", "done")
    assert AuditEvent.objects.filter(action="plans.releasechecklist.item").count() == events
    checklist = _record(plan, personas, "money", "open")
    assert checklist.open_items == 1 and checklist.completed_at is None and "money" not in checklist.items
    # What was in place for the person is personal data: the audit trail says that it changed.
    assert "Hostel bed" not in str(AuditEvent.objects.filter(action="plans.releasechecklist.item").values_list("after", flat=True))


def test_refusals_name_the_field(personas: dict[str, Any], plan: Plan, catalogue: dict[str, CatalogueVersion]) -> None:
    with pytest.raises(PlanError) as refused:
        _record(plan, personas, "id", "not_needed")
    assert refused.value.field == "note" and "Give the reason" in refused.value.message
    with pytest.raises(PlanError) as refused:
        _record(plan, personas, "accommodation", "done", detail="settled")
    assert refused.value.field == "safe"
    later = _plan(personas, catalogue, release=date(2020, 3, 1))  # the review opens on 8 December
    with pytest.raises(PlanError) as refused:
        _record(later, personas, "id", "done")
    assert "opens with the pre-release review" in refused.value.message
    gone = _plan(personas, catalogue, release=date(2019, 8, 27), released=date(2019, 8, 27))
    with pytest.raises(PlanError) as refused:
        _record(gone, personas, "id", "done")
    assert "has been released" in refused.value.message
    assert not ReleaseChecklist.objects.filter(plan__in=[later, gone]).exists()


@pytest.mark.once
def test_it_opens_with_the_pre_release_review(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]) -> None:
    planned = _planned(personas, release="2019-11-01")
    assert not ReleaseChecklist.objects.filter(plan=planned).exists()
    services_gate.answer_pathway(plan=planned, pathway="ete", answer="ready", by=personas[Role.TTG_CASEWORKER])
    checklist = ReleaseChecklist.objects.get(plan=planned)
    assert checklist.open_items == len(rules.CHECKLIST) and checklist.items == {}


def test_the_release_day_outcomes_read_from_it(personas: dict[str, Any], catalogue: dict[str, CatalogueVersion], settings: Any) -> None:
    plan = _plan(personas, catalogue, release=date(2019, 9, 3))
    _record(plan, personas, "accommodation", "done", detail="approved_premises", safe="yes")
    _record(plan, personas, "bank_account", "done")
    settings.TTG_NOW = "2019-09-03T09:00:00+01:00"  # the day of release
    # Only what the checklist does not say is given; what it says is the answer, even if something else is sent.
    outcome = services_gate.record_outcome(
        plan=plan,
        kind="release_day",
        values={
            "accommodation": "rough_sleeping",
            "ete": "no",
            "id_documents": "no",
            "benefit_claim": "no",
            "gp_registration": "not_known",
        },
        by=personas[Role.TTG_CASEWORKER],
    )
    assert (outcome.accommodation, outcome.accommodation_safe, outcome.bank_account) == ("approved_premises", "yes", "yes")
    assert (outcome.id_documents, outcome.ete) == ("no", "no")


# --- the pages (plain forms: they work without JavaScript) --------------------------------------------------


@pytest.mark.once
def test_the_pages(personas: dict[str, Any], plan: Plan, client_for: Any, settings: Any) -> None:
    number = plan.custody_period.person.prison_number
    caseworker = client_for(Role.TTG_CASEWORKER)
    page = caseworker.get(reverse("plan_checklist", args=[number])).content.decode()
    assert "Release checklist" in page and "Not started" in page and page.count('<li class="govuk-task-list__item') == 8
    assert "Due by 27 October 2019: 8 items are still to do." in page
    url = reverse("plan_checklist_item", args=[number, "travel"])
    response = caseworker.post(url, {"status": "not_needed", "note": ""})
    assert (
        response.status_code == 200 and "There is a problem" in response.content.decode() and 'href="#id_note"' in response.content.decode()
    )
    response = caseworker.post(url, {"status": "not_needed", "note": "A lift from his sister"})
    assert response.status_code == 302 and response["Location"] == reverse("plan_checklist_item", args=[number, "accommodation"])
    page = caseworker.get(reverse("plan_checklist", args=[number])).content.decode()
    assert "A lift from his sister" in page and "In progress" in page
    # The plan page's through-the-gate part links to it; a governor reads it but has no links to change it.
    assert reverse("plan_checklist", args=[number]) in caseworker.get(reverse("plan", args=[number])).content.decode()
    governor = client_for(Role.GOVERNOR).get(reverse("plan_checklist", args=[number])).content.decode()
    assert "A lift from his sister" in governor and reverse("plan_checklist_item", args=[number, "travel"]) not in governor
    assert client_for(Role.GOVERNOR).post(url, {"status": "done"}).status_code == 403

    # The release-day outcomes page asks only what the checklist does not say.
    caseworker.post(reverse("plan_checklist_item", args=[number, "gp"]), {"status": "done"})
    settings.TTG_NOW = "2019-10-28T09:00:00+00:00"
    page = caseworker.get(reverse("plan_outcome", args=[number, "release-day"])).content.decode()
    assert "From the release checklist" in page and 'name="gp_registration"' not in page and 'name="bank_account"' in page
    checklist = caseworker.get(reverse("plan_checklist", args=[number])).content.decode()
    assert "Overdue" in checklist and "govuk-tag--red" in checklist


# --- the work list --------------------------------------------------------------------------------------------


def _checklists(personas: dict[str, Any], key: str) -> list[tuple[str, str, bool]]:
    work = selectors_worklist.work_list(personas[Role.TTG_CASEWORKER])
    return [
        (i.person.prison_number, i.what, i.overdue) for i in work.section(key).items if i.what.startswith("Finish the release checklist")
    ]


def test_the_work_list_shows_it_due_then_overdue_from_the_release_date(
    personas: dict[str, Any], catalogue: dict[str, CatalogueVersion]
) -> None:
    tomorrow = _plan(personas, catalogue, release=TODAY + timedelta(days=1))  # due today: not overdue
    today = _plan(personas, catalogue, release=TODAY)  # due yesterday: overdue
    closed = _plan(personas, catalogue, release=TODAY)
    later = _plan(personas, catalogue, release=TODAY + timedelta(weeks=13))  # the review has not opened
    by = personas[Role.TTG_CASEWORKER]
    services_gate.record_checklist_item(plan=tomorrow, item="id", status="done", by=by)
    for code in rules.CHECKLIST_CODES:
        services_gate.record_checklist_item(plan=closed, item=code, status="not_needed", note="Not needed", by=by)
    number = {p.pk: p.custody_period.person.prison_number for p in (tomorrow, today, closed, later)}
    assert _checklists(personas, selectors_worklist.REVIEWS) == [
        (number[tomorrow.pk], "Finish the release checklist: 7 items to do (release on 3 September 2019)", False)
    ]
    assert _checklists(personas, selectors_worklist.OVERDUE) == [
        (number[today.pk], "Finish the release checklist: 8 items to do (release on 2 September 2019)", True)
    ]
    # The CRC manager sees it on their work list too (visible to managers: U5).
    manager = selectors_worklist.work_list(personas[Role.CRC_MANAGER]).section(selectors_worklist.OVERDUE)
    assert any(i.person.prison_number == number[today.pk] for i in manager.items)


# --- the API -----------------------------------------------------------------------------------------------


def test_the_api_reads_and_records_all_or_nothing(personas: dict[str, Any], plan: Plan) -> None:
    number = plan.custody_period.person.prison_number
    client = APIClient()
    client.force_authenticate(personas[Role.TTG_CASEWORKER])
    url = reverse("api_release_checklist", args=[number])
    body = client.get(url).json()
    assert body["due_on"] == "2019-10-27" and body["open_items"] == 8 and not body["overdue"] and body["editable"]
    # One item refused: nothing saved, the field named.
    refused = client.put(url, {"items": {"id": {"status": "done"}, "travel": {"status": "not_needed"}}}, format="json")
    assert refused.status_code == 400 and "items.travel.note" in refused.json()["errors"]
    assert not ReleaseChecklist.objects.filter(plan=plan).exists()
    done = client.put(url, {"items": {"id": {"status": "done"}, "travel": {"status": "not_needed", "note": "A lift"}}}, format="json")
    assert done.status_code == 200 and done.json()["open_items"] == 6
    assert client.put(url, {"items": {}, "extra": 1}, format="json").status_code == 400  # unknown fields refused
    reader = APIClient()
    reader.force_authenticate(personas[Role.GOVERNOR])
    assert reader.get(url).status_code == 200 and reader.put(url, {"items": {}}, format="json").status_code == 403
