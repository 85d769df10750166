"""Mobilisation's services: the whole journey at HMP Styal through the state machines, with the
audit trail, notifications, double submits, refusals, and the go-live date they set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ttg.core.models import AuditEvent
from ttg.estate.models import Prison
from ttg.mobilisation import selectors, services
from ttg.mobilisation.models import Commitment, MobilisationPlan, PlanVersion
from ttg.notifications.models import Notification
from ttg.plans.plan.rules import enhanced_specification_applies

from .conftest import CHECKED, RISK

pytestmark = pytest.mark.django_db


def _told(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user, template="mobilisation_changed").values_list("body", flat=True))


def test_a_plan_goes_from_draft_to_signed_off_and_the_prison_live(
    cheshire: dict[str, Any], plan: MobilisationPlan, django_capture_on_commit_callbacks: Any
) -> None:
    c = cheshire
    with django_capture_on_commit_callbacks(execute=False):
        first = services.submit(plan=plan, by=c["manager"])
    assert (first.number, MobilisationPlan.objects.get(pk=plan.pk).status) == (1, "submitted")
    assert first.content["partners"][0]["organisation"] == "Mersey Women's Centre"
    assert Commitment.objects.get(plan=plan).shared_at is not None
    assert any("submitted for sign-off" in body for body in _told(c["contract_manager"]))
    assert any("names your organisation" in body for body in _told(c["partner"]))

    with pytest.raises(ValidationError) as refused:
        services.decide(plan=plan, sign_off=False, comments=" ", checklist=[], by=c["contract_manager"])
    assert refused.value.message_dict == {"comments": ["Enter what the CRC must change"]}
    services.decide(plan=plan, sign_off=False, comments="Add a risk about keys.", checklist=[], by=c["contract_manager"])
    assert any("returned with comments: Add a risk about keys." in body for body in _told(c["manager"]))

    services.add_row(plan=plan, section="risks", row={**RISK, "risk": "Keys late"}, by=c["manager"])
    second = services.submit(plan=plan, by=c["manager"])
    assert second.number == 2
    plan.refresh_from_db()
    history = selectors.versions(plan)
    assert selectors.changes_since_last(plan, services.current_content(plan), history) == [
        "Risks and actions: added Keys late: Agree a timetable, owned by Karen Ashworth."
    ]
    with pytest.raises(ValidationError) as refused:
        services.decide(plan=plan, sign_off=True, comments="", checklist=CHECKED[:3], by=c["contract_manager"])
    assert "checklist" in refused.value.message_dict
    services.decide(plan=plan, sign_off=True, comments="", checklist=CHECKED, by=c["contract_manager"])

    services.declare_ready(plan=plan, ready_from=date(2019, 3, 11), by=c["manager"])
    assert any("ready from 11 March 2019" in body for body in _told(c["governor"]))
    with pytest.raises(ValidationError):
        services.governor_decides(plan=plan, agree=False, reason="", by=c["governor"])
    services.governor_decides(plan=plan, agree=False, reason="No keys yet", by=c["governor"])
    services.declare_ready(plan=plan, ready_from=date(2019, 3, 18), by=c["manager"])
    services.governor_decides(plan=plan, agree=True, reason="", by=c["governor"])
    with pytest.raises(ValidationError) as refused:
        services.sign_off_readiness(plan=plan, go_live_on=date(2019, 4, 2), reason="", by=c["contract_manager"])
    assert refused.value.message_dict["go_live_on"] == [
        "The go-live date must be no later than 1 April 2019 (rule R-M3, in force throughout the service)."
    ]
    services.sign_off_readiness(plan=plan, go_live_on=date(2019, 3, 18), reason="", by=c["contract_manager"])
    styal = Prison.objects.get(code="STI")
    assert styal.enhanced_go_live_on == date(2019, 3, 18)
    event = AuditEvent.objects.filter(action="estate.prison.go_live", object_id=str(styal.pk)).latest("pk")
    assert (event.reason, event.after) == ("Readiness signed off", {"enhanced_go_live_on": "2019-03-18"})

    with pytest.raises(ValidationError) as refused:
        services.sign_off_readiness(plan=plan, go_live_on=date(2019, 3, 25), reason="", by=c["contract_manager"])
    assert "reason" in refused.value.message_dict
    services.sign_off_readiness(plan=plan, go_live_on=date(2019, 3, 25), reason="Vetting took a week longer", by=c["contract_manager"])
    moved = AuditEvent.objects.filter(action="estate.prison.go_live", object_id=str(styal.pk)).latest("pk")
    assert (moved.reason, moved.before, moved.after) == (
        "Vetting took a week longer",
        {"enhanced_go_live_on": "2019-03-18"},
        {"enhanced_go_live_on": "2019-03-25"},
    )
    assert AuditEvent.objects.filter(action="mobilisation.mobilisationplan.move_go_live", object_id=str(plan.pk)).exists()


def test_submitting_twice_makes_one_version(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    first = services.submit(plan=plan, by=cheshire["manager"])
    again = services.submit(plan=plan, by=cheshire["manager"])
    assert again.pk == first.pk
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_deciding_twice_and_starting_twice_change_nothing_more(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    c = cheshire
    services.submit(plan=plan, by=c["manager"])
    services.decide(plan=plan, sign_off=True, comments="", checklist=CHECKED, by=c["contract_manager"])
    events = AuditEvent.objects.count()
    services.decide(plan=plan, sign_off=True, comments="", checklist=CHECKED, by=c["contract_manager"])
    assert services.start_plan(crc=c["crc"], prison=c["prison"], by=c["manager"]).pk == plan.pk
    assert AuditEvent.objects.count() == events


def test_an_incomplete_plan_is_not_submitted(cheshire: dict[str, Any]) -> None:
    plan = services.start_plan(crc=cheshire["crc"], prison=cheshire["prison"], by=cheshire["manager"])
    with pytest.raises(ValidationError) as refused:
        services.submit(plan=plan, by=cheshire["manager"])
    assert "Staff to recruit has nothing in it yet (rule R-M1, in force throughout the service)." in refused.value.messages
    assert not PlanVersion.objects.filter(plan=plan).exists()


def test_refused_by_role_and_by_state(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    c = cheshire
    with pytest.raises(ValidationError) as refused:
        services.decide(plan=plan, sign_off=True, comments="", checklist=CHECKED, by=c["contract_manager"])
    assert refused.value.messages == [
        "You can sign the plan off only when it is submitted; it is a draft (rule R-M2, in force throughout the service)."
    ]
    with pytest.raises(ValidationError):
        services.declare_ready(plan=plan, ready_from=date(2019, 3, 1), by=c["manager"])  # not signed off
    services.submit(plan=plan, by=c["manager"])
    with pytest.raises(PermissionDenied):
        services.add_row(plan=plan, section="risks", row=RISK, by=c["contract_manager"])
    with pytest.raises(ValidationError):
        services.add_row(plan=plan, section="risks", row=RISK, by=c["manager"])  # submitted: not editable
    with pytest.raises(ValidationError) as refused:
        services.sign_off_readiness(plan=plan, go_live_on=date(2019, 3, 1), reason="x", by=c["contract_manager"])
    assert "only when it is agreed by the governor" in refused.value.messages[0]


def test_a_second_crc_and_another_prisons_governor_see_nothing_of_the_plan(cheshire: dict[str, Any], personas: dict[str, Any]) -> None:
    merseyside = MobilisationPlan.objects.get(crc__code="MERSEYSIDE", prison__code="ACI")
    assert not selectors.plans(cheshire["manager"]).filter(pk=merseyside.pk).exists()
    assert not selectors.plans(cheshire["governor"]).filter(pk=merseyside.pk).exists()
    with pytest.raises(PermissionDenied):
        services.revise(plan=merseyside, by=cheshire["manager"])


def test_a_partner_sees_only_its_own_submitted_commitments(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    c = cheshire
    services.add_commitment(
        plan=plan,
        organisation=c["housing"],
        services="Housing",
        money_pence=0,
        fte=Decimal(1),
        starts_on=date(2019, 3, 11),
        ends_on=None,
        by=c["manager"],
    )
    mine = selectors.my_commitments(c["partner"])
    assert not mine.filter(plan=plan).exists()  # a draft is not shown
    services.submit(plan=plan, by=c["manager"])
    assert [x.services for x in selectors.my_commitments(c["partner"]).filter(plan=plan)] == ["Women's centre in-reach"]
    housing = Commitment.objects.get(plan=plan, organisation=c["housing"])
    with pytest.raises(PermissionDenied):
        services.respond(commitment=housing, disputed=False, reason="", by=c["partner"])
    assert not selectors.plans(c["partner"]).exists()


def test_a_partner_confirms_or_disputes_with_a_reason(cheshire: dict[str, Any], plan: MobilisationPlan) -> None:
    c = cheshire
    services.submit(plan=plan, by=c["manager"])
    ours = Commitment.objects.get(plan=plan, organisation=c["centre"])
    with pytest.raises(ValidationError) as refused:
        services.respond(commitment=ours, disputed=True, reason="", by=c["partner"])
    assert refused.value.message_dict == {"reason": ["Say why you dispute it (rule R-M4, in force throughout the service)."]}
    services.respond(commitment=ours, disputed=True, reason="Never asked", by=c["partner"])
    assert any("disputes that it was engaged" in body for body in _told(c["contract_manager"]))
    assert [
        (r.crc.code, r.disputed, r.unconfirmed) for r in selectors.responses_by_crc(c["contract_manager"]) if r.crc.code == "CHESHIRE_GM"
    ] == [("CHESHIRE_GM", 1, 0)]
    with pytest.raises(ValidationError):  # shown to the organisation: it stays
        services.remove_commitment(commitment=ours, by=c["manager"])


def test_bid_namings_are_seen_by_the_organisation_named(cheshire: dict[str, Any]) -> None:
    c = cheshire
    services.record_bid_naming(crc=c["crc"], organisation=c["centre"], named_for="Women's services at Styal", by=c["contract_manager"])
    services.record_bid_naming(crc=c["crc"], organisation=c["centre"], named_for="again", by=c["contract_manager"])
    assert [n.named_for for n in selectors.bid_namings(c["partner"]).filter(crc=c["crc"])] == ["Women's services at Styal"]
    assert not selectors.bid_namings(c["governor"]).exists()


def test_the_demo_sets_merseysides_go_live_dates_and_one_dispute(personas: dict[str, Any]) -> None:
    lpi, aci = Prison.objects.get(code="LPI"), Prison.objects.get(code="ACI")
    assert (lpi.enhanced_go_live_on, aci.enhanced_go_live_on) == (date(2019, 3, 4), date(2019, 4, 1))
    on = date(2019, 3, 4)
    assert enhanced_specification_applies(resettlement_prison=True, go_live_on=lpi.enhanced_go_live_on, on=on).value is True
    assert enhanced_specification_applies(resettlement_prison=True, go_live_on=aci.enhanced_go_live_on, on=on).value is False
    answers = sorted(
        Commitment.objects.filter(organisation__name="Mersey Women's Centre", plan__crc__code="MERSEYSIDE").values_list(
            "response", flat=True
        )
    )
    assert answers == ["confirmed", "disputed"]
    from ttg.accounts.constants import Role

    assert [d.organisation.name for d in selectors.disputes(personas[Role.CONTRACT_MANAGER])] == ["Mersey Women's Centre"]
