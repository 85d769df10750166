"""The mobilisation rules (R-M1 to R-M4): every transition of both state machines, allowed and refused,
with the words each answer gives; the go-live date's boundaries; what changed between versions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttg.mobilisation import rules
from ttg.mobilisation.rules import (
    AGREED,
    CONTRACT_MANAGER,
    CRC_MANAGER,
    DECLARED,
    DISAGREED,
    DRAFT,
    GOVERNOR,
    NOT_DECLARED,
    PARTNER,
    READY,
    RETURNED,
    SIGNED_OFF,
    SUBMITTED,
)

PLAN_STATES = (DRAFT, SUBMITTED, RETURNED, SIGNED_OFF)
READINESS_STATES = (NOT_DECLARED, DECLARED, AGREED, DISAGREED, READY)
ROLES = (CRC_MANAGER, CONTRACT_MANAGER, GOVERNOR, PARTNER)

# Every allowed move, written out by hand: (state, action, role) -> new state.
PLAN_ALLOWED = {
    (DRAFT, "submit", CRC_MANAGER): SUBMITTED,
    (RETURNED, "submit", CRC_MANAGER): SUBMITTED,
    (SUBMITTED, "return", CONTRACT_MANAGER): RETURNED,
    (SUBMITTED, "sign_off", CONTRACT_MANAGER): SIGNED_OFF,
    (SIGNED_OFF, "revise", CRC_MANAGER): DRAFT,
}
READINESS_ALLOWED = {
    (NOT_DECLARED, "declare", CRC_MANAGER): DECLARED,
    (DISAGREED, "declare", CRC_MANAGER): DECLARED,
    (DECLARED, "agree", GOVERNOR): AGREED,
    (DECLARED, "disagree", GOVERNOR): DISAGREED,
    (AGREED, "sign_off", CONTRACT_MANAGER): READY,
    (READY, "move", CONTRACT_MANAGER): READY,
}


@pytest.mark.parametrize("state", PLAN_STATES)
@pytest.mark.parametrize("action", ["submit", "return", "sign_off", "revise"])
@pytest.mark.parametrize("role", ROLES)
def test_every_plan_transition_is_allowed_or_refused_as_written(state: str, action: str, role: str) -> None:
    decision = rules.plan_transition(state, action, role)
    assert decision.value == PLAN_ALLOWED.get((state, action, role))
    assert decision.reasons and decision.reasons[0].endswith("(rule R-M2, in force throughout the service).")


@pytest.mark.parametrize("state", READINESS_STATES)
@pytest.mark.parametrize("action", ["declare", "agree", "disagree", "sign_off", "move"])
@pytest.mark.parametrize("role", ROLES)
def test_every_readiness_transition_is_allowed_or_refused_as_written(state: str, action: str, role: str) -> None:
    decision = rules.readiness_transition(state, action, role)
    assert decision.value == READINESS_ALLOWED.get((state, action, role))
    assert "rule R-M3" in decision.reasons[0]


def test_the_words_of_a_refusal_by_role() -> None:
    assert rules.plan_transition(SUBMITTED, "sign_off", CRC_MANAGER).reasons == (
        "Only the HMPPS contract manager may sign the plan off (rule R-M2, in force throughout the service).",
    )
    assert rules.readiness_transition(DECLARED, "agree", CONTRACT_MANAGER).reasons == (
        "Only the prison's governor may agree the prison is ready (rule R-M3, in force throughout the service).",
    )


def test_the_words_of_a_refusal_by_state() -> None:
    assert rules.plan_transition(SIGNED_OFF, "submit", CRC_MANAGER).reasons == (
        "You can submit the plan only when it is a draft or returned to the CRC; it is signed off (rule R-M2, in force throughout the service).",
    )
    assert rules.readiness_transition(NOT_DECLARED, "sign_off", CONTRACT_MANAGER).reasons == (
        "You can sign readiness off and set the go-live date only when it is agreed by the governor; it is not declared ready "
        "(rule R-M3, in force throughout the service).",
    )


def test_the_words_of_an_allowed_transition() -> None:
    assert rules.plan_transition(RETURNED, "submit", CRC_MANAGER).reasons == (
        "The CRC manager may submit the plan when it is returned to the CRC: it becomes submitted (rule R-M2, in force throughout the service).",
    )


class TestGoLiveDate:
    def test_on_1_april_2019_is_allowed(self) -> None:
        assert rules.go_live_date_allowed(date(2019, 4, 1), ready_from=None).value is True

    def test_on_2_april_2019_is_too_late(self) -> None:
        decision = rules.go_live_date_allowed(date(2019, 4, 2), ready_from=None)
        assert decision.value is False
        assert decision.reasons == ("The go-live date must be no later than 1 April 2019 (rule R-M3, in force throughout the service).",)

    def test_early_is_allowed_from_the_day_the_crc_is_ready(self) -> None:
        assert rules.go_live_date_allowed(date(2019, 3, 4), ready_from=date(2019, 3, 4)).value is True
        assert rules.go_live_date_allowed(date(2019, 3, 5), ready_from=date(2019, 3, 4)).value is True

    def test_not_before_the_crc_is_ready(self) -> None:
        decision = rules.go_live_date_allowed(date(2019, 3, 3), ready_from=date(2019, 3, 4))
        assert decision.value is False
        assert "on or after 4 March 2019, when the CRC said it would be ready" in decision.reasons[0]

    def test_ready_from_after_1_april_2019_is_refused(self) -> None:
        assert rules.ready_from_allowed(date(2019, 4, 1)).value is True
        assert rules.ready_from_allowed(date(2019, 4, 2)).value is False

    @settings(max_examples=30)
    @given(st.dates(min_value=date(2019, 4, 2), max_value=date(2022, 12, 31)), st.none() | st.dates(max_value=date(2019, 4, 1)))
    def test_never_after_1_april_2019(self, on: date, ready_from: date | None) -> None:
        assert rules.go_live_date_allowed(on, ready_from=ready_from).value is False


def test_sign_off_needs_every_checklist_item() -> None:
    assert rules.sign_off_checklist(["staff", "space", "partners", "risks"]).value is True
    decision = rules.sign_off_checklist(["staff", "space", "partners"])
    assert decision.value is False
    assert decision.reasons == ("Not checked: Each risk has an action and an owner (rule R-M2, in force throughout the service).",)


def test_a_plan_with_an_empty_section_is_not_complete() -> None:
    decision = rules.plan_complete({"staff": [{}], "space": [{}], "partners": [], "risks": [{}]})
    assert decision.value is False
    assert decision.reasons == ("Partners and commitments has nothing in it yet (rule R-M1, in force throughout the service).",)
    assert rules.plan_complete({"staff": [{}], "space": [{}], "partners": [{}], "risks": [{}]}).value is True


def test_a_dispute_needs_a_reason_and_a_confirmation_does_not() -> None:
    assert rules.dispute_allowed(disputed=True, reason=" ").value is False
    assert rules.dispute_allowed(disputed=True, reason="Never asked").value is True
    assert rules.dispute_allowed(disputed=False, reason="").value is True


STAFF = {"role": "Caseworker", "employer": "Merseyside CRC", "planned": 6, "in_post": 4}
PARTNER_ROW = {
    "organisation": "Gateway",
    "services": "Housing",
    "money_pence": 2_400_050,
    "fte": "1.00",
    "starts_on": "2019-03-04",
    "ends_on": None,
}
RISK = {"risk": "Vetting late", "action": "Chase weekly", "owner": "Helen Price"}


def test_what_changed_between_versions_in_words() -> None:
    old: dict[str, Any] = {"staff": [STAFF], "space": [], "partners": [PARTNER_ROW], "risks": [RISK]}
    new: dict[str, Any] = {"staff": [{**STAFF, "in_post": 5}], "space": [], "partners": [], "risks": [RISK, {**RISK, "risk": "No rooms"}]}
    assert rules.changes(old, new) == [
        "Staff to recruit: changed from Caseworker (Merseyside CRC): 6 planned, 4 in post to Caseworker (Merseyside CRC): 6 planned, 5 in post.",
        "Partners and commitments: removed Gateway: Housing, £24,000.50, 1.00 FTE, from 4 March 2019.",
        "Risks and actions: added No rooms: Chase weekly, owned by Helen Price.",
    ]
    assert rules.changes(old, old) == ["Nothing changed since the last version."]
    assert rules.changes(None, new) == ["This is the first version: there is nothing to compare it with."]
