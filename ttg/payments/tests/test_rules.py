"""The payment rules: exhaustive over the claim state machine, boundaries for units, budget and escalation."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttg.payments import rules
from ttg.payments.rules import APPROVED, DRAFT, PAID, REJECTED, SUBMITTED, Move

ON = date(2019, 9, 2)
STATUSES = (DRAFT, SUBMITTED, APPROVED, PAID, REJECTED)
PARTIES = ("claimant", "payer", "service")

ALLOWED = {
    (DRAFT, SUBMITTED, "claimant"),
    (DRAFT, SUBMITTED, "service"),
    (SUBMITTED, APPROVED, "payer"),
    (SUBMITTED, REJECTED, "payer"),
    (APPROVED, PAID, "payer"),
    (REJECTED, SUBMITTED, "claimant"),
}


@pytest.mark.parametrize(("current", "to", "by"), list(product(STATUSES, STATUSES, PARTIES)))
def test_every_move_of_the_claim_state_machine(current: str, to: str, by: str) -> None:
    move = Move(current=current, to=to, by=by, reason="Not attended", paid_on=ON, payment_reference="BACS-1", submitted_on=ON)
    decision = rules.claim_transition(move, on=ON)
    assert decision.value == ((current, to, by) in ALLOWED)
    assert decision.reasons and all("rule R-F3, in force throughout the service" in r for r in decision.reasons)


def test_a_paid_claim_never_changes() -> None:
    for to, by in product(STATUSES, PARTIES):
        assert not rules.claim_transition(Move(current=PAID, to=to, by=by), on=ON).value


def test_the_words_for_a_refused_move() -> None:
    assert (
        rules.claim_transition(Move(current=PAID, to=DRAFT, by="payer"), on=ON)
        .reasons[0]
        .startswith("A claim that is paid cannot become open")
    )
    assert (
        rules.claim_transition(Move(current=SUBMITTED, to=APPROVED, by="claimant"), on=ON)
        .reasons[0]
        .startswith("Only the payer can make a submitted claim approved")
    )


def test_what_each_move_needs() -> None:
    assert not rules.claim_transition(Move(current=DRAFT, to=SUBMITTED, by="claimant", lines=0), on=ON).value
    assert not rules.claim_transition(Move(current=SUBMITTED, to=REJECTED, by="payer", reason="  "), on=ON).value
    paid = Move(current=APPROVED, to=PAID, by="payer", paid_on=None, payment_reference="")
    assert rules.claim_transition(paid, on=ON).reasons == (
        "Enter the date the claim was paid (rule R-F3, in force throughout the service).",
        "Enter the payment reference (rule R-F3, in force throughout the service).",
    )
    future = Move(current=APPROVED, to=PAID, by="payer", paid_on=ON + timedelta(days=1), payment_reference="X")
    assert "cannot be in the future" in rules.claim_transition(future, on=ON).reasons[0]
    early = Move(current=APPROVED, to=PAID, by="payer", paid_on=date(2019, 8, 1), payment_reference="X", submitted_on=date(2019, 8, 2))
    assert "before the claim was submitted on 2 August 2019" in rules.claim_transition(early, on=ON).reasons[0]
    assert rules.claim_transition(
        Move(current=APPROVED, to=PAID, by="payer", paid_on=date(2019, 8, 2), payment_reference="X", submitted_on=date(2019, 8, 2)), on=ON
    ).value


@pytest.mark.parametrize(
    ("delivered", "requested", "allowed"),
    [(0, 3, True), (0, 4, False), (2, 1, True), (2, 2, False), (3, 1, False), (0, 0, False)],
)
def test_units_up_to_the_authority_and_no_further(delivered: int, requested: int, allowed: bool) -> None:
    assert rules.units_allowed(authorised=3, approved_extra=0, delivered=delivered, requested=requested, on=ON).value is allowed


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 120), st.integers(1, 50))
def test_never_beyond_authorised_plus_approved(authorised: int, extra: int, delivered: int, requested: int) -> None:
    decision = rules.units_allowed(authorised=authorised, approved_extra=extra, delivered=delivered, requested=requested, on=ON)
    assert decision.value == (delivered + requested <= authorised + extra)


def test_who_may_buy_for_whom() -> None:
    nps = rules.purchase_allowed(
        purchaser_kind="individual", resettlement_prison=False, prison_name="HMP New Hall", serving_crc_matches=False, on=ON
    )
    assert nps.value
    assert nps.reasons == (
        "HMP New Hall is not a resettlement prison on 2 September 2019, so the NPS may buy from the rate card (rule R-F2, in force throughout the service).",
    )
    for kind in ("individual", "division", "national"):
        assert not rules.purchase_allowed(
            purchaser_kind=kind, resettlement_prison=True, prison_name="HMP Altcourse", serving_crc_matches=True, on=ON
        ).value
    assert rules.purchase_allowed(
        purchaser_kind="crc", resettlement_prison=True, prison_name="HMP Altcourse", serving_crc_matches=True, on=ON
    ).value
    assert not rules.purchase_allowed(
        purchaser_kind="crc", resettlement_prison=True, prison_name="HMP Altcourse", serving_crc_matches=False, on=ON
    ).value
    assert not rules.purchase_allowed(
        purchaser_kind="crc", resettlement_prison=False, prison_name="HMP New Hall", serving_crc_matches=True, on=ON
    ).value


@pytest.mark.parametrize(("value", "allowed"), [(4999, True), (5000, True), (5001, False)])
def test_within_the_budget_to_the_penny(value: int, allowed: bool) -> None:
    decision = rules.within_budget(allocation_pence=10000, committed_pence=5000, value_pence=value, holder="NPS North West", on=ON)
    assert decision.value is allowed


@pytest.mark.parametrize(
    ("submitted_on", "due"),
    [(date(2019, 8, 4), False), (date(2019, 8, 3), False), (date(2019, 8, 2), True), (date(2019, 6, 1), True)],
)
def test_escalation_after_more_than_the_set_days(submitted_on: date, due: bool) -> None:
    # On 2 September 2019, a claim submitted on 3 August is 30 days old (not more than 30); 2 August is 31.
    decision = rules.escalation_due(status=SUBMITTED, submitted_on=submitted_on, today=ON, threshold_days=30, already_escalated=False)
    assert decision.value is due
    assert "TTG_CLAIM_ESCALATION_DAYS" in decision.reasons[0]


def test_escalation_boundary_in_words() -> None:
    assert not rules.escalation_due(
        status=SUBMITTED, submitted_on=date(2019, 8, 3), today=ON, threshold_days=30, already_escalated=False
    ).value
    assert (
        rules.escalation_due(status=APPROVED, submitted_on=date(2019, 8, 2), today=ON, threshold_days=30, already_escalated=False)
        .reasons[0]
        .startswith("Unpaid for 31 days since it was submitted on 2 August 2019, more than 30 days")
    )
    for status in (DRAFT, PAID, REJECTED):
        assert not rules.escalation_due(
            status=status, submitted_on=date(2019, 1, 1), today=ON, threshold_days=30, already_escalated=False
        ).value
    assert not rules.escalation_due(
        status=SUBMITTED, submitted_on=date(2019, 1, 1), today=ON, threshold_days=30, already_escalated=True
    ).value
    with pytest.raises(ValueError):
        rules.escalation_due(status=SUBMITTED, submitted_on=ON, today=ON, threshold_days=0, already_escalated=False)


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "0–30 days"),
        (30, "0–30 days"),
        (31, "31–60 days"),
        (60, "31–60 days"),
        (61, "61–90 days"),
        (90, "61–90 days"),
        (91, "Over 90 days"),
        (-1, "0–30 days"),
    ],
)
def test_age_bands(days: int, band: str) -> None:
    assert rules.age_band(days) == band
