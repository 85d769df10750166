"""Contract assurance's services on either database: a sample drawn again from its seed, its checklist,
an action agreed and closed, the logged reveal, an issue raised and resolved, the engagement log,
and who sees what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ttg.assurance import selectors, services
from ttg.assurance.access import REVEAL
from ttg.assurance.models import AuditSample, ContractIssue, Engagement, SampleCase
from ttg.core import access
from ttg.core.models import AuditEvent
from ttg.estate.models import CRC, Organisation
from ttg.notifications.models import Notification

pytestmark = pytest.mark.django_db

AUGUST: dict[str, Any] = {"period_start": date(2019, 8, 1), "period_end": date(2019, 8, 31)}


def _told(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user, template="assurance_changed").values_list("subject", flat=True))


def test_a_sample_is_drawn_from_the_crcs_cases_in_the_period_and_again_from_its_seed(world: dict[str, Any]) -> None:
    sample = services.draw_sample(crc=world["crc"], size=4, by=world["cm"], **AUGUST)
    drawn = list(sample.cases.order_by("position").values_list("custody_period_id", flat=True))  # type: ignore[attr-defined]
    inside = {p.pk for p in world["inside"]}
    assert len(drawn) == 4 and set(drawn) <= inside
    assert sample.population == 10 and sample.seed > 0
    again = services.draw_sample(crc=world["crc"], size=4, seed=sample.seed, by=world["cm"], **AUGUST)
    assert list(again.cases.order_by("position").values_list("custody_period_id", flat=True)) == drawn  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="assurance.auditsample.add", object_id=str(sample.pk), scope_crc=world["crc"]).exists()
    everything = services.draw_sample(crc=world["crc"], size=100, by=world["cm"], **AUGUST)
    assert set(everything.cases.values_list("custody_period_id", flat=True)) == inside  # type: ignore[attr-defined]


def test_a_sample_is_refused_for_a_future_period_an_empty_one_or_a_crc_not_managed(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as late:
        services.draw_sample(crc=world["crc"], period_start=date(2019, 9, 1), period_end=date(2019, 9, 30), size=3, by=world["cm"])
    assert "ended by today" in late.value.message_dict["period_end"][0]
    with pytest.raises(ValidationError):
        services.draw_sample(crc=world["crc"], period_start=date(2018, 1, 1), period_end=date(2018, 1, 31), size=3, by=world["cm"])
    with pytest.raises(PermissionDenied):
        services.draw_sample(crc=CRC.objects.get(code="WALES"), size=3, by=world["cm"], **AUGUST)
    with pytest.raises(PermissionDenied):
        services.draw_sample(crc=world["crc"], size=3, by=world["manager"], **AUGUST)
    assert not AuditSample.objects.exists()


def test_the_checklist_an_action_agreed_and_closed(world: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    cm, manager = world["cm"], world["manager"]
    sample = services.draw_sample(crc=world["crc"], size=3, seed=7, by=cm, **AUGUST)
    case = sample.cases.order_by("position")[0]  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        services.check_case(case=case, evidence=["nonsense"], finding="x", rating="met", by=cm)
    services.check_case(case=case, evidence=["plan", "bcst1"], finding="No plan in time", rating="partly_met", by=cm)
    case.refresh_from_db()
    assert (case.evidence, case.rating, case.checked_by) == (["bcst1", "plan"], "partly_met", cm)
    event = AuditEvent.objects.get(action="assurance.samplecase.change", object_id=str(case.pk))
    assert "No plan in time" not in str(event.after)  # the finding is redacted in the trail

    with django_capture_on_commit_callbacks(execute=False):
        action = services.add_action(sample=sample, case=case, what="Report the gaps", due_on=date(2019, 9, 30), by=cm)
    assert _told(manager)
    with pytest.raises(PermissionDenied):
        services.respond_to_action(action=action, agree=True, response="", by=cm)
    with pytest.raises(ValidationError):
        services.respond_to_action(action=action, agree=False, response=" ", by=manager)
    services.respond_to_action(action=action, agree=True, response="Will do", by=manager)
    again = services.respond_to_action(action=action, agree=True, response="Will do", by=manager)
    assert again.status == "agreed"
    assert selectors.actions_waiting(manager).count() == 0 and selectors.actions_waiting(cm).count() == 1
    closed = services.close_action(action=action, note="Report received", by=cm)
    assert closed.status == "closed" and selectors.actions_waiting(cm).count() == 0
    assert AuditEvent.objects.filter(action__in=["assurance.sampleaction.agree", "assurance.sampleaction.close"]).count() == 2


def test_only_the_contract_manager_who_drew_the_sample_sees_who_a_person_is_and_each_reveal_is_logged(world: dict[str, Any]) -> None:
    cm, second = world["cm"], world["second_cm"]
    sample = services.draw_sample(crc=world["crc"], size=2, seed=3, by=cm, **AUGUST)
    case = selectors.sample_case(cm, sample.pk, sample.cases.order_by("position")[0].pk, action=REVEAL)  # type: ignore[attr-defined]
    assert not access.can(cm, "person.identify")
    person = services.reveal(case=case, by=cm)
    services.reveal(case=case, by=cm)
    views = AuditEvent.objects.filter(action="people.person.reveal", object_id=str(person.pk), actor=cm)
    assert views.count() == 2 and f"Audit sample {sample.pk}" in views.first().reason  # type: ignore[union-attr]
    assert selectors.identified(cm, [case]) == {}  # the sample's pages still show the case reference
    with pytest.raises(Http404):
        selectors.sample_case(second, sample.pk, case.pk, action=REVEAL)
    with pytest.raises(PermissionDenied):
        services.reveal(case=case, by=second)
    assert selectors.sample_case(second, sample.pk, case.pk) == case  # they see the sample, by case reference
    with pytest.raises(Http404):
        selectors.sample_case(world["manager"], sample.pk, case.pk, action=REVEAL)


def test_an_issue_goes_to_the_crcs_contract_managers_and_back_to_its_raiser(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    partner, cm, governor = world["partner"], world["cm"], world["governor"]
    with django_capture_on_commit_callbacks(execute=False):
        issue = services.raise_issue(crc=world["crc"], topic="payment", summary="Not paid", details="June", claim=None, by=partner)
    assert issue.raised_for == "Mersey Women's Centre"
    assert {u.username for u in services.contract_managers(world["crc"])} == {"samuel.adeyemi", "other.cm"}
    assert "A contract-management issue about Merseyside CRC" in _told(cm)[0]
    assert list(selectors.issues(cm)) == [issue] and list(selectors.issues(partner)) == [issue]
    assert not selectors.issues(governor).exists() and not selectors.issues(world["manager"]).exists()
    with pytest.raises(PermissionDenied):
        services.add_note(issue=issue, text="Me too", by=governor)
    services.add_note(issue=issue, text="We are looking at it", by=cm)
    with pytest.raises(ValidationError):
        services.resolve_issue(issue=issue, resolution=" ", by=cm)
    with pytest.raises(PermissionDenied):
        services.resolve_issue(issue=issue, resolution="Done", by=partner)
    resolved = services.resolve_issue(issue=issue, resolution="Paid on 3 September", by=cm)
    assert resolved.status == "resolved" and any("resolved" in s for s in _told(partner))
    assert services.resolve_issue(issue=issue, resolution="Again", by=cm).resolution == "Paid on 3 September"
    with pytest.raises(ValidationError):
        services.add_note(issue=issue, text="Thanks", by=partner)
    assert AuditEvent.objects.filter(action="assurance.contractissue.resolve", scope_crc=world["crc"]).count() == 1
    assert selectors.open_issue_count(cm) == 0 and ContractIssue.objects.count() == 1


def test_the_engagement_log_by_either_side(world: dict[str, Any]) -> None:
    manager, partner, cm = world["manager"], world["partner"], world["cm"]
    centre = Organisation.objects.get(name="Mersey Women's Centre")
    housing = Organisation.objects.get(name="Gateway Housing Trust")
    services.record_engagement(crc=world["crc"], organisation=centre, kind="held", on=date(2019, 8, 1), note="Review", by=manager)
    services.record_engagement(crc=world["crc"], organisation=centre, kind="no_engagement", on=date(2019, 9, 2), note="", by=partner)
    with pytest.raises(ValidationError):
        services.record_engagement(crc=world["crc"], organisation=housing, kind="no_engagement", on=date(2019, 9, 2), note="", by=manager)
    with pytest.raises(PermissionDenied):
        services.record_engagement(crc=world["crc"], organisation=housing, kind="held", on=date(2019, 9, 2), note="", by=partner)
    with pytest.raises(ValidationError):
        services.record_engagement(crc=world["crc"], organisation=centre, kind="held", on=date(2019, 9, 3), note="", by=manager)
    services.record_engagement(crc=world["crc"], organisation=housing, kind="requested", on=date(2019, 9, 20), note="", by=manager)
    assert selectors.engagements(cm).count() == 3 and selectors.engagements(partner).count() == 2
    [row, *_] = selectors.engagement_summary(cm)
    assert (row.organisation, row.held, row.no_engagement, row.last_held) == ("Mersey Women's Centre", 1, 1, date(2019, 8, 1))
    assert Engagement.objects.filter(side="partner").count() == 1
    assert SampleCase.objects.count() == 0


def test_the_demo_once_the_feed_has_people(world: dict[str, Any]) -> None:
    from ttg.assurance.demo import SEED, load_assurance
    from ttg.demo.personas import PERSONA_BY_ROLE

    users = {role: type(world["cm"]).objects.get(username=p.username) for role, p in PERSONA_BY_ROLE.items()}
    # No claims in this world (payments' demo makes them once the feed has people): no issue about one yet.
    assert load_assurance(users) == {"samples": 1, "issues": 0, "engagement": 3}
    assert load_assurance(users) == {"samples": 0, "issues": 0, "engagement": 0}
    sample = AuditSample.objects.get(seed=SEED)
    assert (sample.drawn_by, sample.cases.count(), sample.cases.exclude(rating="").count()) == (world["cm"], 5, 1)  # type: ignore[attr-defined]
    assert list(sample.actions.values_list("status", "responded_by__username")) == [("agreed", "helen.price")]  # type: ignore[attr-defined]
    assert not ContractIssue.objects.exists()
    assert set(Engagement.objects.values_list("kind", flat=True)) == {"requested", "held", "no_engagement"}
