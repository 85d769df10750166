"""The referral state machine: every (status, action) pair, allowed and refused, with reasons in words."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttg.referrals import rules

ON = date(2019, 9, 2)
ALLOWED = {
    (None, "send"): "sent",
    ("sent", "accept"): "accepted",
    ("sent", "decline"): "declined",
    ("sent", "withdraw"): "withdrawn",
    ("accepted", "start"): "in_progress",
    ("accepted", "withdraw"): "withdrawn",
    ("accepted", "cancel"): "cancelled",
    ("in_progress", "complete"): "completed",
    ("in_progress", "withdraw"): "withdrawn",
    ("in_progress", "cancel"): "cancelled",
}
ALL_PAIRS = [(s, a) for s in (None, *rules.STATUSES) for a in rules.ACTIONS]
FULL = rules.Closing(summary="Housed at a supported hostel.")


def test_the_table_is_the_one_the_issue_describes() -> None:
    assert rules.TRANSITIONS == ALLOWED


@pytest.mark.parametrize(("current", "action"), ALL_PAIRS)
def test_every_pair(current: str | None, action: str) -> None:
    decision = rules.transition(current, action, on=ON, reason="Because", closing=FULL)
    assert decision.value == ALLOWED.get((current, action))
    assert decision.reasons and all("rule R-R2" in r for r in decision.reasons)
    if decision.value is None:
        assert "cannot" in decision.reasons[0] or "nothing more" in decision.reasons[0] or "must be sent" in decision.reasons[0]


@pytest.mark.parametrize("status", sorted(rules.FINAL))
def test_final_states_are_final(status: str) -> None:
    for action in rules.ACTIONS:
        decision = rules.transition(status, action, on=ON, reason="x", closing=FULL)
        assert decision.value is None
        assert "nothing more can change it" in decision.reasons[0]


def test_a_refusal_says_what_can_be_done() -> None:
    decision = rules.transition("sent", "complete", on=ON, closing=FULL)
    assert decision.reasons[0].startswith("A referral that is sent cannot be completed; it can be accepted, declined or withdrawn")


@pytest.mark.parametrize(("current", "action"), [(c, a) for (c, a) in ALLOWED if a in rules.NEEDS_REASON])
@pytest.mark.parametrize("reason", ["", "   "])
def test_decline_withdraw_and_cancel_need_a_reason(current: str, action: str, reason: str) -> None:
    decision = rules.transition(current, action, on=ON, reason=reason)
    assert decision.value is None
    assert decision.reasons[0].startswith("Give a reason")


def test_completing_needs_a_summary_and_every_outcome() -> None:
    decision = rules.transition(
        "in_progress", "complete", on=ON, closing=rules.Closing(summary="", outcomes_missing=("Has a bank account",))
    )
    assert decision.value is None
    assert any("end-of-service summary" in r for r in decision.reasons)
    assert any("“Has a bank account”" in r for r in decision.reasons)
    assert rules.transition("in_progress", "complete", on=ON).value is None


def test_unknown_action() -> None:
    assert rules.transition("sent", "explode", on=ON).value is None


@given(st.sampled_from([None, *rules.STATUSES]), st.sampled_from(rules.ACTIONS), st.text(max_size=5))
def test_never_leaves_a_final_state_and_always_says_why(current: str | None, action: str, reason: str) -> None:
    decision = rules.transition(current, action, on=ON, reason=reason, closing=FULL)
    if current in rules.FINAL:
        assert decision.value is None
    if decision.value is not None:
        assert (current, action) in ALLOWED
    assert decision.reasons


def _sending(**kw: object) -> rules.Sending:
    base = {
        "need": "Somewhere to live",
        "desired_outcomes": 1,
        "retired_outcomes": (),
        "consent_given": True,
        "consent_on": ON,
        "funding": "unfunded",
        "shared": ("first_name",),
    }
    base.update(kw)
    return rules.Sending(**base)  # type: ignore[arg-type]


def test_can_send() -> None:
    assert rules.can_send(_sending(), on=ON).value is True


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"need": " "}, "Describe the need"),
        ({"desired_outcomes": 0}, "at least one desired outcome"),
        ({"retired_outcomes": ("Old",)}, "“Old” is no longer offered"),
        ({"consent_given": None}, "Say whether the person consents"),
        ({"consent_given": False}, "has not consented: the referral cannot be sent"),
        ({"consent_on": None}, "date the person consented"),
        ({"consent_on": date(2019, 9, 3)}, "today or in the past, not 3 September 2019"),
        ({"funding": "grant"}, "how the work is funded"),
        ({"shared": ("date_of_birth",)}, "Only these facts may be shared"),
    ],
)
def test_cannot_send(change: dict[str, object], words: str) -> None:
    decision = rules.can_send(_sending(**change), on=ON)
    assert decision.value is False
    assert any(words in r for r in decision.reasons), decision.reasons


def test_consent_on_the_day_is_fine() -> None:
    assert rules.can_send(_sending(consent_on=ON), on=ON).value is True


@pytest.mark.parametrize("attendance", rules.ATTENDANCE)
def test_sessions_need_a_reason_when_not_attended(attendance: str) -> None:
    without = rules.check_session(attendance=attendance, reason="", on=ON, today=ON)
    assert without.value is (attendance not in rules.ATTENDANCE_NEEDS_REASON)
    assert rules.check_session(attendance=attendance, reason="Unwell", on=ON, today=ON).value is True


def test_a_session_cannot_be_in_the_future() -> None:
    decision = rules.check_session(attendance="attended", reason="", on=date(2019, 9, 3), today=ON)
    assert decision.value is False


@pytest.mark.parametrize("status", rules.STATUSES)
def test_work_only_while_accepted_or_in_progress(status: str) -> None:
    assert rules.can_work(status).value is (status in ("accepted", "in_progress"))


def test_rate_card_is_unfunded_until_purchased() -> None:
    assert rules.is_funded("supply_chain")
    assert not rules.is_funded("rate_card")
    assert "unfunded until purchased" in rules.funding_words("rate_card")


def test_rule_ids_do_not_clash_with_other_tables() -> None:
    from ttg.plans.plan.rules import RULES as PLANS
    from ttg.screening.rules import RULES as SCREENING

    assert not {r.id for r in rules.RULES} & {r.id for r in (*PLANS, *SCREENING)}


def test_docs_list_every_referral_rule() -> None:
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "referrals.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| (R-R\d) \|", doc, flags=re.MULTILINE))
    assert listed == {r.id for r in rules.RULES}
