"""Services on SQLite and PostgreSQL: each change, its refusals, audit, and idempotent retries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ttg.accounts.constants import Role
from ttg.core.models import AuditEvent
from ttg.referrals import services
from ttg.referrals.models import Assignment, CaseNote, DesiredOutcome, EndOfService, Referral, Session, UnfundedWork

from .conftest import send

pytestmark = pytest.mark.django_db

DAY = date(2019, 9, 2)


def test_send_copies_only_the_chosen_facts(activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any) -> None:
    referral = send(activity, outcomes, caseworker, partner.organisation)
    person = activity.plan.custody_period.person
    assert referral.status == "sent"
    assert referral.shared_information == {"first_name": person.first_name, "prison_number": person.prison_number}
    assert referral.crc is not None and referral.crc.code == "MERSEYSIDE"
    assert set(referral.desired_outcomes.all()) == set(outcomes)
    event = AuditEvent.objects.get(action="referrals.referral.send")
    assert event.scope_crc == referral.crc
    assert event.after is not None and event.after["need"] == "[changed: not recorded]"


def test_send_refused_without_consent(activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any) -> None:
    with pytest.raises(services.ReferralError) as problem:
        send(activity, outcomes, caseworker, partner.organisation, consent_given=False)
    assert "not consented" in problem.value.message
    assert problem.value.field == "consent_given"
    assert not Referral.objects.exists()


def test_send_refuses_a_retired_outcome(activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any) -> None:
    outcomes[0].retired_on = DAY
    outcomes[0].save()
    with pytest.raises(services.ReferralError, match="no longer offered"):
        send(activity, outcomes, caseworker, partner.organisation)
    assert outcomes[0] not in services.offered_outcomes("accommodation", DAY)
    assert outcomes[1] in services.offered_outcomes("accommodation", DAY)


def test_send_twice_with_the_same_key_makes_one(activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any) -> None:
    first = send(activity, outcomes, caseworker, partner.organisation, idempotency_key="abc")
    again = send(activity, outcomes, caseworker, partner.organisation, idempotency_key="abc")
    assert first.pk == again.pk
    assert Referral.objects.count() == 1
    assert AuditEvent.objects.filter(action="referrals.referral.send").count() == 1


def test_the_whole_journey(referral: Referral, partner: Any, caseworker: Any, outcomes: list[DesiredOutcome]) -> None:
    referral = services.accept(referral=referral, by=partner)
    assert referral.status == "accepted"
    assert referral.assigned_to == partner  # the one who accepts has it until reassigned
    session = services.record_session(referral=referral, on=DAY, method="in_person", attendance="attended", by=partner)
    referral.refresh_from_db()
    assert referral.status == "in_progress"
    assert session.reason == ""
    services.add_note(referral=referral, text="Met at the centre", by=partner)
    services.add_note(referral=referral, text="Thanks", by=caseworker)
    assert list(CaseNote.objects.order_by("id").values_list("side", flat=True)) == ["partner", "crc"]
    with pytest.raises(services.ReferralError, match="“Has somewhere safe"):
        services.close(referral=referral, summary="Done", by=partner)
    for outcome in outcomes:
        services.record_outcome(referral=referral, desired_outcome=outcome, result="partly", by=partner)
    services.record_outcome(referral=referral, desired_outcome=outcomes[0], result="achieved", note="Housed", by=partner)
    assert referral.outcomes.get(desired_outcome=outcomes[0]).result == "achieved"
    with pytest.raises(services.ReferralError, match="end-of-service summary") as problem:
        services.close(referral=referral, summary=" ", by=partner)
    assert problem.value.field == "summary"
    services.close(referral=referral, summary="Housed at a supported hostel", by=partner)
    referral.refresh_from_db()
    assert referral.status == "completed"
    assert EndOfService.objects.get(referral=referral).summary == "Housed at a supported hostel"
    with pytest.raises(services.ReferralError, match="completed: work is recorded only"):
        services.record_session(referral=referral, on=DAY, method="phone", attendance="attended", by=partner)


def test_decline_needs_a_reason(referral: Referral, partner: Any) -> None:
    with pytest.raises(services.ReferralError, match="Give a reason") as problem:
        services.decline(referral=referral, reason="", by=partner)
    assert problem.value.field == "reason"
    declined = services.decline(referral=referral, reason="No capacity this month", by=partner)
    assert declined.status == "declined"
    assert declined.reason == "No capacity this month"
    with pytest.raises(services.ReferralError, match="nothing more can change it"):
        services.accept(referral=referral, by=partner)


def test_withdraw_by_the_referrer(referral: Referral, caseworker: Any) -> None:
    assert services.withdraw(referral=referral, reason="Transferred", by=caseworker).status == "withdrawn"


def test_accepting_twice_is_harmless(referral: Referral, partner: Any) -> None:
    services.accept(referral=referral, by=partner)
    services.accept(referral=referral, by=partner)
    assert AuditEvent.objects.filter(action="referrals.referral.accept").count() == 1
    assert Assignment.objects.count() == 1


def test_sessions_need_acceptance_and_a_reason(referral: Referral, partner: Any) -> None:
    with pytest.raises(services.ReferralError, match="only once it is accepted"):
        services.record_session(referral=referral, on=DAY, method="phone", attendance="attended", by=partner)
    services.accept(referral=referral, by=partner)
    with pytest.raises(services.ReferralError, match="Give the reason") as problem:
        services.record_session(referral=referral, on=DAY, method="phone", attendance="did_not_attend", by=partner)
    assert problem.value.field == "reason"
    session = services.record_session(
        referral=referral, on=DAY, method="phone", attendance="did_not_attend", reason="In hospital", by=partner
    )
    assert session.reason == "In hospital"


def test_a_double_clicked_session_is_recorded_once(referral: Referral, partner: Any) -> None:
    services.accept(referral=referral, by=partner)
    for _ in range(2):
        services.record_session(referral=referral, on=DAY, method="video", attendance="late", by=partner, idempotency_key="k1")
    assert Session.objects.count() == 1
    for _ in range(2):
        services.add_note(referral=referral, text="Note", by=partner, idempotency_key="n1")
    assert CaseNote.objects.count() == 1


def test_assign_and_reassign_keeps_history(referral: Referral, partner: Any, django_user_model: Any) -> None:
    other = django_user_model.objects.create_user(
        username="p.second",
        first_name="Pat",
        last_name="Second",
        password="x" * 16,
        role=Role.PARTNER_CASEWORKER,
        organisation=partner.organisation,
    )
    services.accept(referral=referral, by=partner)
    services.assign(referral=referral, caseworker=other, by=partner)
    assert services.assign(referral=referral, caseworker=other, by=partner) is None
    services.assign(referral=referral, caseworker=partner, by=other)
    history = list(Assignment.objects.order_by("id").values_list("previous__username", "caseworker__username"))
    assert history == [(None, "aisha.begum"), ("aisha.begum", "p.second"), ("p.second", "aisha.begum")]


def test_cannot_assign_to_someone_outside_the_organisation(referral: Referral, partner: Any, caseworker: Any) -> None:
    with pytest.raises(services.ReferralError, match="Choose a caseworker of Mersey Women's Centre"):
        services.assign(referral=referral, caseworker=caseworker, by=partner)


def test_outcome_must_be_one_of_the_referrals(referral: Referral, partner: Any) -> None:
    services.accept(referral=referral, by=partner)
    other = DesiredOutcome.objects.filter(pathway="finance").first()
    assert other is not None
    with pytest.raises(services.ReferralError, match="is not a desired outcome of this referral"):
        services.record_outcome(referral=referral, desired_outcome=other, result="achieved", by=partner)


def test_unfunded_work(partner: Any, referral: Referral) -> None:
    row = services.record_unfunded_work(
        organisation=partner.organisation,
        person_reference="MWC-0042",
        on=DAY,
        pathway="abuse",
        description="Drop-in support",
        hours=Decimal("1.5"),
        by=partner,
        idempotency_key="u1",
    )
    again = services.record_unfunded_work(
        organisation=partner.organisation,
        person_reference="MWC-0042",
        on=DAY,
        pathway="abuse",
        description="Drop-in support",
        hours=Decimal("1.5"),
        by=partner,
        idempotency_key="u1",
    )
    assert row.pk == again.pk and UnfundedWork.objects.count() == 1
    for bad, field in (
        ({"hours": Decimal("0")}, "hours"),
        ({"pathway": "nowhere"}, "pathway"),
        ({"person_reference": " "}, "person_reference"),
        ({"on": date(2019, 9, 3)}, "on"),
    ):
        kwargs: dict[str, Any] = {
            "organisation": partner.organisation,
            "person_reference": "X",
            "on": DAY,
            "pathway": "abuse",
            "description": "d",
            "hours": Decimal("1"),
            "by": partner,
            **bad,
        }
        with pytest.raises(services.ReferralError) as problem:
            services.record_unfunded_work(**kwargs)
        assert problem.value.field == field
    assert UnfundedWork.objects.count() == 1


def test_whether_the_partner_is_in_the_supply_chain_comes_from_the_register(
    activity: Any, outcomes: list[DesiredOutcome], caseworker: Any, partner: Any
) -> None:
    from ttg.estate.models import CRC, Prison

    merseyside, altcourse = CRC.objects.get(code="MERSEYSIDE"), Prison.objects.get(code="ACI")
    women = partner.organisation  # Mersey Women's Centre: accommodation at Altcourse from 1 April 2019 (demo register)
    ask = services.lookup_in_supply_chain
    assert ask(organisation=women, crc=merseyside, pathway="accommodation", prison=altcourse, on=DAY)
    assert not ask(organisation=women, crc=merseyside, pathway="accommodation", prison=altcourse, on=date(2019, 3, 31))
    assert not ask(organisation=women, crc=merseyside, pathway="ete", prison=altcourse, on=DAY)
    referral = send(activity, outcomes, caseworker, women)
    assert referral.in_supply_chain == ask(organisation=women, crc=merseyside, pathway=activity.pathway, prison=altcourse, on=DAY)
