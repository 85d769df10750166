"""Rules T9a (the transfer to a resettlement prison: happened, due or missed) and R-F2b (the short
release plan), at their boundaries. Expected dates are written out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ttg.plans.plan.rules import (
    TRANSFER_DUE,
    TRANSFER_MISSED,
    TRANSFERRED,
    TRANSFERRED_LATE,
    release_plan_applies,
    resettlement_transfer,
)

RELEASE = date(2019, 10, 31)  # T9: in a resettlement prison by 31 July 2019


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2019, 7, 30), TRANSFER_DUE), (date(2019, 7, 31), TRANSFER_DUE), (date(2019, 8, 1), TRANSFER_MISSED)],
)
def test_still_outside_a_resettlement_prison_due_until_the_t9_date_then_missed(today: date, expected: str) -> None:
    assert resettlement_transfer(release_date=RELEASE, today=today, in_resettlement_prison=False, arrived_on=None).value == expected


@pytest.mark.parametrize(
    ("arrived", "expected"),
    [(date(2019, 7, 30), TRANSFERRED), (date(2019, 7, 31), TRANSFERRED), (date(2019, 8, 1), TRANSFERRED_LATE)],
)
def test_transferred_in_time_on_or_before_the_t9_date_late_after_it(arrived: date, expected: str) -> None:
    today = date(2019, 9, 2)
    assert resettlement_transfer(release_date=RELEASE, today=today, in_resettlement_prison=True, arrived_on=arrived).value == expected


def test_the_month_end_is_clamped_as_t9_says() -> None:
    # 31 May 2019 less 3 months is 28 February 2019 (no 31 February).
    may = date(2019, 5, 31)
    assert (
        resettlement_transfer(release_date=may, today=date(2019, 3, 1), in_resettlement_prison=True, arrived_on=date(2019, 2, 28)).value
        == TRANSFERRED
    )
    assert (
        resettlement_transfer(release_date=may, today=date(2019, 3, 1), in_resettlement_prison=True, arrived_on=date(2019, 3, 1)).value
        == TRANSFERRED_LATE
    )
    assert (
        resettlement_transfer(release_date=may, today=date(2019, 2, 28), in_resettlement_prison=False, arrived_on=None).value
        == TRANSFER_DUE
    )
    assert (
        resettlement_transfer(release_date=may, today=date(2019, 3, 1), in_resettlement_prison=False, arrived_on=None).value
        == TRANSFER_MISSED
    )


def test_reasons_say_when_in_words_and_cite_the_rule() -> None:
    decision = resettlement_transfer(release_date=RELEASE, today=date(2019, 9, 2), in_resettlement_prison=False, arrived_on=None)
    assert decision.reasons == (
        "Still in a non-resettlement prison after 31 July 2019, when the transfer to a resettlement prison was due, "
        "3 months before release on 31 October 2019 (rule T9a, in force throughout the service).",
    )


@given(
    st.dates(min_value=date(2018, 1, 1), max_value=date(2021, 12, 31)), st.dates(min_value=date(2018, 1, 1), max_value=date(2021, 12, 31))
)
def test_with_12_weeks_to_go_outside_a_resettlement_prison_it_is_always_missed(release: date, today: date) -> None:
    if 0 <= (release - today).days <= 84:
        assert (
            resettlement_transfer(release_date=release, today=today, in_resettlement_prison=False, arrived_on=None).value == TRANSFER_MISSED
        )


def test_a_release_plan_only_outside_resettlement_prisons_in_custody_and_without_a_plan() -> None:
    assert release_plan_applies(resettlement_prison=False, has_plan=None, in_custody=True).value is True
    assert release_plan_applies(resettlement_prison=True, has_plan=None, in_custody=True).value is False
    assert release_plan_applies(resettlement_prison=False, has_plan="resettlement", in_custody=True).value is False
    assert release_plan_applies(resettlement_prison=False, has_plan="release", in_custody=True).value is False
    refused = release_plan_applies(resettlement_prison=False, has_plan=None, in_custody=False)
    assert refused.value is False and refused.reasons[0].startswith("No release plan: the person is not in custody")
