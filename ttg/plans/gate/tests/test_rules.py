"""The through-the-gate rules (ttg/plans/gate/rules.py): when the review opens and may be completed,
when outcomes may be recorded, what may change after release, how long the CRC sees a released person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttg.core.pathways import PATHWAY_CODES
from ttg.plans.gate import rules as rules_gate
from ttg.plans.plan import rules

RELEASE = date(2019, 11, 1)  # opens on Friday 9 August 2019, 84 days before
OPENS = date(2019, 8, 9)
days = st.dates(min_value=date(2018, 1, 1), max_value=date(2022, 12, 31))


def test_the_review_opens_twelve_weeks_before_release_and_not_a_day_earlier() -> None:
    assert rules.pre_release_review_opens(RELEASE).value == OPENS
    assert rules_gate.review_open(RELEASE, OPENS).value is True
    refused = rules_gate.review_open(RELEASE, OPENS - timedelta(days=1))
    assert refused.value is False
    assert "not open yet" in refused.reasons[0] and "9 August 2019" in refused.reasons[0]


def test_without_a_release_date_the_review_does_not_open() -> None:
    decision = rules_gate.review_open(None, date(2019, 9, 2))
    assert decision.value is False and "no release date" in decision.reasons[0]


@given(release=days, today=days)
def test_the_review_is_open_exactly_from_84_days_before_release(release: date, today: date) -> None:
    assert rules_gate.review_open(release, today).value == (today >= release - timedelta(days=84))


@given(release=days, moved_by=st.integers(min_value=-400, max_value=400), today=days)
def test_when_the_release_date_moves_the_opening_moves_with_it(release: date, moved_by: int, today: date) -> None:
    moved = release + timedelta(days=moved_by)
    assert rules.pre_release_review_opens(moved).value == rules.pre_release_review_opens(release).value + timedelta(days=moved_by)  # type: ignore[operator]
    assert rules_gate.review_open(moved, today).value == (today >= moved - timedelta(weeks=12))


def test_a_later_release_date_closes_an_open_review_again() -> None:
    today = date(2019, 9, 2)
    assert rules_gate.review_open(RELEASE, today).value is True
    assert rules_gate.review_open(date(2020, 3, 1), today).value is False


def test_not_ready_needs_a_note_and_an_answer_from_the_list() -> None:
    assert rules_gate.check_answer("health", "ready", "").value is True
    assert rules_gate.check_answer("health", "not_applicable", "").value is True
    refused = rules_gate.check_answer("health", "not_ready", "   ")
    assert refused.value is False and "Health" in refused.reasons[0]
    assert rules_gate.check_answer("health", "not_ready", "GP booked").value is True
    assert rules_gate.check_answer("health", "maybe", "").value is False


def test_completing_needs_the_review_open_and_every_pathway_answered() -> None:
    pathways = ("accommodation", "health")
    answers = {"accommodation": {"answer": "ready", "note": ""}}
    before = rules_gate.can_complete_review(RELEASE, OPENS - timedelta(days=1), pathways, answers)
    assert before.value is False and "not open yet" in before.reasons[0]
    missing = rules_gate.can_complete_review(RELEASE, OPENS, pathways, answers)
    assert missing.value is False and "Health" in missing.reasons[0]
    answers["health"] = {"answer": "not_ready", "note": ""}
    assert rules_gate.can_complete_review(RELEASE, OPENS, pathways, answers).value is False
    answers["health"]["note"] = "Registering with a GP on day one"
    assert rules_gate.can_complete_review(RELEASE, OPENS, pathways, answers).value is True


@given(st.dictionaries(st.sampled_from(PATHWAY_CODES), st.sampled_from(rules_gate.REVIEW_ANSWERS)), st.booleans())
def test_the_status_follows_the_answers(answered: dict[str, str], completed: bool) -> None:
    answers = {p: {"answer": a, "note": "n"} for p, a in answered.items()}
    status = rules_gate.review_status(PATHWAY_CODES, answers, completed=completed)
    if completed:
        assert status == rules_gate.COMPLETED
    else:
        assert status == (rules_gate.IN_PROGRESS if answered else rules_gate.NOT_STARTED)
    assert set(rules_gate.unanswered(PATHWAY_CODES, answers)) == set(PATHWAY_CODES) - set(answered)


def test_the_review_asks_about_the_plans_pathways_and_the_needs_in_pathway_order() -> None:
    assert rules_gate.review_pathways(["", "health", "ete"], ["accommodation", "health"]) == ("accommodation", "ete", "health")
    with pytest.raises(ValueError):
        rules_gate.review_pathways(["nowhere"], [])


@given(release=days, today=days)
def test_release_day_outcomes_from_the_release_date(release: date, today: date) -> None:
    expected = today >= release
    assert rules_gate.outcome_allowed(rules_gate.RELEASE_DAY, release_date=release, released_on=None, today=today).value == expected


def test_release_day_outcomes_use_the_actual_release_day_and_after_release_needs_a_release() -> None:
    released = date(2019, 8, 27)
    allowed = rules_gate.outcome_allowed
    assert allowed(rules_gate.RELEASE_DAY, release_date=date(2019, 10, 1), released_on=released, today=released).value is True
    assert allowed(rules_gate.RELEASE_DAY, release_date=RELEASE, released_on=None, today=RELEASE - timedelta(days=1)).value is False
    assert allowed(rules_gate.RELEASE_DAY, release_date=None, released_on=None, today=RELEASE).value is False
    assert allowed(rules_gate.AFTER_RELEASE, release_date=RELEASE, released_on=None, today=RELEASE + timedelta(days=60)).value is False
    assert allowed(rules_gate.AFTER_RELEASE, release_date=None, released_on=released, today=released).value is True
    with pytest.raises(ValueError):
        allowed("someday", release_date=None, released_on=None, today=RELEASE)


def test_outcomes_after_release_are_due_the_setting_weeks_after_release() -> None:
    due = rules_gate.after_release_due(date(2019, 8, 27), rules.PlanSettings(post_release_outcome_weeks=4))
    assert due.value == date(2019, 9, 24) and "24 September 2019" in due.reasons[0]
    assert rules_gate.after_release_due(None, rules.PlanSettings()).value is None


@given(released_on=days, weeks=st.integers(min_value=0, max_value=52), today=days)
def test_a_released_person_is_visible_up_to_and_including_the_last_day(released_on: date, weeks: int, today: date) -> None:
    last = rules_gate.visible_after_release_until(released_on, weeks)
    assert last == released_on + timedelta(weeks=weeks)
    visible = released_on >= rules_gate.released_on_or_after_to_be_visible(today, weeks)
    assert visible == (today <= last)
