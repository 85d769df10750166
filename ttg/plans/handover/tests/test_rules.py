"""Rule T6: the handover to the responsible officer is due 10 working days (a setting) before release,
and follows the release date wherever it moves. England and Wales bank holidays are not working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ttg.core.rules import add_working_days, is_working_day, working_days_between
from ttg.plans.plan import rules
from ttg.screening.rules import RuleSettings

DEFAULT = RuleSettings()
release_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
working_days = st.integers(min_value=1, max_value=40)


@settings(deadline=None)  # the first date of a year loads its bank holidays
@given(release=release_dates, n=working_days)
def test_due_is_n_working_days_before_release_and_a_working_day(release: date, n: int) -> None:
    due = rules.handover_due(release, RuleSettings(handover_working_days=n)).value
    assert due is not None and due < release
    assert is_working_day(due)
    assert working_days_between(due, release) == n - 1 + is_working_day(release)
    # Every day strictly between the due date and release, n - 1 of them are working days (release itself not counted).
    between = [due + timedelta(days=i) for i in range(1, (release - due).days)]
    assert sum(is_working_day(d) for d in between) == n - 1


@settings(deadline=None)  # the first date of a year loads its bank holidays
@given(first=release_dates, second=release_dates)
def test_moving_the_release_date_later_never_moves_the_handover_earlier(first: date, second: date) -> None:
    a, b = sorted((first, second))
    assert rules.handover_due(a, DEFAULT).value <= rules.handover_due(b, DEFAULT).value  # type: ignore[operator]


@settings(deadline=None)  # the first date of a year loads its bank holidays
@given(release=release_dates, k=st.integers(min_value=0, max_value=30))
def test_moving_a_working_release_day_by_k_working_days_moves_the_handover_by_k(release: date, k: int) -> None:
    if not is_working_day(release):
        release = add_working_days(release, 1)
    moved = add_working_days(release, k)
    before, after = rules.handover_due(release, DEFAULT).value, rules.handover_due(moved, DEFAULT).value
    assert before is not None and after is not None
    assert working_days_between(before, after) == k


@pytest.mark.parametrize(
    ("release", "due"),
    [
        (date(2019, 9, 16), date(2019, 9, 2)),  # a Monday: two plain weeks back
        (date(2019, 9, 21), date(2019, 9, 9)),  # a Saturday: counts back from the Friday
        (date(2019, 9, 10), date(2019, 8, 27)),  # back to the day after the August bank holiday (26 August 2019)
        (date(2020, 1, 7), date(2019, 12, 19)),  # over Christmas Day, Boxing Day and New Year's Day
        (date(2020, 4, 21), date(2020, 4, 3)),  # over Easter Monday and Good Friday 2020
        (date(2020, 5, 11), date(2020, 4, 24)),  # over the VE Day bank holiday moved to Friday 8 May 2020
        (date(2020, 3, 1), date(2020, 2, 17)),  # a Sunday (the tests' usual person)
    ],
)
def test_handover_due_on_boundary_dates(release: date, due: date) -> None:
    decision = rules.handover_due(release, DEFAULT)
    assert decision.value == due
    assert "rule T6" in decision.reasons[0] and "10 working days" in decision.reasons[0]


def test_one_working_day_before_the_moved_ve_day_bank_holiday() -> None:
    # 8 May 2020 (VE Day) was the early May bank holiday that year, not Monday 4 May.
    assert rules.handover_due(date(2020, 5, 11), RuleSettings(handover_working_days=1)).value == date(2020, 5, 7)
    assert rules.handover_due(date(2020, 5, 5), RuleSettings(handover_working_days=1)).value == date(2020, 5, 4)


def test_no_release_date_no_handover_date() -> None:
    decision = rules.handover_due(None, DEFAULT)
    assert decision.value is None and "no release date" in decision.reasons[0]
